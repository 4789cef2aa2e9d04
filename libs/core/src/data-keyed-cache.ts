import { sameBytes } from './same-bytes';
import { registerThreadCache } from './thread-caches';

interface Entry<V> {
  key: string;
  data: ArrayBufferView[];
  value: V;
}

/**
 * The fit caches' one structure: the last few values computed from some typed arrays, reused only
 * when a later call passes a key string and arrays identical to the bit (compared in full), most
 * recently used kept, least recently used dropped past the capacity. An entry holds copies of the
 * arrays, so a caller that changes its data in place gets a miss, never a stale value; data larger than
 * `maxBytes` is not kept (the copy would cost more memory than the saving is worth). Each cache
 * registers in this thread's cache list, so an idle engine thread drops it with the others.
 */
export class DataKeyedCache<V> {
  private entries: Entry<V>[] = [];
  /** Lookups answered from the cache since the last clear (tests read it). */
  hits = 0;

  constructor(
    readonly name: string,
    private readonly capacity: number,
    private readonly maxBytes = 32 << 20,
  ) {
    registerThreadCache({ name, entries: () => this.entries.length, clear: () => this.clear() });
  }

  /** The value stored for this key and data, else undefined. */
  get(key: string, data: readonly ArrayBufferView[]): V | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.key !== key || !sameData(e.data, data)) continue;
      if (i !== this.entries.length - 1) {
        this.entries.splice(i, 1);
        this.entries.push(e);
      }
      this.hits++;
      return e.value;
    }
    return undefined;
  }

  /** Stores a value for this key and (copies of) the data, unless the data is over the size bound. */
  put(key: string, data: readonly ArrayBufferView[], value: V): void {
    if (this.capacity === 0) return;
    let bytes = 0;
    for (const d of data) bytes += d.byteLength;
    if (bytes > this.maxBytes) return;
    this.entries.push({ key, data: data.map(copyOf), value });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** The stored value, or `compute()`'s result stored for next time. */
  getOrCompute(key: string, data: readonly ArrayBufferView[], compute: () => V): V {
    const found = this.get(key, data);
    if (found !== undefined) return found;
    const value = compute();
    this.put(key, data, value);
    return value;
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    this.hits = 0;
  }
}

function sameData(a: readonly ArrayBufferView[], b: readonly ArrayBufferView[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].constructor !== b[i].constructor || !sameBytes(a[i], b[i])) return false;
  return true;
}

/** A copy of the same type (a Float64Array stays one) on its own buffer. */
function copyOf(d: ArrayBufferView): ArrayBufferView {
  const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  const Ctor = d.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;
  const width = (d as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  return new Ctor(bytes.buffer, 0, d.byteLength / width);
}
