import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { ListQuery, PageQuery } from '@radsweep/api-contract';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

/** Paging of a list cut in the database: page size and cursor. */
export class PageParams implements PageQuery {
  @ApiPropertyOptional({ description: 'Rows per page: 1 to 500 (default 100)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: "The previous page's X-Next-Cursor header (absent on the last page)" }) @IsOptional() @IsString() after?: string;
}

/** Query of a list paged in the database (datasets, experiments, extractions): project filter, page size, cursor. */
export class ListParams extends PageParams implements ListQuery {
  @ApiPropertyOptional({ description: 'Only rows of this project' }) @IsOptional() @IsUUID() projectId?: string;
}
