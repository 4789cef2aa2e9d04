import { RadSweepInputError, Rng } from '@radsweep/core';

/**
 * A seeded synthetic multicentre liver-lesion cohort for external-validation examples: each centre has its
 * own CT scanner, which shifts the location and scale of whole feature families (firstorder, glcm, glrlm;
 * shape is geometry and is left alone) in BOTH regions of interest — the lesion (`lesion_*`) and a
 * background-liver sphere (`liver_*`) — while the biology (latent factors, outcome model) is one population.
 *
 * Per patient: latent heterogeneity H, log-size S, liver background L (independent N(0, 1)).
 * Lesion feature: z = a H + s S + e eps; liver feature: z = l L + e eps (Var z = 1). A centre's scanner maps
 * z to loc[family] + scale[family] z, and the written value is mean_f + sd_f (loc + scale z), 6 significant digits.
 * Outcomes, from H and S only (no centre effect): `label` ~ Bernoulli(logistic(-1.1 + 1.0 H + 0.6 S +
 * 0.02 (age - 62))); `time` (months, 0.1) and `event`: event time exponential with hazard
 * 0.015 exp(0.7 H + 0.5 S), censored at a centre-specific administrative follow-up (uniform in the centre's
 * range). Clinical: `age` (integer years), `sex` (F/M), `cea` (ng/mL; missing for some patients of centre B).
 */
export interface CentrePlan {
  id: string;
  patients: number;
  /** Per feature family: location shift (feature SDs) and scale factor of this centre's scanner. */
  scanner: Record<ScannerFamily, { loc: number; scale: number }>;
  ageMean: number;
  /** Administrative follow-up range (months). */
  followUp: [number, number];
  /** Share of patients whose CEA is missing. */
  ceaMissing: number;
}

export type ScannerFamily = 'firstorder' | 'glcm' | 'glrlm' | 'shape';

export const MULTICENTRE_CENTRES: readonly CentrePlan[] = [
  {
    id: 'A',
    patients: 240,
    scanner: { firstorder: { loc: 0, scale: 1 }, glcm: { loc: 0, scale: 1 }, glrlm: { loc: 0, scale: 1 }, shape: { loc: 0, scale: 1 } },
    ageMean: 62,
    followUp: [36, 84],
    ceaMissing: 0,
  },
  {
    id: 'B',
    patients: 160,
    scanner: { firstorder: { loc: 0.8, scale: 1.3 }, glcm: { loc: -0.5, scale: 0.8 }, glrlm: { loc: 0.6, scale: 1.2 }, shape: { loc: 0, scale: 1 } },
    ageMean: 60,
    followUp: [24, 60],
    ceaMissing: 0.12,
  },
  {
    id: 'C',
    patients: 140,
    scanner: { firstorder: { loc: -0.6, scale: 0.7 }, glcm: { loc: 0.9, scale: 1.4 }, glrlm: { loc: -0.4, scale: 0.9 }, shape: { loc: 0, scale: 1 } },
    ageMean: 66,
    followUp: [30, 72],
    ceaMissing: 0,
  },
];

const FAMILY_FEATURES: Record<ScannerFamily, string[]> = {
  firstorder: ['Mean', 'Median', 'Entropy', 'Skewness', 'Kurtosis', 'Variance'],
  glcm: ['Contrast', 'Correlation', 'JointEntropy', 'Idm', 'ClusterShade'],
  glrlm: ['RunEntropy', 'ShortRunEmphasis', 'GrayLevelNonUniformity', 'RunVariance'],
  shape: ['Volume', 'Sphericity', 'SurfaceVolumeRatio'],
};

/** The fixed population (loadings, feature means and SDs): drawn from this seed, not the cohort's. */
export const MULTICENTRE_STRUCTURE_SEED = 20261204;

export interface MulticentreFeature {
  name: string;
  roi: 'lesion' | 'liver';
  family: ScannerFamily;
  mean: number;
  sd: number;
  /** Loadings on H, S (lesion) or L (liver), and the noise SD; a^2 + s^2 + l^2 + e^2 = 1. */
  h: number;
  s: number;
  l: number;
  e: number;
}

export function multicentreFeatures(): MulticentreFeature[] {
  const rng = new Rng(MULTICENTRE_STRUCTURE_SEED);
  const out: MulticentreFeature[] = [];
  for (const roi of ['lesion', 'liver'] as const) {
    for (const family of Object.keys(FAMILY_FEATURES) as ScannerFamily[]) {
      if (roi === 'liver' && family === 'shape') continue; // the liver ROI is a fixed sphere
      for (const name of FAMILY_FEATURES[family]) {
        const mean = Math.round(10 + 190 * rng.next());
        const sd = mean * (0.1 + 0.3 * rng.next());
        let h = 0;
        let s = 0;
        let l = 0;
        if (roi === 'lesion') {
          h = family === 'shape' ? 0.1 * rng.next() : 0.3 + 0.5 * rng.next();
          s = family === 'shape' ? 0.7 + 0.2 * rng.next() : 0.1 + 0.3 * rng.next();
          if (rng.next() < 0.3) h = -h;
        } else {
          l = 0.5 + 0.4 * rng.next();
        }
        const e = Math.sqrt(Math.max(0.05, 1 - h * h - s * s - l * l));
        const norm = Math.sqrt(h * h + s * s + l * l + e * e);
        out.push({ name: `${roi}_${family}_${name}`, roi, family, mean, sd, h: h / norm, s: s / norm, l: l / norm, e: e / norm });
      }
    }
  }
  return out;
}

export const MULTICENTRE_CLINICAL = ['age', 'sex', 'cea'] as const;
export const MULTICENTRE_OUTCOMES = ['label', 'time', 'event'] as const;

export interface MulticentreCohort {
  /** `id`, `centre`, age, sex, cea, label, time, event, then the features. */
  header: string[];
  /** One row of CSV cells per patient (empty = missing), centres in order. */
  rows: string[][];
}

export function generateMulticentreCohort(opts: { seed: number; centres?: readonly CentrePlan[] }): MulticentreCohort {
  if (!Number.isInteger(opts.seed)) throw new RadSweepInputError(`must be an integer, got ${opts.seed}`, 'seed');
  const centres = opts.centres ?? MULTICENTRE_CENTRES;
  const features = multicentreFeatures();
  const header = ['id', 'centre', ...MULTICENTRE_CLINICAL, ...MULTICENTRE_OUTCOMES, ...features.map((f) => f.name)];
  const root = new Rng(opts.seed);
  const rows: string[][] = [];
  centres.forEach((centre, c) => {
    const rng = root.derive(c + 1);
    for (let i = 0; i < centre.patients; i++) {
      const H = rng.normal();
      const S = rng.normal();
      const L = rng.normal();
      const age = Math.round(centre.ageMean + 10 * rng.normal());
      const sex = rng.next() < 0.6 ? 'M' : 'F';
      const cea = roundSignificant6(Math.exp(Math.log(5) + 0.9 * rng.normal() + 0.3 * H));
      const ceaMissing = rng.next() < centre.ceaMissing;
      const u = Math.min(1 - 1e-12, Math.max(1e-12, rng.next()));
      const label = rng.next() < 1 / (1 + Math.exp(-(-1.1 + 1.0 * H + 0.6 * S + 0.02 * (age - 62)))) ? 1 : 0;
      const eventTime = -Math.log(u) / (0.015 * Math.exp(0.7 * H + 0.5 * S));
      const censor = centre.followUp[0] + (centre.followUp[1] - centre.followUp[0]) * rng.next();
      const event = eventTime <= censor ? 1 : 0;
      const time = Math.max(0.1, Math.round(Math.min(eventTime, censor) * 10) / 10);
      const cells = [`${centre.id}-${String(i + 1).padStart(3, '0')}`, centre.id, String(age), sex, ceaMissing ? '' : String(cea), String(label), String(time), String(event)];
      for (const f of features) {
        const z = f.h * H + f.s * S + f.l * L + f.e * rng.normal();
        const sc = centre.scanner[f.family];
        cells.push(String(roundSignificant6(f.mean + f.sd * (sc.loc + sc.scale * z))));
      }
      rows.push(cells);
    }
  });
  return { header, rows };
}

/** The cohort (or the rows of some centres) as CSV text, `\n` line ends. */
export function multicentreCsv(cohort: MulticentreCohort, centres?: readonly string[]): string {
  const keep = centres ? cohort.rows.filter((r) => centres.includes(r[1])) : cohort.rows;
  return [cohort.header.join(','), ...keep.map((r) => r.join(','))].join('\n') + '\n';
}

function roundSignificant6(x: number): number {
  return Number(x.toPrecision(6));
}
