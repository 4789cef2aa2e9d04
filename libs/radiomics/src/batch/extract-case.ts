import { extractFeatures, type FeatureClass, type ImageType } from '../extract';
import { openMask } from '../io/read-mask';
import { readVolume } from '../io/read-volume';
import { inputSha256 } from './input-sha256';
import type { ManifestCase } from './manifest';

/** What one case gives: its features (by column name) and its input files' sha256, or the error that stopped it. */
export type CaseResult =
  | { readonly id: string; readonly ok: true; readonly features: Record<string, number>; readonly sha256: { image: string; mask: string } }
  | { readonly id: string; readonly ok: false; readonly error: string };

/** The parts of the parameter file a case needs (plain data, so it can be posted to a worker thread). */
export interface CaseParams {
  readonly settings: Record<string, unknown>;
  readonly classes: FeatureClass[];
  readonly imageTypes: ImageType[];
  readonly rois: Record<string, number> | null;
}

/**
 * Extracts one case: every named ROI (`rois`, columns prefixed `<name>_`), or the row's label, or the
 * settings' label (a DICOM-SEG mask's segment numbers are its labels). Never throws: an error (unreadable file, absent label, ...) is returned, naming the case.
 */
export function extractCase(c: ManifestCase, params: CaseParams): CaseResult {
  try {
    const image = readVolume(c.image);
    const mask = openMask(c.mask, image);
    const features: Record<string, number> = {};
    const rois = params.rois ?? { '': c.label ?? Number(params.settings.label ?? 1) };
    for (const [name, label] of Object.entries(rois)) {
      const values = extractFeatures(image, mask.forLabel(label), { ...params.settings, label }, params.classes, params.imageTypes);
      for (const [k, v] of Object.entries(values)) features[name ? `${name}_${k}` : k] = v;
    }
    return { id: c.id, ok: true, features, sha256: { image: inputSha256(c.image), mask: inputSha256(c.mask) } };
  } catch (e) {
    return { id: c.id, ok: false, error: `case ${c.id}: ${(e as Error).message}` };
  }
}
