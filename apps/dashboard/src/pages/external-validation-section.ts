/// <reference lib="dom" />
import type { ExternalValidationDetail, ExternalValidationSummary, LockedModelSummary } from '@radsweep/api-contract';
import { getJson } from '../api.js';
import { lineFigure, PALETTE } from '../charts.js';
import { errorBox, facts, h, replace, table } from '../dom.js';
import { calibrationCurves, forestRows, forestSeries, transportRows } from '../external-validation.js';
import { num, shortId } from '../format.js';

/**
 * The model record's External validation part: the model's locked versions (sha256, how the lock was
 * verified, a link to the sealed file) and each one's finished validations: a forest plot of AUC or
 * C-index per centre with its interval, the centres' calibration curves overlaid, and the cohort's
 * transportability table. Loaded after the rest of the page.
 */
export function externalValidationSection(modelResultId: string): HTMLElement {
  const box = h('div', { id: 'external-validation' }, h('p', { class: 'muted' }, 'Loading locked versions…'));
  void load(box, modelResultId).catch((e) => replace(box, errorBox(e)));
  return box;
}

async function load(box: HTMLElement, modelResultId: string): Promise<void> {
  const locked = await getJson<LockedModelSummary[]>(`/results/${encodeURIComponent(modelResultId)}/locked-models`);
  if (locked.length === 0) {
    replace(box, h('p', { class: 'muted' }, 'Not locked yet. Lock it with `radsweep lock --server <url> <run id> <model result id>` (or POST /api/runs/:runId/models/:id/lock), then validate it on an uploaded cohort.'));
    return;
  }
  const parts: HTMLElement[] = [];
  for (const l of locked) {
    const validations = await getJson<ExternalValidationSummary[]>(`/locked-models/${l.id}/validations`);
    parts.push(
      h('h3', {}, `${l.name} (locked ${l.createdAt.slice(0, 10)})`),
      facts([
        ['sha256', h('code', {}, l.sha256)],
        ['Verified', `refit and locked file reproduce the run's ${l.verification.testPatients} test predictions bit for bit`],
        ['File', h('a', { href: `/api/locked-models/${l.id}/file`, 'data-locked-file': l.id }, 'Download the locked model (JSON)')],
      ]),
    );
    if (validations.length === 0) parts.push(h('p', { class: 'muted' }, 'No external validation yet.'));
    for (const v of validations) {
      if (v.status !== 'done') {
        parts.push(h('p', { class: v.status === 'failed' ? 'error' : 'muted' }, `Validation ${shortId(v.id)} on dataset ${shortId(v.datasetId)}: ${v.status}${v.error ? ` (${v.error})` : ''}`));
        continue;
      }
      parts.push(validationView(await getJson<ExternalValidationDetail>(`/validations/${v.id}`)));
    }
  }
  replace(box, parts);
}

function validationView(v: ExternalValidationDetail): HTMLElement {
  const report = v.report!;
  const forest = forestRows(report);
  const cal = calibrationCurves(report);
  const transport = transportRows(report);
  const t = report.transportability?.report;
  const where = `${report.cohort.source} (${report.cohort.rows} patients${report.centreColumn ? `, centres by '${report.centreColumn}'` : ''})`;
  return h(
    'section',
    { 'data-validation': v.id },
    h('h4', {}, `On ${where}`),
    lineFigure(
      `forest-${v.id.slice(0, 8)}`,
      `${forest.metric} per centre with ${forest.interval} intervals (top: pooled)`,
      forestSeries(forest.rows).map((s, i) => ({ ...s, colour: PALETTE[Math.floor(i / 2) % PALETTE.length] })),
      { x: forest.metric, y: 'centre (see table)', xMin: forestMin(forest.rows), xMax: 1, yMin: 0, yMax: forest.rows.length + 1 },
      table(null, ['centre', 'n', forest.metric, 'lower', 'upper', ''], forest.rows.map((r) => [r.label, r.n, num(r.estimate), num(r.lower), num(r.upper), r.note ?? ''])),
    ),
    lineFigure(
      `calibration-${v.id.slice(0, 8)}`,
      `Calibration per centre: ${cal.caption}`,
      [...cal.curves.map((c) => ({ ...c, points: true })), { label: 'perfect calibration', x: [0, 1], y: [0, 1], dashed: true, colour: '#888888' }],
      { x: 'Predicted', y: 'Observed', xMin: 0, xMax: 1, yMin: 0, yMax: 1 },
      table(null, ['centre', 'predicted', 'observed'], cal.curves.flatMap((c) => c.x.map((x, i) => [c.label, num(x), num(c.y[i])])), { tall: true }),
    ),
    t
      ? h(
          'div',
          {},
          h('p', {}, `Transportability against ${report.transportability!.development.source}: membership model AUC ${num(t.membership.auc)} (0.5: the cohorts are indistinguishable); ${report.transportability!.featureValues}.`),
          table('Case mix, ranked by |SMD|', ['variable', 'role', 'development', 'external', 'SMD', 'missing (dev / ext)'], transport.map((r) => [r.name, r.role, r.development, r.external, num(r.smd), r.missing]), { tall: true, id: `transport-${v.id.slice(0, 8)}` }),
        )
      : h('p', { class: 'muted' }, `No transportability report${report.transportabilityError ? `: ${report.transportabilityError}` : ''}.`),
  );
}

/** The forest plot's left end: a tenth below the lowest bound shown (0.5 when all are above 0.6), never below 0. */
function forestMin(rows: { lower: number | null; estimate: number | null }[]): number {
  const low = Math.min(...rows.map((r) => r.lower ?? r.estimate ?? 1));
  return Math.max(0, Math.min(0.5, Math.floor((low - 0.1) * 10) / 10));
}
