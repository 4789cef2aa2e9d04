import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../audit/audit.service';

/** The signed-in caller of a request, and how they proved it. */
export interface Principal extends Actor {
  id: string;
  isAdmin: boolean;
  via: 'token' | 'session';
  /** The session's or token's row id (logout ends that session). */
  credentialId: string;
}

/** What the guard leaves on the request for handlers and the interceptor. */
export interface AccessState {
  principal: Principal | null;
  /** The project of the request's targets (null: none named, or rows outside any project). */
  projectId: string | null;
}

export type AccessRequest = Request & { access?: AccessState };

/** `@CurrentUser() user: Principal` in a handler: the caller the guard authenticated. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | null => {
  return ctx.switchToHttp().getRequest<AccessRequest>().access?.principal ?? null;
});
