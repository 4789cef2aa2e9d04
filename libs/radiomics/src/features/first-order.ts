import type { Vec3 } from '../io/volume';
import type { ExtractionSettings } from '../settings';
import { EPS } from './texture-input';

export const FIRST_ORDER_FEATURES = [
  'Energy',
  'TotalEnergy',
  'Entropy',
  'Minimum',
  '10Percentile',
  '90Percentile',
  'Maximum',
  'Mean',
  'Median',
  'InterquartileRange',
  'Range',
  'MeanAbsoluteDeviation',
  'RobustMeanAbsoluteDeviation',
  'RootMeanSquared',
  'Skewness',
  'Kurtosis',
  'Variance',
  'Uniformity',
] as const;

export type FirstOrderFeature = (typeof FIRST_ORDER_FEATURES)[number];

/** numpy.percentile (linear) of ascending `sorted`, in numpy 1.14's arithmetic. */
function percentile(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const below = Math.floor(pos);
  const above = Math.min(below + 1, sorted.length - 1);
  const w = pos - below;
  return sorted[below] * (1 - w) + sorted[above] * w;
}

/** Mean absolute deviation from their own mean of the values of `sorted` in [lo, hi]. */
function meanAbsoluteDeviation(sorted: Float64Array, lo: number, hi: number): number {
  let n = 0;
  let sum = 0;
  for (const v of sorted) {
    if (v >= lo && v <= hi) {
      n++;
      sum += v;
    }
  }
  const mean = sum / n;
  let dev = 0;
  for (const v of sorted) if (v >= lo && v <= hi) dev += Math.abs(v - mean);
  return dev / n;
}

/**
 * pyradiomics' 18 first-order features of the ROI's intensities `values` (Entropy and Uniformity from the
 * discretised levels `levels`, one per value). In `ibsi` mode Kurtosis is the excess kurtosis.
 */
export function firstOrderFeatures(
  values: Float64Array,
  levels: Int32Array,
  spacing: Vec3,
  settings: ExtractionSettings,
): Record<FirstOrderFeature, number> {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const shift = settings.voxelArrayShift;
  let sum = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    energy += (values[i] + shift) ** 2;
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let mad = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  let maxLevel = 0;
  for (const l of levels) if (l > maxLevel) maxLevel = l;
  const counts = new Float64Array(maxLevel + 1);
  for (const l of levels) counts[l]++;
  let entropy = 0;
  let uniformity = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / n;
    entropy -= p * Math.log2(p + EPS);
    uniformity += p * p;
  }
  const p10 = percentile(sorted, 10);
  const p90 = percentile(sorted, 90);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const flat = m2 === 0;
  const kurtosis = flat ? 0 : m4 / (m2 * m2);
  return {
    Energy: energy,
    TotalEnergy: energy * spacing[0] * spacing[1] * spacing[2],
    Entropy: entropy,
    Minimum: sorted[0],
    '10Percentile': p10,
    '90Percentile': p90,
    Maximum: sorted[n - 1],
    Mean: mean,
    Median: median,
    InterquartileRange: percentile(sorted, 75) - percentile(sorted, 25),
    Range: sorted[n - 1] - sorted[0],
    MeanAbsoluteDeviation: mad / n,
    RobustMeanAbsoluteDeviation: meanAbsoluteDeviation(sorted, p10, p90),
    RootMeanSquared: Math.sqrt(energy / n),
    Skewness: flat ? 0 : m3 / m2 ** 1.5,
    Kurtosis: settings.mode === 'ibsi' ? kurtosis - 3 : kurtosis,
    Variance: m2,
    Uniformity: uniformity,
  };
}
