import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SpecBody } from '../http/dto';
import { ExperimentsService } from './experiments.service';

@ApiTags('experiments')
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  /** Stores the spec as a new version of its name in the project (the access guard checked projectId). */
  @Post()
  create(@Body() body: SpecBody, @Query('projectId') projectId?: string) {
    return this.experiments.create(body.specText ?? body.spec!, projectId || null);
  }

  /** Checks a spec without storing it. */
  @Post('validate')
  @HttpCode(200)
  validate(@Body() body: SpecBody) {
    return this.experiments.check(body.specText ?? body.spec!);
  }

  @Get()
  list(@Query('name') name?: string) {
    return this.experiments.list(name);
  }

  @Get(':id')
  show(@Param('id') id: string) {
    return this.experiments.get(id);
  }
}
