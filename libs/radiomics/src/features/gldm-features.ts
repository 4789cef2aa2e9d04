import type { GldmMatrix } from './gldm-matrix';
import { sizeMatrixStatistics } from './size-matrix-statistics';

export const GLDM_FEATURES = [
  'SmallDependenceEmphasis',
  'LargeDependenceEmphasis',
  'GrayLevelNonUniformity',
  'DependenceNonUniformity',
  'DependenceNonUniformityNormalized',
  'GrayLevelVariance',
  'DependenceVariance',
  'DependenceEntropy',
  'LowGrayLevelEmphasis',
  'HighGrayLevelEmphasis',
  'SmallDependenceLowGrayLevelEmphasis',
  'SmallDependenceHighGrayLevelEmphasis',
  'LargeDependenceLowGrayLevelEmphasis',
  'LargeDependenceHighGrayLevelEmphasis',
] as const;

export type GldmFeature = (typeof GLDM_FEATURES)[number];

/** The 14 GLDM features of pyradiomics (its deprecated GLNN and DependencePercentage left out, as it does). */
export function gldmFeatures(m: GldmMatrix): Record<GldmFeature, number> {
  const s = sizeMatrixStatistics(m.p, m.grey, m.dependence);
  return {
    SmallDependenceEmphasis: s.smallEmphasis,
    LargeDependenceEmphasis: s.largeEmphasis,
    GrayLevelNonUniformity: s.greyNonUniformity,
    DependenceNonUniformity: s.sizeNonUniformity,
    DependenceNonUniformityNormalized: s.sizeNonUniformityNormalized,
    GrayLevelVariance: s.greyVariance,
    DependenceVariance: s.sizeVariance,
    DependenceEntropy: s.entropy,
    LowGrayLevelEmphasis: s.lowGreyEmphasis,
    HighGrayLevelEmphasis: s.highGreyEmphasis,
    SmallDependenceLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
    SmallDependenceHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
    LargeDependenceLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
    LargeDependenceHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
  };
}
