/// <reference lib="dom" />
import type { ProjectListItem, ProjectRole } from '@radsweep/api-contract';
import type { Me } from './session.js';

/** A member's role in a project (the contract's ProjectRole). */
export type Role = ProjectRole;
export const ROLES: Role[] = ['owner', 'data_scientist', 'pi', 'reviewer'];
export const ROLE_LABEL: Record<Role, string> = { owner: 'Owner', data_scientist: 'Data scientist', pi: 'PI', reviewer: 'Reviewer' };

export type Permission =
  | 'project.read'
  | 'project.manage'
  | 'audit.read'
  | 'dataset.read'
  | 'dataset.write'
  | 'experiment.read'
  | 'experiment.write'
  | 'run.read'
  | 'run.launch'
  | 'run.control'
  | 'run.share'
  | 'run.curate'
  | 'run.delete';

/**
 * Each role's permissions, a copy of the server's table (apps/server/src/auth/permissions.ts, which the browser
 * cannot load; tests/dashboard/roles.test.ts holds the two equal), so the dashboard shows only the controls the
 * API would accept. The API still decides: a hidden button is a courtesy, not the rule.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ['project.read', 'project.manage', 'audit.read', 'dataset.read', 'dataset.write', 'experiment.read', 'experiment.write', 'run.read', 'run.launch', 'run.control', 'run.share', 'run.curate', 'run.delete'],
  data_scientist: ['project.read', 'dataset.read', 'dataset.write', 'experiment.read', 'experiment.write', 'run.read', 'run.launch', 'run.control', 'run.share', 'run.curate'],
  pi: ['project.read', 'dataset.read', 'experiment.read', 'run.read'],
  reviewer: ['project.read'],
};

/** A project as GET /api/projects lists it: with the caller's role (null: an administrator who is not a member). */
export type ProjectWithRole = ProjectListItem<string>;

/** May `me` do `permission` in `project`? Administrators pass every project check, as on the server. */
export function can(me: Pick<Me, 'isAdmin'>, project: Pick<ProjectWithRole, 'role'> | null | undefined, permission: Permission): boolean {
  if (me.isAdmin) return true;
  const role = project?.role;
  return !!role && ROLE_PERMISSIONS[role].includes(permission);
}

/** The projects where `me` may do `permission`: what a project picker offers. */
export function projectsWhere<P extends Pick<ProjectWithRole, 'role'>>(me: Pick<Me, 'isAdmin'>, projects: P[], permission: Permission): P[] {
  return projects.filter((p) => can(me, p, permission));
}

/** A person as the dashboard names them: the display name, else the username. */
export function personName(p: { username: string; displayName: string | null }): string {
  return p.displayName ?? p.username;
}
