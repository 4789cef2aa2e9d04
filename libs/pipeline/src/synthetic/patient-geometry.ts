/**
 * Per-patient acquisition and tumour geometry shared by the shape, first-order and
 * texture models: the tumour diameter, the volume of one voxel (pixel spacing squared
 * x slice thickness, mm3) and the number of voxels in the mask (set by the shape model).
 */
export interface PatientGeometry {
  diameterMm: number;
  voxelVolume: number;
  voxelCount: number;
}

/** A model that fills some columns of one patient's radiomics row from its latent scores. */
export type RowModel = (z: Float64Array, x: Float64Array, geometry: PatientGeometry) => void;

/** Resolves column names to indices once, failing loudly on a name the plan lacks. */
export function columnIndexer(index: Map<string, number>, prefix: string): (feature: string) => number {
  return (feature) => {
    const j = index.get(`${prefix}_${feature}`);
    if (j === undefined) throw new Error(`synthetic cohort: no column ${prefix}_${feature}`);
    return j;
  };
}

export const logistic = (x: number) => 1 / (1 + Math.exp(-x));
export const logit = (p: number) => Math.log(p / (1 - p));
