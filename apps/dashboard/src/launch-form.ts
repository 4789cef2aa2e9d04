/// <reference lib="dom" />
import { type Dataset, type Experiment, postJson, type RunProgress } from './api.js';
import { h, replace } from './dom.js';

/**
 * The launch form (experiment x dataset -> POST /api/runs), on the Runs and Set-up pages. Its elements are
 * `<id>-experiment`, `<id>-dataset` and the button `<id>`; `offer` replaces the choices (a new experiment or
 * dataset); a refusal is written to `message`.
 */
export function launchForm(id: string, message: HTMLElement, launched: (run: RunProgress) => void) {
  const expSelect = h('select', { id: `${id}-experiment` });
  const dsSelect = h('select', { id: `${id}-dataset` });
  const button = h('button', { type: 'submit', id }, 'Launch run');
  const form = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Launch a run',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          launched(await postJson<RunProgress>('/runs', { experimentId: expSelect.value, datasetId: dsSelect.value }));
        } catch (err) {
          message.textContent = err instanceof Error ? err.message : String(err);
        }
      },
    },
    h('label', { for: `${id}-experiment` }, 'Experiment', expSelect),
    h('label', { for: `${id}-dataset` }, 'Dataset', dsSelect),
    button,
  );
  return {
    form,
    offer(experiments: Pick<Experiment, 'id' | 'name' | 'version'>[], datasets: Pick<Dataset, 'id' | 'name' | 'rowCount'>[]): void {
      replace(expSelect, experiments.map((x) => h('option', { value: x.id }, `${x.name} v${x.version}`)));
      replace(dsSelect, datasets.map((d) => h('option', { value: d.id }, `${d.name} (${d.rowCount} rows)`)));
      button.disabled = !experiments.length || !datasets.length;
    },
  };
}
