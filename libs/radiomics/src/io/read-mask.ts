import { statSync } from 'node:fs';
import { readDicomSeg } from './dicom/dicom-seg';
import { hasDicomMarker } from './dicom/parse-dicom';
import { readBytes, readVolume } from './read-volume';
import type { Volume } from './volume';

/** A case's mask, asked for one label at a time. */
export interface CaseMask {
  /** The label map that holds `label` (a label map file: itself; a DICOM-SEG: segment `label` alone). */
  forLabel(label: number): Volume;
}

/**
 * Opens a case's mask: a label map read with readVolume (NRRD, NIfTI, a DICOM series folder), or a DICOM-SEG file placed on
 * `image`'s grid, its segment numbers being the labels (segment 1 "lesion", 2 "liver": label 1 and label 2).
 */
export function openMask(file: string, image: Volume): CaseMask {
  let folder = false;
  try {
    folder = statSync(file).isDirectory();
  } catch {
    // readVolume names the missing file
  }
  if (!folder && !/\.(nrrd|nii|nii\.gz)$/i.test(file)) {
    const bytes = readBytes(file);
    if (hasDicomMarker(bytes)) {
      const seg = readDicomSeg(bytes, file, image);
      return { forLabel: (label) => seg.maskFor(label) };
    }
  }
  const volume = readVolume(file);
  return { forLabel: () => volume };
}
