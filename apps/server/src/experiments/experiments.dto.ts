import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ExperimentListQuery, SpecRequest } from '@radsweep/api-contract';
import { IsObject, IsOptional, IsString, ValidateIf } from 'class-validator';
import { ListParams } from '../http/list-query.dto';

/** An experiment spec: as an object (`spec`) or as the experiment file's YAML/JSON text (`specText`). */
export class SpecBody implements SpecRequest {
  @ApiPropertyOptional({ description: 'The experiment spec as an object (the experiment file\'s keys)', type: Object })
  @ValidateIf((o: SpecBody) => o.specText === undefined)
  @IsObject({ message: "give the experiment as 'spec' (an object) or 'specText' (YAML or JSON text)" })
  spec?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The experiment file as text (YAML or JSON)' })
  @IsOptional()
  @IsString()
  specText?: string;
}

export class ExperimentListParams extends ListParams implements ExperimentListQuery {
  @ApiPropertyOptional({ description: 'Only versions of the experiment of this name' }) @IsOptional() @IsString() name?: string;
}
