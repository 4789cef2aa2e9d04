import type { Vec3 } from '../io/volume';
import { cropInto } from '../preprocess/crop';
import type { PreparedRoi } from '../preprocess/prepare-roi';
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
