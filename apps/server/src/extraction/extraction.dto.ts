import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExtractionRequest } from '@radsweep/api-contract';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * A new extraction: the parameter file's text, and either `folder` (an absolute folder under one of the
 * server's RADSWEEP_IMAGE_ROOTS, JSON body) or an archive (multipart field `archive`, .tar / .tar.gz).
 */
export class ExtractionBody implements ExtractionRequest {
  @ApiProperty({ description: 'pyradiomics-style parameter file (YAML): setting, imageType, featureClass, rois' })
  @IsString({ message: 'params must be the parameter file as text (YAML)' })
  @MaxLength(256 * 1024, { message: 'params is longer than 256 KiB' })
  params!: string;

  @ApiPropertyOptional({ description: 'An absolute folder under RADSWEEP_IMAGE_ROOTS holding the manifest, images and masks (instead of an archive)' })
  @IsOptional()
  @IsString()
  folder?: string;

  @ApiPropertyOptional({ description: "The manifest CSV (id, image, mask, optional label and clinical columns) in the folder or archive; default 'manifest.csv'" })
  @IsOptional()
  @IsString()
  manifest?: string;

  @ApiPropertyOptional({ description: "The dataset's name (default: the folder's or archive's name)" })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: "The dataset's label column: one of the manifest's clinical columns" })
  @IsOptional()
  @IsString()
  labelColumn?: string;
}

/** The multipart form of POST /extractions with an archive. */
export class ExtractionUploadBody extends ExtractionBody {
  @ApiProperty({ type: 'string', format: 'binary', description: '.zip, .tar, .tar.gz or .tgz of the manifest, images (a file, or a folder of DICOM files) and masks' })
  archive!: unknown;
}
