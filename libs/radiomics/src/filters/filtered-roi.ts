import type { Vec3 } from '../io/volume';
import { cropInto } from '../preprocess/crop';
import type { PreparedRoi } from '../preprocess/prepare-roi';
import { RadSweepInputError } from '@radsweep/core';
import { gradientMagnitude, intensityFilter, type IntensityFilter } from './intensity-filters';
import { laplacianOfGaussian } from './laplacian-of-gaussian';
import { waveletDecompositions } from './wavelet';

/** How far (voxels) a one-level coif1 stationary transform reads around an output voxel: 2 below, 3 above. */
const WAVELET_REACH = 3;

/**
 * The ROI under each wavelet decomposition of the image it was cropped from (pyradiomics applies filters to
 * the whole loaded image, then crops). Only a block of the image around the ROI is transformed when the
 * ROI is far enough from the image's edges for the periodic wrap not to reach it; otherwise the whole image.
 * Keys are pyradiomics' image type names: wavelet-LLH, ..., wavelet-LLL.
 */
export function waveletRois(roi: PreparedRoi, wavelet = 'coif1'): Map<string, PreparedRoi> {
  const { intensities, size, lower } = roi.source;
  const inside = [0, 1, 2].every((d) => lower[d] - WAVELET_REACH >= 0 && lower[d] + roi.size[d] + WAVELET_REACH <= size[d]);
  const blockLower = (inside ? [0, 1, 2].map((d) => lower[d] - WAVELET_REACH) : [0, 0, 0]) as unknown as Vec3;
  const blockSize = (inside ? [0, 1, 2].map((d) => roi.size[d] + 2 * WAVELET_REACH) : size) as unknown as Vec3;
  const block = inside ? cropInto(intensities, size, blockLower, blockSize, new Float64Array(blockSize[0] * blockSize[1] * blockSize[2])) : intensities;
  const roiInBlock = [0, 1, 2].map((d) => lower[d] - blockLower[d]) as unknown as Vec3;
  const cells = roi.size[0] * roi.size[1] * roi.size[2];
  const out = new Map<string, PreparedRoi>();
  for (const [name, values] of waveletDecompositions(block, blockSize, wavelet)) {
    out.set(`wavelet-${name}`, { ...roi, image: cropInto(values, blockSize, roiInBlock, roi.size, new Float64Array(cells)) });
  }
  return out;
}

/** pyradiomics' LoG image name for a sigma: log-sigma-1-0-mm-3D for 1 (sigmas are written as Python floats). */
export const logImageName = (sigma: number) => `log-sigma-${Number.isInteger(sigma) ? `${sigma}-0` : String(sigma).replace('.', '-')}-mm-3D`;

/**
 * The ROI under the Laplacian of Gaussian of the whole image it was cropped from, for each sigma (mm), as
 * pyradiomics' getLoGImage (ITK's LaplacianRecursiveGaussianImageFilter, normalised across scale). The
 * recursive filter reaches along whole lines, so the whole image is filtered. pyradiomics skips a sigma the
 * image is too small for; here that is an error naming the sigma.
 */
export function logRois(roi: PreparedRoi, sigmas: readonly number[]): Map<string, PreparedRoi> {
  const { intensities, size, lower } = roi.source;
  const out = new Map<string, PreparedRoi>();
  const cells = roi.size[0] * roi.size[1] * roi.size[2];
  for (const sigma of sigmas) {
    if (!(sigma > 0)) throw new RadSweepInputError(`LoG sigma must be > 0, got ${sigma}`, 'settings.sigma');
    if (Math.min(...size) < 4 || size.some((n, d) => n < Math.ceil(sigma / roi.spacing[d]) + 1)) {
      throw new RadSweepInputError(`the image (${size.join('x')} voxels) is too small for LoG with sigma ${sigma} mm`, 'settings.sigma');
    }
    const filtered = laplacianOfGaussian(intensities, size, roi.spacing, sigma);
    out.set(logImageName(sigma), { ...roi, image: cropInto(filtered, size, lower, roi.size, new Float64Array(cells)) });
  }
  return out;
}

/** The ROI under one of pyradiomics' whole-image filters: square, squareroot, logarithm, exponential or gradient. */
export function filteredRoi(roi: PreparedRoi, filter: IntensityFilter | 'gradient', gradientUseSpacing = true): PreparedRoi {
  const { intensities, size, lower } = roi.source;
  const filtered = filter === 'gradient' ? gradientMagnitude(intensities, size, roi.spacing, gradientUseSpacing) : intensityFilter(intensities, filter);
  return { ...roi, image: cropInto(filtered, size, lower, roi.size, new Float64Array(roi.size[0] * roi.size[1] * roi.size[2])) };
}
