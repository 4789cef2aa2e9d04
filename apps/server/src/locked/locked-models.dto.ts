import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LockRequest, ValidationRequest } from '@radsweep/api-contract';
import { IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class LockBody implements LockRequest {
  @ApiPropertyOptional({ description: "The locked model's name (default: '<model> (<feature set>), run <id>')" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ValidationBody implements ValidationRequest {
  @ApiProperty({ description: 'The external cohort: an uploaded dataset of the same project' })
  @IsUUID('all', { message: 'datasetId must be a dataset id (uuid)' })
  datasetId!: string;

  @ApiPropertyOptional({ description: "A column naming each patient's centre: metrics per centre and pooled" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  centreColumn?: string;

  @ApiPropertyOptional({
    description: "Logistic recalibration (binary models), fitted on the rows where `fitOn.column` equals `fitOn.value` and reported separately on the others: {method: 'intercept' | 'intercept-slope', fitOn: {column, value}}",
    type: Object,
  })
  @IsOptional()
  @IsObject()
  recalibration?: ValidationRequest['recalibration'];

  @ApiPropertyOptional({ description: 'Bootstrap resamples of the CIs (default 1000; 0: DeLong AUC CIs only)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  bootstrap?: number;

  @ApiPropertyOptional({ description: "The bootstrap's seed (CIs and the transportability report's membership folds): an integer 0 to 2147483647, default 42; stored with the validation and in its report's settings.seed" })
  @IsOptional()
  @IsInt({ message: 'seed must be an integer' })
  @Min(0, { message: 'seed must be an integer from 0 to 2147483647' })
  @Max(2147483647, { message: 'seed must be an integer from 0 to 2147483647' })
  seed?: number;
}
