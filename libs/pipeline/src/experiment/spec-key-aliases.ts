import { RadSweepInputError, camelCaseKey } from '@radsweep/core';

/** The parts of a JSON Schema the renaming follows. */
type Schema = { $ref?: string; oneOf?: Schema[]; anyOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema; [other: string]: unknown };
type Segments = readonly (string | number)[];

/** An experiment with its snake_case key aliases renamed, and the way back to the keys as written. */
export interface AliasedSpec {
  data: unknown;
  /** Key path in `data` -> the same path as the file spells it (for line numbers and messages). */
  asWritten(path: Segments): (string | number)[];
}

/**
 * Spec keys are camelCase (`idColumn`, `featureSets`, `fallbackK`); each one's snake_case spelling
 * (`id_column`, `feature_sets`, `fallback_k`) is accepted as an alias and renamed here, before the schema
 * check. Only keys the schema names are renamed: model, sampler and survival-model parameters and grids
 * (scikit-learn's, imbalanced-learn's names) are left exactly as written. Both spellings of one key are refused.
 */
export function aliasSnakeCaseKeys(data: unknown, rootSchema: object, where: (path: Segments) => string): AliasedSpec {
  const schema = rootSchema as Schema;
  const renamed = new Map<string, string>();
  const resolve = (s: Schema): Schema[] => {
    if (s.$ref) return resolve(s.$ref.slice(2).split('/').reduce((node: Schema, k) => node[k] as Schema, schema));
    return [s, ...(s.oneOf ?? []).flatMap(resolve), ...(s.anyOf ?? []).flatMap(resolve)];
  };
  const walk = (value: unknown, schemas: Schema[], path: (string | number)[], written: (string | number)[]): unknown => {
    if (Array.isArray(value)) {
      const items = schemas.flatMap((s) => (s.items ? resolve(s.items) : []));
      return value.map((v, i) => walk(v, items, [...path, i], [...written, i]));
    }
    if (value === null || typeof value !== 'object') return value;
    const named = schemas.filter((s) => s.properties);
    if (named.length === 0) return value; // a map of parameters: names as their library spells them
    const known = (k: string) => named.some((s) => k in s.properties!);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const camel = camelCaseKey(key);
      const name = !known(key) && camel !== key && known(camel) ? camel : key;
      if (name !== key) {
        if (camel in value) throw new RadSweepInputError(`'${key}' is the snake_case alias of '${camel}', which is also given; write one`, where([...written, key]));
        renamed.set(JSON.stringify([...path, name]), key);
      }
      const child = named.flatMap((s) => (s.properties![name] ? resolve(s.properties![name]) : []));
      out[name] = walk(v, child, [...path, name], [...written, key]);
    }
    return out;
  };
  const aliased = walk(data, resolve(schema), [], []);
  return {
    data: aliased,
    asWritten: (path) => path.map((seg, i) => (typeof seg === 'string' ? renamed.get(JSON.stringify(path.slice(0, i + 1))) ?? seg : seg)),
  };
}
