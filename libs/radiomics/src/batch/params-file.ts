import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import { ALL_FEATURE_CLASSES, FEATURE_CLASSES, type FeatureClass, type ImageType } from '../extract';
import { resolveSettings } from '../settings';

/** A pyradiomics-style parameter file: `setting`, `imageType` (Original, Wavelet, LoG with its sigma, Square, SquareRoot, Logarithm, Exponential, Gradient), `featureClass`, `rois`. */
export interface ExtractionParams {
  readonly settings: Record<string, unknown>;
  readonly classes: FeatureClass[];
  readonly imageTypes: ImageType[];
  /** Named ROIs (`rois: {lesion: 1, liver: 2}`): one feature family per label, prefixed `<name>_`. */
  readonly rois: Record<string, number> | null;
  readonly text: string;
  readonly sha256: string;
}

/** Reads and checks a parameter file (YAML or JSON); errors name the file and key. */
export function readParams(file: string): ExtractionParams {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RadSweepInputError(`cannot read the parameter file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
  return parseParams(text, file);
}

/** A parameter file's text (see readParams); messages name `file` (the file as the user knows it) and the key. */
export function parseParams(text: string, file: string): ExtractionParams {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw new RadSweepInputError(`not valid YAML: ${(e as Error).message}`, file);
  }
  for (const key of Object.keys(doc)) {
    if (!['setting', 'imageType', 'featureClass', 'rois'].includes(key)) throw new RadSweepInputError(`unknown key "${key}" (setting, imageType, featureClass, rois)`, file);
  }
  const imageTypeDoc = (doc.imageType ?? { Original: {} }) as Record<string, Record<string, unknown> | null>;
  // pyradiomics takes per-image-type settings (LoG's sigma) under imageType; here they join the settings
  const settings = { ...((doc.setting ?? {}) as Record<string, unknown>), ...(imageTypeDoc.LoG ?? {}), ...(imageTypeDoc.Gradient ?? {}) };
  try {
    resolveSettings(settings);
  } catch (e) {
    throw new RadSweepInputError((e as Error).message, file);
  }
  const imageTypes = Object.keys(imageTypeDoc);
  // pyradiomics' Wavelet options: only its defaults are implemented
  const waveletOptions = { wavelet: 'coif1', level: 1, start_level: 0 } as Record<string, unknown>;
  for (const [key, value] of Object.entries(imageTypeDoc.Wavelet ?? {})) {
    if (!(key in waveletOptions) || waveletOptions[key] !== value) {
      throw new RadSweepInputError(`Wavelet option ${key}: ${JSON.stringify(value)} is not supported (wavelet: coif1, level: 1, start_level: 0 are)`, `${file}: imageType`);
    }
  }
  const known = ['Original', 'Wavelet', 'LoG', 'Square', 'SquareRoot', 'Logarithm', 'Exponential', 'Gradient'];
  const unsupported = imageTypes.filter((t) => !known.includes(t));
  if (unsupported.length > 0) throw new RadSweepInputError(`image types ${unsupported.join(', ')} are not supported (${known.join(', ')} are)`, `${file}: imageType`);
  const requested = doc.featureClass ? Object.keys(doc.featureClass as object) : [...FEATURE_CLASSES];
  for (const c of requested) {
    if (!(ALL_FEATURE_CLASSES as readonly string[]).includes(c)) throw new RadSweepInputError(`unknown feature class "${c}" (${ALL_FEATURE_CLASSES.join(', ')})`, `${file}: featureClass`);
  }
  const rois = (doc.rois ?? null) as Record<string, number> | null;
  if (rois !== null) {
    for (const [name, label] of Object.entries(rois)) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) || !Number.isInteger(label)) throw new RadSweepInputError(`ROI "${name}: ${label}" needs a name of letters and digits and an integer label`, `${file}: rois`);
    }
  }
  return {
    settings,
    classes: ALL_FEATURE_CLASSES.filter((c) => requested.includes(c)),
    imageTypes: imageTypes.map((t) => t.toLowerCase() as ImageType),
    rois,
    text,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}
