import type { EvidenceRef } from './checklist-item';
import type { FeatureSetFacts, StudyFacts } from './study-facts';

/** The sentences both checklists cite, each built from the sweep's stored facts only. */

export const num = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const paramText = (p: Record<string, unknown>) => {
  const entries = Object.entries(p);
  return entries.length ? ` (${entries.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')})` : '';
};

export const SPEC: EvidenceRef = { label: 'experiment specification', target: 'spec' };
export const DATASET: EvidenceRef = { label: 'dataset (sha256, columns, missing values)', target: 'dataset' };
export const RESULTS: EvidenceRef = { label: 'results file', target: 'results' };
export const PREDICTIONS: EvidenceRef = { label: 'test and out-of-fold predictions (CSV)', target: 'predictions' };
export const leaderboardRef = (fs: FeatureSetFacts): EvidenceRef => ({ label: `leaderboard: ${fs.name}`, target: 'leaderboard', featureSet: fs.featureSet, ...(fs.endpoint ? { endpoint: fs.endpoint } : {}) });
export const modelRef = (fs: FeatureSetFacts, model: string, what: string): EvidenceRef => ({ label: `${what}: ${fs.name} / ${model}`, target: 'model', featureSet: fs.featureSet, model, ...(fs.endpoint ? { endpoint: fs.endpoint } : {}) });

export function sampleSize(f: StudyFacts): string {
  const per = f.featureSets.map(
    (fs) =>
      `${fs.name}: ${fs.trainN} training patients with ${fs.trainEvents} events for ${fs.candidateFeatures} candidate features ` +
      `(${num(fs.eventsPerCandidate, 2)} events per candidate feature; ${fs.selectedFeatures} kept by the selection chain on the whole training part, ` +
      `${num(fs.eventsPerSelected, 1)} events per kept feature); test part ${fs.testN} patients with ${fs.testEvents} events`,
  );
  const lead = f.kind === 'survival' ? `${f.rows} patients. Endpoints: ${f.outcome}.` : `${f.rows} patients, ${f.positives} with the outcome (${f.outcome}, ${pct(f.rows ? f.positives / f.rows : 0)}).`;
  return `${lead} ${per.join('. ')}.`;
}

export function lowEventsWarning(f: StudyFacts): string | null {
  const low = f.featureSets.filter((fs) => fs.eventsPerCandidate < 10);
  return low.length ? `fewer than 10 training events per candidate feature in ${low.map((fs) => fs.name).join(', ')}: justify the sample size (e.g. Riley et al. 2020 criteria) and state the selection's role` : null;
}

export function missingData(f: StudyFacts): { text: string; complete: boolean } {
  const counted = f.featureSets.every((fs) => fs.missingCells !== null);
  const counts = counted
    ? f.featureSets.map((fs) => `${fs.name}: ${fs.missingCells} missing cells in ${fs.columnsWithMissing} of ${fs.candidateFeatures} candidate columns`).join('; ')
    : 'missing cells per column were not available to this report';
  const handling = f.imputer
    ? `Missing feature values were imputed by ${f.imputer}, fitted on the training rows of each CV fold (and on the whole training part for the final model) and applied to held-out rows`
    : 'No imputation step: the engine refuses a feature set with a missing value unless an imputer comes first, so the analysed features were complete';
  return { text: `${handling}. ${counts}. Patients with a missing outcome are refused at load (no outcome imputation).`, complete: counted };
}

export function partitioning(f: StudyFacts): string {
  return (
    `${f.split} split: ${pct(1 - f.testFraction)} training, ${pct(f.testFraction)} test (seed ${f.seed}; the test ids are stored). ` +
    `Hyper-parameters chosen by ${f.cv} with ${f.folds} folds${f.repeats > 1 ? ` x ${f.repeats} repeats` : ''} on the training part only. ` +
    `Partitions are disjoint at the patient level (one row per patient).`
  );
}

export function leakageStatement(f: StudyFacts): string {
  if (f.leaky) return 'LEAKY run (replicate-as-published mode): preprocessing and feature selection were fitted on all rows, test rows included; CV and test estimates are optimistic.';
  const chain = f.steps.map((s) => s.id).join(' → ') || 'no preprocessing';
  const sampler = f.sampler ? `; the ${f.sampler.id} sampler acted only while fitting, on training rows, never on held-out or test rows` : '';
  return `Every step that learns from data (${chain}) was fitted inside each CV fold on that fold's training rows only, and on the whole training part for the final model; test rows were used only to score${sampler}.`;
}

export function preprocessing(f: StudyFacts): string {
  const chain = (steps: { id: string; params: Record<string, unknown> }[]) => steps.map((s) => `${s.id}${paramText(s.params)}`).join('; ') || 'none';
  const own = f.featureSets.filter((fs) => fs.ownSteps).map((fs) => ` Feature set ${fs.name} has its own chain: ${chain(fs.ownSteps!)}.`);
  return `Preprocessing chain in order: ${chain(f.steps)}.${own.join('')}`;
}

export function modelBuilding(f: StudyFacts): string {
  const models = f.models.map((m) => `${m.label} (${m.configurations} configuration${m.configurations === 1 ? '' : 's'})`).join(', ');
  return (
    `${f.models.length} model types with grid search: ${models}; ${f.fits} fits in all. Each model's configuration was chosen by the highest mean CV ${f.scoring === 'roc_auc' ? 'ROC AUC' : f.cvMetric} ` +
    `(ties: first in grid order), then refitted on the whole training part. Every random choice is seeded from ${f.seed}.`
  );
}

export function samplerText(f: StudyFacts): string | null {
  return f.sampler ? `Class imbalance: ${f.sampler.id}${paramText(f.sampler.params)} applied to the training rows of each fit only; predicted probabilities were not recalibrated afterwards.` : null;
}

export function measures(f: StudyFacts): string {
  if (f.kind === 'survival') {
    return (
      `Discrimination: Harrell's C (infinitesimal-jackknife SE) and Uno's C truncated at the last horizon with 95 % CIs, cumulative/dynamic td-AUC with CIs at each horizon ` +
      `(${(f.endpoints ?? []).map((e) => `${e.name}: ${e.horizons.join(', ')}`).join('; ')}); overall accuracy: Brier score per horizon beside the Kaplan-Meier null model's, integrated Brier score; ` +
      `calibration: Cox calibration slope of the risk score, observed (Kaplan-Meier) against predicted risk per group at each horizon; decision curve per horizon; risk groups split at the training cohort's cut-offs with Kaplan-Meier curves and the log-rank test. ` +
      `Censoring: inverse probability of censoring weights (Kaplan-Meier) for Uno's C, td-AUC and the Brier scores; competing events censored at their time (cause-specific).`
    );
  }
  return (
    `Discrimination: ROC AUC with a ${f.bootstrap}-resample seeded stratified percentile bootstrap CI and DeLong's CI; ` +
    `calibration: Brier score, calibration intercept and slope (logistic recalibration), calibration curve in ${f.calibrationBins} equal-width bins; ` +
    `classification at a fixed threshold ${f.threshold} set in the specification before the run (accuracy, sensitivity, specificity, precision, F1, balanced accuracy, MCC); ` +
    `decision curve (net benefit) from the stored test predictions; models compared by DeLong's paired test on shared test patients.`
  );
}

/**
 * Survival runs: each endpoint's time-to-event outcome, its censored patients and competing events, and how
 * each measure deals with censoring (null for a binary run).
 */
export function outcomeAndCensoring(f: StudyFacts): string | null {
  if (f.kind !== 'survival') return null;
  const per = (f.endpoints ?? []).map(
    (e) => `${e.name}: ${e.events} events of interest and ${e.n - e.events} censored of ${e.n} patients, ${e.competing} of the censored had a competing event, ${e.competingHandling}`,
  );
  return (
    `Time-to-event outcome per endpoint: ${f.outcome}. A patient without an event of interest is right-censored at the last follow-up. ${per.join('; ')}. ` +
    `In the evaluation, Harrell's C counts comparable pairs only; Uno's C, td-AUC, the Brier score and the integrated Brier score weight patients by the inverse probability of censoring ` +
    `(Kaplan-Meier estimate of the test part's censoring distribution); calibration compares the predicted risk with 1 - Kaplan-Meier per risk group; decision curves use Kaplan-Meier for the observed risk. ` +
    `Events per candidate feature count events of interest only.`
  );
}

/** What a model outputs, for a model description. */
export function modelOutput(f: StudyFacts): string {
  return f.kind === 'survival' ? 'a risk score and the predicted survival at each horizon' : 'a probability';
}

/** The figures of a model record that show its performance. */
export function curvesLabel(f: StudyFacts): string {
  return f.kind === 'survival' ? 'Kaplan-Meier, td-AUC, calibration and decision curves' : 'ROC, calibration and decision curves';
}

export function thresholdText(f: StudyFacts): string {
  if (f.kind === 'survival') return 'The model outputs a risk score and the predicted survival at each horizon; no classification threshold is applied (risk groups are split at cut-offs of the training cohort, never of the test part).';
  return `The model outputs a probability of ${f.labelColumn} = ${f.positiveClass}; classification uses the threshold ${f.threshold} fixed in the specification before the run (not tuned on test data).`;
}

function bestLine(fs: FeatureSetFacts, metric: string): string {
  const b = fs.bestByCv;
  if (!b) return `${fs.name}: no model succeeded`;
  return `${fs.name}: best by CV ${b.label} (CV ${metric} ${num(b.cvScore)} +/- ${num(b.cvSd)}); ${b.testLine}`;
}

export function performance(f: StudyFacts): string {
  return `${f.featureSets.map((fs) => bestLine(fs, f.cvMetric)).join('. ')}. Every model's metrics with CIs are on the leaderboards.${f.external ? ` ${f.external}` : ''}`;
}

export function bestModelRefs(f: StudyFacts, what: string): EvidenceRef[] {
  return f.featureSets.flatMap((fs) => (fs.bestByCv ? [modelRef(fs, fs.bestByCv.model, what)] : []));
}

export function leaderboardRefs(f: StudyFacts): EvidenceRef[] {
  return f.featureSets.map(leaderboardRef);
}

export function softwareText(f: StudyFacts): string {
  const versions = Object.entries(f.software).map(([k, v]) => `${k} ${v}`).join(', ');
  return `Software: ${versions}. Dataset sha256 ${f.datasetSha256}.`;
}

export function flowText(f: StudyFacts): string {
  return f.featureSets
    .map((fs) => `${fs.name}: ${fs.trainN} training (${fs.trainEvents} events), ${fs.testN} test (${fs.testEvents} events)`)
    .join('; ');
}
