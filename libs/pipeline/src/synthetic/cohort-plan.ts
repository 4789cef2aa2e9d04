import { Rng } from '@radsweep/core';
import { FEATURE_MARGINALS, type Marginal } from './feature-marginals';
import { FEATURE_CLASSES, IMAGE_TYPES, radiomicsColumns, type RadiomicsColumn } from './radiomics-names';

/**
 * The fixed population behind every synthetic cohort: which latent factors each
 * radiomics column loads on, and its marginal on each image type. It is drawn from
 * STRUCTURE_SEED, not from the cohort's seed, so cohorts with different seeds are
 * different samples of one population.
 *
 * Latent score of column j for a patient (all factors standard normal, independent):
 *   z_j = b_j B[block(j)] + g_j G[cluster(j)] + t_j T[imageType(j)] + c_j C[class(j)] + f_j F[feature(j)] + h_j H + e_j eps
 * B: one factor per image type x class block, G one per cluster of near-redundant features
 * inside a block (2 or 3 clusters per block; strong), T per image
 * type and C per class (weak), F per feature name shared by all image types, H the tumour
 * heterogeneity factor the label depends on (only HETEROGENEITY_FEATURES load on it),
 * eps the column's own noise; loadings are scaled so Var(z_j) = 1.
 */
export const STRUCTURE_SEED = 20250613;

/** Texture features loading on the heterogeneity factor H (sign = direction). */
export const HETEROGENEITY_FEATURES: readonly [string, number][] = [
  ['original_glcm_JointEntropy', 1],
  ['original_glszm_ZoneEntropy', 1],
  ['original_glrlm_RunEntropy', 1],
  ['original_gldm_DependenceEntropy', 1],
  ['original_ngtdm_Complexity', 1],
  ['wavelet-HHH_glszm_SizeZoneNonUniformityNormalized', -1],
  ['wavelet-LLL_glcm_Idmn', -1],
  ['log-sigma-3-0-mm-3D_glszm_ZoneEntropy', 1],
];
const HETEROGENEITY_LOADING = 0.6;

export interface CohortPlan {
  columns: RadiomicsColumn[];
  /** Column index by name. */
  index: Map<string, number>;
  /** Marginal of each column on its image type. */
  marginals: Marginal[];
  blockCount: number;
  imageTypeCount: number;
  classCount: number;
  featureCount: number;
  block: Int32Array;
  /** Sub-cluster of near-redundant features inside a block: block x 3 + k. */
  cluster: Int32Array;
  imageType: Int32Array;
  featureClass: Int32Array;
  feature: Int32Array;
  loadB: Float64Array;
  loadG: Float64Array;
  loadT: Float64Array;
  loadC: Float64Array;
  loadF: Float64Array;
  loadH: Float64Array;
  noiseSd: Float64Array;
}

const uniform = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();
const sign = (rng: Rng) => (rng.next() < 0.5 ? -1 : 1);

/** An image type's version of a marginal: scales and locations vary between filtered images. */
function perImageType(m: Marginal, rng: Rng, isOriginal: boolean): Marginal {
  if (isOriginal) return m;
  switch (m.kind) {
    case 'lognormal':
      return { ...m, median: m.median * Math.exp(0.35 * rng.normal()), sigma: m.sigma * Math.exp(0.12 * rng.normal()) };
    case 'unit': {
      const logit = Math.log(m.median / (1 - m.median)) + 0.25 * rng.normal();
      return { ...m, median: 1 / (1 + Math.exp(-logit)) };
    }
    case 'normal':
      return { ...m, mean: m.mean * (1 + 0.05 * rng.normal()) };
    default:
      return m;
  }
}

let cached: CohortPlan | undefined;

/** The population plan (built once; it depends on nothing but STRUCTURE_SEED). */
export function cohortPlan(): CohortPlan {
  if (cached) return cached;
  const rng = new Rng(STRUCTURE_SEED);
  const marginalRng = rng.derive(1);
  const columns = radiomicsColumns();
  const p = columns.length;
  const blockIds = new Map<string, number>();
  const featureIds = new Map<string, number>();
  const featureSign = new Map<string, number>();
  const heterogeneity = new Map(HETEROGENEITY_FEATURES);
  const blockSizes = new Map<string, number>();
  for (const c of columns) blockSizes.set(`${c.imageType}_${c.featureClass}`, (blockSizes.get(`${c.imageType}_${c.featureClass}`) ?? 0) + 1);
  const plan: CohortPlan = {
    columns,
    index: new Map(columns.map((c, j) => [c.name, j])),
    marginals: [],
    blockCount: 0,
    imageTypeCount: IMAGE_TYPES.length,
    classCount: FEATURE_CLASSES.length,
    featureCount: 0,
    block: new Int32Array(p),
    cluster: new Int32Array(p),
    imageType: new Int32Array(p),
    featureClass: new Int32Array(p),
    feature: new Int32Array(p),
    loadB: new Float64Array(p),
    loadG: new Float64Array(p),
    loadT: new Float64Array(p),
    loadC: new Float64Array(p),
    loadF: new Float64Array(p),
    loadH: new Float64Array(p),
    noiseSd: new Float64Array(p),
  };
  columns.forEach((col, j) => {
    const blockKey = `${col.imageType}_${col.featureClass}`;
    const featureKey = `${col.featureClass}_${col.feature}`;
    if (!blockIds.has(blockKey)) blockIds.set(blockKey, blockIds.size);
    if (!featureIds.has(featureKey)) {
      featureIds.set(featureKey, featureIds.size);
      featureSign.set(featureKey, sign(rng));
    }
    plan.block[j] = blockIds.get(blockKey)!;
    plan.imageType[j] = col.imageTypeIndex;
    plan.featureClass[j] = FEATURE_CLASSES.indexOf(col.featureClass);
    plan.feature[j] = featureIds.get(featureKey)!;
    plan.marginals.push(perImageType(FEATURE_MARGINALS[col.featureClass][col.feature], marginalRng, col.imageType === 'original'));
    const h = (heterogeneity.get(col.name) ?? 0) * HETEROGENEITY_LOADING;
    // one direction per column for its block, cluster, image-type and class factors, so they add up
    const s = sign(rng);
    const raw = [s * 0.42, s * uniform(rng, 0.6, 0.85), s * 0.45, s * 0.5, featureSign.get(featureKey)! * 0.38];
    const noiseVar = uniform(rng, 0.005, 0.06);
    const scale = Math.sqrt(Math.max(0, 1 - noiseVar - h * h)) / Math.hypot(...raw);
    const clusters = blockSizes.get(blockKey)! >= 10 ? 3 : 2;
    plan.cluster[j] = plan.block[j] * 3 + rng.int(clusters);
    [plan.loadB[j], plan.loadG[j], plan.loadT[j], plan.loadC[j], plan.loadF[j]] = raw.map((v) => v * scale);
    plan.loadH[j] = h;
    plan.noiseSd[j] = Math.sqrt(noiseVar);
  });
  plan.blockCount = blockIds.size;
  plan.featureCount = featureIds.size;
  cached = plan;
  return plan;
}
