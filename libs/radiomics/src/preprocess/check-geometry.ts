import { RadSweepInputError } from '@radsweep/core';
import type { Volume } from '../io/volume';

/**
 * Refuses a mask whose grid differs from the image's (size, spacing, origin, direction), as SimpleITK's
 * LabelStatisticsImageFilter does; `tolerance` is relative to the spacing (SimpleITK's geometryTolerance).
 */
export function checkSameGeometry(image: Volume, mask: Volume, tolerance: number): void {
  const where = `${mask.source} (mask of ${image.source})`;
  if (image.size.some((n, d) => n !== mask.size[d])) {
    throw new RadSweepInputError(`mask size ${mask.size.join('x')} differs from image size ${image.size.join('x')}`, where);
  }
  const scale = Math.max(...image.spacing);
  for (let d = 0; d < 3; d++) {
    if (Math.abs(image.spacing[d] - mask.spacing[d]) > tolerance * scale) {
      throw new RadSweepInputError(`mask spacing (${mask.spacing.join(', ')}) differs from image spacing (${image.spacing.join(', ')})`, where);
    }
    if (Math.abs(image.origin[d] - mask.origin[d]) > tolerance * scale) {
      throw new RadSweepInputError(`mask origin (${mask.origin.join(', ')}) differs from image origin (${image.origin.join(', ')})`, where);
    }
  }
  for (let k = 0; k < 9; k++) {
    if (Math.abs(image.direction[k] - mask.direction[k]) > tolerance) {
      throw new RadSweepInputError(`mask direction (${mask.direction.join(', ')}) differs from image direction (${image.direction.join(', ')})`, where);
    }
  }
}
