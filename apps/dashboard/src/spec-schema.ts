/**
 * Checks an experiment spec against its JSON Schema in the browser, as it is typed. The dashboard is served
 * module by module without a bundler (apps/server/src/dashboard/dashboard-assets.ts), so Ajv cannot come
 * along: this validator covers the subset of draft 2020-12 the experiment schema uses (type, enum, const,
 * properties, required, additionalProperties, items, min/max items, length, properties, bounds, uniqueItems,
 * $ref, oneOf with or without a discriminator). The server checks the spec again with Ajv when it is saved;
 * tests/dashboard/spec-schema.test.ts holds the two to the same verdict on valid and broken specs.
 */

export type Schema = boolean | SchemaObject;
export type Segment = string | number;

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  oneOf?: Schema[];
  discriminator?: { propertyName: string };
  description?: string;
  [key: string]: unknown;
}

/** One violation: where (a path such as `validation.split.testSize` or `models[2].grid`) and what is wrong. */
export interface SpecError {
  path: string;
  /** The path as keys and list indices. */
  at: Segment[];
  message: string;
}

/** Every violation of `data` against `root` (empty: valid), in document order. */
export function validateAgainstSchema(root: SchemaObject, data: unknown): SpecError[] {
  const errors: SpecError[] = [];
  check(root, root, data, [], errors);
  return errors;
}


/** `['models', 2, 'grid']` -> `models[2].grid`; the document itself is `(top level)`. */
export function formatPath(segments: Segment[]): string {
  if (!segments.length) return '(top level)';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** A value in the words of a message: `"abc"`, `5`, `an array`, `a mapping`, `null`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

/** The schema a local `$ref` (`#/$defs/x`, `#/properties/steps`) points at. */
function resolveRef(root: SchemaObject, ref: string): Schema {
  if (!ref.startsWith('#')) throw new Error(`only local $ref are supported, got ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)?.[key];
    if (node === undefined) throw new Error(`$ref ${ref} does not resolve`);
  }
  return node as Schema;
}

const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function check(root: SchemaObject, schema: Schema, data: unknown, at: Segment[], out: SpecError[]): void {
  if (schema === true) return;
  if (schema === false) {
    out.push({ path: formatPath(at), at, message: 'not allowed here' });
    return;
  }
  if (schema.$ref) check(root, resolveRef(root, schema.$ref), data, at, out);
  const path = formatPath(at);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(data, t))) {
      out.push({ path, at, message: `expected ${types.join(' or ')}, got ${describeValue(data)}` });
      return; // the other keywords would only repeat it
    }
  }
  if (schema.const !== undefined && !equal(data, schema.const)) out.push({ path, at, message: `expected ${JSON.stringify(schema.const)}, got ${describeValue(data)}` });
  if (schema.enum && !schema.enum.some((e) => equal(e, data))) out.push({ path, at, message: `expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${describeValue(data)}` });
  if (typeof data === 'string' && schema.minLength !== undefined && data.length < schema.minLength) out.push({ path, at, message: schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters` });
  if (typeof data === 'number') checkBounds(schema, data, at, out);
  if (Array.isArray(data)) checkArray(root, schema, data, at, out);
  if (hasType(data, 'object')) checkObject(root, schema, data as Record<string, unknown>, at, out);
  if (schema.oneOf) checkOneOf(root, schema, data, at, out);
}

function checkBounds(schema: SchemaObject, v: number, at: Segment[], out: SpecError[]): void {
  const path = formatPath(at);
  if (schema.minimum !== undefined && v < schema.minimum) out.push({ path, at, message: `must be >= ${schema.minimum}, got ${v}` });
  if (schema.maximum !== undefined && v > schema.maximum) out.push({ path, at, message: `must be <= ${schema.maximum}, got ${v}` });
  if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) out.push({ path, at, message: `must be > ${schema.exclusiveMinimum}, got ${v}` });
  if (schema.exclusiveMaximum !== undefined && v >= schema.exclusiveMaximum) out.push({ path, at, message: `must be < ${schema.exclusiveMaximum}, got ${v}` });
}

function checkArray(root: SchemaObject, schema: SchemaObject, data: unknown[], at: Segment[], out: SpecError[]): void {
  const path = formatPath(at);
  if (schema.minItems !== undefined && data.length < schema.minItems) out.push({ path, at, message: schema.minItems === 1 ? 'must list at least one item' : `must list at least ${schema.minItems} items` });
  if (schema.maxItems !== undefined && data.length > schema.maxItems) out.push({ path, at, message: `must list at most ${schema.maxItems} items` });
  if (schema.uniqueItems) {
    const seen = new Set<string>();
    for (const item of data) {
      const key = JSON.stringify(item);
      if (seen.has(key)) out.push({ path, at, message: `lists ${describeValue(item)} twice` });
      seen.add(key);
    }
  }
  if (schema.items !== undefined) data.forEach((item, i) => check(root, schema.items!, item, [...at, i], out));
}

function checkObject(root: SchemaObject, schema: SchemaObject, data: Record<string, unknown>, at: Segment[], out: SpecError[]): void {
  const path = formatPath(at);
  const keys = Object.keys(data);
  for (const key of schema.required ?? []) if (!(key in data)) out.push({ path, at, message: `missing required key '${key}'` });
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) out.push({ path, at, message: stepHint(at) ?? `needs at least ${schema.minProperties} key(s)` });
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) out.push({ path, at, message: stepHint(at) ?? `allows at most ${schema.maxProperties} key(s)` });
  const props = schema.properties ?? {};
  for (const key of keys) {
    if (key in props) check(root, props[key], data[key], [...at, key], out);
    else if (schema.additionalProperties === false) {
      const allowed = Object.keys(props);
      out.push({ path: formatPath([...at, key]), at: [...at, key], message: `unknown key '${key}'${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}` });
    } else if (schema.additionalProperties !== undefined) check(root, schema.additionalProperties, data[key], [...at, key], out);
  }
}

/** A preprocessing step is one key (its id) with its parameters; say so rather than count keys. */
function stepHint(at: Segment[]): string | null {
  return at.some((s) => s === 'steps') ? 'a step is written as one key (its id) with its parameters, e.g. {lasso: {alpha: cv}}' : null;
}

function checkOneOf(root: SchemaObject, schema: SchemaObject, data: unknown, at: Segment[], out: SpecError[]): void {
  const branches = schema.oneOf!;
  const path = formatPath(at);
  const tag = schema.discriminator?.propertyName;
  if (tag && hasType(data, 'object')) {
    // The discriminator picks the branch by its `type` constant, so errors come from that branch alone.
    const values = branches.map((b) => (typeof b === 'object' ? (b.properties?.[tag] as SchemaObject | undefined)?.const : undefined));
    const value = (data as Record<string, unknown>)[tag];
    const i = values.findIndex((v) => v === value);
    if (i < 0) {
      const tagPath = formatPath([...at, tag]);
      if (out.some((e) => e.path === tagPath)) return; // the schema's own enum of the tag said it already
      out.push({ path: tagPath, at: [...at, tag], message: value === undefined ? `missing '${tag}'; allowed: ${values.join(', ')}` : `unknown ${tag} ${describeValue(value)}; allowed: ${values.join(', ')}` });
      return;
    }
    check(root, branches[i], data, at, out);
    return;
  }
  const results = branches.map((b) => {
    const errs: SpecError[] = [];
    check(root, b, data, at, errs);
    return errs;
  });
  const passing = results.filter((r) => r.length === 0).length;
  if (passing === 1) return;
  if (passing > 1) {
    out.push({ path, at, message: 'matches more than one allowed form' });
    return;
  }
  // No branch fits: a branch that failed only inside the value (its shape matched) says best what is wrong.
  const inside = results.filter((r) => r.every((e) => e.path !== path));
  if (inside.length === 1) out.push(...inside[0]);
  else out.push({ path, at, message: `${describeValue(data)} is not allowed here${schema.description ? ` (${schema.description})` : ''}` });
}
