import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CreatedUser, LoginLink, PublicUser } from '@radsweep/api-contract';
import { AuditService } from '../audit/audit.service';
import { CredentialsService } from '../auth/credentials.service';
import { CreateUserBody, UpdateUserBody } from './users.dto';
import { CurrentUser, Principal } from '../auth/principal';
import { UsersService } from './users.service';

/** Accounts (administrators only, by the access policy). */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  /** A new account; without a password the answer has a one-time login link (shown once) to hand over. */
  @Post()
  async create(@CurrentUser() me: Principal, @Body() body: CreateUserBody): Promise<CreatedUser> {
    const user = await this.users.create(me, { username: body.username, displayName: body.displayName, admin: body.admin, password: body.password });
    if (body.password) return { user };
    return { user, ...(await this.issueLoginLink(me, user.id)) };
  }

  @Get()
  list(): Promise<PublicUser[]> {
    return this.users.list();
  }

  @Patch(':id')
  update(@CurrentUser() me: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserBody): Promise<PublicUser> {
    return this.users.update(me, id, body);
  }

  /** A fresh one-time login link for a user (a forgotten password). */
  @Post(':id/login-link')
  async loginLink(@CurrentUser() me: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<LoginLink> {
    await this.users.get(id);
    return this.issueLoginLink(me, id);
  }

  /** A one-time login link signs its holder in as the user: who issued one, for whom, is audited. */
  private async issueLoginLink(me: Principal, userId: string): Promise<LoginLink> {
    const link = await this.credentials.createLoginLink(userId);
    await this.audit.record(me, { action: 'login-link-issued', entity: 'user', entityId: userId, details: { expiresAt: link.expiresAt } });
    return { loginLink: `/api/auth/link?token=${link.token}`, loginLinkExpiresAt: link.expiresAt };
  }
}
