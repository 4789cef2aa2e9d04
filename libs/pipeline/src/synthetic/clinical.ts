import { Rng } from '@radsweep/core';
import { logistic } from './patient-geometry';

/**
 * Clinical columns of a study-shaped cohort, named as in the TCIA
 * Colorectal-Liver-Metastases clinical sheet. Binary columns: 1 = yes.
 */
export const CLINICAL_COLUMNS = [
  'age', 'sex', 'body_mass_index', 'major_comorbidity', 'node_positive_primary', 'synchronous_crlm',
  'multiple_metastases', 'clinrisk_stratified', 'carcinoembryonic_antigen', 'max_tumor_size', 'bilobar_disease',
  'chemo_before_liver_resection', 'preoperative_pve', 'NASH_yesno',
] as const;
export type ClinicalColumn = (typeof CLINICAL_COLUMNS)[number];

/** Share of patients whose CEA (and so the Fong score) is unknown: 29 of 197 in the study. */
export const CEA_UNKNOWN_SHARE = 29 / 197;

export interface ClinicalCohort {
  columns: Record<ClinicalColumn, Float64Array>;
  /** True diameter of the largest metastasis in mm (the recorded size is this in cm, one decimal). */
  diameterMm: Float64Array;
}

const bernoulli = (rng: Rng, p: number) => (rng.next() < p ? 1 : 0);
const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/**
 * Draws the clinical variables. Marginals follow the study's Table 1 (male 60 %, age
 * < 60 54 %, BMI < 24 / 24-28 / > 28 = 29 / 39 / 31 %, node positive 64 %, synchronous
 * 50 %, multiple 53 %, size >= 5 cm 24 %, bilobar 39 %, chemotherapy 65 %, PVE 10 %,
 * NASH 21 %) and the usual clinical couplings: comorbidity rises with age, NASH with
 * BMI, bilobar disease with multiple metastases, chemotherapy and PVE with extent of
 * disease. `clinrisk_stratified` is the Fong clinical risk score (node-positive primary,
 * synchronous disease, more than one metastasis, CEA > 200 ng/mL, size > 5 cm; high
 * when >= 3; Fong et al., Ann Surg 1999;230:309), unknown wherever CEA is unknown.
 */
export function generateClinical(n: number, rng: Rng): ClinicalCohort {
  const col = () => new Float64Array(n);
  const c = Object.fromEntries(CLINICAL_COLUMNS.map((name) => [name, col()])) as Record<ClinicalColumn, Float64Array>;
  const diameterMm = col();
  for (let i = 0; i < n; i++) {
    const sex = bernoulli(rng, 0.6);
    const age = Math.round(Math.min(85, Math.max(27, 58.5 + 10.5 * rng.normal())));
    const bmi = oneDecimal(Math.min(48, Math.max(16, Math.exp(Math.log(26) + 0.155 * rng.normal() + 0.03 * (sex - 0.6)))));
    const multiple = bernoulli(rng, 0.53);
    const synchronous = bernoulli(rng, 0.5);
    const node = bernoulli(rng, 0.64);
    // log-normal size with a heavier right tail (a few very large metastases): median 3.2 cm, 24 % >= 5 cm
    const zd = rng.normal();
    const diameter = 10 * Math.min(17, Math.max(0.5, Math.exp(Math.log(3.05) + 0.1 * multiple + 0.58 * zd + 0.06 * Math.max(zd, 0) ** 2)));
    const size = Math.max(0.5, oneDecimal(diameter / 10));
    const zSize = Math.log(size / 3.2) / 0.62;
    const bilobar = bernoulli(rng, multiple ? 0.62 : 0.14);
    const cea = oneDecimal(Math.max(0.4, Math.exp(Math.log(5) + 1.3 * rng.normal() + 0.25 * zSize + 0.2 * multiple)));
    c.sex[i] = sex;
    c.age[i] = age;
    c.body_mass_index[i] = bmi;
    c.major_comorbidity[i] = bernoulli(rng, logistic(-0.75 + 0.13 * (age - 58.5)));
    c.node_positive_primary[i] = node;
    c.synchronous_crlm[i] = synchronous;
    c.multiple_metastases[i] = multiple;
    c.max_tumor_size[i] = size;
    c.bilobar_disease[i] = bilobar;
    c.carcinoembryonic_antigen[i] = cea;
    const fong = node + synchronous + multiple + (cea > 200 ? 1 : 0) + (size > 5 ? 1 : 0);
    c.clinrisk_stratified[i] = fong >= 3 ? 1 : 0;
    c.chemo_before_liver_resection[i] = bernoulli(rng, logistic(-0.35 + 0.6 * synchronous + 0.8 * multiple + 0.5 * bilobar + 0.3 * zSize));
    c.preoperative_pve[i] = bernoulli(rng, logistic(-3.1 + 1.3 * bilobar + 0.6 * zSize));
    c.NASH_yesno[i] = bernoulli(rng, logistic(-1.55 + 0.4 * (bmi - 26.3)));
    diameterMm[i] = diameter;
  }
  // CEA unknown for an exact share of patients; the Fong score needs CEA, so it is unknown too
  const unknown = Math.round(n * CEA_UNKNOWN_SHARE);
  const order = rng.permutation(n);
  for (let k = 0; k < unknown; k++) {
    c.carcinoembryonic_antigen[order[k]] = NaN;
    c.clinrisk_stratified[order[k]] = NaN;
  }
  return { columns: c, diameterMm };
}
