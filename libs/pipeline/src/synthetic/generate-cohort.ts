import { RadSweepInputError, Rng } from '@radsweep/core';
import { CLINICAL_COLUMNS, generateClinical } from './clinical';
import { cohortPlan } from './cohort-plan';
import { MEDIAN_DIAMETER_MM } from './feature-marginals';
import { firstorderModel } from './firstorder-model';
import { marginalValue, roundSignificant } from './marginal-value';
import { mapColumnToReference, type ReferenceMarginals } from './reference-marginals';
import type { PatientGeometry } from './patient-geometry';
import { shapeModel } from './shape-model';
import { textureIdentities } from './texture-identities';

export interface CohortOptions {
  /** Number of patients (rows). */
  patients: number;
  /** Number of positives (label 1); default round(patients x 37 / 197), the study's 18.8 %. */
  positives?: number;
  /** Seed of every random draw; same seed, same cohort. */
  seed: number;
  /**
   * Marginals of a reference cohort (e.g. shared/data/crlm-synthetic.csv, see
   * readReferenceMarginals). When given, every radiomics column the reference has is
   * mapped, rank for rank, onto the reference's empirical quantiles after generation, so
   * the cohort reproduces the reference's marginals, heavy tails included, and keeps its
   * own rank correlations and label association; pyradiomics identities between columns
   * then hold only up to that monotone map. Without it (the default) the built-in
   * parametric marginals are used, byte for byte as before.
   */
  marginals?: ReferenceMarginals;
}

export interface SyntheticCohort {
  /** `id`, `label`, the 14 clinical columns, the 995 radiomics columns. */
  header: string[];
  /** One row per patient, in header order; NaN = missing. Views into one buffer. */
  rows: Float64Array[];
}

/** The study's share of positives: 37 early recurrences among 197 patients. */
export const POSITIVE_SHARE = 37 / 197;

/**
 * Label model: liability = 1.0 H + 1.6 chemo + 0.8 zSize + logistic noise, with H the
 * latent heterogeneity factor (loading on a handful of texture features, see
 * HETEROGENEITY_FEATURES), chemo = chemo_before_liver_resection and zSize the
 * standardised log of max_tumor_size; the `positives` patients of highest liability are
 * label 1. Weak on purpose: the seed protocol's best models reach a test AUC near 0.7.
 */
const LABEL_WEIGHTS = { heterogeneity: 1.0, chemo: 1.6, size: 0.8 };

/** Slice thicknesses (mm) of the simulated CT series; in-plane pixel spacing is uniform in 0.62..0.92 mm. */
const SLICE_THICKNESS = [0.8, 1, 1.25, 1.5];

function validate(opts: CohortOptions): number {
  const { patients, seed } = opts;
  if (!Number.isInteger(patients) || patients < 2) {
    throw new RadSweepInputError(`must be an integer >= 2, got ${patients}`, 'patients');
  }
  if (!Number.isInteger(seed)) throw new RadSweepInputError(`must be an integer, got ${seed}`, 'seed');
  const positives = opts.positives ?? Math.round(patients * POSITIVE_SHARE);
  if (!Number.isInteger(positives) || positives < 1 || positives >= patients) {
    throw new RadSweepInputError(`must be an integer in 1..${patients - 1}, got ${positives}`, 'positives');
  }
  return positives;
}

/**
 * A seeded synthetic colorectal-liver-metastasis radiomics cohort shaped like the
 * study of Lin et al. (Front. Oncol. 2025, doi 10.3389/fonc.2025.1613093) and like
 * shared/data/crlm-synthetic.csv: 14 clinical columns (CEA and the Fong score unknown
 * together for 14.7 %), 995 pyradiomics columns in pyradiomics order with block-
 * correlated latent structure (cohort-plan.ts), exact pyradiomics identities, heavy
 * right tails for size- and energy-like features, and a weak label.
 */
export function generateCohort(opts: CohortOptions): SyntheticCohort {
  const positives = validate(opts);
  const n = opts.patients;
  const plan = cohortPlan();
  const p = plan.columns.length;
  const offset = 2 + CLINICAL_COLUMNS.length;
  const width = offset + p;
  const header = ['id', 'label', ...CLINICAL_COLUMNS, ...plan.columns.map((c) => c.name)];

  const root = new Rng(opts.seed);
  const clinical = generateClinical(n, root.derive(1));
  const latentRng = root.derive(2);
  const labelRng = root.derive(3);

  const models = [shapeModel(plan), firstorderModel(plan), textureIdentities(plan)];
  const measured = plan.marginals.flatMap((m, j) => (m.kind === 'identity' || m.kind === 'model' ? [] : [j]));
  const B = new Float64Array(plan.blockCount);
  const G = new Float64Array(plan.blockCount * 3);
  const T = new Float64Array(plan.imageTypeCount);
  const C = new Float64Array(plan.classCount);
  const F = new Float64Array(plan.featureCount);
  const z = new Float64Array(p);
  const heterogeneity = new Float64Array(n);
  const buffer = new Float64Array(n * width);
  const rows: Float64Array[] = [];
  const geometry: PatientGeometry = { diameterMm: 0, voxelVolume: 0, voxelCount: 0 };

  for (let i = 0; i < n; i++) {
    const row = buffer.subarray(i * width, (i + 1) * width);
    rows.push(row);
    row[0] = i + 1;
    CLINICAL_COLUMNS.forEach((name, k) => (row[2 + k] = clinical.columns[name][i]));
    for (const f of [B, G, T, C, F]) for (let k = 0; k < f.length; k++) f[k] = latentRng.normal();
    const h = latentRng.normal();
    heterogeneity[i] = h;
    for (let j = 0; j < p; j++) {
      z[j] = plan.loadB[j] * B[plan.block[j]] + plan.loadG[j] * G[plan.cluster[j]] + plan.loadT[j] * T[plan.imageType[j]] + plan.loadC[j] * C[plan.featureClass[j]] +
        plan.loadF[j] * F[plan.feature[j]] + plan.loadH[j] * h + plan.noiseSd[j] * latentRng.normal();
    }
    const x = row.subarray(offset);
    const sizeRatio = clinical.diameterMm[i] / MEDIAN_DIAMETER_MM;
    for (const j of measured) x[j] = roundSignificant(marginalValue(plan.marginals[j], z[j], sizeRatio));
    const spacing = Math.round((0.62 + 0.3 * latentRng.next()) * 1000) / 1000;
    geometry.diameterMm = clinical.diameterMm[i];
    geometry.voxelVolume = spacing * spacing * SLICE_THICKNESS[latentRng.int(SLICE_THICKNESS.length)];
    for (const model of models) model(z, x, geometry);
  }

  // label: the `positives` patients of highest liability
  const chemo = clinical.columns.chemo_before_liver_resection;
  const size = clinical.columns.max_tumor_size;
  const liability = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.min(1 - 1e-12, Math.max(1e-12, labelRng.next()));
    liability[i] = LABEL_WEIGHTS.heterogeneity * heterogeneity[i] + LABEL_WEIGHTS.chemo * chemo[i] +
      LABEL_WEIGHTS.size * (Math.log(size[i] / 3.2) / 0.62) + Math.log(u / (1 - u));
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => liability[b] - liability[a] || a - b);
  for (let k = 0; k < n; k++) rows[order[k]][1] = k < positives ? 1 : 0;
  if (opts.marginals) {
    for (let j = offset; j < width; j++) {
      const sorted = opts.marginals.get(header[j]);
      if (sorted && sorted.length >= 2) mapColumnToReference(rows, j, sorted);
    }
  }
  return { header, rows };
}
