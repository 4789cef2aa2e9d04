/** One setting that differs between experiment specs: its path and each spec's value (undefined = absent). */
export interface SpecDifference {
  path: string;
  values: (unknown | undefined)[];
}

/**
 * Settings that differ between specs, as paths (`models[knn].grid.n_neighbors`, `steps[lasso].alpha`,
 * `featureSets[radiomics].include`, `seed`). Lists of things with a name are matched by it, not by position,
 * so adding a model or a step shows as that one addition, not as every later entry changed: models by `id`,
 * feature sets, endpoints and external cohorts by `name`, steps (`{lasso: {...}}`) by their one key; a name
 * used twice gets `#2`. Arrays of scalars are compared whole (a changed grid or include list is one
 * difference); other objects and arrays are walked.
 */
export function specDifferences(specs: Record<string, unknown>[]): SpecDifference[] {
  const flat = specs.map((s) => flatten(s, ''));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort(comparePaths);
  const out: SpecDifference[] = [];
  for (const path of paths) {
    const values = flat.map((f) => f.get(path));
    const first = JSON.stringify(values[0]);
    if (values.some((v) => JSON.stringify(v) !== first)) out.push({ path, values });
  }
  return out;
}

/** The name an array entry is matched by across specs, or null when the entry has none. */
function identity(entry: unknown): string | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const o = entry as Record<string, unknown>;
  if (typeof o.id === 'string') return o.id;
  if (typeof o.name === 'string') return o.name;
  const keys = Object.keys(o);
  return keys.length === 1 ? keys[0] : null; // a step or sampler written as {name: params}
}

/** Keys of an array's entries: their names when every entry has one, else their positions. */
function entryKeys(array: unknown[]): string[] {
  const names = array.map(identity);
  if (names.some((n) => n === null)) return array.map((_, i) => `[${i}]`);
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n!) ?? 0) + 1;
    seen.set(n!, k);
    return `[${k > 1 ? `${n}#${k}` : n}]`;
  });
}

function flatten(value: unknown, path: string, out = new Map<string, unknown>()): Map<string, unknown> {
  const isScalarArray = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
  if (value !== null && typeof value === 'object' && !isScalarArray) {
    let entries: (readonly [string, unknown])[];
    if (Array.isArray(value)) {
      const keys = entryKeys(value);
      // a named entry's own name is its key: walk only its other settings ({lasso: {alpha}} -> [lasso].alpha)
      entries = value.map((v, i) => {
        const single = keys[i] !== `[${i}]` && v !== null && typeof v === 'object' && Object.keys(v).length === 1 && typeof (v as Record<string, unknown>).id !== 'string' && typeof (v as Record<string, unknown>).name !== 'string';
        return [keys[i], single ? Object.values(v as object)[0] : v] as const;
      });
    } else entries = Object.entries(value).map(([k, v]) => [path ? `.${k}` : k, v] as const);
    if (entries.length === 0) out.set(path, value);
    for (const [k, v] of entries) flatten(v, `${path}${k}`, out);
  } else {
    out.set(path, value);
  }
  return out;
}

function comparePaths(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
