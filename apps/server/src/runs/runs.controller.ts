import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Observable, distinctUntilChanged, from, map, switchMap, takeWhile, timer } from 'rxjs';
import { LaunchRunBody } from './launch-body';
import { RunsService, TERMINAL } from './runs.service';

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Post()
  launch(@Body() body: LaunchRunBody) {
    return this.runs.launch(body);
  }

  @Get()
  list(@Query('experimentId') experimentId?: string, @Query('datasetId') datasetId?: string, @Query('status') status?: string) {
    return this.runs.list({ experimentId, datasetId, status });
  }

  /** Progress for polling. */
  @Get(':id')
  progress(@Param('id') id: string) {
    return this.runs.progress(id);
  }

  /** Progress as server-sent events: one event per change, the last one when the run ends. */
  @Sse(':id/events')
  async events(@Param('id') id: string): Promise<Observable<MessageEvent>> {
    await this.runs.get(id); // 404 before the stream opens
    return timer(0, 500).pipe(
      switchMap(() => from(this.runs.progress(id))),
      map((p) => JSON.stringify(p)),
      distinctUntilChanged(),
      takeWhile((text) => !TERMINAL.includes(JSON.parse(text).status), true),
      map((data) => ({ data, type: 'progress' })),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.runs.cancel(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string) {
    return this.runs.resume(id);
  }
}
