import type { FeatureClass } from './radiomics-names';

/**
 * How one radiomics feature's value follows from its latent standard-normal score z.
 * - `lognormal`: offset + median * exp(sigma * z) * (d / d50)^sizePower, d the tumour
 *   diameter and d50 = 32 mm its median: right-skewed, positive; sizePower makes
 *   volume-like features (counts, energies) track tumour size.
 * - `normal`: mean + sd * z.
 * - `unit`: a proportion in (0, 1), logistic(logit(median) + sd * z); `negative` flips it
 *   into (-1, 0) (glcm Imc1).
 * - `correlation`: in (-1, 1), tanh(atanh(median) + sd * z).
 * - `identity`: computed from other columns by a pyradiomics identity (texture-identities.ts).
 * - `model`: computed by the shape or first-order model (shape-model.ts, firstorder-model.ts).
 * Medians are those of the `original` image; other image types scale them (cohort-plan.ts).
 */
export type Marginal =
  | { kind: 'lognormal'; median: number; sigma: number; sizePower?: number; offset?: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'unit'; median: number; sd: number; negative?: boolean }
  | { kind: 'correlation'; median: number; sd: number }
  | { kind: 'identity' }
  | { kind: 'model' };

const logn = (median: number, sigma: number, sizePower = 0): Marginal => ({ kind: 'lognormal', median, sigma, sizePower });
const norm = (mean: number, sd: number): Marginal => ({ kind: 'normal', mean, sd });
const unit = (median: number, sd: number): Marginal => ({ kind: 'unit', median, sd });
const IDENTITY: Marginal = { kind: 'identity' };
const MODEL: Marginal = { kind: 'model' };

/**
 * Marginals per class and feature, with medians and spreads of the order seen in CT
 * radiomics of liver metastases (e.g. shared/data/crlm-synthetic.csv): size- and
 * energy-like features heavy-tailed, emphases and entropies moderate, ratios in (0, 1).
 */
export const FEATURE_MARGINALS: Record<FeatureClass, Record<string, Marginal>> = {
  shape: Object.fromEntries(
    ['Elongation', 'Flatness', 'LeastAxisLength', 'MajorAxisLength', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow',
      'Maximum2DDiameterSlice', 'Maximum3DDiameter', 'MeshVolume', 'MinorAxisLength', 'Sphericity', 'SurfaceArea',
      'SurfaceVolumeRatio', 'VoxelVolume'].map((f) => [f, MODEL]),
  ),
  firstorder: {
    '10Percentile': MODEL, '90Percentile': MODEL, Energy: MODEL, InterquartileRange: MODEL, Maximum: MODEL,
    MeanAbsoluteDeviation: MODEL, Mean: MODEL, Median: MODEL, Minimum: MODEL, Range: MODEL,
    RobustMeanAbsoluteDeviation: MODEL, RootMeanSquared: MODEL, TotalEnergy: MODEL, Variance: MODEL,
    Entropy: norm(4.1, 0.45),
    Kurtosis: { kind: 'lognormal', median: 2.8, sigma: 0.55, offset: 1.8 },
    Skewness: norm(-0.1, 0.7),
    Uniformity: logn(0.058, 0.35),
  },
  glcm: {
    Autocorrelation: logn(320, 0.55), ClusterProminence: logn(2e4, 1.1, 0.6), ClusterShade: norm(15, 250),
    ClusterTendency: logn(85, 0.55), Contrast: logn(48, 0.6), Correlation: { kind: 'correlation', median: 0.4, sd: 0.55 },
    DifferenceAverage: logn(4.6, 0.38), DifferenceEntropy: norm(3.55, 0.3), DifferenceVariance: logn(17, 0.55),
    Id: unit(0.3, 0.35), Idm: unit(0.2, 0.4), Idmn: unit(0.962, 0.5), Idn: unit(0.865, 0.45),
    Imc1: { kind: 'unit', median: 0.1, sd: 0.45, negative: true }, Imc2: unit(0.7, 0.5), InverseVariance: unit(0.21, 0.35),
    JointAverage: logn(16, 0.35), JointEnergy: logn(0.0027, 0.6), JointEntropy: norm(8.6, 0.6),
    MCC: unit(0.5, 0.5), MaximumProbability: logn(0.008, 0.6), SumAverage: IDENTITY, SumEntropy: norm(5.2, 0.4),
    SumSquares: logn(40, 0.55),
  },
  glrlm: {
    GrayLevelNonUniformity: IDENTITY, GrayLevelNonUniformityNormalized: logn(0.044, 0.35), GrayLevelVariance: logn(38, 0.5),
    HighGrayLevelRunEmphasis: logn(300, 0.5), LongRunEmphasis: logn(1.4, 0.35), LongRunHighGrayLevelEmphasis: logn(300, 0.65),
    LongRunLowGrayLevelEmphasis: logn(0.011, 0.7), LowGrayLevelRunEmphasis: logn(0.007, 0.7), RunEntropy: norm(4.9, 0.4),
    RunLengthNonUniformity: IDENTITY, RunLengthNonUniformityNormalized: unit(0.89, 0.5), RunPercentage: unit(0.94, 0.5),
    RunVariance: logn(0.1, 0.8), ShortRunEmphasis: unit(0.95, 0.5), ShortRunHighGrayLevelEmphasis: logn(230, 0.5),
    ShortRunLowGrayLevelEmphasis: logn(0.01, 0.6),
  },
  glszm: {
    GrayLevelNonUniformity: IDENTITY, GrayLevelNonUniformityNormalized: logn(0.046, 0.38), GrayLevelVariance: logn(45, 0.5),
    HighGrayLevelZoneEmphasis: logn(300, 0.5), LargeAreaEmphasis: logn(1300, 1.1, 1), LargeAreaHighGrayLevelEmphasis: logn(3e5, 1.1, 1),
    LargeAreaLowGrayLevelEmphasis: logn(5, 1.1, 0.8), LowGrayLevelZoneEmphasis: logn(0.009, 0.6), SizeZoneNonUniformity: IDENTITY,
    SizeZoneNonUniformityNormalized: unit(0.39, 0.35), SmallAreaEmphasis: unit(0.64, 0.35), SmallAreaHighGrayLevelEmphasis: logn(200, 0.5),
    SmallAreaLowGrayLevelEmphasis: logn(0.007, 0.6), ZoneEntropy: norm(6.4, 0.45), ZonePercentage: unit(0.44, 0.45),
    ZoneVariance: logn(900, 1.0, 1),
  },
  gldm: {
    DependenceEntropy: norm(7.2, 0.4), DependenceNonUniformity: IDENTITY, DependenceNonUniformityNormalized: logn(0.22, 0.35),
    DependenceVariance: logn(2.2, 0.5), GrayLevelNonUniformity: IDENTITY, GrayLevelVariance: logn(40, 0.5),
    HighGrayLevelEmphasis: logn(280, 0.5), LargeDependenceEmphasis: logn(9, 0.6), LargeDependenceHighGrayLevelEmphasis: logn(2400, 0.6),
    LargeDependenceLowGrayLevelEmphasis: logn(0.075, 0.7), LowGrayLevelEmphasis: logn(0.009, 0.6), SmallDependenceEmphasis: unit(0.39, 0.45),
    SmallDependenceHighGrayLevelEmphasis: logn(110, 0.55), SmallDependenceLowGrayLevelEmphasis: logn(0.0038, 0.6),
  },
  ngtdm: {
    Busyness: logn(1.8, 1.0, 0.6), Coarseness: logn(0.0014, 0.8, -0.8), Complexity: logn(1500, 0.8),
    Contrast: logn(0.25, 0.75), Strength: logn(0.6, 0.9, -0.3),
  },
};

/** Median diameter (mm) of the largest metastasis: the reference for `sizePower`. */
export const MEDIAN_DIAMETER_MM = 32;
