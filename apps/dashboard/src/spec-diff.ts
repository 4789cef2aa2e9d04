/** One setting that differs between experiment specs: its path and each spec's value (undefined = absent). */
export interface SpecDifference {
  path: string;
  values: (unknown | undefined)[];
}

/**
 * Settings that differ between specs, as dotted paths (`models[1].grid.C`,
 * `seed`, `featureSets[0].include`). Arrays of scalars are compared whole (a
 * changed grid or include list is one difference); objects and arrays of
 * objects are walked.
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

function flatten(value: unknown, path: string, out = new Map<string, unknown>()): Map<string, unknown> {
  const isScalarArray = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
  if (value !== null && typeof value === 'object' && !isScalarArray) {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [path ? `.${k}` : k, v] as const);
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
