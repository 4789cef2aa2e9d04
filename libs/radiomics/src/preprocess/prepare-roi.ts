import { RadSweepInputError } from '@radsweep/core';
import type { Vec3, Volume } from '../io/volume';
import type { ExtractionSettings } from '../settings';
import { boundingBox, checkRoiExtent } from './bounding-box';
import { checkSameGeometry } from './check-geometry';
import { cropGrid, cropInto } from './crop';
import { normalizeIntensities } from './normalize';
import { resegment } from './resegment';
import { resampleToSpacing } from './resample';
import { selectLabel } from './select-label';

/** The ROI ready for feature computation: image and masks cropped to the ROI's bounding box. */
export interface PreparedRoi {
  /** Intensities on the cropped grid (after normalisation when enabled). */
  readonly image: Float64Array;
  /** 1 inside the ROI used for intensity and texture features (after resegmentation). */
  readonly mask: Uint8Array;
  /** 1 inside the ROI used for shape features (the label before resegmentation, as pyradiomics). */
  readonly shapeMask: Uint8Array;
  /** Cropped grid size and spacing (x, y, z). */
  readonly size: Vec3;
  readonly spacing: Vec3;
  readonly voxelCount: number;
  /** The whole image grid the crop was taken from (after normalisation and resampling), for filters. */
  readonly source: { readonly intensities: ArrayLike<number>; readonly size: Vec3; readonly lower: Vec3 };
}

/**
 * pyradiomics' extractor steps before the features: geometry and label checks, whole-image normalisation,
 * resampling (when resampledPixelSpacing is set), ROI extent checks, resegmentation, then a crop to the (resegmented) ROI's bounding box without padding.
 * Errors are RadSweepInputErrors naming the mask file (or image file for NaN voxels).
 */
export function prepareRoi(image: Volume, mask: Volume, settings: ExtractionSettings): PreparedRoi {
  checkSameGeometry(image, mask, settings.geometryTolerance);
  let label = selectLabel(mask, settings.label);
  let intensities: ArrayLike<number> = image.data;
  if (settings.normalize) intensities = normalizeIntensities(image.data, settings.normalizeScale, settings.removeOutliers);
  const where = `${mask.source} (label ${settings.label})`;
  let box = boundingBox(label, mask.size)!;
  let grid: Volume = mask;
  if (settings.resampledPixelSpacing !== null && settings.interpolator !== null) {
    const voxelKind = settings.normalize ? null : image.data;
    const resampled = resampleToSpacing(intensities, voxelKind, mask, box, settings.resampledPixelSpacing, settings.padDistance);
    if (resampled) {
      intensities = resampled.intensities;
      grid = resampled.mask;
      label = selectLabel(grid, settings.label);
      box = boundingBox(label, grid.size)!;
    }
  }
  checkRoiExtent(box, settings.minimumROIDimensions, settings.minimumROISize, where);
  let roi = label;
  if (settings.resegmentRange !== null) {
    roi = resegment(intensities, label, settings.resegmentRange, settings.resegmentMode, where);
    box = boundingBox(roi, grid.size)!;
    checkRoiExtent(box, settings.minimumROIDimensions, settings.minimumROISize, where);
  }
  const crop = cropGrid(box, grid.size, 0);
  const cells = crop.size[0] * crop.size[1] * crop.size[2];
  const cropped = cropInto(intensities, grid.size, crop.lower, crop.size, new Float64Array(cells));
  const croppedMask = cropInto(roi, grid.size, crop.lower, crop.size, new Uint8Array(cells));
  const shapeMask = roi === label ? croppedMask : cropInto(label, grid.size, crop.lower, crop.size, new Uint8Array(cells));
  for (let i = 0; i < cells; i++) {
    if (croppedMask[i] && Number.isNaN(cropped[i])) throw new RadSweepInputError('the image has NaN voxels inside the ROI', image.source);
  }
  return {
    image: cropped,
    mask: croppedMask,
    shapeMask,
    size: crop.size,
    spacing: grid.spacing,
    voxelCount: box.count,
    source: { intensities, size: grid.size, lower: crop.lower },
  };
}
