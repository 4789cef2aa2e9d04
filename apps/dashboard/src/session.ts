/// <reference lib="dom" />

/** The server answered 401: nobody is signed in, or the session ended. The dashboard shows its sign-in page. */
export class SignInNeeded extends Error {}

/** The signed-in person as GET /api/auth/me tells it. */
export interface Me {
  id: string;
  username: string;
  displayName: string | null;
  isAdmin: boolean;
  hasPassword: boolean;
  /** This session came from a one-time link: it may set a new password without the current one, for a while, once. */
  passwordReset?: boolean;
}
