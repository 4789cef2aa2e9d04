/**
 * Whether two typed arrays hold the same bytes (so the same bit patterns: -0 and 0 differ, NaNs compare by
 * payload). The fit caches use it to reuse work only on data identical to the bit.
 */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
