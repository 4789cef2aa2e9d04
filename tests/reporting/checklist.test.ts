import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checklistHtml, checklistMarkdown, claimChecklist, ExperimentResults, loadExperiment, runChecklists, runExperiment, studyFacts, tripodAiChecklist, type Checklist, type ChecklistItem,
} from '@radsweep/pipeline';
import { REPO, reducedSpec, tempDir, writeExperiment } from '../engine/support';

/**
 * The TRIPOD+AI and CLAIM checklists of a real (small) run: every number an item cites is
 * recounted here from the CSV and the results' own id lists, not read back from the checklist code.
 */
const dir = tempDir('radsweep-checklist-');
const source = readFileSync(join(REPO, 'examples/data/wdbc.csv'), 'utf8').trim().split('\n');
const header = source[0].split(',');
const labelAt = header.indexOf('label');
const worstCols = header.map((h, i) => [h, i] as const).filter(([h]) => h.startsWith('worst_'));
// Blank a known pattern of cells in two worst_* columns so the run must impute.
const blanks = new Map<number, Set<number>>([[worstCols[0][1], new Set([3, 17, 40, 41])], [worstCols[2][1], new Set([5])]]);
const holed = [source[0], ...source.slice(1).map((line, r) => line.split(',').map((cell, c) => (blanks.get(c)?.has(r) ? '' : cell)).join(','))];
const dataPath = join(dir, 'wdbc-holed.csv');
writeFileSync(dataPath, holed.join('\n') + '\n');

/** Missing cells per column, counted from the CSV text (an empty cell is missing). */
function profileFromCsv(lines: string[]) {
  const names = lines[0].split(',');
  const missing = names.map(() => 0);
  for (const line of lines.slice(1)) line.split(',').forEach((cell, c) => (missing[c] += cell.trim() === '' ? 1 : 0));
  return { columns: names.map((name, c) => ({ name, missing: missing[c] })) };
}

function spec(extra: Record<string, unknown> = {}) {
  const s = reducedSpec(dataPath);
  s.featureSets = [{ name: 'worst', include: ['worst_*'] }];
  s.steps = [{ median_imputer: {} }, { standard_scaler: {} }, { welch_ttest: { alpha: 0.05 } }];
  s.models = [{ id: 'logistic_regression', grid: { C: [0.01, 1] } }, { id: 'gaussian_nb', grid: { var_smoothing: [1e-9] } }, { id: 'decision_tree', grid: { max_depth: [2, null] } }];
  return { ...s, ...extra };
}

let results: ExperimentResults;
let noSampler: ExperimentResults;
let leaky: ExperimentResults;
let external: ExperimentResults;
beforeAll(async () => {
  results = await runExperiment(loadExperiment(writeExperiment(dir, spec(), 'main.yaml')), { workers: 0 });
  noSampler = await runExperiment(loadExperiment(writeExperiment(dir, { ...spec(), sampler: undefined }, 'plain.yaml')), { workers: 0 });
  leaky = await runExperiment(loadExperiment(writeExperiment(dir, spec({ leakyReplicateAsPublished: true }), 'leaky.yaml')), { workers: 0 });
  // The unholed source file as an "external" cohort: its positives are recounted below.
  const base = spec();
  external = await runExperiment(loadExperiment(writeExperiment(dir, { ...base, validation: { ...(base.validation as object), external: [{ name: 'again', path: join(REPO, 'examples/data/wdbc.csv') }] } }, 'external.yaml')), { workers: 0 });
});

const item = (c: Checklist, id: string): ChecklistItem => {
  const found = c.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

describe('the items of each guideline', () => {
  it('TRIPOD+AI: items 1 to 27 with their sub-items, in order, each once', () => {
    const ids = tripodAiChecklist(studyFacts(results)).items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...new Set(ids.map((id) => Number.parseInt(id, 10)))]).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    for (const parent of ['3', '6', '8', '9', '12', '18', '20', '23', '27']) expect(ids.filter((id) => id.startsWith(parent) && /\D$/.test(id)).length).toBeGreaterThan(1);
  });

  it('CLAIM 2024: items 1 to 44 in order', () => {
    expect(claimChecklist(studyFacts(results)).items.map((i) => i.id)).toEqual(Array.from({ length: 44 }, (_, i) => String(i + 1)));
  });

  it('every filled or partial item says what the run answers; every person or partial item says what the authors add', () => {
    for (const c of runChecklists(results)) {
      expect(c.counts.filled + c.counts.partial + c.counts.person + c.counts['not-applicable']).toBe(c.items.length);
      expect(c.counts.filled).toBeGreaterThan(5);
      for (const i of c.items) {
        if (i.status === 'filled' || i.status === 'partial') expect(i.answer.length, `${c.guideline} ${i.id}`).toBeGreaterThan(20);
        if (i.status === 'person' || i.status === 'partial') expect(i.needs?.length, `${c.guideline} ${i.id}`).toBeGreaterThan(5);
      }
    }
  });
});

describe('what the run evidences', () => {
  it('sample size and events per candidate feature are the recounted figures', () => {
    const labels = holed.slice(1).map((l) => l.split(',')[labelAt]);
    const positives = labels.filter((v) => v === '1').length;
    const idAt = header.indexOf('id');
    const labelOfId = new Map(holed.slice(1).map((l) => [l.split(',')[idAt], l.split(',')[labelAt]]));
    const trainEvents = results.split.trainIds.filter((id) => labelOfId.get(id) === '1').length;
    const text = item(tripodAiChecklist(studyFacts(results)), '10').answer;
    expect(text).toContain(`${labels.length} patients, ${positives} with the outcome`);
    expect(text).toContain(`${results.split.trainIds.length} training patients with ${trainEvents} events for ${worstCols.length} candidate features`);
    expect(text).toContain(`(${(trainEvents / worstCols.length).toFixed(2)} events per candidate feature`);
  });

  it('missing data: counts per feature set from the dataset profile, the imputer named; without a profile the item stays partial', () => {
    const withProfile = item(tripodAiChecklist(studyFacts(results, profileFromCsv(holed))), '11');
    expect(withProfile.status).toBe('filled');
    expect(withProfile.answer).toContain('median_imputer');
    expect(withProfile.answer).toContain('worst: 5 missing cells in 2 of 10 candidate columns');
    const without = item(tripodAiChecklist(studyFacts(results)), '11');
    expect(without.status).toBe('partial');
    expect(item(claimChecklist(studyFacts(results)), '13').status).toBe('partial');
  });

  it('the leakage statement follows the run: inside folds normally, LEAKY in replicate-as-published mode', () => {
    expect(item(tripodAiChecklist(studyFacts(results)), '12a').answer).toContain('fitted inside each CV fold');
    expect(item(tripodAiChecklist(studyFacts(results)), '12a').answer).toContain('smote sampler acted only while fitting');
    const leakyText = item(tripodAiChecklist(studyFacts(leaky)), '12a').answer;
    expect(leakyText).toContain('LEAKY');
    expect(leakyText).not.toContain('fitted inside each CV fold');
  });

  it('class imbalance: the sampler with its parameters, or not applicable without one', () => {
    expect(item(tripodAiChecklist(studyFacts(results)), '13')).toMatchObject({ status: 'filled' });
    expect(item(tripodAiChecklist(studyFacts(results)), '13').answer).toContain('smote (k_neighbors 5)');
    expect(item(tripodAiChecklist(studyFacts(noSampler)), '13').status).toBe('not-applicable');
  });

  it('hyper-parameter search: the grid sizes and the fit count of the run', () => {
    const text = item(tripodAiChecklist(studyFacts(results)), '12c').answer;
    expect(text).toContain('(2 configurations)');
    expect(text).toContain('(1 configuration)');
    const fits = results.featureSets[0].models.reduce((n, m) => n + m.cv.perConfig.length * 5 + 1, 0);
    expect(text).toContain(`${fits} fits in all`);
  });

  it('the model reported as best is the best by mean CV AUC, with its own test AUC and CI', () => {
    const models = results.featureSets[0].models;
    const byCv = [...models].sort((a, b) => b.cv.auc.mean - a.cv.auc.mean)[0];
    const text = item(tripodAiChecklist(studyFacts(results)), '23a').answer;
    expect(text).toContain(`best by CV ${byCv.label} (CV AUC ${byCv.cv.auc.mean.toFixed(3)}`);
    expect(text).toContain(`test AUC ${byCv.test!.auc.toFixed(3)} (95 % CI ${byCv.test!.aucCi.bootstrap!.lower.toFixed(3)}`);
    // The best by test AUC is named only when it is also the best by CV.
    const byTest = [...models].sort((a, b) => b.test!.auc - a.test!.auc)[0];
    if (byTest.model !== byCv.model) expect(text).not.toContain(`best by CV ${byTest.label}`);
  });

  it('external validation: not applicable without external cohorts; with one, its patients and positives recounted from its CSV and the best model\'s AUC there', () => {
    expect(item(claimChecklist(studyFacts(results)), '33').status).toBe('not-applicable');
    expect(item(tripodAiChecklist(studyFacts(results)), '20c').status).toBe('not-applicable');
    const best = [...external.featureSets[0].models].sort((a, b) => b.cv.auc.mean - a.cv.auc.mean)[0];
    const scored = best.external![0].results;
    if (scored.kind !== 'binary') throw new Error('a binary cohort result expected');
    const positives = source.slice(1).filter((l) => l.split(',')[labelAt] === '1').length;
    const claim33 = item(claimChecklist(studyFacts(external)), '33');
    expect(claim33.status).toBe('filled');
    expect(claim33.answer).toContain(`again (${source.length - 1} rows, sha256 `);
    expect(claim33.answer).toContain(`worst / ${best.label}: ${source.length - 1} patients with ${positives} events, AUC ${scored.pooled.test.auc.toFixed(3)} (95 % CI`);
    expect(item(tripodAiChecklist(studyFacts(external)), '20c').status).toBe('partial');
  });

  it('software versions and the dataset hash', () => {
    const text = item(claimChecklist(studyFacts(results)), '24').answer;
    expect(text).toContain(results.dataset.sha256);
    expect(text).toContain(`radsweep ${results.software.radsweep}`);
  });
});

describe('exports', () => {
  it('Markdown: one table row per item, pipes in text escaped, evidence as links from the linker', () => {
    const lists = runChecklists({ ...results, experiment: { ...results.experiment, name: 'a|b' } });
    const md = checklistMarkdown(lists, 'Checklists', (ref) => (ref.target === 'leaderboard' ? `#/leaderboard?fs=${ref.featureSet}` : null));
    const rows = md.split('\n').filter((l) => /^\| [0-9]/.test(l));
    expect(rows).toHaveLength(lists[0].items.length + lists[1].items.length);
    expect(md).toContain('Experiment "a\\|b"');
    expect(md).toContain('[leaderboard: worst](#/leaderboard?fs=worst)');
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });

  it('HTML: text escaped, only http(s), absolute-path and fragment links become hrefs, no script', () => {
    const lists = runChecklists({ ...results, experiment: { ...results.experiment, name: '<script>alert(1)</script>' } });
    const html = checklistHtml(lists, 'Checklists <b>', (ref) => (ref.target === 'spec' ? 'javascript:alert(1)' : ref.target === 'leaderboard' ? '/api/runs/x/leaderboard' : null));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="/api/runs/x/leaderboard">leaderboard: worst</a>');
    expect((html.match(/<tr class=/g) ?? []).length).toBe(lists[0].items.length + lists[1].items.length);
  });
});
