import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Experiment, SpecCheck } from '@radsweep/api-contract';
import { SpecBody } from '../http/dto';
import { ExperimentsService } from './experiments.service';
import { specOfBody } from './spec-body';

@ApiTags('experiments')
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  /** Stores the spec as a new version of its name in the project (its latest version when it is the same spec) (the access guard checked projectId). */
  @Post()
  @ApiBody({ type: SpecBody })
  create(@Body() body: object, @Query('projectId') projectId?: string): Promise<Experiment> {
    return this.experiments.create(specOfBody(body), projectId || null);
  }

  /** Checks a spec without storing it. */
  @Post('validate')
  @HttpCode(200)
  @ApiBody({ type: SpecBody })
  validate(@Body() body: object): Promise<SpecCheck> {
    return this.experiments.check(specOfBody(body));
  }

  @Get()
  list(@Query('name') name?: string): Promise<Experiment[]> {
    return this.experiments.list(name);
  }

  @Get(':id')
  show(@Param('id') id: string): Promise<Experiment> {
    return this.experiments.get(id);
  }
}
