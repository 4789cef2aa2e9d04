import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, runChecklists, runSurvivalExperiment, type Checklist, type SurvivalExperimentResults } from '@radsweep/pipeline';
import { REPO, tempDir, writeExperiment } from '../engine/support';

/** The checklists of a survival run (Rotterdam, Cox PH, two endpoints' worth of facts recounted from the CSV). */
const data = join(REPO, 'examples/data/rotterdam.csv');
const gbsg = join(REPO, 'examples/data/gbsg.csv');
const spec = {
  name: 'rotterdam-checklist',
  seed: 42,
  dataset: { path: data, idColumn: 'id' },
  endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [1096, 1826] }],
  featureSets: [{ name: 'clinical', include: ['age', 'size', 'nodes', 'pgr'] }],
  validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 3 }, external: [{ name: 'gbsg', path: gbsg }] },
  steps: [{ median_imputer: {} }, { standard_scaler: {} }],
  models: [{ id: 'cox_ph', grid: { l2: [0, 1] } }, { id: 'lasso_cox', params: { cv_folds: 3 }, grid: { alpha: [1, 0.1] } }],
  scoring: 'harrell_c',
};
// A copy of the cohort where every 4th censored patient has event code 2: a competing event for an endpoint of code 1.
const competingDir = tempDir('radsweep-surv-competing-');
const competingData = join(competingDir, 'rotterdam-competing.csv');
{
  const [head, ...rows] = readFileSync(data, 'utf8').trim().split('\n');
  const ev = head.split(',').map((h) => h.replace(/"/g, '')).indexOf('event');
  let censored = 0;
  const recoded = rows.map((l) => {
    const cells = l.split(',');
    if (cells[ev] === '0' && censored++ % 4 === 0) cells[ev] = '2';
    return cells.join(',');
  });
  writeFileSync(competingData, [head, ...recoded].join('\n') + '\n');
}

let results: SurvivalExperimentResults;
let lists: Checklist[];
let competing: Checklist[];
beforeAll(async () => {
  results = await runSurvivalExperiment(loadExperiment(writeExperiment(tempDir('radsweep-surv-checklist-'), spec)), { workers: 0 });
  lists = runChecklists(results);
  const competingSpec = { ...spec, name: 'rotterdam-competing', dataset: { path: competingData, idColumn: 'id' }, models: [{ id: 'cox_ph', grid: { l2: [0] } }], validation: { ...spec.validation, external: undefined } };
  competing = runChecklists(await runSurvivalExperiment(loadExperiment(writeExperiment(competingDir, competingSpec)), { workers: 0 }));
});

const item = (c: Checklist, id: string) => c.items.find((i) => i.id === id)!;
/** The run's choice: the model with the highest mean CV Harrell's C (recomputed here from the stored fold C-indices). */
const bestByCv = () => {
  const meanOf = (m: SurvivalExperimentResults['endpoints'][number]['featureSets'][number]['models'][number]) => {
    const folds = m.cv.perConfig[m.bestConfigIndex].foldC;
    return folds.reduce((a, b) => a + b, 0) / folds.length;
  };
  return [...results.endpoints[0].featureSets[0].models].sort((a, b) => meanOf(b) - meanOf(a))[0];
};

describe('checklists of a survival run', () => {
  it('sample size counts the events of interest recounted from the CSV, per endpoint and feature set', () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const head = lines[0].split(',').map((h) => h.replace(/"/g, ''));
    const ev = head.indexOf('event');
    const idAt = head.indexOf('id');
    const eventOf = new Map(lines.slice(1).map((l) => [l.split(',')[idAt], l.split(',')[ev]]));
    const events = [...eventOf.values()].filter((v) => v === '1').length;
    const ep = results.endpoints[0];
    const trainEvents = ep.split.trainIds.filter((id) => eventOf.get(id) === '1').length;
    const text = item(lists[0], '10').answer;
    expect(text).toContain(`${lines.length - 1} patients. Endpoints: rfs (time time, event event in {1}, horizons 1096, 1826; ${events} events of interest in ${lines.length - 1} patients`);
    expect(text).toContain(`rfs / clinical: ${ep.split.trainIds.length} training patients with ${trainEvents} events for 4 candidate features`);
  });

  it('measures, model output and performance speak of C-index, td-AUC and horizons, never of AUC thresholds', () => {
    expect(item(lists[0], '12e').answer).toContain("Harrell's C");
    expect(item(lists[0], '12e').answer).toContain('rfs: 1096, 1826');
    expect(item(lists[0], '15').answer).toContain('no classification threshold');
    const m = bestByCv();
    const perf = item(lists[0], '23a').answer;
    expect(perf).toContain(`best by CV ${m.label} (CV Harrell's C ${m.cv.cIndex.mean.toFixed(3)}`);
    // never the other model, whatever its test C
    const other = results.endpoints[0].featureSets[0].models.find((x) => x.model !== m.model)!;
    expect(perf).not.toContain(`best by CV ${other.label}`);
    expect(perf).toContain(`test Harrell's C ${m.test!.harrellC.estimate.toFixed(3)}`);
    expect(perf).toContain(`at 1826: td-AUC ${m.test!.atHorizon[1].auc.estimate.toFixed(3)}`);
    expect(item(lists[1], '27').answer).toContain("highest mean CV Harrell's C");
    expect(item(lists[0], '13').status).toBe('not-applicable');
  });

  it('outcome (TRIPOD 8a, CLAIM 15): events, censored and competing counts recounted from the CSV, and how each measure handles censoring', () => {
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const head = lines[0].split(',').map((h) => h.replace(/"/g, ''));
    const events = lines.slice(1).filter((l) => l.split(',')[head.indexOf('event')] === '1').length;
    const n = lines.length - 1;
    for (const [list, id] of [[lists[0], '8a'], [lists[1], '15']] as const) {
      const it8 = item(list, id);
      expect(it8.status).toBe('partial');
      expect(it8.answer).toContain(`rfs: ${events} events of interest and ${n - events} censored of ${n} patients, 0 of the censored had a competing event, censored at their time (cause-specific)`);
      expect(it8.answer).toContain('inverse probability of censoring');
      expect(it8.needs).toMatch(/ascertained/);
      expect(it8.evidence.map((r) => r.target)).toEqual(expect.arrayContaining(['spec', 'dataset']));
    }
    expect(item(lists[0], '12e').answer).toContain('competing events censored at their time (cause-specific)');
  });

  it('performance (TRIPOD 23a, CLAIM 36/37): Uno\'s C with its CI, the IBS beside the null model\'s, and calibration at each horizon from the stored risk groups', () => {
    const m = bestByCv();
    const t = m.test!;
    const perf = item(lists[0], '23a').answer;
    expect(perf).toContain(`Uno's C ${t.unoC.estimate.toFixed(3)} (95 % CI ${t.unoC.lower.toFixed(3)}-${t.unoC.upper.toFixed(3)}, truncated at ${t.unoC.tau})`);
    expect(t.ibs).not.toBeNull();
    expect(perf).toContain(`integrated Brier score ${t.ibs!.estimate.toFixed(3)} (null Kaplan-Meier model ${t.ibs!.nullEstimate.toFixed(3)}) up to ${t.ibs!.times.at(-1)}`);
    for (const h of t.atHorizon) {
      // recomputed here from the stored groups: the largest gap, and the groups whose observed CI misses the prediction
      const gap = Math.max(...h.calibration.map((g) => Math.abs(g.observedRisk - g.meanPredictedRisk)));
      const missed = h.calibration.filter((g) => g.meanPredictedRisk < g.observedLower || g.meanPredictedRisk > g.observedUpper).length;
      expect(h.calibration.length).toBeGreaterThan(1);
      expect(perf).toContain(`at ${h.horizon}: td-AUC ${h.auc.estimate.toFixed(3)}`);
      expect(perf).toContain(`Brier ${h.brier.estimate.toFixed(3)} (null model ${h.nullBrier.estimate.toFixed(3)}), calibration over ${h.calibration.length} risk groups: largest |observed - predicted risk| ${gap.toFixed(3)}, ${missed} group${missed === 1 ? '' : 's'} with the prediction outside the observed 95 % CI`);
    }
    expect(item(lists[1], '36').answer).toContain(perf);
    expect(item(lists[0], '23a').evidence.find((r) => r.target === 'model')).toMatchObject({ label: `Kaplan-Meier, td-AUC, calibration and decision curves: rfs / clinical / ${m.model}`, endpoint: 'rfs', model: m.model });
  });

  it('CLAIM speaks of risk scores, not probabilities or confusion matrices', () => {
    expect(item(lists[1], '23').answer).toContain('output: a risk score and the predicted survival at each horizon');
    for (const id of ['37', '38']) expect(JSON.stringify(item(lists[1], id))).not.toMatch(/confusion|ROC/);
    expect(item(lists[1], '38').answer).toContain('risk score and predicted survival at each horizon');
  });

  it('evidence references carry the endpoint (the leaderboard and model pages are per endpoint)', () => {
    const refs = lists[0].items.flatMap((i) => i.evidence).filter((r) => r.target === 'leaderboard' || r.target === 'model');
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r).toMatchObject({ endpoint: 'rfs', featureSet: 'clinical' });
  });

  it('hyper-parameter search and leakage (TRIPOD 12a, 12c): the grid size, the fit count recounted from the stored configurations, the chain fitted inside folds', () => {
    const ep = results.endpoints[0];
    const fits = ep.featureSets[0].models.reduce((n, m) => n + m.cv.perConfig.length * ep.cv.foldsPerRepeat * ep.cv.repeats + (m.test ? 1 : 0), 0);
    expect(fits).toBe(2 * (2 * 3 + 1));
    const text = item(lists[0], '12c').answer;
    expect(text).toContain('Cox proportional hazards (2 configurations), LASSO / elastic-net Cox (2 configurations)');
    expect(text).toContain(`${fits} fits in all`);
    expect(item(lists[0], '12a').answer).toContain('(median_imputer → standard_scaler) was fitted inside each CV fold');
  });

  it("decision curve and risk groups (TRIPOD 23a): counted again from the stored curve and each test patient's risk score against the training cut-off", () => {
    const m = bestByCv();
    const t = m.test!;
    const perf = item(lists[0], '23a').answer;
    for (const h of t.atHorizon) {
      const better = h.decisionCurve.filter((p) => p.model > p.treatAll && p.model > 0).map((p) => p.threshold);
      expect(perf).toContain(`at ${better.length} of 99 risk thresholds${better.length ? ` (lowest ${better[0].toFixed(2)}, highest ${better.at(-1)!.toFixed(2)})` : ''}`);
    }
    const [cut] = t.riskGroups.cutoffs;
    const low = m.predictions.filter((p) => p.linearPredictor <= cut);
    const high = m.predictions.filter((p) => p.linearPredictor > cut);
    const events = (ps: typeof low) => ps.filter((p) => p.event === 1).length;
    expect(low.length + high.length).toBe(t.n);
    expect(perf).toContain(`risk groups by the training cohort's median of the risk score, lowest risk first: ${low.length} (${events(low)} events), ${high.length} (${events(high)} events), log-rank p`);
  });

  it("external validation (CLAIM 33, TRIPOD 20c): the external cohort's patients and events recounted from its CSV, with the best model's Harrell's C there", () => {
    const lines = readFileSync(gbsg, 'utf8').trim().split('\n');
    const ev = lines[0].split(',').map((h) => h.replace(/"/g, '')).indexOf('event');
    const events = lines.slice(1).filter((l) => l.split(',')[ev] === '1').length;
    const m = bestByCv();
    const c = m.external![0].results;
    if (c.kind !== 'survival') throw new Error('a survival cohort result expected');
    const claim33 = item(lists[1], '33');
    expect(claim33.status).toBe('filled');
    expect(claim33.answer).toContain(`gbsg (${lines.length - 1} rows, sha256 ${createHash('sha256').update(readFileSync(gbsg)).digest('hex').slice(0, 12)}...): rfs / clinical / ${m.label}: ${lines.length - 1} patients with ${events} events, Harrell's C ${c.pooled.harrellC.estimate.toFixed(3)}`);
    expect(item(lists[0], '20c').status).toBe('partial');
    expect(item(lists[0], '23a').answer).toContain('on 1 external cohort: gbsg');
  });

  it('software and the dataset sha256 (CLAIM 24) are those of the run and of the CSV itself', () => {
    const text = item(lists[1], '24').answer;
    expect(text).toContain(createHash('sha256').update(readFileSync(data)).digest('hex'));
    expect(text).toContain(`radsweep ${results.software.radsweep}`);
  });

  it('competing events (TRIPOD 8a, CLAIM 15): counted again from the recoded CSV, censored at their time', () => {
    const lines = readFileSync(competingData, 'utf8').trim().split('\n');
    const ev = lines[0].split(',').map((h) => h.replace(/"/g, '')).indexOf('event');
    const codes = lines.slice(1).map((l) => l.split(',')[ev]);
    const events = codes.filter((c) => c === '1').length;
    const competingCount = codes.filter((c) => c === '2').length;
    expect(competingCount).toBeGreaterThan(100);
    for (const [list, id] of [[competing[0], '8a'], [competing[1], '15']] as const) {
      expect(item(list, id).answer).toContain(`rfs: ${events} events of interest and ${codes.length - events} censored of ${codes.length} patients, ${competingCount} of the censored had a competing event, censored at their time (cause-specific)`);
    }
    expect(item(competing[0], '10').answer).toContain(`${events} events of interest in ${codes.length} patients, ${competingCount} competing events censored at their time`);
  });
});
