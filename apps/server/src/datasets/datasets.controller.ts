import { rmSync } from 'node:fs';
import { Body, Controller, Get, Param, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { RadSweepInputError } from '@radsweep/core';
import type { Dataset } from '@radsweep/api-contract';
import type { AccessRequest } from '../auth/principal';
import { UploadBody } from '../http/dto';
import { DatasetsService } from './datasets.service';
import type { StoredUpload } from './upload-storage';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /** Multipart upload, streamed to a 0600 file in the server's uploads folder (size limit: RADSWEEP_UPLOAD_LIMIT_MB). */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBody })
  @UseInterceptors(FileInterceptor('file'))
  async upload(@UploadedFile() file: (Express.Multer.File & Partial<StoredUpload>) | undefined, @Body() body: UploadBody, @Req() req: AccessRequest): Promise<Dataset> {
    if (!file) throw new RadSweepInputError("no file: send the table as the multipart field 'file'", 'file');
    try {
      const upload = { path: file.path, fileName: file.originalname, sha256: file.sha256 };
      return await this.datasets.ingest(upload, { name: body.name, labelColumn: body.labelColumn, projectId: req.access?.projectId ?? null });
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  @Get()
  list(): Promise<Dataset[]> {
    return this.datasets.list();
  }

  @Get(':id')
  show(@Param('id') id: string): Promise<Dataset> {
    return this.datasets.get(id);
  }
}
