import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { RadSweepInputError } from '@radsweep/core';
import { ACCESS_POLICY, RouteRule, routeKey, Target } from './access-policy';
import { CredentialsService } from './credentials.service';
import type { AccessRequest, Principal } from './principal';
import { Located, ProjectAccess } from './project-access';
import { assertSameOrigin } from './same-origin';

export const SESSION_COOKIE = 'radsweep_session';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Enforces ACCESS_POLICY on every request: finds the route's rule (none: 403),
 * authenticates the caller (Bearer API token, else the session cookie; none or
 * bad: 401; a cookie state change from another origin: 403, see same-origin.ts), then checks the rule against the caller's role in the project of
 * every id the request names (403). Ids that are not uuids are 400, unknown ids 404.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly projects: ProjectAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AccessRequest>();
    const rule = ruleOf(req);
    if (!rule) throw new ForbiddenException('this route has no access rule');
    if (rule.require === 'public') {
      assertSameOrigin(req, false); // no login CSRF (signing a victim into the attacker's account)
      req.access = { principal: null, projectId: null };
      return true;
    }
    const principal = await this.authenticate(req);
    req.access = { principal, projectId: null };
    if (rule.require === 'signed-in') return true;
    if (rule.require === 'admin') {
      if (!principal.isAdmin) throw new ForbiddenException('only an administrator may do this');
      return true;
    }
    const places = await this.locateTargets(req, rule, principal);
    for (const place of places) {
      if (!(await this.projects.allows(principal, rule.require, place))) throw new ForbiddenException(`your role does not allow ${rule.require} here`);
    }
    req.access.projectId = places[0]?.projectId ?? null;
    return true;
  }

  private async authenticate(req: AccessRequest): Promise<Principal> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer ([^\s]+)$/.exec(header);
      if (!match) throw new UnauthorizedException("send 'Authorization: Bearer <API token>'");
      return this.credentials.fromApiToken(match[1]);
    }
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (cookie !== null) {
      assertSameOrigin(req); // the cookie rides along with any cross-site request; a bearer token never does
      return this.credentials.fromSession(cookie);
    }
    throw new UnauthorizedException('sign in, or send an API token');
  }

  /** The places of the ids a request names (validated, looked up); enforces anyTarget and sameProject. */
  private async locateTargets(req: AccessRequest, rule: RouteRule, principal: Principal): Promise<Located[]> {
    const places: Located[] = [];
    for (const target of rule.targets ?? []) {
      for (const id of targetIds(req, target)) places.push(await this.projects.locate(target.kind, id));
    }
    if (places.length === 0) {
      if (rule.adminMayOmitProject && principal.isAdmin) return places; // an admin's row outside any project
      if (rule.anyTarget && rule.unnamedShowsReadableRuns) return places; // the handler narrows to readable runs
      const names = (rule.targets ?? []).map((t) => t.name).join(rule.anyTarget ? ' or ' : ' and ');
      throw new RadSweepInputError(`name the ${names} this request is about (your access is per project)`, names);
    }
    if (rule.sameProject && new Set(places.map((p) => p.projectId)).size > 1) {
      throw new RadSweepInputError('these belong to different projects; use an experiment and a dataset of one project', (rule.targets ?? []).map((t) => t.name).join(', '));
    }
    return places;
  }
}

export function ruleOf(req: AccessRequest): RouteRule | undefined {
  const path = (req.route as { path?: string } | undefined)?.path;
  return typeof path === 'string' ? ACCESS_POLICY[routeKey(req.method, path)] : undefined;
}

/** The ids a target names in the request (absent: none); each must be a uuid. */
function targetIds(req: AccessRequest, target: Target): string[] {
  const source = target.from === 'param' ? req.params : target.from === 'query' ? req.query : req.body;
  const raw = (source as Record<string, unknown> | undefined)?.[target.name];
  if (raw === undefined || raw === '') return [];
  if (typeof raw !== 'string') throw new RadSweepInputError(`${target.name} must be an id (uuid)`, target.name);
  const ids = target.list ? raw.split(',').map((s) => s.trim()) : [raw];
  for (const id of ids) if (!UUID.test(id)) throw new RadSweepInputError(`${target.name} must be ${target.list ? 'comma-separated ids' : 'an id'} (uuid)`, target.name);
  return ids;
}

/** One cookie's value from a Cookie header (no parser middleware needed). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
