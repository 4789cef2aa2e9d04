import { rmSync } from 'node:fs';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { RadSweepInputError } from '@radsweep/core';
import type { Extraction, ExtractionProgress, ImageFolders } from '@radsweep/api-contract';
import type { Response } from 'express';
import type { AccessRequest } from '../auth/principal';
import type { StoredUpload } from '../datasets/upload-storage';
import { ListParams } from '../http/list-query.dto';
import { pageBody } from '../http/next-cursor';
import { ExtractionBody, ExtractionUploadBody } from './extraction.dto';
import { ExtractionsService } from './extractions.service';

@ApiTags('extractions')
@Controller('extractions')
export class ExtractionsController {
  constructor(private readonly extractions: ExtractionsService) {}

  /** The server folders extractions may read (RADSWEEP_IMAGE_ROOTS). */
  @Get('folders')
  folders(): ImageFolders {
    return this.extractions.folders();
  }

  /**
   * A new extraction in project `projectId`: JSON `{folder, params, manifest?, name?, labelColumn?}` for a
   * folder under RADSWEEP_IMAGE_ROOTS, or multipart with the archive in `archive` (.zip, .tar, .tar.gz, .tgz) and
   * the same fields. One queue task per case; GET /extractions/:id follows it.
   */
  @Post()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: ExtractionUploadBody })
  @UseInterceptors(FileInterceptor('archive'))
  async create(@UploadedFile() file: (Express.Multer.File & Partial<StoredUpload>) | undefined, @Body() body: ExtractionBody, @Req() req: AccessRequest): Promise<ExtractionProgress> {
    const projectId = req.access?.projectId ?? null;
    if (!file) {
      if (!body.folder) throw new RadSweepInputError("give a server folder as 'folder', or send an archive as the multipart field 'archive'", 'folder');
      return this.extractions.fromFolder(body, projectId);
    }
    try {
      if (body.folder) throw new RadSweepInputError("give a folder or an archive, not both", 'folder');
      // A form's text fields travel with CRLF line breaks (HTML's multipart encoding): the parameter file is recorded with LF, as written.
      const params = typeof body.params === 'string' ? body.params.replace(/\r\n/g, '\n') : body.params;
      return await this.extractions.fromArchive({ path: file.path, fileName: file.originalname, sha256: file.sha256 }, { ...body, params }, projectId);
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  /** A project's extractions, newest first, paged in the database: up to `limit` (default 100, at most 500); the next page is `?after=<X-Next-Cursor>`. */
  @Get()
  async list(@Query() q: ListParams, @Res({ passthrough: true }) res: Response): Promise<Extraction[]> {
    return pageBody(res, await this.extractions.list(q.projectId!, q));
  }

  /** An extraction's status with each case's, and its dataset once made. */
  @Get(':id')
  show(@Param('id') id: string): Promise<ExtractionProgress> {
    return this.extractions.progress(id);
  }
}
