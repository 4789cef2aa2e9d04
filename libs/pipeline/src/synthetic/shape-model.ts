import type { CohortPlan } from './cohort-plan';
import { roundSignificant as r8 } from './marginal-value';
import { columnIndexer, logistic, logit, type RowModel } from './patient-geometry';

/**
 * Shape features of the tumour mask (pyradiomics `shape`, computed on `original` only),
 * from the tumour diameter D and the column latent scores z:
 *   Maximum3DDiameter = D e^(0.03 z), MajorAxisLength = 0.85 Maximum3DDiameter e^(0.05 z),
 *   Elongation = Minor / Major, Flatness = Least / Major (pyradiomics' definitions, exact),
 *   MeshVolume = (pi/6) Major Minor Least e^(-0.05 + 0.08 z)   (an irregular ellipsoid),
 *   Sphericity = (36 pi V^2)^(1/3) / SurfaceArea (exact), SurfaceVolumeRatio = SurfaceArea / MeshVolume (exact),
 *   VoxelVolume = voxel count x voxel volume (exact), voxel count ~ MeshVolume / voxel volume.
 * Reference: pyradiomics documentation, "Shape Features (3D)".
 */
export function shapeModel(plan: CohortPlan): RowModel {
  const at = columnIndexer(plan.index, 'original_shape');
  const [el, fl, least, major, d2col, d2row, d2slice, d3, mesh, minor, sph, area, svr, vox] = [
    'Elongation', 'Flatness', 'LeastAxisLength', 'MajorAxisLength', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow',
    'Maximum2DDiameterSlice', 'Maximum3DDiameter', 'MeshVolume', 'MinorAxisLength', 'Sphericity', 'SurfaceArea',
    'SurfaceVolumeRatio', 'VoxelVolume',
  ].map(at);
  return (z, x, g) => {
    const max3d = r8(g.diameterMm * Math.exp(0.03 * z[d3]));
    x[d3] = max3d;
    x[major] = r8(0.85 * max3d * Math.exp(0.05 * z[major]));
    x[el] = r8(logistic(logit(0.77) + 0.45 * z[el]));
    x[fl] = r8(x[el] * logistic(logit(0.84) + 0.5 * z[fl]));
    x[minor] = x[major] * x[el];
    x[least] = x[major] * x[fl];
    for (const j of [d2col, d2row, d2slice]) x[j] = r8(max3d * logistic(logit(0.88) + 0.6 * z[j]));
    x[mesh] = r8((Math.PI / 6) * x[major] * x[minor] * x[least] * Math.exp(-0.05 + 0.08 * z[mesh]));
    x[sph] = r8(logistic(logit(0.72) + 0.45 * z[sph]));
    x[area] = Math.cbrt(36 * Math.PI * x[mesh] * x[mesh]) / x[sph];
    x[svr] = x[area] / x[mesh];
    g.voxelCount = Math.max(1, Math.round((x[mesh] / g.voxelVolume) * (1 + 0.006 * z[vox])));
    x[vox] = g.voxelCount * g.voxelVolume;
  };
}
