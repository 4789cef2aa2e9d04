/**
 * The 995 pyradiomics column names of a study-shaped cohort, built from image types x
 * feature classes x pyradiomics feature names. The order is pyradiomics' own: image
 * types in extraction order, classes in extraction order, and within a class the
 * features sorted by their getter name `get<Name>FeatureValue` (ASCII order, which is
 * why `MeanAbsoluteDeviation` comes before `Mean` and `MCC` before `MaximumProbability`).
 * Deprecated features (shape `Compactness1`, firstorder `StandardDeviation`, glcm
 * `SumVariance`, ...) are left out, as pyradiomics does by default.
 * Reference: van Griethuysen et al., Cancer Res 2017;77(21):e104-e107 (pyradiomics 3).
 */

export const FEATURE_CLASSES = ['shape', 'firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;
export type FeatureClass = (typeof FEATURE_CLASSES)[number];

/** pyradiomics' enabled (non-deprecated) feature names per class. */
export const PYRADIOMICS_FEATURES: Record<FeatureClass, readonly string[]> = {
  shape: [
    'Elongation', 'Flatness', 'LeastAxisLength', 'MajorAxisLength', 'Maximum2DDiameterColumn',
    'Maximum2DDiameterRow', 'Maximum2DDiameterSlice', 'Maximum3DDiameter', 'MeshVolume',
    'MinorAxisLength', 'Sphericity', 'SurfaceArea', 'SurfaceVolumeRatio', 'VoxelVolume',
  ],
  firstorder: [
    '10Percentile', '90Percentile', 'Energy', 'Entropy', 'InterquartileRange', 'Kurtosis', 'Maximum',
    'MeanAbsoluteDeviation', 'Mean', 'Median', 'Minimum', 'Range', 'RobustMeanAbsoluteDeviation',
    'RootMeanSquared', 'Skewness', 'TotalEnergy', 'Uniformity', 'Variance',
  ],
  glcm: [
    'Autocorrelation', 'ClusterProminence', 'ClusterShade', 'ClusterTendency', 'Contrast', 'Correlation',
    'DifferenceAverage', 'DifferenceEntropy', 'DifferenceVariance', 'Id', 'Idm', 'Idmn', 'Idn', 'Imc1', 'Imc2',
    'InverseVariance', 'JointAverage', 'JointEnergy', 'JointEntropy', 'MCC', 'MaximumProbability', 'SumAverage',
    'SumEntropy', 'SumSquares',
  ],
  glrlm: [
    'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'GrayLevelVariance', 'HighGrayLevelRunEmphasis',
    'LongRunEmphasis', 'LongRunHighGrayLevelEmphasis', 'LongRunLowGrayLevelEmphasis', 'LowGrayLevelRunEmphasis',
    'RunEntropy', 'RunLengthNonUniformity', 'RunLengthNonUniformityNormalized', 'RunPercentage', 'RunVariance',
    'ShortRunEmphasis', 'ShortRunHighGrayLevelEmphasis', 'ShortRunLowGrayLevelEmphasis',
  ],
  glszm: [
    'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'GrayLevelVariance', 'HighGrayLevelZoneEmphasis',
    'LargeAreaEmphasis', 'LargeAreaHighGrayLevelEmphasis', 'LargeAreaLowGrayLevelEmphasis',
    'LowGrayLevelZoneEmphasis', 'SizeZoneNonUniformity', 'SizeZoneNonUniformityNormalized', 'SmallAreaEmphasis',
    'SmallAreaHighGrayLevelEmphasis', 'SmallAreaLowGrayLevelEmphasis', 'ZoneEntropy', 'ZonePercentage',
    'ZoneVariance',
  ],
  gldm: [
    'DependenceEntropy', 'DependenceNonUniformity', 'DependenceNonUniformityNormalized', 'DependenceVariance',
    'GrayLevelNonUniformity', 'GrayLevelVariance', 'HighGrayLevelEmphasis', 'LargeDependenceEmphasis',
    'LargeDependenceHighGrayLevelEmphasis', 'LargeDependenceLowGrayLevelEmphasis', 'LowGrayLevelEmphasis',
    'SmallDependenceEmphasis', 'SmallDependenceHighGrayLevelEmphasis', 'SmallDependenceLowGrayLevelEmphasis',
  ],
  ngtdm: ['Busyness', 'Coarseness', 'Complexity', 'Contrast', 'Strength'],
};

const TEXTURE: readonly FeatureClass[] = ['firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];
const LOG_CLASSES: readonly FeatureClass[] = ['firstorder', 'glszm', 'gldm'];

/**
 * Image types in extraction order with the classes computed on each. Shape is computed
 * once (on the mask); the LoG images carry three classes so the total is the study's 995.
 */
export const IMAGE_TYPES: readonly { name: string; classes: readonly FeatureClass[] }[] = [
  { name: 'original', classes: FEATURE_CLASSES },
  ...['LLH', 'LHL', 'LHH', 'HLL', 'HLH', 'HHL', 'HHH', 'LLL'].map((band) => ({ name: `wavelet-${band}`, classes: TEXTURE })),
  ...[1, 3, 5].map((sigma) => ({ name: `log-sigma-${sigma}-0-mm-3D`, classes: LOG_CLASSES })),
];

/** Sorts feature names as pyradiomics lists them: by `get<Name>FeatureValue`, ASCII order. */
export function pyradiomicsOrder(names: readonly string[]): string[] {
  const key = (n: string) => `get${n}FeatureValue`;
  return [...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** One radiomics column: `<imageType>_<featureClass>_<feature>`. */
export interface RadiomicsColumn {
  name: string;
  imageType: string;
  imageTypeIndex: number;
  featureClass: FeatureClass;
  feature: string;
}

/** The radiomics columns in pyradiomics order (995 for the study layout). */
export function radiomicsColumns(): RadiomicsColumn[] {
  const out: RadiomicsColumn[] = [];
  IMAGE_TYPES.forEach((type, imageTypeIndex) => {
    for (const featureClass of type.classes) {
      for (const feature of pyradiomicsOrder(PYRADIOMICS_FEATURES[featureClass])) {
        out.push({ name: `${type.name}_${featureClass}_${feature}`, imageType: type.name, imageTypeIndex, featureClass, feature });
      }
    }
  });
  return out;
}
