/**
 * Projects, members, run shares and the audit log (/api/projects/*, /api/runs/:id/shares), as JSON.
 * Dates: `D` is Date on the server, ISO text in the browser (the JSON is an ISO 8601 string).
 */

/** The roles a member can have in a project (what each may do: the server's access policy). */
export type ProjectRole = 'owner' | 'data_scientist' | 'pi' | 'reviewer';

/** POST /api/projects, PATCH /api/projects/:id */
export interface ProjectRequest {
  name: string;
  description?: string;
}

/** PUT /api/projects/:id/members/:userId */
export interface MemberRequest {
  role: ProjectRole;
}

/** POST /api/projects/:id/members: a member by login name (what an owner knows of a colleague). */
export interface MemberByNameRequest {
  username: string;
  role: ProjectRole;
}

/** GET /api/projects/:id/audit?limit=&after=: `limit` entries (1 to 500, default 100), newest first, after the previous page's X-Next-Cursor. */
export interface AuditPageQuery {
  limit?: number;
  after?: string;
}

export interface Project<D = Date> {
  id: string;
  name: string;
  description: string | null;
  createdAt: D;
}

/** GET /api/projects: the caller's projects with their role (null: an administrator who is not a member). */
export interface ProjectListItem<D = Date> extends Project<D> {
  role: ProjectRole | null;
}

export interface ProjectMember {
  userId: string;
  username: string;
  displayName: string | null;
  role: ProjectRole;
}

/** One audit log entry: who did what to which thing, and when (details: what changed; never a secret). */
export interface AuditEntry<D = Date> {
  id: string;
  at: D;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  projectId: string | null;
  details: Record<string, unknown> | null;
}

/** GET /api/runs/:id/shares: the reviewers a run is shared with. */
export interface RunShare<D = Date> {
  userId: string;
  username: string;
  sharedAt: D;
}
