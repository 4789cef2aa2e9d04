import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { SurvivalCompareQuery, SurvivalEndpointQuery, SurvivalLeaderboardQuery } from '@radsweep/api-contract';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

export class SurvivalEndpointParams implements SurvivalEndpointQuery {
  @ApiPropertyOptional({ description: 'One survival endpoint of the run (by name); default: all' })
  @IsOptional()
  @IsString()
  endpoint?: string;
}

export class SurvivalLeaderboardParams extends SurvivalEndpointParams implements SurvivalLeaderboardQuery {
  @ApiPropertyOptional({ description: "Rows whose chosen hyper-parameters (bestParams) meet every condition, comma-separated: name>=number, name<=number or name=value, e.g. 'l2>=0.1,n_estimators<=500'. `best` stays the choice by CV among all rows. An unknown name is a 422 naming it" })
  @IsOptional()
  @IsString({ each: true })
  params?: string | string[];
}

export class SurvivalCompareParams implements SurvivalCompareQuery {
  @ApiProperty({ description: 'Survival model result id (the difference is C(a) - C(b))' })
  @IsUUID('all', { message: 'a must be a survival model result id (uuid)' })
  a!: string;

  @ApiProperty({ description: 'Survival model result id of the same comparison group (dataset sha256, endpoint, test set)' })
  @IsUUID('all', { message: 'b must be a survival model result id (uuid)' })
  b!: string;

  @ApiPropertyOptional({ description: 'Bootstrap resamples (default 2000)', minimum: 100, maximum: 20000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'resamples must be an integer in 100..20000' })
  @Min(100, { message: 'resamples must be an integer in 100..20000' })
  @Max(20000, { message: 'resamples must be an integer in 100..20000' })
  resamples?: number;

  @ApiPropertyOptional({ description: 'Bootstrap seed (default 1)', minimum: 0, maximum: 4294967295 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'seed must be an integer in 0..4294967295' })
  @Min(0, { message: 'seed must be an integer in 0..4294967295' })
  @Max(4294967295, { message: 'seed must be an integer in 0..4294967295' })
  seed?: number;
}
