// Radiomics feature extraction (image + mask in, IBSI/pyradiomics features out). Engine side: no HTTP, SQL or queue.
export type { Volume, VoxelArray, Vec3 } from './io/volume';
export { readVolume } from './io/read-volume';
export { readNrrd } from './io/nrrd-reader';
export { readNifti } from './io/nifti-reader';
export { DEFAULT_SETTINGS, resolveSettings, type ExtractionMode, type ExtractionSettings } from './settings';
export { prepareRoi, type PreparedRoi } from './preprocess/prepare-roi';
export { discretise, binEdges, type DiscretisedRoi } from './preprocess/discretise';
export { normalizeIntensities } from './preprocess/normalize';
export { extractFeatures, textureInput, FEATURE_CLASSES, type FeatureClass } from './extract';
export { glcmMatrix, type GlcmMatrix } from './features/glcm-matrix';
export { glrlmMatrix, type GlrlmMatrix } from './features/glrlm-matrix';
export { glszmMatrix, type GlszmMatrix } from './features/glszm-matrix';
export { gldmMatrix, type GldmMatrix } from './features/gldm-matrix';
export { ngtdmMatrix, type NgtdmMatrix } from './features/ngtdm-matrix';
export { IBSI_IDS, IBSI_AGGREGATION } from './ibsi-ids';
