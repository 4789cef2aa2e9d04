import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import type { LaunchRequest } from '@radsweep/api-contract';
import { LaunchBody } from '../http/dto';

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
