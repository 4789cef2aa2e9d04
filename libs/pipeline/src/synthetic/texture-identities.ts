import type { CohortPlan } from './cohort-plan';
import { columnIndexer, type RowModel } from './patient-geometry';
import { IMAGE_TYPES } from './radiomics-names';

const COUNTED_NON_UNIFORMITIES: readonly ['glrlm' | 'glszm', string, [string, string][]][] = [
  ['glrlm', 'RunPercentage', [
    ['GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized'],
    ['RunLengthNonUniformity', 'RunLengthNonUniformityNormalized'],
  ]],
  ['glszm', 'ZonePercentage', [
    ['GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized'],
    ['SizeZoneNonUniformity', 'SizeZoneNonUniformityNormalized'],
  ]],
];

/**
 * pyradiomics identities between texture features, applied after the measured
 * (marginal) columns are drawn and rounded, so they hold exactly up to one floating
 * point operation. N_p is the voxel count, N_r = RunPercentage N_p the number of runs,
 * N_z = ZonePercentage N_p the number of zones:
 *   glcm  SumAverage = 2 JointAverage
 *   glrlm GrayLevelNonUniformity = N_r GrayLevelNonUniformityNormalized,
 *         RunLengthNonUniformity = N_r RunLengthNonUniformityNormalized
 *   glszm GrayLevelNonUniformity = N_z GrayLevelNonUniformityNormalized,
 *         SizeZoneNonUniformity = N_z SizeZoneNonUniformityNormalized
 *   gldm  DependenceNonUniformity = N_p DependenceNonUniformityNormalized,
 *         GrayLevelNonUniformity = N_p firstorder Uniformity (same image, same grey-level bins)
 * Reference: pyradiomics documentation, "Gray Level Co-occurrence / Run Length / Size Zone /
 * Dependence Matrix Features" (the non-normalised forms divide by N_r, N_z, N_p once, the
 * normalised ones twice).
 */
export function textureIdentities(plan: CohortPlan): RowModel {
  const steps: RowModel[] = [];
  for (const { name, classes } of IMAGE_TYPES) {
    const at = (cls: string) => columnIndexer(plan.index, `${name}_${cls}`);
    if (classes.includes('glcm')) {
      const [sumAvg, jointAvg] = ['SumAverage', 'JointAverage'].map(at('glcm'));
      steps.push((_z, x) => void (x[sumAvg] = 2 * x[jointAvg]));
    }
    // glrlm and glszm: non-uniformity = (percentage x N_p) x normalised non-uniformity
    for (const [cls, percentage, pairs] of COUNTED_NON_UNIFORMITIES) {
      if (!classes.includes(cls)) continue;
      const column = at(cls);
      const share = column(percentage);
      const cols = pairs.map(([plain, normalised]) => [column(plain), column(normalised)]);
      steps.push((_z, x, g) => {
        const count = x[share] * g.voxelCount;
        for (const [plain, normalised] of cols) x[plain] = count * x[normalised];
      });
    }
    if (classes.includes('gldm')) {
      const [dnu, dnn, gln] = ['DependenceNonUniformity', 'DependenceNonUniformityNormalized', 'GrayLevelNonUniformity'].map(at('gldm'));
      const uniformity = at('firstorder')('Uniformity');
      steps.push((_z, x, g) => {
        x[dnu] = g.voxelCount * x[dnn];
        x[gln] = g.voxelCount * x[uniformity];
      });
    }
  }
  return (z, x, g) => {
    for (const step of steps) step(z, x, g);
  };
}
