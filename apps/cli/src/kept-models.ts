import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { ExperimentResults, KeptModel, KeptModelEntry, SurvivalExperimentResults, canonicalJson, parseExactJson } from '@radsweep/pipeline';

const KEPT_FORMAT = 'radsweep-kept-model';

interface KeptFile {
  format: typeof KEPT_FORMAT;
  formatVersion: 1;
  experiment: string;
  datasetSha256: string;
  endpoint?: string;
  featureSet: string;
  model: string;
  refitParams: Record<string, unknown>;
  kept: KeptModel;
}

/**
 * `run --keep-models <dir>`: writes each model's kept refit (exact JSON) to <dir>, removes it from the
 * results, and records the files with their sha256 in the results' `keptModels` (paths relative to the
 * results file's folder).
 */
export function writeKeptModels(results: ExperimentResults | SurvivalExperimentResults, dir: string, resultsFile: string): void {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  const files: KeptModelEntry[] = [];
  const groups = 'endpoints' in results
    ? results.endpoints.flatMap((e) => e.featureSets.map((fs) => ({ endpoint: e.name as string | undefined, fs: fs.name, models: fs.models as { model: string; refitParams: unknown; kept?: KeptModel }[] })))
    : results.featureSets.map((fs) => ({ endpoint: undefined, fs: fs.name, models: fs.models as { model: string; refitParams: unknown; kept?: KeptModel }[] }));
  for (const g of groups) {
    for (const m of g.models) {
      if (!m.kept) continue;
      const body: KeptFile = {
        format: KEPT_FORMAT,
        formatVersion: 1,
        experiment: results.experiment.name,
        datasetSha256: results.dataset.sha256,
        ...(g.endpoint ? { endpoint: g.endpoint } : {}),
        featureSet: g.fs,
        model: m.model,
        refitParams: m.refitParams as Record<string, unknown>,
        kept: m.kept,
      };
      const file = `${[g.endpoint, g.fs, m.model].filter((s) => s !== undefined).map(safeName).join('__')}.json`;
      const text = canonicalJson(body) + '\n';
      writeFileSync(join(abs, file), text);
      files.push({ ...(g.endpoint ? { endpoint: g.endpoint } : {}), featureSet: g.fs, model: m.model, file, sha256: sha256(text) });
      delete m.kept;
    }
  }
  results.keptModels = { dir: relative(dirname(resolve(resultsFile)), abs) || '.', files };
}

/** Reads the kept refit of one model named by the results' keptModels, checking its sha256 and that it belongs to these results. */
export function readKeptModel(results: ExperimentResults | SurvivalExperimentResults, resultsFile: string, entry: { endpoint?: string; featureSet: string; model: string }): KeptModel {
  const index = results.keptModels;
  if (!index) {
    throw new RadSweepInputError('the results file records no kept models: run the experiment with --keep-models <dir> (and --out) to keep each refit for locking', resultsFile);
  }
  const e = index.files.find((f) => f.featureSet === entry.featureSet && f.model === entry.model && f.endpoint === entry.endpoint);
  if (!e) throw new RadSweepInputError(`no kept refit of model '${entry.model}' of feature set '${entry.featureSet}' is listed in keptModels`, resultsFile);
  const path = join(dirname(resolve(resultsFile)), index.dir, e.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RadSweepInputError(`the kept refit file is missing (the results list it at ${path})`, resultsFile);
  }
  if (sha256(text) !== e.sha256) throw new RadSweepInputError(`sha256 mismatch: the kept refit file changed since the run wrote it; refused`, path);
  const kept = parseExactJson(text) as KeptFile;
  if (kept.format !== KEPT_FORMAT || kept.datasetSha256 !== results.dataset.sha256 || kept.model !== entry.model || kept.featureSet !== entry.featureSet) {
    throw new RadSweepInputError('the kept refit file belongs to another run or model', path);
  }
  return kept.kept;
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
