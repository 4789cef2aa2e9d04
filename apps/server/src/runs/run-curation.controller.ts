import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { RunListQuery } from '@radsweep/api-contract';
import { ApiTags } from '@nestjs/swagger';
import type { RunCuration, RunDeleted, RunListItem } from '@radsweep/api-contract';
import { CurrentUser, Principal } from '../auth/principal';
import { pageBody } from '../http/next-cursor';
import { FinalModelMarkBody, RunPatchBody } from './run-curation-body';
import { RunCurationService } from './run-curation.service';

/** Curating a run: name, notes, tags, archive/restore, delete, the final-model mark (access: run.curate, delete: run.delete). */
@ApiTags('runs')
@Controller('runs')
export class RunCurationController {
  constructor(private readonly curation: RunCurationService) {}

  /**
   * The runs the caller may read, newest first, filtered (experiment, dataset, project, status,
   * tag, archived, best CV AUC range) and paged in the database: up to `limit` (default 100)
   * rows; the next page is `?after=<X-Next-Cursor header>` (absent on the last page).
   */
  @Get()
  async list(@CurrentUser() me: Principal, @Query() q: Record<string, string>, @Res({ passthrough: true }) res: Response): Promise<RunListItem[]> {
    return pageBody(res, await this.curation.list(me, q as RunListQuery));
  }

  /** Name, notes, tags, archive time, final-model marks, and what the caller may change. */
  @Get(':id/curation')
  view(@Param('id') id: string, @CurrentUser() me: Principal): Promise<RunCuration> {
    return this.curation.view(id, me);
  }

  @Patch(':id')
  patch(@Param('id') id: string, @CurrentUser() me: Principal, @Body() body: RunPatchBody): Promise<RunCuration> {
    return this.curation.patch(id, me, body);
  }

  @Put(':id/tags/:tag')
  addTag(@Param('id') id: string, @Param('tag') tag: string, @CurrentUser() me: Principal): Promise<RunCuration> {
    return this.curation.addTag(id, me, tag);
  }

  @Delete(':id/tags/:tag')
  removeTag(@Param('id') id: string, @Param('tag') tag: string, @CurrentUser() me: Principal): Promise<RunCuration> {
    return this.curation.removeTag(id, me, tag);
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@Param('id') id: string, @CurrentUser() me: Principal): Promise<RunCuration> {
    return this.curation.setArchived(id, me, true);
  }

  @Post(':id/restore')
  @HttpCode(200)
  restore(@Param('id') id: string, @CurrentUser() me: Principal): Promise<RunCuration> {
    return this.curation.setArchived(id, me, false);
  }

  /** The run and all its results, for good (owner only; a finished run); the audit log keeps its name and id. */
  @Delete(':id')
  remove(@Param('id') id: string, @CurrentUser() me: Principal): Promise<RunDeleted> {
    return this.curation.delete(id, me);
  }

  @Put(':id/final-model')
  markFinal(@Param('id') id: string, @CurrentUser() me: Principal, @Body() body: FinalModelMarkBody): Promise<RunCuration> {
    return this.curation.markFinal(id, me, body?.modelId);
  }

  /** `?endpoint=` (default 'label', a binary run's). */
  @Delete(':id/final-model')
  unmarkFinal(@Param('id') id: string, @CurrentUser() me: Principal, @Query('endpoint') endpoint?: string): Promise<RunCuration> {
    return this.curation.unmarkFinal(id, me, endpoint || undefined);
  }
}
