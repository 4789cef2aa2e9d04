import { createHash } from 'node:crypto';

/**
 * JSON that keeps every double's bits: finite numbers print as JavaScript prints them (the shortest
 * text that parses back to the same double), and what JSON cannot hold (NaN, +-Infinity, -0) is
 * written as `{"$float": "NaN" | "Infinity" | "-Infinity" | "-0"}`. Typed arrays are written as arrays.
 * The canonical form sorts object keys and has no whitespace, so equal content gives equal bytes
 * (and an equal sha256).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(encodeExact(value));
}

/** The sha256 (hex) of the canonical form. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Parses exact JSON, turning `{"$float": ...}` back into the number it stands for. */
export function parseExactJson(text: string): unknown {
  return decodeExact(JSON.parse(text));
}

const FLOAT_KEY = '$float';

function encodeExact(v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Object.is(v, -0) ? { [FLOAT_KEY]: '-0' } : v;
    return { [FLOAT_KEY]: String(v) };
  }
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, encodeExact);
  if (Array.isArray(v)) return v.map(encodeExact);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as Record<string, unknown>).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = encodeExact(x);
  }
  return out;
}

function decodeExact(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeExact);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === FLOAT_KEY) {
    const s = o[FLOAT_KEY];
    if (s === 'NaN') return NaN;
    if (s === 'Infinity') return Infinity;
    if (s === '-Infinity') return -Infinity;
    if (s === '-0') return -0;
    throw new Error(`unknown ${FLOAT_KEY} value ${JSON.stringify(s)}`);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decodeExact(o[k]);
  return out;
}
