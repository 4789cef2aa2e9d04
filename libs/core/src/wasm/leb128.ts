/**
 * LEB128, the WebAssembly binary format's integer encoding (Core Specification 2.0,
 * 5.2.2): unsigned for sizes, indices (functions, locals, labels), alignments and
 * offsets; signed for i32.const immediates. Every index goes through `uleb`: a raw
 * byte is only right below 128.
 */

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`uleb: ${n} is not an unsigned 32-bit integer`);
  const out: number[] = [];
  do {
    const low = n % 128;
    n = Math.floor(n / 128);
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
}

/** Signed LEB128 of an integer in the i32 range. */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new RangeError(`sleb: ${n} is not a signed 32-bit integer`);
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(low & 0x40)) || (n === -1 && (low & 0x40) !== 0);
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
}

/** Reads an unsigned LEB128 at `at`: [value, bytes read]. */
export function readUleb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * scale;
    if (!(bytes[i] & 0x80)) return [value, i - at + 1];
    scale *= 128;
  }
  throw new RangeError(`LEB128 at byte ${at} runs past the end`);
}

/** Reads a signed LEB128 (up to 32 bits) at `at`: [value, bytes read]. */
export function readSleb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length; i++) {
    const b = bytes[i];
    value |= (b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) {
      if (shift < 32 && b & 0x40) value |= -1 << shift;
      return [value, i - at + 1];
    }
  }
  throw new RangeError(`LEB128 at byte ${at} runs past the end`);
}
