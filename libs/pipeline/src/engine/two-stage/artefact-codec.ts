/**
 * A byte encoding of the plain data the two-stage sweep stores between tasks (prepared folds, fit
 * outcomes, model results): a JSON header with every typed array replaced by a reference, then the
 * arrays' bytes. Decoding gives back the same values bit for bit: typed arrays byte for byte, and the
 * numbers JSON cannot hold (NaN, +-Infinity, -0) tagged in the header.
 *
 * Layout: "RSA1", the header's byte length (uint32 LE), the header (UTF-8), zero padding to a multiple
 * of 8, then each array's bytes, each padded to a multiple of 8 (so Float64Arrays can be viewed in place).
 */
const MAGIC = 'RSA1';
const TYPED = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type TypedKind = keyof typeof TYPED;
type Typed = Float64Array | Int32Array | Uint8Array;

const pad8 = (n: number) => (n + 7) & ~7;

function kindOf(v: unknown): TypedKind | null {
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  return null;
}

export function encodeArtefact(value: unknown): Uint8Array {
  const arrays: Typed[] = [];
  // The replacer sees each value after its toJSON (typed arrays have none) and before it is written.
  const header = JSON.stringify(value, (key: string, v: unknown) => {
    const kind = kindOf(v);
    if (kind) {
      arrays.push(v as Typed);
      return { $typed: kind, i: arrays.length - 1, n: (v as Typed).length };
    }
    if (ArrayBuffer.isView(v)) throw new Error(`artefact: ${v.constructor.name} at '${key}' is not a supported typed array`);
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $num: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  });
  const head = new TextEncoder().encode(header);
  const start = pad8(8 + head.length);
  const total = arrays.reduce((s, a) => s + pad8(a.byteLength), start);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  return out;
}

export function decodeArtefact<T>(bytes: Uint8Array): T {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('artefact: not a RadSweep artefact (bad magic)');
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headLength > bytes.length) throw new Error('artefact: truncated header');
  const refs: { kind: TypedKind; n: number }[] = [];
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength)), (_key, v) => {
    if (v && typeof v === 'object' && typeof v.$num === 'string' && Object.keys(v).length === 1) return v.$num === '-0' ? -0 : Number(v.$num);
    if (v && typeof v === 'object' && typeof v.$typed === 'string' && v.$typed in TYPED) refs[v.i] = { kind: v.$typed, n: v.n };
    return v;
  });
  // Each array is copied out into its own aligned buffer (the input may sit at any offset).
  const arrays: Typed[] = [];
  let at = pad8(8 + headLength);
  for (let i = 0; i < refs.length; i++) {
    const { kind, n } = refs[i];
    const Ctor = TYPED[kind];
    const byteLength = n * Ctor.BYTES_PER_ELEMENT;
    if (at + byteLength > bytes.length) throw new Error(`artefact: truncated array ${i}`);
    const copy = new Uint8Array(byteLength);
    copy.set(bytes.subarray(at, at + byteLength));
    arrays.push(new Ctor(copy.buffer));
    at += pad8(byteLength);
  }
  return replaceRefs(parsed, arrays) as T;
}

function replaceRefs(v: unknown, arrays: Typed[]): unknown {
  if (Array.isArray(v)) return v.map((x) => replaceRefs(x, arrays));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$typed === 'string' && typeof o.i === 'number') return arrays[o.i];
    for (const k of Object.keys(o)) o[k] = replaceRefs(o[k], arrays);
  }
  return v;
}
