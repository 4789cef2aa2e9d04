import { dirname, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { MODEL_REGISTRY, ModelSpec, Params, getModelSpec, resolveSpecParams } from '@radsweep/classifiers';
import { SURVIVAL_MODEL_REGISTRY, getSurvivalModelSpec } from '@radsweep/survival';
import { checkSamplerSpec } from './sampler-check';
import { checkStepEntries } from './step-entries';
import { refuseSurvivalSteps, resolveSurvivalEndpoints } from './survival-endpoints';
import { ParsedExperimentFile, displayPath, parseExperimentFile } from './experiment-file';
import { validateExperimentSchema } from './schema-validation';
import { countGrid, expandGrid } from './grid';
import { readFoldAssignment, readIdList } from './id-files';
import { DEFAULT_MAX_CONFIGURATIONS, DEFAULT_METRICS, ExperimentSpec, StepId } from './spec';
import { ModelConfig, ResolvedCv, ResolvedExperiment, ResolvedModel, ResolvedSplit, ResolvedStep, cvSplitCount } from './resolved';

/** Command-line overrides of an experiment's data file and test split. */
export interface ExperimentOverrides {
  /** Data file to use instead of dataset.path (relative to the working directory). */
  dataPath?: string;
  /** File of test ids (one per line) to use instead of validation.split. */
  testIdsPath?: string;
  /** Test ids given inline (e.g. over the API), named `shown` in messages; instead of validation.split. */
  testIds?: { ids: string[]; shown: string };
  /** Each training patient's CV fold given inline, named `shown` in messages; instead of validation.cv. */
  foldAssignment?: { foldOfId: Map<string, number>; shown: string };
}

/**
 * Reads, schema-checks and resolves an experiment file. Every problem is a
 * RadSweepInputError naming the file, line and key path (and, for an unknown
 * model or parameter, the known ones). Data-dependent checks (columns, patterns,
 * ids) happen when the data set is loaded: see `prepareStudy`.
 */
export function loadExperiment(file: string, overrides: ExperimentOverrides = {}): ResolvedExperiment {
  const parsed = parseExperimentFile(file);
  const spec = validateExperimentSchema(parsed);
  return resolveExperiment(spec, parsed, overrides);
}

export function resolveExperiment(spec: ExperimentSpec, file: ParsedExperimentFile, overrides: ExperimentOverrides = {}): ResolvedExperiment {
  const baseDir = dirname(file.path);
  const dataFile = overrides.dataPath ? resolve(overrides.dataPath) : resolve(baseDir, spec.dataset.path);
  checkUniqueNames(spec.featureSets.map((f) => f.name), (i) => file.where(['featureSets', i, 'name']), 'feature set');
  checkUniqueNames((spec.validation.external ?? []).map((c) => c.name), (i) => file.where(['validation', 'external', i, 'name']), 'external cohort');
  const endpoints = spec.endpoints ? resolveSurvivalEndpoints(spec, file) : undefined;
  if (!endpoints) refuseSurvivalSteps(spec, file);
  checkStepEntries(spec, file);
  for (const key of endpoints ? [] : (['labelColumn', 'positiveClass'] as const)) {
    if (spec.dataset[key] === undefined) throw new RadSweepInputError(`missing required key '${key}' (the binary endpoint; or list survival endpoints)`, file.where(['dataset']));
  }
  if (!endpoints && spec.scoring === 'harrell_c') {
    throw new RadSweepInputError('scoring harrell_c needs survival endpoints; a binary endpoint is scored by roc_auc', file.where(['scoring']));
  }
  const split = resolveSplit(spec, baseDir, overrides);
  const cv = resolveCv(spec, file, baseDir, overrides);
  const splits = cvSplitCount(cv);
  // Counted from the grids' list lengths before anything is expanded: a 1000 x 1000 grid is refused, not built.
  const configurations = spec.models.reduce((s, m) => s + countGrid(m.grid), 0);
  const maxConfigurations = spec.limits?.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS;
  if (configurations * splits > maxConfigurations) {
    throw new RadSweepInputError(
      `${configurations} configurations x ${splits} CV splits = ${configurations * splits} fits per feature set, above the limit of ${maxConfigurations}; shrink the grids or raise limits.maxConfigurations`,
      file.where(spec.limits?.maxConfigurations !== undefined ? ['limits', 'maxConfigurations'] : ['models']),
    );
  }
  const models = resolveModels(spec, file, endpoints ? survivalOrClassifier : getModelSpec);
  const sampler = spec.sampler === undefined || spec.sampler === 'none' ? null : resolveSampler(spec.sampler, file, spec.seed);
  return {
    file: file.path,
    name: spec.name,
    description: spec.description,
    seed: spec.seed,
    modelSeeds: spec.modelSeeds ?? 'same',
    dataset: {
      file: dataFile,
      shown: displayPath(dataFile),
      idColumn: spec.dataset.idColumn,
      labelColumn: spec.dataset.labelColumn ?? '',
      positiveClass: spec.dataset.positiveClass ?? '',
    },
    featureSets: spec.featureSets.map(({ steps, ...fs }) => (steps ? { ...fs, steps: steps.map(toStep) } : fs)),
    split,
    cv,
    steps: (spec.steps ?? []).map(toStep),
    sampler,
    models,
    metrics: { ...DEFAULT_METRICS, ...spec.metrics },
    maxConfigurations,
    leaky: spec.leakyReplicateAsPublished === true,
    external: (spec.validation.external ?? []).map((c) => {
      const path = resolve(baseDir, c.path);
      return { name: c.name, file: path, shown: displayPath(path), ...(c.centreColumn ? { centreColumn: c.centreColumn } : {}) };
    }),
    ...(endpoints ? { endpoints } : {}),
  };
}

function toStep(step: Record<string, unknown>): ResolvedStep {
  const [id, params] = Object.entries(step)[0];
  return { id: id as StepId, params: { ...(params as Record<string, unknown>) } };
}

function resolveSplit(spec: ExperimentSpec, baseDir: string, overrides: ExperimentOverrides): ResolvedSplit {
  if (overrides.testIds) {
    const { ids, shown } = overrides.testIds;
    if (ids.length === 0) throw new RadSweepInputError('the test id list is empty', shown);
    return { type: 'test_ids', file: shown, shown, ids };
  }
  if (overrides.testIdsPath) {
    const path = resolve(overrides.testIdsPath);
    return { type: 'test_ids', file: path, shown: displayPath(path), ids: readIdList(path, displayPath(path)) };
  }
  const split = spec.validation.split;
  if (split.type === 'stratified_holdout') return split;
  const path = resolve(baseDir, split.file);
  return { type: 'test_ids', file: path, shown: displayPath(path), ids: readIdList(path, displayPath(path)) };
}

function resolveCv(spec: ExperimentSpec, file: ParsedExperimentFile, baseDir: string, overrides: ExperimentOverrides): ResolvedCv {
  if (overrides.foldAssignment) {
    const { foldOfId, shown } = overrides.foldAssignment;
    for (const [id, fold] of foldOfId) {
      if (!Number.isInteger(fold) || fold < 0) throw new RadSweepInputError(`fold of '${id}' must be an integer >= 0, got ${fold}`, shown);
    }
    if (new Set(foldOfId.values()).size < 2) throw new RadSweepInputError('the fold assignment holds fewer than 2 folds', shown);
    return { type: 'fold_assignment', file: shown, shown, foldOfId };
  }
  const cv = spec.validation.cv;
  if (cv.type !== 'fold_assignment') return cv;
  const path = resolve(baseDir, cv.file);
  const foldOfId = readFoldAssignment(path, displayPath(path));
  if (new Set(foldOfId.values()).size < 2) {
    throw new RadSweepInputError(`the fold assignment ${displayPath(path)} holds fewer than 2 folds`, file.where(['validation', 'cv', 'file']));
  }
  return { type: 'fold_assignment', file: path, shown: displayPath(path), foldOfId };
}

/** A model registry's entry by id (the classifiers', or the survival models' for survival endpoints); throws listing the known ids. */
type ModelLookup = (id: string, where: string) => Pick<ModelSpec, 'id' | 'label' | 'defaults' | 'rules'> & { atHorizon?: true };

/**
 * A survival experiment's model: a survival model, or one of the classifiers (then fitted at the
 * endpoint's first horizon); an unknown id lists both registries.
 */
function survivalOrClassifier(id: string, where: string) {
  if (SURVIVAL_MODEL_REGISTRY.has(id)) return getSurvivalModelSpec(id);
  if (MODEL_REGISTRY.has(id)) return { ...getModelSpec(id), atHorizon: true as const };
  throw new RadSweepInputError(
    `unknown model id '${id}'; survival models: ${[...SURVIVAL_MODEL_REGISTRY.keys()].join(', ')}; classifiers (fitted at the first horizon): ${[...MODEL_REGISTRY.keys()].join(', ')}`,
    where,
  );
}

function resolveModels(spec: ExperimentSpec, file: ParsedExperimentFile, lookup: ModelLookup): ResolvedModel[] {
  const firstIndex = new Map<string, number>();
  return spec.models.map((entry, m) => {
    const at = (...rest: (string | number)[]) => file.where(['models', m, ...rest]);
    const model = lookup(entry.id, at('id'));
    const earlier = firstIndex.get(entry.id);
    if (earlier !== undefined) {
      throw new RadSweepInputError(`model '${entry.id}' is already listed at models[${earlier}]; give one entry a list of sub-grids instead`, at('id'));
    }
    firstIndex.set(entry.id, m);
    const fixed = entry.params ?? {};
    resolveSpecParams(model, fixed, at('params'));
    // Check each grid value on its own first, so the message names models[m].grid.key[i].
    const subGrids = entry.grid === undefined ? [] : Array.isArray(entry.grid) ? entry.grid : [entry.grid];
    subGrids.forEach((sub, s) => {
      for (const [key, values] of Object.entries(sub)) {
        values.forEach((value, i) => {
          const path = Array.isArray(entry.grid) ? at('grid', s, key, i) : at('grid', key, i);
          rethrowAt(path, () => resolveSpecParams(model, { ...fixed, [key]: value }, path));
        });
      }
    });
    if (countGrid(entry.grid) === 0) throw new RadSweepInputError('the grid has no configuration', at('grid'));
    const configs: ModelConfig[] = expandGrid(entry.grid).map((gridParams, index) => {
      const params = rethrowAt(at('grid'), () => resolveSpecParams(model, { ...fixed, ...gridParams }, at('grid'))) as Params;
      return { index, gridParams, params };
    });
    return { id: model.id, label: model.atHorizon ? `${model.label} (at horizon)` : model.label, configs, ...(model.atHorizon ? { atHorizon: true as const } : {}) };
  });
}

/** Runs `fn`; a RadSweepInputError it throws is re-thrown with `where` as its place, keeping its reason. */
function rethrowAt<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RadSweepInputError)) throw e;
    throw new RadSweepInputError(e.reason, where);
  }
}

function resolveSampler(sampler: Record<string, Params>, file: ParsedExperimentFile, seed: number) {
  const [id, params] = Object.entries(sampler)[0];
  checkSamplerSpec(id, params ?? {}, seed, file.where(['sampler', id]));
  return { id, params: params ?? {} };
}

function checkUniqueNames(names: string[], where: (i: number) => string, what: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) throw new RadSweepInputError(`${what} name '${n}' is used twice`, where(i));
    seen.add(n);
  });
}
