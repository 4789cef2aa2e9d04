import { Body, Controller, Delete, Get, HttpCode, HttpException, Inject, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ApiTokenInfo, CurrentUser as CurrentUserView, NewApiToken, PasswordChanged, SignedIn, SignedOut } from '@radsweep/api-contract';
import { AuditService } from '../audit/audit.service';
import { publicUser } from '../users/user.entity';
import { dummyHash, verifyPassword } from '../users/password-hash';
import { UsersService } from '../users/users.service';
import { ACCESS_OPTIONS, AccessOptions } from './access-options';
import { SESSION_COOKIE } from './access.guard';
import { CredentialsService } from './credentials.service';
import { LoginBody, PasswordBody, TokenBody } from './auth.dto';
import { CurrentUser, Principal } from './principal';
import { TokenBucketLimiter } from './rate-limiter';

/** Sign-in (password or one-time link), sign-out, one's account, password and API tokens. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly limiter: TokenBucketLimiter;
  private readonly addressLimiter: TokenBucketLimiter;

  constructor(
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {
    this.limiter = new TokenBucketLimiter(options.loginLimit);
    this.addressLimiter = new TokenBucketLimiter(options.loginAddressLimit);
  }

  /** Password login: sets the HttpOnly session cookie. Rate-limited per username and client address, and per address. */
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SignedIn> {
    this.takeAttempt(body.username, req, res);
    const user = await this.users.findByUsername(body.username);
    // The same scrypt work whether or not the user exists, so timing does not tell.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash(this.options.scrypt)));
    if (!user || !user.passwordHash || !ok || user.disabled) throw new UnauthorizedException('wrong username or password');
    await this.signIn(user.id, res);
    await this.audit.record(user, { action: 'signed-in', entity: 'user', entityId: user.id });
    return { user: publicUser(user) };
  }

  /**
   * A one-time login link (printed at first start, or made by an admin): signs in and goes to the dashboard's
   * set-password page: the link cannot be used again, and for the link's lifetime this session may set a
   * password without the current one (a new account, or a forgotten password).
   */
  @Get('link')
  async link(@Query('token') token: string | undefined, @Res() res: Response): Promise<void> {
    const user = await this.credentials.consumeLoginLink(typeof token === 'string' ? token : '');
    await this.signIn(user.id, res, true);
    await this.audit.record(user, { action: 'signed-in-with-link', entity: 'user', entityId: user.id });
    res.redirect(303, '/#/set-password');
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@CurrentUser() me: Principal, @Res({ passthrough: true }) res: Response): Promise<SignedOut> {
    if (me.via === 'session') await this.credentials.endSession(me.credentialId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  }

  /** The signed-in user; `passwordReset`: this session (a one-time link's) may set a password without the current one. */
  @Get('me')
  async me(@CurrentUser() me: Principal): Promise<CurrentUserView> {
    const passwordReset = me.via === 'session' && (await this.credentials.mayResetPassword(me.credentialId));
    return { ...publicUser(await this.users.get(me.id)), passwordReset };
  }

  /**
   * Sets one's password (the current one is required when there is one, except once in a one-time link's
   * session, within the link's lifetime); ends one's other sessions.
   */
  @Put('password')
  @HttpCode(200)
  async password(@CurrentUser() me: Principal, @Body() body: PasswordBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PasswordChanged> {
    const user = await this.users.get(me.id);
    const reset = me.via === 'session' && (await this.credentials.mayResetPassword(me.credentialId));
    if (user.passwordHash && !reset) {
      this.takeAttempt(user.username, req, res);
      if (!body.currentPassword || !(await verifyPassword(body.currentPassword, user.passwordHash))) throw new UnauthorizedException('the current password is wrong');
    }
    await this.users.setPassword(me, me.id, body.newPassword);
    if (reset) await this.credentials.endPasswordReset(me.credentialId);
    await this.credentials.endOtherSessions(me.id, me.via === 'session' ? me.credentialId : null);
    return { passwordChanged: true };
  }

  /** A new API token for scripts and the CLI: the token is in this answer only. */
  @Post('tokens')
  async createToken(@CurrentUser() me: Principal, @Body() body: TokenBody): Promise<NewApiToken> {
    const token = await this.credentials.createToken(me.id, body.name, body.expiresInDays);
    await this.audit.record(me, { action: 'created', entity: 'api-token', entityId: token.id, details: { name: token.name, prefix: token.prefix, expiresAt: token.expiresAt } });
    return token;
  }

  @Get('tokens')
  listTokens(@CurrentUser() me: Principal): Promise<ApiTokenInfo[]> {
    return this.credentials.listTokens(me.id);
  }

  @Delete('tokens/:id')
  async revokeToken(@CurrentUser() me: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiTokenInfo> {
    const token = await this.credentials.revokeToken(me, id);
    await this.audit.record(me, { action: 'revoked', entity: 'api-token', entityId: id, details: { prefix: token.prefix } });
    return token;
  }

  private async signIn(userId: string, res: Response, byLink = false): Promise<void> {
    const session = await this.credentials.startSession(userId, byLink);
    res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: this.options.secureCookie, path: '/', expires: session.expiresAt });
  }

  /** One sign-in attempt: refused (429, Retry-After) when the username at this address, or this address over all usernames, is over its limit. */
  private takeAttempt(username: string, req: Request, res: Response): void {
    const address = req.socket.remoteAddress ?? '';
    const wait = Math.max(this.addressLimiter.take(address), this.limiter.take(`${username.toLowerCase()}|${address}`));
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new HttpException(`too many sign-in attempts; try again in ${wait} s`, 429);
    }
  }
}
