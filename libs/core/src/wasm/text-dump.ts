import { readSleb, readUleb } from './leb128';
import { TYPE_CODE, ValType } from './wasm-module';

/**
 * A module of the kernels' instruction set (instructions.ts) back as text, in the
 * spirit of the WebAssembly text format: for review of a kernel, and as a check that
 * the encoders write what they say (a byte this decoder does not know is an error).
 */

const TYPE_NAME = new Map<number, ValType>(Object.entries(TYPE_CODE).map(([n, c]) => [c, n as ValType]));

/** Instructions with no immediates. */
const PLAIN: Record<number, string> = {
  0x05: 'else', 0x0b: 'end', 0x1b: 'select',
  0x45: 'i32.eqz', 0x46: 'i32.eq', 0x47: 'i32.ne', 0x48: 'i32.lt_s', 0x49: 'i32.lt_u', 0x4b: 'i32.gt_u', 0x4c: 'i32.le_s', 0x4e: 'i32.ge_s',
  0x61: 'f64.eq', 0x62: 'f64.ne', 0x63: 'f64.lt', 0x64: 'f64.gt',
  0x6a: 'i32.add', 0x6b: 'i32.sub', 0x6c: 'i32.mul', 0x71: 'i32.and', 0x72: 'i32.or', 0x74: 'i32.shl', 0x76: 'i32.shr_u',
  0x99: 'f64.abs', 0x9a: 'f64.neg', 0x9f: 'f64.sqrt', 0xa0: 'f64.add', 0xa1: 'f64.sub', 0xa2: 'f64.mul', 0xa3: 'f64.div', 0xa5: 'f64.max',
};
const MEMORY: Record<number, string> = { 0x28: 'i32.load', 0x2b: 'f64.load', 0x36: 'i32.store', 0x39: 'f64.store' };
const BLOCKS: Record<number, string> = { 0x02: 'block', 0x03: 'loop', 0x04: 'if' };
const SIMD_PLAIN: Record<number, string> = {
  0x14: 'f64x2.splat', 0x48: 'f64x2.ne', 0x4a: 'f64x2.gt', 0x4e: 'v128.and', 0xef: 'f64x2.sqrt', 0xf0: 'f64x2.add', 0xf1: 'f64x2.sub', 0xf2: 'f64x2.mul', 0xf3: 'f64x2.div',
};
const SIMD_MEMORY: Record<number, string> = { 0x00: 'v128.load', 0x0b: 'v128.store', 0x0a: 'v128.load64_splat' };

interface Sections {
  types: { params: ValType[]; results: ValType[] }[];
  funcTypes: number[];
  exports: { name: string; kind: number; index: number }[];
  memoryPages: number | null;
  bodies: { start: number; end: number }[];
  functionNames: Map<number, string>;
  localNames: Map<number, Map<number, string>>;
}

function readName(bytes: Uint8Array, at: number): [string, number] {
  const [len, n] = readUleb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(at + n, at + n + len)), n + len];
}

function valType(code: number, at: number): ValType {
  const t = TYPE_NAME.get(code);
  if (!t) throw new Error(`unknown value type 0x${code.toString(16)} at byte ${at}`);
  return t;
}

function readSections(bytes: Uint8Array): Sections {
  const s: Sections = { types: [], funcTypes: [], exports: [], memoryPages: null, bodies: [], functionNames: new Map(), localNames: new Map() };
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a WebAssembly module');
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, n] = readUleb(bytes, at + 1);
    let p = at + 1 + n;
    const end = p + size;
    const count = () => {
      const [c, k] = readUleb(bytes, p);
      p += k;
      return c;
    };
    if (id === 1) {
      for (let i = count(); i > 0; i--) {
        p++; // 0x60
        const params = Array.from({ length: count() }, () => valType(bytes[p], p++));
        const results = Array.from({ length: count() }, () => valType(bytes[p], p++));
        s.types.push({ params, results });
      }
    } else if (id === 3) {
      for (let i = count(); i > 0; i--) s.funcTypes.push(count());
    } else if (id === 5) {
      count();
      const flags = bytes[p++];
      s.memoryPages = count();
      if (flags & 1) count();
    } else if (id === 7) {
      for (let i = count(); i > 0; i--) {
        const [name, k] = readName(bytes, p);
        p += k;
        const kind = bytes[p++];
        s.exports.push({ name, kind, index: count() });
      }
    } else if (id === 10) {
      for (let i = count(); i > 0; i--) {
        const len = count();
        s.bodies.push({ start: p, end: p + len });
        p += len;
      }
    } else if (id === 0) {
      const [name, k] = readName(bytes, p);
      p += k;
      if (name === 'name') {
        while (p < end) {
          const sub = bytes[p++];
          const subSize = count();
          const subEnd = p + subSize;
          if (sub === 1) {
            for (let i = count(); i > 0; i--) {
              const f = count();
              const [fn, k2] = readName(bytes, p);
              p += k2;
              s.functionNames.set(f, fn);
            }
          } else if (sub === 2) {
            for (let i = count(); i > 0; i--) {
              const f = count();
              const names = new Map<number, string>();
              for (let j = count(); j > 0; j--) {
                const l = count();
                const [ln, k2] = readName(bytes, p);
                p += k2;
                names.set(l, ln);
              }
              s.localNames.set(f, names);
            }
          }
          p = subEnd;
        }
      }
    } else {
      throw new Error(`section ${id} at byte ${at} is not one the kernels' modules use`);
    }
    at = end;
  }
  return s;
}

/** The function's instructions, one per line, indented by nesting. */
function dumpBody(bytes: Uint8Array, start: number, end: number, localName: (i: number) => string, funcName: (i: number) => string, firstLocal: number): { locals: string[]; lines: string[] } {
  let p = start;
  const u = () => {
    const [v, k] = readUleb(bytes, p);
    p += k;
    return v;
  };
  const locals: string[] = [];
  let index = firstLocal;
  for (let groups = u(); groups > 0; groups--) {
    const n = u();
    const t = valType(bytes[p], p);
    p++;
    for (let k = 0; k < n; k++) locals.push(`(local ${localName(index++)} ${t})`);
  }
  const lines: string[] = [];
  let depth = 1;
  const emit = (text: string) => lines.push(`${'  '.repeat(depth + 1)}${text}`);
  const memarg = () => {
    const align = u();
    const offset = u();
    return `${offset ? ` offset=${offset}` : ''}${` align=${2 ** align}`}`;
  };
  while (p < end) {
    const at = p;
    const code = bytes[p++];
    if (code in BLOCKS) {
      if (bytes[p++] !== 0x40) throw new Error(`block type other than empty at byte ${at}`);
      emit(BLOCKS[code]);
      depth++;
    } else if (code === 0x05) {
      depth--;
      emit('else');
      depth++;
    } else if (code === 0x0b) {
      depth--;
      if (depth > 0) emit('end');
    } else if (code in PLAIN) emit(PLAIN[code]);
    else if (code === 0x0c || code === 0x0d) emit(`${code === 0x0c ? 'br' : 'br_if'} ${u()}`);
    else if (code === 0x10) emit(`call ${funcName(u())}`);
    else if (code >= 0x20 && code <= 0x22) emit(`local.${['get', 'set', 'tee'][code - 0x20]} ${localName(u())}`);
    else if (code in MEMORY) emit(`${MEMORY[code]}${memarg()}`);
    else if (code === 0x41) {
      const [v, k] = readSleb(bytes, p);
      p += k;
      emit(`i32.const ${v}`);
    } else if (code === 0x44) {
      emit(`f64.const ${new Float64Array(bytes.slice(p, p + 8).buffer)[0]}`);
      p += 8;
    } else if (code === 0xfd) {
      const op = u();
      if (op in SIMD_PLAIN) emit(SIMD_PLAIN[op]);
      else if (op in SIMD_MEMORY) emit(`${SIMD_MEMORY[op]}${memarg()}`);
      else if (op === 0x57) {
        const m = memarg();
        emit(`v128.load64_lane${m} ${bytes[p++]}`);
      } else if (op === 0x21) emit(`f64x2.extract_lane ${bytes[p++]}`);
      else throw new Error(`unknown SIMD opcode 0x${op.toString(16)} at byte ${at}`);
    } else throw new Error(`unknown opcode 0x${code.toString(16)} at byte ${at}`);
  }
  if (depth !== 0) throw new Error(`function body ends at nesting depth ${depth}`);
  return { locals, lines };
}

/** The module as text. Throws on anything outside the kernels' instruction set. */
export function dumpModule(bytes: Uint8Array): string {
  const s = readSections(bytes);
  const out = ['(module'];
  const memExport = s.exports.find((e) => e.kind === 2);
  if (s.memoryPages !== null) out.push(`  (memory${memExport ? ` (export "${memExport.name}")` : ''} ${s.memoryPages})`);
  const funcName = (i: number) => `$${s.functionNames.get(i) ?? i}`;
  s.bodies.forEach((body, f) => {
    const type = s.types[s.funcTypes[f]];
    const names = s.localNames.get(f) ?? new Map<number, string>();
    const localName = (i: number) => `$${names.get(i) ?? i}`;
    const exported = s.exports.find((e) => e.kind === 0 && e.index === f);
    const head = [`  (func ${funcName(f)}`, exported ? ` (export "${exported.name}")` : ''];
    head.push(...type.params.map((t, i) => ` (param ${localName(i)} ${t})`), ...type.results.map((t) => ` (result ${t})`));
    const { locals, lines } = dumpBody(bytes, body.start, body.end, localName, funcName, type.params.length);
    out.push(head.join(''));
    if (locals.length) out.push(`    ${locals.join(' ')}`);
    out.push(...lines, '  )');
  });
  out.push(')');
  return out.join('\n') + '\n';
}
