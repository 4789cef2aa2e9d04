import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsObject, IsOptional, IsString, IsUUID } from 'class-validator';
import type { LaunchRequest } from '@radsweep/api-contract';

export class LaunchBody implements Omit<LaunchRequest, 'foldAssignment'> {
  @ApiProperty()
  @IsUUID('all', { message: 'experimentId must be an experiment id (uuid)' })
  experimentId!: string;

  @ApiProperty()
  @IsUUID('all', { message: 'datasetId must be a dataset id (uuid)' })
  datasetId!: string;

  @ApiPropertyOptional({ type: [String], description: 'Fixed test patients instead of the spec\'s split' })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  testIds?: string[];
}

/** A launch: experiment, dataset, and optionally the test ids and fold assignment a spec's files would give. */
export class LaunchRunBody extends LaunchBody implements LaunchRequest {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    description: "Each training patient's CV fold ({id: fold}, folds 0..k-1), instead of the spec's CV or its fold_assignment file",
  })
  @IsOptional()
  @IsObject({ message: 'foldAssignment must be an object {patient id: fold}' })
  foldAssignment?: Record<string, number>;
}
