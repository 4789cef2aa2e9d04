import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UploadRequest } from '@radsweep/api-contract';
import { IsOptional, IsString } from 'class-validator';

export class UploadBody implements UploadRequest {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV, Arrow IPC or Parquet' })
  file!: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: 'Label column, for the class balance' })
  @IsOptional()
  @IsString()
  labelColumn?: string;
}
