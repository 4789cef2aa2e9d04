import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateUserRequest, UpdateUserRequest } from '@radsweep/api-contract';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NAME, NAME_MESSAGE, USERNAME } from '../auth/auth.dto';

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
