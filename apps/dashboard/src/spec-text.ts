import { type SchemaObject, type Segment, type SpecError, validateAgainstSchema } from './spec-schema.js';

/**
 * The part of the `yaml` package (the parser the server reads specs with) the editor uses. The browser loads
 * its ES modules from /vendor/yaml/ (apps/server/src/dashboard/dashboard-assets.ts), the tests from
 * node_modules: the caller passes the module in, so this file imports nothing that is not in the dashboard.
 */
export interface YamlModule {
  LineCounter: new () => { linePos(offset: number): { line: number; col: number } };
  parseDocument(text: string, options: { lineCounter: unknown; prettyErrors?: boolean; uniqueKeys?: boolean }): YamlDocument;
  stringify(value: unknown, options?: Record<string, unknown>): string;
}

interface YamlNode {
  range?: [number, number, number];
}

interface YamlDocument {
  errors: { message: string; linePos?: { line: number; col: number }[] }[];
  toJS(): unknown;
  getIn(path: Segment[], keepScalar: boolean): unknown;
}

/** A problem with the spec text: where (a key path, or "line L" for a YAML syntax error), the line when known, and what. */
export interface SpecTextError {
  path: string;
  line: number | null;
  message: string;
}

export interface SpecTextCheck {
  /** The parsed spec, null when the text is not YAML. */
  spec: unknown;
  errors: SpecTextError[];
}

/**
 * Parses the editor's YAML (or JSON: YAML's subset) and checks it against the schema. A syntax error is
 * reported alone, with its line and column; schema errors each with their key path and, when the key is
 * in the text, its line.
 */
export function checkSpecText(yaml: YamlModule, schema: SchemaObject, text: string): SpecTextCheck {
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { spec: null, errors: [{ path: pos ? `line ${pos.line}, column ${pos.col}` : '(text)', line: pos?.line ?? null, message: first }] };
  }
  const spec = doc.toJS();
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    return { spec, errors: [{ path: '(top level)', line: 1, message: `expected a mapping of keys (name, seed, dataset, ...), got ${spec === null ? 'nothing' : Array.isArray(spec) ? 'a list' : JSON.stringify(spec)}` }] };
  }
  const errors = validateAgainstSchema(schema, spec).map((e: SpecError) => ({ path: e.path, line: lineOf(doc, lineCounter, e.at), message: e.message }));
  return { spec, errors };
}

/** The line of the deepest node of `at` present in the document (a missing key: its parent's line). */
function lineOf(doc: YamlDocument, counter: InstanceType<YamlModule['LineCounter']>, at: Segment[]): number | null {
  for (let n = at.length; n >= 0; n--) {
    const node = (n === 0 ? (doc as unknown as { contents: YamlNode }).contents : doc.getIn(at.slice(0, n), true)) as YamlNode | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}
