import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditPageQuery as AuditPage, MemberByNameRequest, MemberRequest, ProjectRequest } from '@radsweep/api-contract';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { NAME, NAME_MESSAGE, USERNAME } from '../auth/auth.dto';
import { PageParams } from '../http/list-query.dto';
import { ROLES, Role } from './project.entities';

export class ProjectBody implements ProjectRequest {
  @ApiProperty() @IsString() @Matches(NAME, { message: `name: ${NAME_MESSAGE}` }) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(NAME, { message: `description: ${NAME_MESSAGE}` }) description?: string;
}

/** Adds a member by login name (an owner who is not an administrator cannot list the users to find an id). */
export class MemberByNameBody implements MemberByNameRequest {
  @ApiProperty() @IsString() @Matches(USERNAME, { message: "username: lower-case letters, digits, '.', '_' and '-', 2 to 63 characters" }) username!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role!: Role;
}

/** A page of the audit log, newest first: `limit` entries (1 to 500, default 100) after the previous page's X-Next-Cursor. */
export class AuditPageQuery extends PageParams implements AuditPage {}

export class MemberBody implements MemberRequest {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role!: Role;
}
