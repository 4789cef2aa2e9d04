import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { RadSweepInputError } from '@radsweep/core';
import schema from './experiment.schema.json';
import { aliasSnakeCaseKeys } from './spec-key-aliases';

/**
 * An experiment file parsed (YAML or JSON; JSON is read by the same YAML 1.2 parser)
 * with a way to name any key path as `file:line: models[3].grid.C[1]`, so every
 * error points at the place to edit.
 */
export interface ParsedExperimentFile {
  /** Absolute path (for text parsed with parseExperimentText: the name it was given). */
  path: string;
  /** Path as shown in messages (relative to the working directory when inside it). */
  shown: string;
  data: unknown;
  /** `file:line: keyPath` for a key path given as segments. */
  where(path: readonly (string | number)[]): string;
}

export function parseExperimentFile(file: string): ParsedExperimentFile {
  const path = resolve(file);
  const shown = displayPath(path);
  if (!existsSync(path)) throw new RadSweepInputError('experiment file not found', shown);
  if (statSync(path).isDirectory()) throw new RadSweepInputError('is a directory, expected an experiment file (.yaml or .json)', shown);
  return parseText(readFileSync(path, 'utf8'), path, shown);
}

/**
 * An experiment given as text (e.g. received by the server), named `shownName`
 * in every message (`spec:12: models[0].grid.C[1]`). Its `path` is `shownName`
 * itself: relative paths in it (dataset, id files) resolve against the working
 * directory, so a caller without files passes overrides for them.
 */
export function parseExperimentText(text: string, shownName: string): ParsedExperimentFile {
  return parseText(text, shownName, shownName);
}

function parseText(text: string, path: string, shown: string): ParsedExperimentFile {
  if (text.trim() === '') throw new RadSweepInputError('experiment file is empty', shown);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new RadSweepInputError(`not valid YAML/JSON: ${e.message.split('\n')[0]}`, line ? `${shown}:${line}` : shown);
  }
  const rawWhere = (segments: readonly (string | number)[]): string => {
    const node = segments.length === 0 ? doc.contents : (doc.getIn(segments as (string | number)[], true) as { range?: [number, number, number] } | undefined);
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    const at = offset === undefined ? shown : `${shown}:${lineCounter.linePos(offset).line}`;
    return segments.length === 0 ? at : `${at}: ${formatKeyPath(segments)}`;
  };
  // snake_case spellings of spec keys become their camelCase names; messages still name the key as written.
  const aliased = aliasSnakeCaseKeys(doc.toJS({ maxAliasCount: 100 }) as unknown, schema, rawWhere);
  const where = (segments: readonly (string | number)[]): string => rawWhere(aliased.asWritten(segments));
  return { path, shown, data: aliased.data, where };
}

/** `['models', 3, 'grid', 'C', 1]` -> `models[3].grid.C[1]`. */
export function formatKeyPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A path as shown to the user: relative to the working directory when it lies inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
