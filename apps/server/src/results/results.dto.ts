import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { LeaderboardQuery } from '@radsweep/api-contract';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

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
  @ApiPropertyOptional({ description: "The previous page's X-Next-Cursor header (absent on the last page); a cursor of another sort or order is refused" }) @IsOptional() @IsString() after?: string;
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
