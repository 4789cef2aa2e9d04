import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { ExperimentListQuery, LaunchRequest, LeaderboardQuery, ListQuery, SpecRequest, UploadRequest } from '@radsweep/api-contract';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, Min, ValidateIf } from 'class-validator';

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

export class LeaderboardParams implements LeaderboardQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() experimentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() datasetId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() runId?: string;
  @ApiPropertyOptional({ description: "sha256 of the dataset's file: runs on every upload of the same data" }) @IsOptional() @IsString() datasetSha256?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() featureSet?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() model?: string;
  @ApiPropertyOptional({ description: 'cvAuc (default: the CV score that chooses models), cvAucSd, testAuc, testAucLower, testAucUpper, accuracy, recall, specificity, f1, brier, calibrationSlope, featureSet, model, createdAt' })
  @IsOptional()
  @IsString()
  sort?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  // run curation's filters (leaderboard-sql.ts)
  @ApiPropertyOptional({ description: 'Only runs with this tag' }) @IsOptional() @IsString() tag?: string;
  @ApiPropertyOptional({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }) @IsOptional() @IsIn(['queued', 'running', 'succeeded', 'failed', 'cancelled']) status?: string;
  @ApiPropertyOptional({ enum: ['false', 'true', 'all'], description: 'Archived runs: left out (false, the default unless runId is given), only them (true), or all' })
  @IsOptional()
  @IsIn(['false', 'true', 'all'])
  archived?: string;
  @ApiPropertyOptional({ description: 'Rows with mean CV AUC >= this' }) @IsOptional() @Type(() => Number) @IsNumber() minCvAuc?: number;
  @ApiPropertyOptional({ description: 'Rows with mean CV AUC <= this' }) @IsOptional() @Type(() => Number) @IsNumber() maxCvAuc?: number;
  @ApiPropertyOptional({ description: 'Rows with test AUC >= this' }) @IsOptional() @Type(() => Number) @IsNumber() minTestAuc?: number;
  @ApiPropertyOptional({ description: 'Rows with test AUC <= this' }) @IsOptional() @Type(() => Number) @IsNumber() maxTestAuc?: number;
  @ApiPropertyOptional({ description: "Rows whose chosen hyper-parameters (bestParams) meet every condition, comma-separated: name>=number, name<=number or name=value, e.g. 'C>=0.1,C<=10,max_depth<=5,penalty=l1'. An unknown name is a 422 naming it" })
  @IsOptional()
  @IsString({ each: true })
  params?: string | string[];
}

/** Query of a list paged in the database (datasets, experiments): project filter, page size, cursor. */
export class ListParams implements ListQuery {
  @ApiPropertyOptional({ description: 'Only rows of this project' }) @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional({ description: 'Rows per page: 1 to 500 (default 100)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: "The previous page's X-Next-Cursor header (absent on the last page)" }) @IsOptional() @IsString() after?: string;
}

export class ExperimentListParams extends ListParams implements ExperimentListQuery {
  @ApiPropertyOptional({ description: 'Only versions of the experiment of this name' }) @IsOptional() @IsString() name?: string;
}
