import { uleb } from './leb128';

/**
 * The module builder of the project's WebAssembly kernels: functions with named
 * parameters and locals, each exported by name, and one exported memory "mem" (one
 * 64 KiB page to start, growable). The names also go into the module's "name" custom
 * section, so text-dump.ts (and a browser's debugger) shows `$j8`, not `local 7`.
 */
export type ValType = 'i32' | 'f64' | 'v128';
export const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

export interface WasmFunction {
  name: string;
  /** Parameter names and types, in call order: locals 0 .. params - 1. */
  params: [string, ValType][];
  /** The other locals, in index order after the parameters. */
  locals: [string, ValType][];
  results: ValType[];
  /** The body's instructions; the final `end` is added. */
  body: number[];
}

/**
 * Locals by name for a function written with indices (`scope.add('row', 'i32')` returns
 * the index to use in get/set); `scope.locals` is the function's `locals`.
 */
export class LocalScope {
  readonly locals: [string, ValType][] = [];
  constructor(private readonly params: readonly [string, ValType][]) {}
  /** The index of parameter `name`. */
  param(name: string): number {
    const i = this.params.findIndex(([n]) => n === name);
    if (i < 0) throw new Error(`no parameter ${name}`);
    return i;
  }
  add(name: string, type: ValType): number {
    if (this.params.some(([n]) => n === name) || this.locals.some(([n]) => n === name)) throw new Error(`local ${name} declared twice`);
    this.locals.push([name, type]);
    return this.params.length + this.locals.length - 1;
  }
}

/** A function whose body is written from its locals' indices by name. */
export function namedFunction(f: {
  name: string;
  params: [string, ValType][];
  locals: [string, ValType][];
  result?: ValType;
  body: (local: Record<string, number>) => number[];
}): WasmFunction {
  const local: Record<string, number> = {};
  [...f.params, ...f.locals].forEach(([name], i) => {
    if (name in local) throw new Error(`${f.name}: local ${name} declared twice`);
    local[name] = i;
  });
  const index = new Proxy(local, {
    get: (target, key) => {
      if (typeof key === 'string' && !(key in target)) throw new Error(`${f.name}: no local named ${key}`);
      return target[key as string];
    },
  });
  return { name: f.name, params: f.params, locals: f.locals, results: f.result ? [f.result] : [], body: f.body(index) };
}

// concat, not spreads: modules built per size (the LASSO sweep's) have bodies of tens of thousands of bytes.
const vector = (items: number[][]) => uleb(items.length).concat(...items);
const section = (id: number, content: number[]) => [id].concat(uleb(content.length), content);
function utf8(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

/** Equal neighbouring local types as (count, type) groups, as the code section wants them. */
function localGroups(types: ValType[]): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < types.length; ) {
    let k = i;
    while (k < types.length && types[k] === types[i]) k++;
    groups.push([...uleb(k - i), TYPE_CODE[types[i]]]);
    i = k;
  }
  return groups;
}

/** The "name" custom section: function names (subsection 1) and local names (subsection 2). */
function nameSection(functions: WasmFunction[]): number[] {
  const functionNames = vector(functions.map((f, i) => [...uleb(i), ...utf8(f.name)]));
  const localNames = vector(functions.map((f, i) => [...uleb(i), ...vector([...f.params, ...f.locals].map(([n], k) => [...uleb(k), ...utf8(n)]))]));
  const sub = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  return section(0, [...utf8('name'), ...sub(1, functionNames), ...sub(2, localNames)]);
}

/** The module: function i is index i (each with its own type), all exported by name, plus memory "mem". */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map(([, t]) => [TYPE_CODE[t]])), ...vector(f.results.map((t) => [TYPE_CODE[t]]))]);
  const code = functions.map((f) => {
    const body = vector(localGroups(f.locals.map(([, t]) => t))).concat(f.body, [0x0b]);
    return uleb(body.length).concat(body);
  });
  const exports = [...functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]), [...utf8('mem'), 0x02, 0x00]];
  return new Uint8Array(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00].concat( // magic, version 1
      section(1, vector(types)),
      section(3, vector(functions.map((_, i) => uleb(i)))),
      section(5, vector([[0x00, 0x01]])), // one memory, minimum 1 page, no maximum
      section(7, vector(exports)),
      section(10, vector(code)),
      nameSection(functions),
    ),
  );
}
