/// <reference lib="dom" />
import type { AuditEntry as AuditEntryOf, Project, ProjectMember, RunShare } from '@radsweep/api-contract';
import { type Dataset, deleteJson, type Experiment, getAll, getJson, getPage, postJson, putJson, query, type RunSummary } from '../api.js';
import { h, replace, table } from '../dom.js';
import type { PageContext } from '../main.js';
import { can, personName, type ProjectWithRole, type Role, ROLE_LABEL, ROLES } from '../roles.js';
import { messageOf } from './password.js';

type Member = ProjectMember;
type AuditEntry = AuditEntryOf<string>;


/** Entries per page of the audit log. */
export const AUDIT_PAGE = 20;

/** A run as a person names it: its experiment and version, its dataset and when it was launched. */
export function runLabel(run: Pick<RunSummary, 'experimentId' | 'datasetId' | 'createdAt'>, experiments: Map<string, Pick<Experiment, 'name' | 'version'>>, datasets: Map<string, Pick<Dataset, 'name'>>): string {
  const e = experiments.get(run.experimentId);
  const d = datasets.get(run.datasetId);
  return `${e ? `${e.name} v${e.version}` : 'experiment'} on ${d?.name ?? 'dataset'}, ${new Date(run.createdAt).toLocaleString()}`;
}

/** #/projects: the caller's projects with their role, and a new one; #/projects/<id>: one project. */
export async function projectsPage(ctx: PageContext): Promise<HTMLElement> {
  if (ctx.path[1]) return projectPage(ctx, ctx.path[1]);
  const projects = await getJson<ProjectWithRole[]>('/projects');
  const status = h('p', { role: 'status', id: 'project-status' });
  const name = h('input', { type: 'text', id: 'project-name', required: true, maxlength: 100 });
  const description = h('input', { type: 'text', id: 'project-description', maxlength: 100 });
  const form = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Create a project',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const p = await postJson<Project<string>>('/projects', { name: name.value.trim(), ...(description.value.trim() ? { description: description.value.trim() } : {}) });
          location.hash = `#/projects/${p.id}`;
        } catch (err) {
          status.textContent = messageOf(err);
        }
      },
    },
    h('label', { for: 'project-name' }, 'Name', name),
    h('label', { for: 'project-description' }, 'Description (optional)', description),
    h('button', { type: 'submit', id: 'project-create' }, 'Create project'),
  );
  return h(
    'section',
    {},
    h('h1', {}, 'Projects'),
    projects.length
      ? table('Your projects', ['Project', 'Description', 'Your role'], projects.map((p) => [h('a', { href: `#/projects/${p.id}` }, p.name), p.description ?? '', p.role ? ROLE_LABEL[p.role] : 'administrator']), { id: 'projects' })
      : h('p', { class: 'muted' }, 'You are in no project yet.'),
    h('h2', {}, 'New project'),
    h('p', { class: 'muted' }, 'You become its owner: you add members and give them roles.'),
    form,
    status,
  );
}

async function projectPage(ctx: PageContext, id: string): Promise<HTMLElement> {
  const [projects, members] = await Promise.all([getJson<ProjectWithRole[]>('/projects'), getJson<Member[]>(`/projects/${id}/members`)]);
  const project = projects.find((p) => p.id === id);
  if (!project) throw new Error(`404: project '${id}' not found`);
  const me = ctx.me;
  const manage = can(me, project, 'project.manage');
  const status = h('p', { role: 'status', id: 'members-status' });
  const memberList = h('div', { id: 'member-list' });
  const nameOf = new Map(members.map((m) => [m.userId, personName(m)]));
  let sharing: Awaited<ReturnType<typeof sharingSection>> | null = null;

  async function refreshMembers(): Promise<void> {
    const now = await getJson<Member[]>(`/projects/${id}/members`);
    members.splice(0, members.length, ...now);
    for (const m of now) nameOf.set(m.userId, personName(m));
    showMembers();
    await sharing?.refresh(); // a new or removed reviewer changes who a run can be shared with
  }

  function showMembers(): void {
    replace(
      memberList,
      table(
        'Members',
        ['Member', 'Username', 'Role', ...(manage ? [''] : [])],
        members.map((m) => [
          personName(m),
          m.username,
          manage
            ? h(
                'select',
                { 'aria-label': `Role of ${personName(m)}`, 'data-role-of': m.username, onchange: (e: Event) => void setRole(m, (e.target as HTMLSelectElement).value as Role) },
                ROLES.map((r) => h('option', { value: r, selected: r === m.role }, ROLE_LABEL[r])),
              )
            : ROLE_LABEL[m.role],
          ...(manage ? [h('button', { type: 'button', class: 'secondary', 'data-remove': m.username, 'aria-label': `Remove ${personName(m)}`, onclick: () => void remove(m) }, 'Remove')] : []),
        ]),
        { id: 'members' },
      ),
    );
  }

  async function setRole(m: Member, role: Role): Promise<void> {
    try {
      await putJson(`/projects/${id}/members/${m.userId}`, { role });
      status.textContent = `${personName(m)} is now ${ROLE_LABEL[role]}.`;
    } catch (e) {
      status.textContent = messageOf(e);
    }
    await refreshMembers();
  }

  async function remove(m: Member): Promise<void> {
    if (!confirm(`Remove ${personName(m)} from ${project!.name}? Runs shared with them are unshared.`)) return;
    try {
      await deleteJson(`/projects/${id}/members/${m.userId}`);
      status.textContent = `${personName(m)} removed.`;
    } catch (e) {
      status.textContent = messageOf(e);
    }
    await refreshMembers();
  }

  const username = h('input', { type: 'text', id: 'member-username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const role = h('select', { id: 'member-role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'data_scientist' }, ROLE_LABEL[r])));
  const addForm = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Add a member',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const m = await postJson<Member>(`/projects/${id}/members`, { username: username.value.trim(), role: role.value });
          status.textContent = `${personName(m)} is ${ROLE_LABEL[m.role]}.`;
          username.value = '';
          await refreshMembers();
        } catch (err) {
          status.textContent = messageOf(err);
        }
      },
    },
    h('label', { for: 'member-username' }, 'Username', username),
    h('label', { for: 'member-role' }, 'Role', role),
    h('button', { type: 'submit', id: 'member-add' }, 'Add member'),
  );
  showMembers();

  sharing = can(me, project, 'run.share') ? await sharingSection(id, members, nameOf) : null;
  const audit = can(me, project, 'audit.read') ? auditSection(id, nameOf) : null;
  return h(
    'section',
    {},
    h('h1', {}, `Project ${project.name}`),
    h('p', {}, project.description ?? '', ' ', h('span', { class: 'muted' }, `Your role: ${project.role ? ROLE_LABEL[project.role] : 'administrator'}.`), ' ', h('a', { href: `#/setup?projectId=${id}` }, 'Set up a study in this project')),
    h('h2', {}, 'Members and roles'),
    h('p', { class: 'muted' }, 'Data scientists upload data and launch runs; PIs read and compare everything; reviewers read only the runs shared with them.'),
    manage ? addForm : null,
    status,
    memberList,
    sharing?.element ?? null,
    audit,
  );
}

/** Run sharing: pick a run of the project, tick the reviewers who may read it. */
async function sharingSection(projectId: string, members: Member[], nameOf: Map<string, string>): Promise<{ element: HTMLElement; refresh(): Promise<void> }> {
  const [experiments, datasets, runs] = await Promise.all([getAll<Experiment>(`/experiments${query({ projectId })}`), getAll<Dataset>(`/datasets${query({ projectId })}`), getAll<RunSummary>(`/runs${query({ projectId })}`)]);
  const ours = new Map(experiments.filter((e) => e.projectId === projectId).map((e) => [e.id, e]));
  const projectRuns = runs.filter((r) => ours.has(r.experimentId));
  const dsById = new Map(datasets.map((d) => [d.id, d]));
  const status = h('p', { role: 'status', id: 'share-status' });
  const box = h('div', { id: 'share-reviewers' });
  const reviewers = () => members.filter((m) => m.role === 'reviewer');
  const runSelect = h('select', { id: 'share-run', onchange: () => void showShares() }, projectRuns.map((r) => h('option', { value: r.id }, runLabel(r, ours, dsById))));

  async function showShares(): Promise<void> {
    const runId = runSelect.value;
    if (!runId) return;
    const shared = new Set((await getJson<RunShare<string>[]>(`/runs/${runId}/shares`)).map((s) => s.userId));
    replace(
      box,
      reviewers().length
        ? h(
            'fieldset',
            {},
            h('legend', {}, 'Reviewers who may read this run'),
            reviewers().map((m) =>
              h(
                'label',
                { class: 'inline' },
                h('input', {
                  type: 'checkbox',
                  'data-share-with': m.username,
                  checked: shared.has(m.userId),
                  onchange: async (e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    try {
                      if (on) await putJson(`/runs/${runId}/shares/${m.userId}`);
                      else await deleteJson(`/runs/${runId}/shares/${m.userId}`);
                      status.textContent = `${on ? 'Shared with' : 'No longer shared with'} ${nameOf.get(m.userId) ?? m.username}.`;
                    } catch (err) {
                      status.textContent = messageOf(err);
                      (e.target as HTMLInputElement).checked = !on;
                    }
                  },
                }),
                personName(m),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'The project has no reviewer: add one above, then share runs with them.'),
    );
  }
  if (projectRuns.length) await showShares();
  const element = h(
    'div',
    { id: 'sharing' },
    h('h2', {}, 'Sharing runs with reviewers'),
    projectRuns.length ? [h('div', { class: 'controls' }, h('label', { for: 'share-run' }, 'Run', runSelect)), box, status] : h('p', { class: 'muted' }, 'No run in this project yet.'),
  );
  return { element, refresh: showShares };
}

/** What an audit entry did, in words, with people and not ids. */
export function auditText(e: Pick<AuditEntry, 'action' | 'entity' | 'entityId' | 'details'>, nameOf: Map<string, string>): string {
  const d = e.details ?? {};
  const who = (id: unknown) => (typeof id === 'string' ? (nameOf.get(id) ?? String(d.username ?? 'a former member')) : '');
  switch (`${e.entity} ${e.action}`) {
    case 'membership member-added':
      return `added ${who(e.entityId)} as ${ROLE_LABEL[d.role as Role] ?? d.role}`;
    case 'membership role-changed':
      return `made ${who(e.entityId)} ${ROLE_LABEL[d.role as Role] ?? d.role} (was ${ROLE_LABEL[d.previous as Role] ?? d.previous})`;
    case 'membership member-removed':
      return `removed ${who(e.entityId)} (${ROLE_LABEL[d.role as Role] ?? d.role})`;
    case 'run shared':
      return `shared a run with ${who(d.with)}`;
    case 'run unshared':
      return `stopped sharing a run with ${who(d.with)}`;
    default:
      return `${e.action} ${e.entity}${typeof d.name === 'string' ? ` "${d.name}"` : ''}`;
  }
}

/** The project's audit log, newest first, a page at a time: page k starts after the X-Next-Cursor of page k-1 (kept, so Newer goes back). */
function auditSection(projectId: string, nameOf: Map<string, string>): HTMLElement {
  const cursors: string[] = ['']; // cursors[k]: where page k starts ('' the first)
  let shownPage = 0;
  const body = h('div', { id: 'audit-log' });
  const pageInfo = h('span', { id: 'audit-page', role: 'status' });
  const newer = h('button', { type: 'button', class: 'secondary', id: 'audit-newer', onclick: () => void load(Math.max(0, shownPage - 1)) }, 'Newer');
  const older = h('button', { type: 'button', class: 'secondary', id: 'audit-older', onclick: () => void load(shownPage + 1) }, 'Older');
  async function load(k: number): Promise<void> {
    try {
      const page = await getPage<AuditEntry>(`/projects/${projectId}/audit${query({ limit: AUDIT_PAGE, after: cursors[k] || undefined })}`);
      shownPage = k;
      if (page.next) cursors[k + 1] = page.next;
      const first = k * AUDIT_PAGE;
      newer.disabled = k === 0;
      older.disabled = page.next === null;
      pageInfo.textContent = page.items.length ? `Entries ${first + 1}–${first + page.items.length}` : 'No entry.';
      replace(body, table('Audit log, newest first', ['When', 'Who', 'What'], page.items.map((e) => [new Date(e.at).toLocaleString(), e.actorName, auditText(e, nameOf)]), { id: 'audit' }));
    } catch (e) {
      replace(body, h('p', { class: 'error' }, messageOf(e)));
    }
  }
  void load(0);
  return h('div', {}, h('h2', {}, 'Audit log'), h('div', { class: 'pager' }, newer, older, pageInfo), body);
}
