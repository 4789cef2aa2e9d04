import type { FitSample, MsPerUnit } from '@radsweep/pipeline';
import { meanMsPerUnit } from '@radsweep/pipeline';
import type { Query } from './stage-plan';

/**
 * The store's running means of measured fit time per unit, by model id (table fit_cost_means): every
 * finished stage-2 batch adds its fits, and a launch sizes its batches from the means (over the engine's
 * committed table). The old mean weighs at most MEMORY fits, so the means follow a change of machines.
 */
const MEMORY = 500;

export async function readMsPerUnit(query: Query): Promise<MsPerUnit> {
  const rows = (await query(`SELECT model_id, ms_per_unit FROM fit_cost_means`, [])) as { model_id: string; ms_per_unit: number }[];
  return Object.fromEntries(rows.map((r) => [r.model_id, Number(r.ms_per_unit)]));
}

/** Adds a batch's fits to the means (one statement, a row per model in the batch). */
export async function recordFitCosts(query: Query, samples: FitSample[]): Promise<void> {
  const means = [...meanMsPerUnit(samples)];
  if (means.length === 0) return;
  await query(
    `INSERT INTO fit_cost_means (model_id, ms_per_unit, fits)
     SELECT * FROM unnest($1::text[], $2::float8[], $3::int[])
     ON CONFLICT (model_id) DO UPDATE SET
       ms_per_unit = (fit_cost_means.ms_per_unit * LEAST(fit_cost_means.fits, ${MEMORY}) + EXCLUDED.ms_per_unit * EXCLUDED.fits) / (LEAST(fit_cost_means.fits, ${MEMORY}) + EXCLUDED.fits),
       fits = fit_cost_means.fits + EXCLUDED.fits, updated_at = now()`,
    [means.map(([id]) => id), means.map(([, m]) => m.msPerUnit), means.map(([, m]) => m.fits)],
  );
}
