import { Body, Controller, Get, HttpCode, Param, Post, Sse } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import type { RunEvent, RunProgress } from '@radsweep/api-contract';
import { AccessScope, CurrentUser, Principal, Scoped } from '../auth/principal';
import { LaunchRunBody } from './runs.dto';
import { ProgressHub } from './progress-hub';
import { RunsService } from './runs.service';

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly hub: ProgressHub,
  ) {}

  /** Launched in the project of its experiment and dataset (the guard checked both are in one). */
  @Post()
  launch(@Body() body: LaunchRunBody, @Scoped() scope: AccessScope): Promise<RunProgress> {
    return this.runs.launch(body, scope);
  }

  /** Progress for polling. */
  @Get(':id')
  progress(@Param('id') id: string): Promise<RunProgress> {
    return this.runs.progress(id);
  }

  /**
   * Progress as server-sent events: the current progress, one event per change, the
   * last one when the run ends (ProgressHub: one shared reader, capped, access re-checked).
   * Nest writes each event's `type` as its `event:` name and its `data` as JSON.
   */
  @Sse(':id/events')
  events(@Param('id') id: string, @CurrentUser() me: Principal): Promise<Observable<RunEvent>> {
    return this.hub.stream(id, me);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string): Promise<RunProgress> {
    return this.runs.cancel(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string): Promise<RunProgress> {
    return this.runs.resume(id);
  }
}
