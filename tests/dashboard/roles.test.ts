import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS as SERVER_ROLE_PERMISSIONS } from '../../apps/server/src/auth/permissions';
import { ROLES as SERVER_ROLES } from '../../apps/server/src/projects/project.entities';
import { can, projectsWhere, ROLE_PERMISSIONS, ROLES } from '../../apps/dashboard/src/roles';
import { tokenState } from '../../apps/dashboard/src/pages/account';
import { auditText, runLabel } from '../../apps/dashboard/src/pages/projects';

describe('dashboard roles: the controls follow the server\'s permission table', () => {
  it('the dashboard\'s copy of the roles and permissions equals the server\'s', () => {
    expect(ROLES).toEqual([...SERVER_ROLES]);
    for (const role of SERVER_ROLES) expect([...ROLE_PERMISSIONS[role]].sort(), role).toEqual([...SERVER_ROLE_PERMISSIONS[role]].sort());
    expect(new Set(Object.values(ROLE_PERMISSIONS).flat())).toEqual(new Set(PERMISSIONS));
  });

  it('can(): a PI may not launch or cancel, a reviewer may not upload, an admin passes every project, a non-member nothing', () => {
    const user = { isAdmin: false };
    expect(can(user, { role: 'pi' }, 'run.launch')).toBe(false);
    expect(can(user, { role: 'pi' }, 'run.control')).toBe(false);
    expect(can(user, { role: 'pi' }, 'run.read')).toBe(true);
    expect(can(user, { role: 'reviewer' }, 'dataset.write')).toBe(false);
    expect(can(user, { role: 'data_scientist' }, 'run.launch')).toBe(true);
    expect(can(user, { role: 'data_scientist' }, 'audit.read')).toBe(false);
    expect(can(user, { role: null }, 'project.read')).toBe(false);
    expect(can(user, undefined, 'project.read')).toBe(false);
    expect(can({ isAdmin: true }, { role: null }, 'project.manage')).toBe(true);
    const projects = [{ id: 'a', role: 'owner' as const }, { id: 'b', role: 'pi' as const }, { id: 'c', role: 'reviewer' as const }];
    expect(projectsWhere(user, projects, 'dataset.write').map((p) => p.id)).toEqual(['a']);
  });

  it('token state, run labels and audit entries in words, with names and not ids', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(tokenState({ expiresAt: '2026-07-01T00:00:00Z', revokedAt: null }, now)).toBe('active');
    expect(tokenState({ expiresAt: '2026-05-01T00:00:00Z', revokedAt: null }, now)).toBe('expired');
    expect(tokenState({ expiresAt: '2026-07-01T00:00:00Z', revokedAt: '2026-05-02T00:00:00Z' }, now)).toBe('revoked');
    const label = runLabel({ experimentId: 'e', datasetId: 'd', createdAt: '2026-06-01T00:00:00Z' }, new Map([['e', { name: 'wdbc', version: 2 }]]), new Map([['d', { name: 'WDBC' }]]));
    expect(label.startsWith('wdbc v2 on WDBC, ')).toBe(true);
    const names = new Map([['u1', 'Dr Rev']]);
    const entry = (entity: string, action: string, details: Record<string, unknown>, entityId: string | null = 'u1') => ({ id: 'x', at: '', actorName: 'dana', entity, action, entityId, details });
    expect(auditText(entry('membership', 'member-added', { role: 'reviewer', username: 'rev' }), names)).toBe('added Dr Rev as Reviewer');
    expect(auditText(entry('membership', 'role-changed', { role: 'pi', previous: 'reviewer' }), names)).toBe('made Dr Rev PI (was Reviewer)');
    expect(auditText(entry('run', 'shared', { with: 'u1' }, 'r1'), names)).toBe('shared a run with Dr Rev');
    expect(auditText(entry('membership', 'member-removed', { role: 'pi' }, 'u9'), names)).toBe('removed a former member (PI)');
    expect(auditText(entry('project', 'created', { name: 'Lungs' }, 'p'), names)).toBe('created project "Lungs"');
  });
});
