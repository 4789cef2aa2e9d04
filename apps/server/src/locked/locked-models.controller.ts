import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ExternalValidationDetail, ExternalValidationSummary, LockedModelSummary } from '@radsweep/api-contract';
import { CurrentUser, Principal } from '../auth/principal';
import { PageParams } from '../http/list-query.dto';
import { pageBody } from '../http/next-cursor';
import { LockBody, ValidationBody } from './locked-models.dto';
import { ExternalValidationsService } from './external-validations.service';
import { LockedModelsService } from './locked-models.service';

@ApiTags('locked models')
@Controller()
export class LockedModelsController {
  constructor(
    private readonly locked: LockedModelsService,
    private readonly validations: ExternalValidationsService,
  ) {}

  /**
   * Locks a model of a finished run (`modelResultId`: a binary model's result or a survival model's):
   * refits its chosen configuration as the run did and stores the sealed locked-model file, only if the
   * refit and the file predict the run's test patients bit for bit as stored (else 409 with the first
   * difference). Takes seconds (in a request-work thread).
   */
  @Post('runs/:runId/models/:modelResultId/lock')
  @HttpCode(201)
  lock(@Param('runId') runId: string, @Param('modelResultId') modelResultId: string, @Body() body: LockBody, @CurrentUser() me: Principal | null): Promise<LockedModelSummary> {
    return this.locked.lock(runId, modelResultId, me, body.name);
  }

  /** A project's locked models the caller may read, newest first, paged in the database: up to `limit` (default 100, at most 500); the next page is `?after=<X-Next-Cursor>`. */
  @Get('projects/:id/locked-models')
  async list(@Param('id') id: string, @Query() q: PageParams, @CurrentUser() me: Principal | null, @Res({ passthrough: true }) res: Response): Promise<LockedModelSummary[]> {
    return pageBody(res, await this.locked.list(id, me, q));
  }

  /** The locked versions of one binary model, newest first, paged as the project's list (`limit`, `after=<X-Next-Cursor>`). */
  @Get('results/:id/locked-models')
  async ofResult(@Param('id') id: string, @Query() q: PageParams, @Res({ passthrough: true }) res: Response): Promise<LockedModelSummary[]> {
    return pageBody(res, await this.locked.listForResult('binary', id, q));
  }

  /** The locked versions of one survival model, newest first, paged as the project's list. */
  @Get('survival/results/:id/locked-models')
  async ofSurvivalResult(@Param('id') id: string, @Query() q: PageParams, @Res({ passthrough: true }) res: Response): Promise<LockedModelSummary[]> {
    return pageBody(res, await this.locked.listForResult('survival', id, q));
  }

  @Get('locked-models/:id')
  show(@Param('id') id: string): Promise<LockedModelSummary> {
    return this.locked.summary(id);
  }

  /** The sealed file, byte for byte; `X-RadSweep-Sha256` is its own sha256 (the file's key), `Digest`-like `X-Content-Sha256` that of its bytes. */
  @Get('locked-models/:id/file')
  async file(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const f = await this.locked.file(id);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${f.fileName}"`);
    res.setHeader('X-RadSweep-Sha256', f.sha256);
    res.setHeader('X-Content-Sha256', f.fileSha256);
    res.send(Buffer.from(f.text, 'utf8'));
  }

  /** Launches an external validation of the locked model on an uploaded dataset of its project (a queue task); 422 if the cohort cannot be validated. */
  @Post('locked-models/:id/validations')
  @HttpCode(201)
  validate(@Param('id') id: string, @Body() body: ValidationBody, @CurrentUser() me: Principal | null): Promise<ExternalValidationSummary> {
    return this.validations.launch(id, body, me);
  }

  /** The locked model's external validations, newest first, paged in the database (`limit`, `after=<X-Next-Cursor>`). */
  @Get('locked-models/:id/validations')
  async validationsOf(@Param('id') id: string, @Query() q: PageParams, @Res({ passthrough: true }) res: Response): Promise<ExternalValidationSummary[]> {
    return pageBody(res, await this.validations.list(id, q));
  }

  /** A validation's status, report (per centre and pooled metrics, curves, transportability) and stored external predictions. */
  @Get('validations/:id')
  validation(@Param('id') id: string): Promise<ExternalValidationDetail> {
    return this.validations.detail(id);
  }
}
