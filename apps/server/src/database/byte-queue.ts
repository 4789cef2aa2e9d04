/**
 * Bytes received on a socket, kept as the list of chunks that arrived, with a
 * read offset into the first. Appending is O(1) and taking a message copies
 * only its own bytes once, so a message of n bytes in k chunks costs O(n + k)
 * (concatenating the whole buffer on every chunk cost O(n * k): a 195 MiB
 * upload never finished).
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  /** Bytes of chunks[0] already taken. */
  private offset = 0;
  private bytes = 0;
  /** Bytes copied by take(), for tests that count work instead of timing it. */
  copied = 0;

  get length(): number {
    return this.bytes;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  clear(): void {
    this.chunks = [];
    this.offset = 0;
    this.bytes = 0;
  }

  /** The big-endian int32 at `at` bytes from the front (the caller checks length >= at + 4). */
  readInt32BE(at: number): number {
    const b = this.peek(at, 4);
    return b.readInt32BE(0);
  }

  /** Removes and returns the first n bytes (n <= length) as one Buffer. */
  take(n: number): Buffer {
    const out = this.peek(0, n);
    this.skip(n);
    return out;
  }

  /** Removes the first n bytes (n <= length). */
  skip(n: number): void {
    this.bytes -= n;
    while (n > 0) {
      const room = this.chunks[0].length - this.offset;
      if (n < room) {
        this.offset += n;
        return;
      }
      n -= room;
      this.chunks.shift();
      this.offset = 0;
    }
  }

  /** n bytes starting `at` bytes from the front, without removing them (a view when they lie in one chunk). */
  private peek(at: number, n: number): Buffer {
    let i = 0;
    let pos = this.offset + at;
    while (pos >= this.chunks[i].length) pos -= this.chunks[i++].length;
    if (pos + n <= this.chunks[i].length) return this.chunks[i].subarray(pos, pos + n);
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const part = this.chunks[i++].subarray(pos, pos + n - filled);
      part.copy(out, filled);
      filled += part.length;
      pos = 0;
    }
    this.copied += n;
    return out;
  }
}
