/// <reference lib="dom" />
import type { CurrentUser } from '@radsweep/api-contract';

/** The server answered 401: nobody is signed in, or the session ended. The dashboard shows its sign-in page. */
export class SignInNeeded extends Error {}

/** The signed-in person as GET /api/auth/me tells it (the contract's CurrentUser; `passwordReset`: this session came from a one-time link). */
export type Me = CurrentUser<string>;
