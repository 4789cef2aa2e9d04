import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AuditPageQuery as AuditPage, CreateUserRequest, LoginRequest, MemberByNameRequest, MemberRequest, PasswordRequest, ProjectRequest, TokenRequest, UpdateUserRequest } from '@radsweep/api-contract';
import { PageParams } from '../http/list-query.dto';
import { ROLES, Role } from '../projects/project.entities';

/** Login names: lower-case letters, digits, '.', '_', '-' (nothing a query or a path could interpret). */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
/** Names of projects and tokens, display names: letters, digits, spaces and . _ ( ) - only. */
export const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._()-]{0,99}$/u;
const NAME_MESSAGE = 'use letters, digits, spaces and . _ ( ) - (at most 100 characters)';

export class LoginBody implements LoginRequest {
  @ApiProperty() @IsString() @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @MaxLength(1024) password!: string;
}

export class PasswordBody implements PasswordRequest {
  @ApiPropertyOptional({ description: 'Required when the account has a password' }) @IsOptional() @IsString() @MaxLength(1024) currentPassword?: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12, { message: 'newPassword must have at least 12 characters' }) @MaxLength(1024) newPassword!: string;
}

export class TokenBody implements TokenRequest {
  @ApiProperty() @IsString() @Matches(NAME, { message: `name: ${NAME_MESSAGE}` }) name!: string;
  @ApiPropertyOptional({ description: 'Days until the token expires (default 90, at most 365)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}

export class CreateUserBody implements CreateUserRequest {
  @ApiProperty() @IsString() @Matches(USERNAME, { message: "username: lower-case letters, digits, '.', '_' and '-', 2 to 63 characters" }) username!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(NAME, { message: `displayName: ${NAME_MESSAGE}` }) displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() admin?: boolean;
  @ApiPropertyOptional({ description: 'Initial password; without one the answer carries a one-time login link' })
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'password must have at least 12 characters' })
  @MaxLength(1024)
  password?: string;
}

export class UpdateUserBody implements UpdateUserRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(NAME, { message: `displayName: ${NAME_MESSAGE}` }) displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() admin?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
}

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
