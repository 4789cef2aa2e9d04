import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { LoginRequest, PasswordRequest, TokenRequest } from '@radsweep/api-contract';

/** Login names: lower-case letters, digits, '.', '_', '-' (nothing a query or a path could interpret). */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
/** Names of projects and tokens, display names: letters, digits, spaces and . _ ( ) - only. */
export const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._()-]{0,99}$/u;
export const NAME_MESSAGE = 'use letters, digits, spaces and . _ ( ) - (at most 100 characters)';

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
