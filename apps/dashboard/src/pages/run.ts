/// <reference lib="dom" />
import type { LeaderboardPage, RunCuration, SurvivalEndpointLeaderboard, SurvivalLeaderboardResponse } from '@radsweep/api-contract';
import { deleteJson, getJson, patchJson, postJson, putJson, RunProgress } from '../api.js';
import { errorBox, facts, h, replace } from '../dom.js';
import { num, shortId } from '../format.js';
import { lockedVersionsOfMarks } from '../locked-versions.js';
import { markdownElement } from '../markdown.js';
import type { PageContext } from '../main.js';

/**
 * One run's curation (#/run/<id>): its name, tags, notes (Markdown, rendered
 * without HTML), archive/restore, delete (the owner; asked twice) and the
 * pre-specified final model (with its locked versions, once locked). Controls appear only for what the caller's role
 * may do (the server's `allowed`): a PI or reviewer reads.
 */
export async function runPage(ctx: PageContext): Promise<HTMLElement> {
  const id = ctx.path[1] ?? '';
  const [progress, first] = await Promise.all([getJson<RunProgress>(`/runs/${id}`), getJson<RunCuration>(`/runs/${id}/curation`)]);
  // the run's models, for the final-model choice: the binary ones, and each survival endpoint's
  const [models, survival] = await Promise.all([
    getJson<LeaderboardPage>(`/runs/${id}/leaderboard?limit=1000&sort=cvAuc`).then((b) => b.items).catch(() => []),
    getJson<SurvivalLeaderboardResponse>(`/runs/${id}/survival/leaderboard`).then((b) => b.endpoints).catch((): SurvivalEndpointLeaderboard[] => []),
  ]);
  let c = first;
  const lockedVersions = lockedVersionsOfMarks();
  const message = h('p', { role: 'status', id: 'run-message' });
  const title = h('h1', {});
  const body = h('div', {});
  const say = (text: string) => (message.textContent = text);

  /** Sends a change; the answer is the run's curation after it, shown at once. */
  async function change(send: () => Promise<RunCuration>, done: string): Promise<void> {
    try {
      c = await send();
      render();
      say(done);
    } catch (err) {
      say(err instanceof Error ? err.message : String(err));
    }
  }

  function render(): void {
    const curate = c.allowed.includes('curate');
    const label = c.name ?? `Run ${shortId(c.id)}`;
    title.textContent = label;
    const nameForm = curate
      ? h(
          'form',
          { class: 'controls', id: 'rename-form', 'aria-label': 'Rename the run', onsubmit: (e: Event) => (e.preventDefault(), void change(() => patchJson(`/runs/${id}`, { name: nameInput.value.trim() }), 'Renamed.')) },
          h('label', { for: 'run-name' }, 'Name', (nameInput = h('input', { id: 'run-name', type: 'text', value: c.name ?? '', maxlength: 120, size: 40 }))),
          h('button', { type: 'submit', id: 'rename' }, 'Rename'),
        )
      : null;
    const tagList = h(
      'ul',
      { class: 'tags', id: 'run-tags', 'aria-label': 'Tags' },
      c.tags.map((t) =>
        h(
          'li',
          { class: 'tag', 'data-tag': t },
          h('a', { href: `#/runs?tag=${encodeURIComponent(t)}` }, t),
          curate ? h('button', { type: 'button', class: 'secondary', 'aria-label': `remove tag ${t}`, onclick: () => void change(() => deleteJson(`/runs/${id}/tags/${encodeURIComponent(t)}`), `Tag ${t} removed.`) }, '×') : null,
        ),
      ),
    );
    const tagForm = curate
      ? h(
          'form',
          { class: 'controls', id: 'tag-form', 'aria-label': 'Add a tag', onsubmit: (e: Event) => (e.preventDefault(), void change(() => putJson(`/runs/${id}/tags/${encodeURIComponent(tagInput.value.trim())}`), `Tagged ${tagInput.value.trim()}.`)) },
          h('label', { for: 'new-tag' }, 'New tag', (tagInput = h('input', { id: 'new-tag', type: 'text', maxlength: 40, size: 16, placeholder: 'e.g. baseline' }))),
          h('button', { type: 'submit', id: 'add-tag' }, 'Add tag'),
        )
      : null;
    const notesView = c.notes ? markdownElement(c.notes) : h('p', { class: 'muted' }, 'No notes.');
    notesView.id = 'notes-view';
    const notesEdit = curate
      ? h(
          'form',
          { id: 'notes-form', 'aria-label': 'Edit the notes', onsubmit: (e: Event) => (e.preventDefault(), void change(() => patchJson(`/runs/${id}`, { notes: notesInput?.value ?? '' }), 'Notes saved.')) },
          h('label', { for: 'notes-edit' }, 'Notes (Markdown)'),
          (notesInput = h('textarea', { id: 'notes-edit', rows: 6, cols: 80, maxlength: 20000 })),
          h('div', { class: 'controls' }, h('button', { type: 'submit', id: 'save-notes' }, 'Save notes')),
        )
      : null;
    if (notesInput && notesEdit) notesInput.value = c.notes;
    const marks = c.finalModels.length
      ? h(
          'ul',
          { id: 'final-models' },
          c.finalModels.map((m) =>
            h(
              'li',
              {},
              `${m.endpoint}: `,
              h('a', { href: m.survival ? `#/survival-model/${m.modelId}` : `#/model/${m.modelId}` }, `${m.model} (${m.featureSet})`),
              ` marked by ${m.markedBy} on ${m.markedAt.slice(0, 10)} `,
              lockedVersions.of(m),
              curate ? h('button', { type: 'button', class: 'secondary', onclick: () => void change(() => deleteJson(`/runs/${id}/final-model?endpoint=${encodeURIComponent(m.endpoint)}`), 'Mark removed.') }, 'Unmark') : null,
            ),
          ),
        )
      : h('p', { class: 'muted', id: 'final-models' }, 'No final model marked.');
    const markForm =
      curate && models.length && !c.finalModels.some((m) => !m.survival)
        ? h(
            'form',
            { class: 'controls', id: 'final-form', 'aria-label': 'Mark the final model', onsubmit: (e: Event) => (e.preventDefault(), void change(() => putJson(`/runs/${id}/final-model`, { modelId: finalSelect.value }), 'Final model marked.')) },
            h('label', { for: 'final-model' }, 'Model', (finalSelect = h('select', { id: 'final-model' }, models.map((m) => h('option', { value: m.id }, `${m.featureSet} / ${m.label} (CV AUC ${num(m.cvAuc)})`))))),
            h('button', { type: 'submit', id: 'mark-final' }, 'Mark as pre-specified final model'),
          )
        : null;
    // a survival endpoint without a mark: its models by mean CV C-index, best first
    const survivalForms = curate
      ? survival
          .filter((e) => e.rows.length && !c.finalModels.some((m) => m.survival && m.endpoint === e.endpoint.name))
          .map((e) => {
            const name = e.endpoint.name;
            const rows = [...e.rows].filter((r) => !r.error).sort((a, b) => (b.cvCIndex ?? -Infinity) - (a.cvCIndex ?? -Infinity));
            const select = h('select', { id: `final-model-${name}` }, rows.map((r) => h('option', { value: r.id }, `${r.featureSet} / ${r.label} (CV C-index ${num(r.cvCIndex)})`)));
            return h(
              'form',
              { class: 'controls', id: `final-form-${name}`, 'aria-label': `Mark the final model for ${name}`, onsubmit: (ev: Event) => (ev.preventDefault(), void change(() => putJson(`/runs/${id}/final-model`, { modelId: select.value }), `Final model for ${name} marked.`)) },
              h('label', { for: `final-model-${name}` }, `Survival model for ${name}`, select),
              h('button', { type: 'submit', id: `mark-final-${name}` }, `Mark as pre-specified final model for ${name}`),
            );
          })
      : [];
    const archiveButton = curate
      ? h('button', { type: 'button', class: 'secondary', id: c.archivedAt ? 'restore-run' : 'archive-run', onclick: () => void change(() => postJson(`/runs/${id}/${c.archivedAt ? 'restore' : 'archive'}`), c.archivedAt ? 'Restored.' : 'Archived: hidden from the runs list unless archived runs are shown.') }, c.archivedAt ? 'Restore' : 'Archive')
      : null;
    const confirm = h('div', { id: 'confirm-delete', class: 'controls', hidden: true, role: 'group', 'aria-label': 'Confirm deletion' },
      h('span', { class: 'error' }, `Delete ${label} and all its results for good? The audit log keeps its name and id.`),
      h('button', { type: 'button', id: 'confirm-delete-yes', onclick: () => void remove() }, 'Delete for good'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ((confirm.hidden = true), deleteButton?.focus()) }, 'Keep it'),
    );
    const deleteButton = c.allowed.includes('delete')
      ? h('button', { type: 'button', class: 'secondary', id: 'delete-run', onclick: () => ((confirm.hidden = false), (confirm.querySelector('button') as HTMLButtonElement).focus()) }, 'Delete…')
      : null;
    replace(
      body,
      facts([
        ['Run', c.id],
        ['Status', progress.status],
        ['Created', progress.createdAt.replace('T', ' ').slice(0, 19)],
        ['Archived', c.archivedAt ? c.archivedAt.replace('T', ' ').slice(0, 19) : 'no'],
        ['Leaderboard', survival.length ? h('a', { href: `#/survival?runId=${c.id}` }, 'survival leaderboards') : h('a', { href: `#/leaderboard?runId=${c.id}` }, 'open')],
      ]),
      nameForm,
      h('h2', {}, 'Tags'),
      c.tags.length ? tagList : h('p', { class: 'muted', id: 'run-tags' }, 'No tags.'),
      tagForm,
      h('h2', {}, 'Notes'),
      notesView,
      notesEdit,
      h('h2', {}, 'Pre-specified final model'),
      h('p', { class: 'muted' }, 'A mark for the report: the leaderboard still chooses by cross-validation, never by this mark.'),
      marks,
      markForm,
      survivalForms,
      archiveButton || deleteButton ? h('h2', {}, 'Archive or delete') : null,
      h('div', { class: 'controls' }, archiveButton, deleteButton),
      deleteButton ? confirm : null,
    );
  }

  async function remove(): Promise<void> {
    try {
      await deleteJson(`/runs/${id}`);
      location.hash = '#/runs';
    } catch (err) {
      say(err instanceof Error ? err.message : String(err));
    }
  }

  let nameInput!: HTMLInputElement;
  let tagInput!: HTMLInputElement;
  let notesInput: HTMLTextAreaElement | null = null;
  let finalSelect!: HTMLSelectElement;
  try {
    render();
  } catch (e) {
    return errorBox(e);
  }
  return h('section', {}, title, message, body, h('p', {}, h('a', { href: '#/runs' }, 'All runs')));
}
