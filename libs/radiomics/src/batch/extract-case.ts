import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extractFeatures, type FeatureClass, type ImageType } from '../extract';
import { readVolume } from '../io/read-volume';
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

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Extracts one case: every named ROI (`rois`, columns prefixed `<name>_`), or the row's label, or the
 * settings' label. Never throws: an error (unreadable file, absent label, ...) is returned, naming the case.
 */
export function extractCase(c: ManifestCase, params: CaseParams): CaseResult {
  try {
    const image = readVolume(c.image);
    const mask = readVolume(c.mask);
    const features: Record<string, number> = {};
    const rois = params.rois ?? { '': c.label ?? Number(params.settings.label ?? 1) };
    for (const [name, label] of Object.entries(rois)) {
      const values = extractFeatures(image, mask, { ...params.settings, label }, params.classes, params.imageTypes);
      for (const [k, v] of Object.entries(values)) features[name ? `${name}_${k}` : k] = v;
    }
    return { id: c.id, ok: true, features, sha256: { image: sha256(c.image), mask: sha256(c.mask) } };
  } catch (e) {
    return { id: c.id, ok: false, error: `case ${c.id}: ${(e as Error).message}` };
  }
}
