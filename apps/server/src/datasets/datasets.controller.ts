import { rmSync } from 'node:fs';
import { Body, Controller, Get, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { RadSweepInputError } from '@radsweep/core';
import { UploadBody } from '../http/dto';
import { DatasetsService, checkUploadName } from './datasets.service';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /** Multipart upload, streamed to a temporary file by multer (size limit: RADSWEEP_UPLOAD_LIMIT_MB). */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadBody })
  @UseInterceptors(FileInterceptor('file'))
  async upload(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: UploadBody) {
    if (!file) throw new RadSweepInputError("no file: send the table as the multipart field 'file'", 'file');
    try {
      checkUploadName(file.originalname);
      return await this.datasets.ingest(file.path, file.originalname, { name: body.name, labelColumn: body.labelColumn });
    } finally {
      rmSync(file.path, { force: true });
    }
  }

  @Get()
  list() {
    return this.datasets.list();
  }

  @Get(':id')
  show(@Param('id') id: string) {
    return this.datasets.get(id);
  }
}
