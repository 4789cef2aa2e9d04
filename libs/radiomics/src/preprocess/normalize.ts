import type { VoxelArray } from '../io/volume';

/**
 * SimpleITK's Normalize over the whole image (not just the ROI): (x - mean) / sd with the n - 1 variance,
 * then outliers clipped to +-removeOutliers (in sd units), then multiplied by `scale` (pyradiomics' normalizeImage).
 */
export function normalizeIntensities(data: VoxelArray, scale: number, removeOutliers: number | null): Float64Array {
  const n = data.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const sd = Math.sqrt((sumSq - (sum * sum) / n) / (n - 1));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = (data[i] - mean) / sd;
    if (removeOutliers !== null) {
      if (v > removeOutliers) v = removeOutliers;
      else if (v < -removeOutliers) v = -removeOutliers;
    }
    out[i] = v * scale;
  }
  return out;
}
