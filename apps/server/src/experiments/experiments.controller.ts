import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Experiment, SpecCheck } from '@radsweep/api-contract';
import { AccessScope, Scoped } from '../auth/principal';
import { ExperimentListParams, SpecBody } from './experiments.dto';
import { pageBody } from '../http/next-cursor';
import { ExperimentsService } from './experiments.service';
import { specOfBody } from './spec-body';

@ApiTags('experiments')
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  /** Stores the spec as a new version of its name in the project (its latest version when it is the same spec) (the access guard checked projectId). */
  @Post()
  @ApiBody({ type: SpecBody })
  create(@Body() body: object, @Scoped() scope: AccessScope): Promise<Experiment> {
    return this.experiments.create(specOfBody(body), scope);
  }

  /** Checks a spec without storing it. */
  @Post('validate')
  @HttpCode(200)
  @ApiBody({ type: SpecBody })
  validate(@Body() body: object): Promise<SpecCheck> {
    return this.experiments.check(specOfBody(body));
  }

  /** The experiments the caller may read, by name and newest version first, paged in the database: up to `limit` (default 100, at most 500); the next page is `?after=<X-Next-Cursor>`. */
  @Get()
  async list(@Scoped() scope: AccessScope, @Query() q: ExperimentListParams, @Res({ passthrough: true }) res: Response): Promise<Experiment[]> {
    return pageBody(res, await this.experiments.list(scope, q));
  }

  @Get(':id')
  show(@Param('id') id: string): Promise<Experiment> {
    return this.experiments.get(id);
  }
}
