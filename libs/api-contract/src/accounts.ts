/**
 * What the API shows of a user (never the password hash): GET /api/users, /api/auth/me. Dates are Date on the
 * server and ISO text in the browser, hence the parameter.
 */
export interface PublicUser<D = Date> {
  id: string;
  username: string;
  displayName: string | null;
  isAdmin: boolean;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: D;
}
