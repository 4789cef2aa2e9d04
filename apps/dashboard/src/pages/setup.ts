/// <reference lib="dom" />
import { type Dataset, type Experiment, getAll, getJson, postForm, postJson, query } from '../api.js';
import { classBalance, type CsvPreview, detectIdColumn, detectLabelColumn, missingPerColumn, parseCsvPreview } from '../csv-preview.js';
import { h, replace, table } from '../dom.js';
import { launchForm } from '../launch-form.js';
import type { PageContext } from '../main.js';
import { can, type Permission, type ProjectWithRole, ROLE_LABEL } from '../roles.js';
import { FORM_MODELS, FORM_STEPS, specFromForm } from '../spec-form.js';
import type { SchemaObject } from '../spec-schema.js';
import { checkSpecText, type YamlModule } from '../spec-text.js';
import { messageOf } from './password.js';

/** How much of a file the preview reads (the whole file when smaller) and how many rows it parses at most. */
const PREVIEW_BYTES = 4 * 1024 * 1024;
const PREVIEW_ROWS = 20_000;
/** Where the browser loads the experiment schema from (apps/server/src/dashboard/dashboard-assets.ts; the yaml parser: /vendor/yaml/). */
const SCHEMA_URL = '/vendor/experiment.schema.json';

const STEPS_OF_SETUP: Permission[] = ['dataset.write', 'experiment.write', 'run.launch'];

/**
 * Setting up a study in a project: upload a dataset (previewed first: columns, the id and label columns it
 * looks like, the class balance and missing cells), write the experiment (a form, or YAML checked against the
 * schema as it is typed) and launch a run. Only the projects where the caller may do these are offered, and
 * each part shows only when their role allows it (a PI or reviewer sees none).
 */
export async function setupPage(ctx: PageContext): Promise<HTMLElement> {
  const me = ctx.me;
  const all = await getJson<ProjectWithRole[]>('/projects');
  const projects = all.filter((p) => STEPS_OF_SETUP.some((perm) => can(me, p, perm)));
  const heading = h('h1', {}, 'Set up a study');
  if (!projects.length) {
    const roles = all.map((p) => `${p.name}: ${p.role ? ROLE_LABEL[p.role] : '–'}`).join('; ');
    return h('section', {}, heading, h('p', { id: 'setup-none' }, 'Uploading data, writing experiments and launching runs is for owners and data scientists of a project.', roles ? ` Your roles: ${roles}.` : ' You are in no project yet.'));
  }
  const projectId = projects.some((p) => p.id === ctx.params.get('projectId')) ? ctx.params.get('projectId')! : projects[0].id;
  const project = projects.find((p) => p.id === projectId)!;
  const picker = h(
    'select',
    { id: 'setup-project', onchange: () => (location.hash = `#/setup${query({ projectId: picker.value })}`) },
    projects.map((p) => h('option', { value: p.id, selected: p.id === projectId }, `${p.name}${p.role ? ` (${ROLE_LABEL[p.role]})` : ''}`)),
  );
  const [yaml, schema, datasets, experiments] = await Promise.all([
    // @ts-expect-error not a repository module: the browser loads the yaml parser from the server's /vendor/yaml/ route
    import('/vendor/yaml/index.js') as Promise<YamlModule>,
    fetch(SCHEMA_URL).then((r) => r.json() as Promise<SchemaObject>),
    getAll<Dataset>(`/datasets${query({ projectId })}`),
    getAll<Experiment>(`/experiments${query({ projectId })}`),
  ]);
  const state = {
    datasets: datasets.filter((d) => d.projectId === projectId),
    experiments: experiments.filter((e) => e.projectId === projectId),
  };
  const launch = can(me, project, 'run.launch') ? launchSection(state) : null;
  const experiment = can(me, project, 'experiment.write') ? experimentSection(projectId, yaml, schema, (e) => launch?.addExperiment(e)) : null;
  const upload = can(me, project, 'dataset.write') ? uploadSection(projectId, (d, preview) => {
    launch?.addDataset(d);
    experiment?.useDataset(d, preview);
  }) : null;
  return h(
    'section',
    {},
    heading,
    h('div', { class: 'controls' }, h('label', { for: 'setup-project' }, 'Project', picker)),
    upload?.element ?? null,
    experiment?.element ?? null,
    launch?.element ?? null,
  );
}

/** What the dataset upload learnt: the preview and the chosen id and label columns. */
interface PreviewChoice {
  preview: CsvPreview;
  idColumn: string;
  labelColumn: string;
}

function uploadSection(projectId: string, uploaded: (d: Dataset, choice: PreviewChoice | null) => void) {
  const file = h('input', { type: 'file', id: 'dataset-file', accept: '.csv,.tsv,.txt,.arrow,.feather,.parquet' });
  const name = h('input', { type: 'text', id: 'dataset-name', placeholder: 'the file name' });
  const idSelect = h('select', { id: 'dataset-id-column' });
  const labelSelect = h('select', { id: 'dataset-label-column' });
  const previewBox = h('div', { id: 'dataset-preview' });
  const status = h('p', { role: 'status', id: 'dataset-status' });
  const submit = h('button', { type: 'submit', id: 'dataset-upload', disabled: true }, 'Upload dataset');
  let preview: CsvPreview | null = null;

  const fill = (select: HTMLSelectElement, columns: string[], chosen: string | null, none: string) =>
    replace(select, h('option', { value: '' }, none), columns.map((c) => h('option', { value: c, selected: c === chosen }, c)));

  function showStats(): void {
    if (!preview) return;
    const p = preview;
    const shownColumns = p.header.slice(0, 30);
    const missing = missingPerColumn(p);
    const withMissing = missing.filter((m) => m.missing > 0).length;
    const scope = p.complete ? `all ${p.rows.length} rows` : `the first ${p.rows.length} rows (the file is larger; the server reads all of it)`;
    const label = labelSelect.value;
    const balance = label ? classBalance(p, label) : null;
    replace(
      previewBox,
      h('p', {}, `${p.header.length} columns; figures below from ${scope}. Detected: id column `, h('strong', { id: 'detected-id' }, detectIdColumn(p) ?? 'none'), ', label column ', h('strong', { id: 'detected-label' }, detectLabelColumn(p) ?? 'none'), '.'),
      table(`First rows${p.header.length > 30 ? ' (first 30 columns)' : ''}`, shownColumns, p.rows.slice(0, 5).map((r) => r.slice(0, 30)), { id: 'preview-rows' }),
      h('div', { class: 'grid2' },
        h('div', {},
          h('h3', {}, 'Class balance'),
          balance
            ? [
                table(`Values of ${balance.column}`, ['Value', 'Rows', 'Share'], balance.classes.map((c) => [c.value, c.count, `${(100 * c.share).toFixed(1)} %`]), { id: 'class-balance-table' }),
                balance.classes.length !== 2 ? h('p', { class: 'warning' }, `${balance.column} has ${balance.classes.length} distinct values: a binary endpoint needs 2.`) : null,
                balance.missing ? h('p', { class: 'warning' }, `${balance.missing} row(s) without a label.`) : null,
              ]
            : h('p', { class: 'muted' }, 'Choose the label column to see its class balance.'),
        ),
        h('div', {},
          h('h3', {}, 'Missing values per column'),
          h('p', { id: 'missing-summary' }, withMissing ? `${withMissing} of ${p.header.length} columns have missing cells.` : 'No missing cell.'),
          table('Missing cells per column', ['Column', 'Missing', 'Share'], missing.map((m) => [m.column, m.missing, p.rows.length ? `${((100 * m.missing) / p.rows.length).toFixed(1)} %` : '–']), { id: 'missing-table', tall: true }),
        ),
      ),
    );
  }

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    preview = null;
    replace(previewBox);
    status.textContent = '';
    submit.disabled = !f;
    if (!f) return;
    if (!name.value) name.placeholder = f.name.replace(/\.[^.]+$/, '');
    if (!/\.(csv|tsv|txt)$/i.test(f.name)) {
      fill(idSelect, [], null, '(read by the server)');
      fill(labelSelect, [], null, '(type it below)');
      replace(previewBox, h('p', { class: 'muted' }, 'Arrow and Parquet files are not previewed here; the server reads them on upload.'));
      return;
    }
    try {
      preview = parseCsvPreview(await f.slice(0, PREVIEW_BYTES).text(), PREVIEW_ROWS, f.size <= PREVIEW_BYTES);
      fill(idSelect, preview.header, detectIdColumn(preview), '(choose)');
      fill(labelSelect, preview.header, detectLabelColumn(preview), '(none)');
      showStats();
    } catch (e) {
      submit.disabled = true;
      replace(previewBox, h('p', { class: 'error', role: 'alert' }, `${f.name}: ${messageOf(e)}`));
    }
  });
  labelSelect.addEventListener('change', showStats);

  const form = h(
    'form',
    {
      'aria-label': 'Upload a dataset',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (!f) return;
        const data = new FormData();
        data.append('name', name.value.trim() || name.placeholder);
        if (labelSelect.value) data.append('labelColumn', labelSelect.value);
        data.append('file', f, f.name);
        submit.disabled = true;
        status.textContent = `Uploading ${f.name}…`;
        try {
          const d = await postForm<Dataset>(`/datasets${query({ projectId })}`, data);
          status.textContent = `Dataset ${d.name} stored: ${d.rowCount} rows.`;
          uploaded(d, preview && idSelect.value && labelSelect.value ? { preview, idColumn: idSelect.value, labelColumn: labelSelect.value } : null);
        } catch (err) {
          status.textContent = messageOf(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('div', { class: 'controls' }, h('label', { for: 'dataset-file' }, 'Data file (CSV, Arrow or Parquet)', file), h('label', { for: 'dataset-name' }, 'Dataset name', name)),
    h('div', { class: 'controls' }, h('label', { for: 'dataset-id-column' }, 'Patient id column', idSelect), h('label', { for: 'dataset-label-column' }, 'Label column', labelSelect), submit),
  );
  return { element: h('div', { id: 'upload-section' }, h('h2', {}, '1. Dataset'), form, previewBox, status) };
}

function experimentSection(projectId: string, yaml: YamlModule, schema: SchemaObject, created: (e: Experiment) => void) {
  const input = (id: string, value: string, attrs: Record<string, string | number | boolean> = {}) => h('input', { type: 'text', id, value, ...attrs });
  const f = {
    name: input('spec-name', 'my-study', { required: true }),
    seed: input('spec-seed', '42', { inputmode: 'numeric' }),
    idColumn: input('spec-id-column', 'id'),
    labelColumn: input('spec-label-column', 'label'),
    positiveClass: input('spec-positive-class', '1'),
    featureSets: h('textarea', { id: 'spec-feature-sets', rows: 3, cols: 50, spellcheck: false }, 'all: *'),
    testSize: input('spec-test-size', '0.2', { inputmode: 'decimal' }),
    folds: input('spec-folds', '5', { inputmode: 'numeric' }),
  };
  let datasetPath = 'data.csv';
  const stepBoxes = Object.entries(FORM_STEPS).map(([id, s]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value: id, 'data-step': id, checked: id !== 'welch_ttest' }), s.label));
  const modelBoxes = Object.entries(FORM_MODELS).map(([id, m]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', value: id, 'data-model': id, checked: id === 'logistic_regression' || id === 'random_forest' }), m.label));
  const checked = (labels: HTMLLabelElement[]) => labels.map((l) => l.querySelector('input')!).filter((i) => i.checked).map((i) => i.value);
  const editor = h('textarea', { id: 'spec-yaml', rows: 22, cols: 80, spellcheck: false, 'aria-describedby': 'spec-errors', 'aria-label': 'Experiment (YAML)' });
  const errors = h('div', { id: 'spec-errors', 'aria-live': 'polite' });
  const status = h('p', { role: 'status', id: 'spec-status' });
  const save = h('button', { type: 'button', id: 'spec-save', disabled: true }, 'Create experiment');

  function fromForm(): void {
    const spec = specFromForm({
      name: f.name.value,
      description: '',
      seed: Number(f.seed.value),
      datasetPath,
      idColumn: f.idColumn.value.trim(),
      labelColumn: f.labelColumn.value.trim(),
      positiveClass: f.positiveClass.value,
      featureSets: f.featureSets.value,
      testSize: Number(f.testSize.value),
      folds: Number(f.folds.value),
      steps: checked(stepBoxes),
      models: checked(modelBoxes),
    });
    editor.value = yaml.stringify(spec, { flowCollectionPadding: false });
    recheck();
  }

  /** Checks the editor's text now: every problem with its path and line, the save button only for a valid spec. */
  function recheck(): void {
    const result = checkSpecText(yaml, schema, editor.value);
    save.disabled = result.errors.length > 0;
    editor.setAttribute('aria-invalid', String(result.errors.length > 0));
    replace(
      errors,
      result.errors.length
        ? h('ul', { class: 'error', id: 'spec-error-list' }, result.errors.map((e) => h('li', { 'data-path': e.path }, h('code', {}, e.path), e.line ? ` (line ${e.line})` : '', `: ${e.message}`)))
        : h('p', { id: 'spec-valid' }, '✓ The spec matches the experiment schema. The server checks it again (models, steps and columns) when it is saved.'),
    );
  }
  editor.addEventListener('input', recheck);
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const e = await postJson<Experiment>(`/experiments${query({ projectId })}`, { specText: editor.value });
      status.textContent = `Experiment ${e.name} v${e.version} saved.`;
      created(e);
    } catch (err) {
      status.textContent = messageOf(err);
    } finally {
      save.disabled = false;
    }
  });

  const form = h(
    'fieldset',
    { id: 'spec-form' },
    h('legend', {}, 'Form'),
    h('div', { class: 'controls' }, h('label', { for: 'spec-name' }, 'Name', f.name), h('label', { for: 'spec-seed' }, 'Seed', f.seed), h('label', { for: 'spec-id-column' }, 'Id column', f.idColumn), h('label', { for: 'spec-label-column' }, 'Label column', f.labelColumn), h('label', { for: 'spec-positive-class' }, 'Positive class', f.positiveClass)),
    h('div', { class: 'controls' }, h('label', { for: 'spec-feature-sets' }, 'Feature sets, one a line: name: column globs', f.featureSets), h('label', { for: 'spec-test-size' }, 'Test share', f.testSize), h('label', { for: 'spec-folds' }, 'CV folds', f.folds)),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Preprocessing steps' }, h('span', { class: 'muted' }, 'Steps:'), stepBoxes),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Models' }, h('span', { class: 'muted' }, 'Models:'), modelBoxes),
    h('button', { type: 'button', id: 'spec-from-form', class: 'secondary', onclick: fromForm }, 'Write the form into the editor'),
  );
  fromForm();
  return {
    element: h(
      'div',
      { id: 'experiment-section' },
      h('h2', {}, '2. Experiment'),
      h('p', { class: 'muted' }, 'Fill the form, or edit the YAML directly (every key of an experiment file): it is checked against the experiment schema as you type.'),
      form,
      h('label', { for: 'spec-yaml', class: 'block' }, 'Experiment (YAML)'),
      editor,
      errors,
      h('div', { class: 'controls' }, save),
      status,
    ),
    /** A just uploaded dataset: its file name and detected columns go into the form. */
    useDataset(d: Dataset, choice: PreviewChoice | null): void {
      datasetPath = d.fileName;
      f.name.value = d.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
      if (choice) {
        f.idColumn.value = choice.idColumn;
        f.labelColumn.value = choice.labelColumn;
        const values = classBalance(choice.preview, choice.labelColumn).classes.map((c) => c.value);
        // the rarer class is usually the event of interest; "1" when the labels are 0/1
        f.positiveClass.value = values.includes('1') ? '1' : (values.at(-1) ?? '');
      }
      fromForm();
    },
  };
}

function launchSection(state: { datasets: Dataset[]; experiments: Experiment[] }) {
  const status = h('p', { role: 'status', id: 'launch-status' });
  const launch = launchForm('setup-launch', status, () => (location.hash = '#/runs'));
  const offer = () => launch.offer(state.experiments, state.datasets);
  offer();
  return {
    element: h('div', { id: 'launch-section' }, h('h2', {}, '3. Launch'), launch.form, status),
    addExperiment(e: Experiment): void {
      state.experiments.unshift(e);
      offer();
    },
    addDataset(d: Dataset): void {
      state.datasets.unshift(d);
      offer();
    },
  };
}
