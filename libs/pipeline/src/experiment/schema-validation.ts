import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { RadSweepInputError } from '@radsweep/core';
import schema from './experiment.schema.json';
import type { ExperimentSpec } from './spec';
import type { ParsedExperimentFile } from './experiment-file';

/** The published JSON Schema (draft 2020-12) of experiment files. */
export const EXPERIMENT_SCHEMA = schema;

let compiled: ValidateFunction<ExperimentSpec> | undefined;

/** Loaded and compiled on first use (~0.15 s), not at import: engine worker threads and other commands never validate. */
function experimentValidator(): ValidateFunction<ExperimentSpec> {
  if (!compiled) {
    const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
    compiled = new Ajv2020({ allErrors: true, verbose: true, discriminator: true, strict: true, allowUnionTypes: true }).compile<ExperimentSpec>(schema);
  }
  return compiled;
}

/**
 * Checks the parsed file against the schema; the first (most specific) violation
 * becomes a RadSweepInputError naming the file, line and key path.
 */
export function validateExperimentSchema(file: ParsedExperimentFile): ExperimentSpec {
  const data = file.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new RadSweepInputError(`expected a mapping of keys (name, seed, dataset, ...), got ${describe(data)}`, file.shown);
  }
  const validate = experimentValidator();
  if (validate(data)) return data;
  const error = mostSpecific(validate.errors ?? []);
  const segments = toSegments(error.instancePath, data);
  throw new RadSweepInputError(explain(error), file.where(segments));
}

/** The error deepest in the document; among equals, one that is not a oneOf summary. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  let best = errors[0];
  for (const e of errors) {
    const better = depth(e) > depth(best) || (depth(e) === depth(best) && isSummary(best) && !isSummary(e));
    if (better) best = e;
  }
  // Branch errors of an undiscriminated oneOf (e.g. 'none' or {id: {}}) read badly: report the summary.
  const summary = errors.find((e) => isSummary(e) && e.instancePath === best.instancePath);
  return summary && (best.keyword === 'type' || best.keyword === 'const') ? summary : best;
}

const isSummary = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf';

function explain(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as { properties?: Record<string, unknown>; description?: string } | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys(parent?.properties ?? {});
      return `unknown key '${p.additionalProperty}'${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`;
    }
    case 'required':
      return `missing required key '${p.missingProperty}'`;
    case 'type':
      return `expected ${String(p.type).replace(',', ' or ')}, got ${describe(e.data)}`;
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describe(e.data)}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}, got ${describe(e.data)}`;
    case 'oneOf':
    case 'anyOf':
      return `${describe(e.data)} is not allowed here${parent?.description ? ` (${parent.description})` : ''}`;
    case 'discriminator':
      return p.error === 'mapping'
        ? `unknown type ${describe((e.data as Record<string, unknown>)?.[String(p.tag)])}; allowed: ${discriminatorValues(e).join(', ')}`
        : `missing or invalid 'type'; allowed: ${discriminatorValues(e).join(', ')}`;
    case 'minProperties':
    case 'maxProperties':
      return e.instancePath.startsWith('/steps/') ? 'a step is written as one key (its id) with its parameters, e.g. {lasso: {alpha: cv}}' : `${e.message}`;
    default:
      return `${e.message}, got ${describe(e.data)}`;
  }
}

function discriminatorValues(e: ErrorObject): string[] {
  const branches = (e.parentSchema as { oneOf?: { properties?: { type?: { const?: string } } }[] }).oneOf ?? [];
  return branches.map((b) => String(b.properties?.type?.const));
}

/** `/models/3/grid/C/1` -> ['models', 3, 'grid', 'C', 1] (array indices as numbers). */
function toSegments(instancePath: string, data: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(key));
      node = node[Number(key)];
    } else {
      out.push(key);
      node = (node as Record<string, unknown> | undefined)?.[key];
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}
