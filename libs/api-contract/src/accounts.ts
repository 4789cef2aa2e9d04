/**
 * Accounts, sign-in and API tokens (/api/auth/*, /api/users/*), as JSON. Dates are Date on the server and ISO
 * text in the browser, hence the parameter `D` (the JSON is the same: an ISO 8601 string).
 */

/** What the API shows of a user (never the password hash): GET /api/users, /api/auth/me. */
export interface PublicUser<D = Date> {
  id: string;
  username: string;
  displayName: string | null;
  isAdmin: boolean;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: D;
}

/** POST /api/auth/login */
export interface LoginRequest {
  username: string;
  password: string;
}

/** POST /api/auth/login: the signed-in user (the session cookie is set beside it). */
export interface SignedIn<D = Date> {
  user: PublicUser<D>;
}

/** GET /api/auth/me; `passwordReset`: this session (a one-time link's) may set a password without the current one. */
export interface CurrentUser<D = Date> extends PublicUser<D> {
  passwordReset: boolean;
}

/** POST /api/auth/logout */
export interface SignedOut {
  signedOut: boolean;
}

/** PUT /api/auth/password (`currentPassword` is required when the account has one, except in a one-time link's session). */
export interface PasswordRequest {
  currentPassword?: string;
  newPassword: string;
}

/** PUT /api/auth/password */
export interface PasswordChanged {
  passwordChanged: boolean;
}

/** POST /api/auth/tokens: a name and days until it expires (default 90, at most 365). */
export interface TokenRequest {
  name: string;
  expiresInDays?: number;
}

/** An API token as listed: never the token or its hash (GET /api/auth/tokens, DELETE /api/auth/tokens/:id). */
export interface ApiTokenInfo<D = Date> {
  id: string;
  name: string;
  prefix: string;
  createdAt: D;
  expiresAt: D;
  lastUsedAt: D | null;
  revokedAt: D | null;
}

/** POST /api/auth/tokens: the token itself, in this answer only. */
export interface NewApiToken<D = Date> extends ApiTokenInfo<D> {
  token: string;
}

/** POST /api/users (administrators): without a password the answer carries a one-time login link. */
export interface CreateUserRequest {
  username: string;
  displayName?: string;
  admin?: boolean;
  password?: string;
}

/** PATCH /api/users/:id */
export interface UpdateUserRequest {
  displayName?: string;
  admin?: boolean;
  disabled?: boolean;
}

/** POST /api/users/:id/login-link: a one-time login link (shown once) to hand over. */
export interface LoginLink<D = Date> {
  loginLink: string;
  loginLinkExpiresAt: D;
}

/** POST /api/users: the new account, and its one-time login link when it was created without a password. */
export interface CreatedUser<D = Date> extends Partial<LoginLink<D>> {
  user: PublicUser<D>;
}
