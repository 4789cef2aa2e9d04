import type { Volume } from './io/volume';
import { discretise } from './preprocess/discretise';
import { prepareRoi, type PreparedRoi } from './preprocess/prepare-roi';
import { firstOrderFeatures } from './features/first-order';
import { glcmFeatures } from './features/glcm-features';
import { glcmMatrix } from './features/glcm-matrix';
import { gldmFeatures } from './features/gldm-features';
import { gldmMatrix } from './features/gldm-matrix';
import { glrlmFeatures } from './features/glrlm-features';
import { glrlmMatrix } from './features/glrlm-matrix';
import { glszmFeatures } from './features/glszm-features';
import { glszmMatrix } from './features/glszm-matrix';
import { ngtdmFeatures } from './features/ngtdm-features';
import { ngtdmMatrix } from './features/ngtdm-matrix';
import { shapeFeatures } from './features/shape';
import { shape2DFeatures } from './features/shape-2d';
import { RadSweepInputError } from '@radsweep/core';
import { filteredRoi, logRois, waveletRois } from './filters/filtered-roi';
import type { TextureInput } from './features/texture-input';
import { resolveSettings, type ExtractionSettings } from './settings';

/** The feature classes extracted by default. */
export const FEATURE_CLASSES = ['shape', 'firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;

/** Every feature class: the defaults and shape2D (only with force2D, for an ROI one slice thick). */
export const ALL_FEATURE_CLASSES = [...FEATURE_CLASSES, 'shape2D'] as const;

export type FeatureClass = (typeof ALL_FEATURE_CLASSES)[number];

/**
 * Images features are computed on, as pyradiomics' image types: the original, the 8 coif1 wavelet
 * decompositions, the LoG at each of settings.sigma, and the voxel-wise square, square root, logarithm,
 * exponential and gradient magnitude images.
 */
export const IMAGE_TYPES = ['original', 'wavelet', 'log', 'square', 'squareroot', 'logarithm', 'exponential', 'gradient'] as const;

export type ImageType = (typeof IMAGE_TYPES)[number];

/** The discretised ROI every texture class reads. */
export function textureInput(roi: PreparedRoi, settings: ExtractionSettings): TextureInput {
  return { roi: discretise(roi.image, roi.mask, settings), size: roi.size, spacing: roi.spacing, settings };
}

/** pyradiomics' shape2D: the ROI must be one voxel thick along force2Ddimension (numpy axis: 0 = z, 1 = y, 2 = x). */
function shape2D(roi: PreparedRoi, settings: ExtractionSettings): Record<string, number> {
  const where = 'settings.force2D';
  if (!settings.force2D) throw new RadSweepInputError('shape2D features need force2D: true', where);
  const flat = 2 - settings.force2Ddimension; // the (x, y, z) axis that must be one voxel thick
  if (roi.size[flat] !== 1) throw new RadSweepInputError(`shape2D needs an ROI one voxel thick along dimension ${settings.force2Ddimension}, it spans ${roi.size[flat]}`, where);
  const [rowAxis, colAxis] = [2, 1, 0].filter((a) => a !== flat); // numpy order: rows are the slower axis
  return shape2DFeatures(roi.shapeMask, roi.size[colAxis], roi.size[rowAxis], roi.spacing[rowAxis], roi.spacing[colAxis]);
}

/** Features of one class for a prepared ROI, keyed by pyradiomics' feature name (without prefix). */
function classFeatures(cls: FeatureClass, roi: PreparedRoi, texture: TextureInput): Record<string, number> {
  switch (cls) {
    case 'shape':
      return shapeFeatures(roi.shapeMask, roi.size, roi.spacing, texture.settings.mode);
    case 'shape2D':
      return shape2D(roi, texture.settings);
    case 'firstorder': {
      const n = roi.mask.reduce((s, m) => s + m, 0);
      const values = new Float64Array(n);
      const levels = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < roi.mask.length; i++) {
        if (!roi.mask[i]) continue;
        values[k] = roi.image[i];
        levels[k++] = texture.roi.levels[i];
      }
      return firstOrderFeatures(values, levels, roi.spacing, texture.settings);
    }
    case 'glcm':
      return glcmFeatures(glcmMatrix(texture));
    case 'glrlm':
      return glrlmFeatures(glrlmMatrix(texture));
    case 'glszm':
      return glszmFeatures(glszmMatrix(texture));
    case 'gldm':
      return gldmFeatures(gldmMatrix(texture));
    case 'ngtdm':
      return ngtdmFeatures(ngtdmMatrix(texture));
  }
}

/**
 * Extracts pyradiomics' features for one label of `mask`: `{ <image type>_<class>_<Feature>: value }` with image
 * types `original` and, when asked, `wavelet-LLH` ... `wavelet-LLL` and `log-sigma-<s>-mm-3D` for each of
 * settings.sigma (shape only on the original, as pyradiomics). `settings` uses pyradiomics' names and defaults (plus `mode`).
 */
export function extractFeatures(
  image: Volume,
  mask: Volume,
  given: Record<string, unknown> = {},
  classes: readonly FeatureClass[] = FEATURE_CLASSES,
  imageTypes: readonly ImageType[] = ['original'],
): Record<string, number> {
  const settings = resolveSettings(given);
  const roi = prepareRoi(image, mask, settings);
  const out: Record<string, number> = {};
  const add = (prefix: string, r: PreparedRoi, which: readonly FeatureClass[]) => {
    const texture = textureInput(r, settings);
    for (const cls of which) {
      for (const [name, value] of Object.entries(classFeatures(cls, r, texture))) out[`${prefix}_${cls}_${name}`] = value;
    }
  };
  if (imageTypes.includes('original')) add('original', roi, classes);
  const texturesOnly = classes.filter((c) => c !== 'shape' && c !== 'shape2D');
  if (imageTypes.includes('log')) for (const [name, filtered] of logRois(roi, settings.sigma)) add(name, filtered, texturesOnly);
  if (imageTypes.includes('wavelet')) for (const [name, filtered] of waveletRois(roi)) add(name, filtered, texturesOnly);
  for (const filter of ['square', 'squareroot', 'logarithm', 'exponential', 'gradient'] as const) {
    if (imageTypes.includes(filter)) add(filter, filteredRoi(roi, filter, settings.gradientUseSpacing), texturesOnly);
  }
  return out;
}
