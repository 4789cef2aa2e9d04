import type { Vec3 } from '../io/volume';
import type { DiscretisedRoi } from '../preprocess/discretise';
import type { ExtractionSettings } from '../settings';
import { buildAngles } from './angles';

/** What every texture matrix reads: the discretised ROI cropped to its bounding box, and the settings. */
export interface TextureInput {
  readonly roi: DiscretisedRoi;
  /** Grid size (x, y, z) of `roi.levels`. */
  readonly size: Vec3;
  /** Voxel spacing (x, y, z) in mm. */
  readonly spacing: Vec3;
  readonly settings: ExtractionSettings;
}

/** The angles pyradiomics uses for this grid and settings, in (dz, dy, dx) triples. */
export function textureAngles(input: TextureInput, bidirectional: boolean): Int32Array {
  const { size, settings } = input;
  return buildAngles([size[2], size[1], size[0]], settings.distances, bidirectional, settings.force2D ? settings.force2Ddimension : -1);
}

/** Position of each grey level in `present` (index by level; -1 when absent). */
export function levelIndex(input: TextureInput): Int32Array {
  const index = new Int32Array(input.roi.ng + 1).fill(-1);
  input.roi.present.forEach((g, k) => (index[g] = k));
  return index;
}

/** Mean of the finite entries (numpy.nanmean): NaN when there are none. */
export function nanMean(values: Float64Array | number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

export const EPS = 2.220446049250313e-16;
