/// <reference lib="dom" />
import type { Extraction as ExtractionOf, ExtractionProgress, ExtractionStatus, ImageFolders } from '@radsweep/api-contract';
import { getAll, getJson, postForm, postJson, query } from '../api.js';
import { errorBox, facts, h, replace, table } from '../dom.js';
import { shortId } from '../format.js';
import type { PageContext } from '../main.js';
import { can, type ProjectWithRole } from '../roles.js';

type Status = ExtractionStatus;
/** GET /api/extractions lists these; GET /api/extractions/:id adds each case's status (the contract's, times as ISO text). */
type ExtractionSummary = ExtractionOf<string>;
type Extraction = ExtractionProgress<string>;

const finished = (s: Status) => s === 'succeeded' || s === 'failed';

/**
 * Radiomics extraction: launch one (a project, a folder the server allows or a .zip / .tar / .tar.gz archive, the
 * parameter file pasted or read from a file) and follow each case's status (#/extractions/<id>, refreshed
 * every 2 s until every case has finished, and on request).
 */
export async function extractionsPage(ctx: PageContext): Promise<HTMLElement> {
  if (ctx.path[1]) return extractionPage(ctx, ctx.path[1]);
  const [all, folders] = await Promise.all([getJson<ProjectWithRole[]>('/projects'), getJson<ImageFolders>('/extractions/folders')]);
  const projects = all.filter((p) => can(ctx.me, p, 'dataset.read')); // a reviewer reads no dataset, so no extraction either
  const projectId = ctx.params.get('projectId') ?? projects[0]?.id ?? '';
  const message = h('p', { role: 'status', id: 'extraction-message' });
  const projectSelect = h(
    'select',
    { id: 'extraction-project', onchange: () => ctx.setParams(new URLSearchParams({ projectId: projectSelect.value })) },
    projects.map((p) => h('option', { value: p.id, selected: p.id === projectId }, p.name)),
  );
  projectSelect.addEventListener('change', () => void showList(projectSelect.value));
  const sourceSelect = h('select', { id: 'extraction-source' }, h('option', { value: 'folder' }, 'A server folder'), h('option', { value: 'upload' }, 'An archive (.zip, .tar, .tar.gz)'));
  const folderInput = h('input', { type: 'text', id: 'extraction-folder', list: 'extraction-roots', value: folders.roots[0] ? `${folders.roots[0]}/` : '', size: 40 });
  const roots = h('datalist', { id: 'extraction-roots' }, folders.roots.map((r) => h('option', { value: r })));
  const archiveInput = h('input', { type: 'file', id: 'extraction-archive', accept: '.zip,.tar,.tar.gz,.tgz' });
  const manifestInput = h('input', { type: 'text', id: 'extraction-manifest', placeholder: 'manifest.csv' });
  const nameInput = h('input', { type: 'text', id: 'extraction-name', placeholder: 'dataset name' });
  const paramsText = h('textarea', { id: 'extraction-params', rows: 8, cols: 60, spellcheck: false }, 'setting:\n  binWidth: 25\nimageType:\n  Original: {}\nrois:\n  lesion: 1\n');
  const paramsFile = h('input', {
    type: 'file',
    id: 'extraction-params-file',
    accept: '.yaml,.yml,.json,.txt',
    onchange: async () => {
      const f = paramsFile.files?.[0];
      if (f) paramsText.value = await f.text();
    },
  });
  const folderLabel = h('label', { for: 'extraction-folder' }, 'Folder', folderInput, roots);
  const archiveLabel = h('label', { for: 'extraction-archive', hidden: true }, 'Archive', archiveInput);
  sourceSelect.addEventListener('change', () => {
    folderLabel.hidden = sourceSelect.value !== 'folder';
    archiveLabel.hidden = sourceSelect.value !== 'upload';
  });

  const form = h(
    'form',
    {
      'aria-label': 'Launch an extraction',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const path = `/extractions${query({ projectId: projectSelect.value })}`;
        const fields = { params: paramsText.value, manifest: manifestInput.value.trim() || undefined, name: nameInput.value.trim() || undefined };
        try {
          let created: Extraction;
          if (sourceSelect.value === 'folder') created = await postJson<Extraction>(path, { ...fields, folder: folderInput.value.trim() });
          else {
            const archive = archiveInput.files?.[0];
            if (!archive) throw new Error('choose an archive (.zip, .tar or .tar.gz)');
            const data = new FormData();
            for (const [k, v] of Object.entries(fields)) if (v !== undefined) data.append(k, v);
            data.append('archive', archive, archive.name);
            created = await postForm<Extraction>(path, data);
          }
          location.hash = `#/extractions/${created.id}`;
        } catch (err) {
          message.textContent = err instanceof Error ? err.message : String(err);
        }
      },
    },
    h('div', { class: 'controls' }, h('label', { for: 'extraction-project' }, 'Project', projectSelect), h('label', { for: 'extraction-source' }, 'Images and masks', sourceSelect), folderLabel, archiveLabel),
    h('div', { class: 'controls' }, h('label', { for: 'extraction-manifest' }, 'Manifest (id, image, mask, ...)', manifestInput), h('label', { for: 'extraction-name' }, 'Dataset name', nameInput)),
    h('div', { class: 'controls' }, h('label', { for: 'extraction-params' }, 'Parameter file (pyradiomics YAML)', paramsText), h('label', { for: 'extraction-params-file' }, 'or read it from a file', paramsFile)),
    h('button', { type: 'submit', id: 'launch-extraction', disabled: projects.length === 0 }, 'Launch extraction'),
  );

  // Controls follow the role: the launch form only in a project where the caller may write datasets.
  const writable = new Set(all.filter((p) => can(ctx.me, p, 'dataset.write')).map((p) => p.id));
  const showForm = (id: string) => (form.hidden = !writable.has(id));
  projectSelect.addEventListener('change', () => showForm(projectSelect.value));
  showForm(projectId);

  const list = h('div', { id: 'extraction-list' });
  async function showList(id: string): Promise<void> {
    if (!id) return replace(list, h('p', { class: 'muted' }, 'No project.'));
    try {
      const rows = await getAll<ExtractionSummary>(`/extractions${query({ projectId: id })}`);
      replace(
        list,
        rows.length === 0
          ? h('p', { class: 'muted' }, 'No extraction in this project yet.')
          : table(null, ['Extraction', 'Name', 'Source', 'Status', 'Cases', 'Dataset', 'Created'], rows.map((x) => [h('a', { href: `#/extractions/${x.id}` }, shortId(x.id)), x.name, `${x.source}: ${x.location}`, x.status, `${x.casesDone} done, ${x.casesFailed} failed of ${x.casesTotal}`, x.datasetId ? shortId(x.datasetId) : '–', new Date(x.createdAt).toLocaleString()])),
      );
    } catch (e) {
      replace(list, errorBox(e));
    }
  }
  await showList(projectId);
  return h(
    'section',
    {},
    h('h1', {}, 'Extractions'),
    h('p', { class: 'muted' }, 'Radiomics features from images and masks, one queue task per case; the features become a dataset of the project.'),
    folders.roots.length === 0 ? h('p', { class: 'muted' }, 'No server folder is allowed (RADSWEEP_IMAGE_ROOTS): upload an archive.') : null,
    form,
    message,
    h('h2', {}, 'Extractions of the project'),
    list,
  );
}

/** One extraction: its facts and a row per case, refreshed every 2 s until it has finished. */
async function extractionPage(ctx: PageContext, id: string): Promise<HTMLElement> {
  const body = h('div', { id: 'extraction' });
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'refresh-extraction', onclick: () => void load() }, 'Refresh');
  let timer: number | undefined;
  ctx.onLeave(() => clearTimeout(timer));
  async function load(): Promise<void> {
    clearTimeout(timer);
    let x: Extraction;
    try {
      x = await getJson<Extraction>(`/extractions/${id}`);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    replace(
      body,
      facts([
        ['Name', x.name],
        ['Status', h('span', { 'data-status': x.status }, x.status)],
        ['Cases', `${x.casesDone} done, ${x.casesFailed} failed of ${x.casesTotal}`],
        ['Source', `${x.source}: ${x.location}`],
        ['Parameter file sha256', h('code', {}, x.paramsSha256)],
        ['Software', x.software],
        ['Dataset', x.datasetId ? h('code', {}, x.datasetId) : '–'],
        ['Note', x.error ? h('span', { class: 'error' }, x.error) : '–'],
      ]),
      h('progress', { max: x.casesTotal || 1, value: x.casesDone + x.casesFailed, 'aria-label': 'cases finished' }),
      table(
        'Cases',
        ['Case', 'Status', 'Image', 'Mask', 'Attempts', 'Worker', 'Error'],
        x.cases.map((c) => [c.caseId, c.status, c.image, c.mask, c.attempts, c.worker ?? '–', c.error ? h('span', { class: 'error' }, c.error) : '']),
        { id: 'extraction-cases', tall: true },
      ),
    );
    if (!finished(x.status)) timer = window.setTimeout(() => void load(), 2000);
  }
  await load();
  return h('section', {}, h('h1', {}, 'Extraction ', shortId(id)), h('p', {}, h('a', { href: '#/extractions' }, 'All extractions'), ' ', refresh), body);
}
