import type { ValidateFunction } from 'ajv/dist/2020';
import { RadSweepInputError } from '@radsweep/core';
import { canonicalJson, canonicalSha256, parseExactJson } from './exact-json';
import { LOCKED_MODEL_FORMAT, LOCKED_MODEL_VERSION, LockedModel } from './locked-model';
import schema from './locked-model.schema.json';

/** The published JSON Schema of locked model files (format version 1). */
export const LOCKED_MODEL_SCHEMA = schema;

let compiled: ValidateFunction | undefined;

/** Loaded and compiled on first use (~0.1 s), not at import: `radsweep run` and the engine's threads never read a locked model. */
function lockedModelValidator(): ValidateFunction {
  if (!compiled) {
    const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
    compiled = new Ajv2020({ allErrors: false, strict: false }).compile(schema);
  }
  return compiled;
}

/** A locked model's file text: its canonical exact JSON with its own sha256 (over every other key), and a newline. */
export function lockedModelText(body: Omit<LockedModel, 'sha256'>): string {
  const sha256 = canonicalSha256(body);
  return canonicalJson({ ...body, sha256 }) + '\n';
}

/**
 * Reads a locked model file's text, refusing (RadSweepInputError naming `where`): text that is not
 * JSON, another format, a newer format version, a sha256 that does not match the content (a changed
 * value), bytes that are not the canonical form of the content (any other change), and content the
 * schema refuses.
 */
export function readLockedModel(text: string, where: string): LockedModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new RadSweepInputError(`not a locked model: the file is not valid JSON (${(e as Error).message}); was it changed or cut short?`, where);
  }
  const r = raw as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r) || r.format !== LOCKED_MODEL_FORMAT) {
    throw new RadSweepInputError(`not a locked model: expected "format": "${LOCKED_MODEL_FORMAT}"`, where);
  }
  const version = r.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new RadSweepInputError(`locked model has an invalid formatVersion ${JSON.stringify(version)}`, where);
  }
  if (version > LOCKED_MODEL_VERSION) {
    throw new RadSweepInputError(
      `locked model format version ${version} is newer than this RadSweep reads (version ${LOCKED_MODEL_VERSION}); use a newer RadSweep`,
      where,
    );
  }
  const decoded = parseExactJson(text) as Record<string, unknown>;
  const { sha256: stored, ...body } = decoded;
  const actual = canonicalSha256(body);
  if (stored !== actual) {
    throw new RadSweepInputError(
      `sha256 mismatch: the file says ${JSON.stringify(stored)} but its content hashes to ${actual}; the locked model was modified and is refused`,
      where,
    );
  }
  if (text.replace(/\n$/, '') !== canonicalJson(decoded)) {
    throw new RadSweepInputError('the file is not byte for byte the canonical form of its content: the locked model was modified and is refused', where);
  }
  const validateSchema = lockedModelValidator();
  if (!validateSchema(raw)) {
    const e = validateSchema.errors?.[0];
    throw new RadSweepInputError(`locked model does not match its schema at ${e?.instancePath || '/'}: ${e?.message ?? 'invalid'}`, where);
  }
  return decoded as unknown as LockedModel;
}
