import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AccessRequest } from '../auth/principal';
import { SpecBody } from '../http/dto';
import { ExperimentsService } from './experiments.service';

@ApiTags('experiments')
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  /** Stores the spec as a new version of its name (the latest version, when it is the same spec in the same project). */
  @Post()
  create(@Body() body: SpecBody, @Req() req: AccessRequest) {
    return this.experiments.create(body.specText ?? body.spec!, req.access?.projectId ?? null);
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
