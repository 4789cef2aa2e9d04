import type { CohortPlan } from './cohort-plan';
import { roundSignificant as r8 } from './marginal-value';
import { columnIndexer, type RowModel } from './patient-geometry';
import { IMAGE_TYPES } from './radiomics-names';

/** Location (mean, its spread) and scale (median sd) of the intensities on each image type. */
function intensityScale(imageType: string): { mean: number; meanSd: number; sd: number } {
  if (imageType === 'original') return { mean: 1, meanSd: 12, sd: 22 };
  if (imageType === 'wavelet-LLL') return { mean: 213, meanSd: 40, sd: 47 };
  if (imageType.startsWith('wavelet-')) return { mean: 0, meanSd: 4, sd: 14 };
  const sigma = Number(/log-sigma-(\d+)/.exec(imageType)![1]);
  return { mean: -4 - 4 * (sigma - 1), meanSd: 8, sd: 12 + 5 * sigma };
}

/**
 * First-order (intensity histogram) features of each image type from a location mu and
 * a scale s of the intensities inside the mask (pyradiomics `firstorder`):
 *   s = sd_type e^(0.35 z_Variance), Variance = s^2, Mean = mu = mean_type + meanSd_type z_Mean,
 *   Median = mu + 0.12 s z, 10/90Percentile = mu -/+ 1.28 s e^(0.1 z), InterquartileRange = 1.35 s e^(0.12 z),
 *   MeanAbsoluteDeviation = 0.8 s e^(0.08 z), RobustMeanAbsoluteDeviation = 0.55 s e^(0.1 z),
 *   Maximum = mu + 4.5 s e^(0.25 z), Minimum = mu - 5 s e^(0.25 z),
 * and pyradiomics' identities (exact up to floating point):
 *   Range = Maximum - Minimum, RootMeanSquared = sqrt(Mean^2 + Variance),
 *   Energy = N_p (Mean^2 + Variance) = sum of squared intensities, TotalEnergy = Energy x voxel volume.
 * Entropy, Uniformity, Kurtosis and Skewness follow their own marginals.
 * Reference: pyradiomics documentation, "First Order Features".
 */
export function firstorderModel(plan: CohortPlan): RowModel {
  const types = IMAGE_TYPES.filter((t) => t.classes.includes('firstorder')).map((t) => {
    const at = columnIndexer(plan.index, `${t.name}_firstorder`);
    return {
      scale: intensityScale(t.name),
      idx: Object.fromEntries(
        ['10Percentile', '90Percentile', 'Energy', 'InterquartileRange', 'Maximum', 'MeanAbsoluteDeviation', 'Mean', 'Median',
          'Minimum', 'Range', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared', 'TotalEnergy', 'Variance'].map((f) => [f, at(f)]),
      ) as Record<string, number>,
    };
  });
  return (z, x, g) => {
    for (const { scale, idx } of types) {
      const s = scale.sd * Math.exp(0.35 * z[idx.Variance]);
      const mu = r8(scale.mean + scale.meanSd * z[idx.Mean]);
      const variance = r8(s * s);
      x[idx.Mean] = mu;
      x[idx.Variance] = variance;
      x[idx.Median] = r8(mu + 0.12 * s * z[idx.Median]);
      x[idx['10Percentile']] = r8(mu - 1.28 * s * Math.exp(0.1 * z[idx['10Percentile']]));
      x[idx['90Percentile']] = r8(mu + 1.28 * s * Math.exp(0.1 * z[idx['90Percentile']]));
      x[idx.InterquartileRange] = r8(1.35 * s * Math.exp(0.12 * z[idx.InterquartileRange]));
      x[idx.MeanAbsoluteDeviation] = r8(0.8 * s * Math.exp(0.08 * z[idx.MeanAbsoluteDeviation]));
      x[idx.RobustMeanAbsoluteDeviation] = r8(0.55 * s * Math.exp(0.1 * z[idx.RobustMeanAbsoluteDeviation]));
      x[idx.Maximum] = r8(mu + 4.5 * s * Math.exp(0.25 * z[idx.Maximum]));
      x[idx.Minimum] = r8(mu - 5 * s * Math.exp(0.25 * z[idx.Minimum]));
      x[idx.Range] = x[idx.Maximum] - x[idx.Minimum];
      const meanSquare = mu * mu + variance;
      x[idx.RootMeanSquared] = Math.sqrt(meanSquare);
      x[idx.Energy] = g.voxelCount * meanSquare;
      x[idx.TotalEnergy] = x[idx.Energy] * g.voxelVolume;
    }
  };
}
