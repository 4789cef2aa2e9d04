import { ParamRule, RadSweepInputError, checkParam } from '@radsweep/core';

/**
 * Where pyradiomics and IBSI disagree (pyradiomics' FAQ): `pyradiomics` (default) bins fixed-width intensities on
 * edges counted from 0 and reports kurtosis as m4/m2^2; `ibsi` counts the edges from the ROI minimum,
 * reports excess kurtosis (m4/m2^2 - 3) and takes the shape axis lengths from the sample covariance (n - 1).
 */
export type ExtractionMode = 'pyradiomics' | 'ibsi';

export type WeightingNorm = 'no_weighting' | 'manhattan' | 'euclidean' | 'infinity';

/** pyradiomics' settings (same names, same defaults) that this extractor honours. */
export interface ExtractionSettings {
  readonly mode: ExtractionMode;
  readonly label: number;
  /** Fixed bin width (default 25); ignored when binCount is set. */
  readonly binWidth: number;
  readonly binCount: number | null;
  readonly padDistance: number;
  /** Added to intensities in Energy, TotalEnergy and RootMeanSquared. */
  readonly voxelArrayShift: number;
  readonly distances: readonly number[];
  readonly force2D: boolean;
  readonly force2Ddimension: number;
  /** GLCM/GLRLM: merge the angles' matrices with this weighting before computing features. */
  readonly weightingNorm: WeightingNorm | null;
  readonly symmetricalGLCM: boolean;
  readonly gldm_a: number;
  readonly normalize: boolean;
  readonly normalizeScale: number;
  readonly removeOutliers: number | null;
  readonly resegmentRange: readonly number[] | null;
  readonly resegmentMode: 'absolute' | 'relative' | 'sigma';
  readonly minimumROIDimensions: number;
  readonly minimumROISize: number | null;
  /** Relative tolerance when comparing image and mask geometry (SimpleITK's default 1e-6). */
  readonly geometryTolerance: number;
  /** Resample image and mask to this spacing (mm, x y z; 0 keeps an axis) before extraction; null: no resampling. */
  readonly resampledPixelSpacing: readonly number[] | null;
  /** Image interpolator for resampling: only pyradiomics' default sitkBSpline (cubic B-spline); null disables resampling. */
  readonly interpolator: 'sitkBSpline' | null;
  /** Accepted for pyradiomics parameter files; a mask on another grid is still refused (no mask resampling). */
  readonly correctMask: boolean;
  /** LoG image type: the Gaussian sigmas (mm). */
  readonly sigma: readonly number[];
  /** Gradient image type: differences divided by the spacing (pyradiomics' default) or per voxel. */
  readonly gradientUseSpacing: boolean;
}

export const DEFAULT_SETTINGS: ExtractionSettings = {
  mode: 'pyradiomics',
  label: 1,
  binWidth: 25,
  binCount: null,
  padDistance: 5,
  voxelArrayShift: 0,
  distances: [1],
  force2D: false,
  force2Ddimension: 0,
  weightingNorm: null,
  symmetricalGLCM: true,
  gldm_a: 0,
  normalize: false,
  normalizeScale: 1,
  removeOutliers: null,
  resegmentRange: null,
  resegmentMode: 'absolute',
  minimumROIDimensions: 1,
  minimumROISize: null,
  geometryTolerance: 1e-6,
  resampledPixelSpacing: null,
  interpolator: 'sitkBSpline',
  correctMask: false,
  sigma: [],
  gradientUseSpacing: true,
};

/** pyradiomics settings this extractor does not implement yet. */
const UNSUPPORTED = ['preCrop', 'voxelBased'];

/** pyradiomics settings that only change its logging or diagnostics: accepted, no effect. */
const NO_EFFECT = ['additionalInfo', 'enableCExtensions'];

/**
 * The settings' rules (pyradiomics' schema bounds), checked by libs/core's one parameter checker. binWidth is
 * checked even when binCount overrides it, as pyradiomics' schema does.
 */
const SETTING_RULES: Partial<Record<keyof ExtractionSettings, ParamRule>> = {
  binWidth: { kind: 'number', min: 0, exclusiveMin: true },
  binCount: { kind: 'number', min: 0, exclusiveMin: true, integer: true, nullable: true },
  interpolator: { kind: 'anyOf', rules: [{ kind: 'enum', values: ['sitkBSpline', null] }], summary: '"sitkBSpline" (the one interpolator supported) or null' },
  resampledPixelSpacing: {
    kind: 'anyOf',
    rules: [{ kind: 'enum', values: [null] }, { kind: 'numberArray', length: 3, min: 0 }],
    summary: '3 spacings >= 0 (x y z; 0 keeps an axis) or null',
  },
  mode: { kind: 'enum', values: ['pyradiomics', 'ibsi'] },
};

/** Defaults overlaid with `given` (pyradiomics names); an unknown setting is refused by name. */
export function resolveSettings(given: Record<string, unknown> = {}): ExtractionSettings {
  for (const key of UNSUPPORTED) {
    const v = given[key];
    if (v !== undefined && v !== null && v !== false) {
      throw new RadSweepInputError(`setting "${key}" is not supported yet`, `settings.${key}`);
    }
  }
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(given)) {
    if (NO_EFFECT.includes(key) || UNSUPPORTED.includes(key)) continue; // unsupported ones are refused above when set
    if (!(key in DEFAULT_SETTINGS)) throw new RadSweepInputError(`unknown setting "${key}"`, `settings.${key}`);
    if (value !== undefined) out[key] = value;
  }
  for (const [key, rule] of Object.entries(SETTING_RULES)) checkParam(rule, out[key], `settings.${key}`);
  return out as unknown as ExtractionSettings;
}
