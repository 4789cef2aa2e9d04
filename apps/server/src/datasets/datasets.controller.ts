import { rmSync } from 'node:fs';
import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { RadSweepInputError } from '@radsweep/core';
import type { Dataset } from '@radsweep/api-contract';
import type { Response } from 'express';
import { AccessScope, projectOfNewRow, Scoped } from '../auth/principal';
import type { ScopedListQuery } from '../auth/scoped-list';
import { ListParams } from '../http/list-query.dto';
import { pageBody } from '../http/next-cursor';
import { UploadBody } from './datasets.dto';
import { DatasetsService } from './datasets.service';
import type { StoredUpload } from './upload-storage';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /** Multipart upload, streamed to a 0600 file in the server's uploads folder (size limit: RADSWEEP_UPLOAD_LIMIT_MB); stored in the project `?projectId=` (the guard checked it). */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBody })
  @UseInterceptors(FileInterceptor('file'))
  async upload(@UploadedFile() file: (Express.Multer.File & Partial<StoredUpload>) | undefined, @Body() body: UploadBody, @Scoped() scope: AccessScope): Promise<Dataset> {
    if (!file) throw new RadSweepInputError("no file: send the table as the multipart field 'file'", 'file');
    try {
      const upload = { path: file.path, fileName: file.originalname, sha256: file.sha256 };
      return await this.datasets.ingest(upload, { name: body.name, labelColumn: body.labelColumn, projectId: projectOfNewRow(scope) });
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  /** The datasets the caller may read, newest first, paged in the database: up to `limit` (default 100, at most 500); the next page is `?after=<X-Next-Cursor>`. */
  @Get()
  async list(@Scoped() scope: AccessScope, @Query() q: ListParams, @Res({ passthrough: true }) res: Response): Promise<Dataset[]> {
    return pageBody(res, await this.datasets.list(scope, q as ScopedListQuery));
  }

  @Get(':id')
  show(@Param('id') id: string): Promise<Dataset> {
    return this.datasets.get(id);
  }
}
