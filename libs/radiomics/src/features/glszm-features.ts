import type { GlszmMatrix } from './glszm-matrix';
import { sizeMatrixStatistics } from './size-matrix-statistics';

export const GLSZM_FEATURES = [
  'SmallAreaEmphasis',
  'LargeAreaEmphasis',
  'GrayLevelNonUniformity',
  'GrayLevelNonUniformityNormalized',
  'SizeZoneNonUniformity',
  'SizeZoneNonUniformityNormalized',
  'ZonePercentage',
  'GrayLevelVariance',
  'ZoneVariance',
  'ZoneEntropy',
  'LowGrayLevelZoneEmphasis',
  'HighGrayLevelZoneEmphasis',
  'SmallAreaLowGrayLevelEmphasis',
  'SmallAreaHighGrayLevelEmphasis',
  'LargeAreaLowGrayLevelEmphasis',
  'LargeAreaHighGrayLevelEmphasis',
] as const;

export type GlszmFeature = (typeof GLSZM_FEATURES)[number];

/** The 16 GLSZM features of pyradiomics. */
export function glszmFeatures(m: GlszmMatrix): Record<GlszmFeature, number> {
  const s = sizeMatrixStatistics(m.p, m.grey, m.zoneSize);
  return {
    SmallAreaEmphasis: s.smallEmphasis,
    LargeAreaEmphasis: s.largeEmphasis,
    GrayLevelNonUniformity: s.greyNonUniformity,
    GrayLevelNonUniformityNormalized: s.greyNonUniformityNormalized,
    SizeZoneNonUniformity: s.sizeNonUniformity,
    SizeZoneNonUniformityNormalized: s.sizeNonUniformityNormalized,
    ZonePercentage: s.total / s.voxels,
    GrayLevelVariance: s.greyVariance,
    ZoneVariance: s.sizeVariance,
    ZoneEntropy: s.entropy,
    LowGrayLevelZoneEmphasis: s.lowGreyEmphasis,
    HighGrayLevelZoneEmphasis: s.highGreyEmphasis,
    SmallAreaLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
    SmallAreaHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
    LargeAreaLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
    LargeAreaHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
  };
}
