import type { Role } from '../projects/project.entities';

/** What can be done inside a project. */
export const PERMISSIONS = [
  'project.read',
  'project.manage',
  'audit.read',
  'dataset.read',
  'dataset.write',
  'experiment.read',
  'experiment.write',
  'run.read',
  'run.launch',
  'run.control',
  'run.share',
  'run.curate',
  'run.delete',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Each role's permissions in its project. The data scientist uploads data,
 * launches runs and curates them (name, notes, tags, archive, final-model mark);
 * only the owner deletes a run; the PI reads and compares everything; the reviewer reads only
 * the runs shared with them (SHARED_RUN_PERMISSIONS) and never dataset rows.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  data_scientist: ['project.read', 'dataset.read', 'dataset.write', 'experiment.read', 'experiment.write', 'run.read', 'run.launch', 'run.control', 'run.share', 'run.curate'],
  pi: ['project.read', 'dataset.read', 'experiment.read', 'run.read'],
  reviewer: ['project.read'],
};

/** What a reviewer may do on a run shared with them (its curves, metrics, spec and predictions). */
export const SHARED_RUN_PERMISSIONS: readonly Permission[] = ['run.read'];

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
