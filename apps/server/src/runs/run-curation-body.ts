import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FinalModelBody, RunPatch } from '@radsweep/api-contract';

// Shapes for the OpenAPI document; the values are checked by the service (curationProblem: 422 naming what is wrong).

export class RunPatchBody implements RunPatch {
  @ApiPropertyOptional({ description: "The run's name (up to 120 characters, no control characters; null or '' clears it)", type: String, nullable: true })
  @IsOptional()
  name?: string | null;

  @ApiPropertyOptional({ description: 'Notes in Markdown (up to 20,000 characters); the dashboard renders them without HTML' })
  @IsOptional()
  notes?: string;
}

export class FinalModelMarkBody implements FinalModelBody {
  // required, as the contract says; @IsOptional leaves a missing id to the service's 422, which names it
  @ApiProperty({ description: "The id of one of the run's model results (binary or survival)" })
  @IsOptional()
  modelId!: string;
}
