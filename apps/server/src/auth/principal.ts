import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RadSweepInputError } from '@radsweep/core';
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

/**
 * Who acts and in which project, as the guard checked it: what a service's create
 * writes into the new row (in its own transaction) and what its list scopes by.
 */
export interface AccessScope {
  principal: Principal;
  /** The project the request named (null: none; only an admin creates outside any project). */
  projectId: string | null;
}

/** `@Scoped() scope: AccessScope` in a handler of a route that needs a signed-in caller. */
export const Scoped = createParamDecorator((_data: unknown, ctx: ExecutionContext): AccessScope => {
  const access = ctx.switchToHttp().getRequest<AccessRequest>().access;
  if (!access?.principal) throw new Error('Scoped() on a route without a signed-in caller'); // the policy makes every such route signed-in
  return { principal: access.principal, projectId: access.projectId };
});

/** The project a new row joins, written with it: the scope's; outside any project only for an admin (the guard refuses the others first). */
export function projectOfNewRow(scope: AccessScope): string | null {
  if (scope.projectId === null && !scope.principal.isAdmin) throw new RadSweepInputError('name the project this belongs to (your access is per project)', 'projectId');
  return scope.projectId;
}
