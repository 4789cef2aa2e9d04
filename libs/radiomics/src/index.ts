// Radiomics feature extraction (image + mask in, IBSI/pyradiomics features out). Engine side: no HTTP, SQL or queue.
export type { Volume, VoxelArray, Vec3 } from './io/volume';
export { readVolume } from './io/read-volume';
export { readNrrd } from './io/nrrd-reader';
export { readNifti } from './io/nifti-reader';
