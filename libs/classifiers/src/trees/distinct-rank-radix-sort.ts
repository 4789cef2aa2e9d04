/** Bits per radix digit at most: 64 counters per pass, cheap to clear for the node parts this sorts (25 to a few hundred keys). */
const MAX_DIGIT_BITS = 6;

/**
 * Sorts packed keys rank << shift | row whose ranks are all distinct (so a sorted order is the
 * only one and equals `sortDistinct`'s) by an LSD radix sort on the rank bits: two passes of <= 6
 * bits for ranks below 4,096, no comparisons. The engine's typed-array sort that it replaces copies
 * the keys out and merge-sorts them (~5-15x slower on 30-250 keys). Scratch is allocated once.
 */
export class DistinctRankRadixSort {
  private readonly scratch: Int32Array;
  private readonly counts = new Int32Array((1 << MAX_DIGIT_BITS) + 1);
  private readonly passes: number;
  private readonly digitBits: number;

  /** For keys of up to `capacity` rows whose ranks are below 2^rankBits, shifted left by `shift`. */
  constructor(
    capacity: number,
    rankBits: number,
    private readonly shift: number,
  ) {
    this.scratch = new Int32Array(capacity);
    this.passes = Math.max(1, Math.ceil(rankBits / MAX_DIGIT_BITS));
    this.digitBits = Math.ceil(rankBits / this.passes);
  }

  /** Sorts keys[lo, hi) ascending; their ranks must be distinct. */
  sort(keys: Int32Array, lo: number, hi: number): void {
    const { scratch, counts, digitBits } = this;
    const buckets = 1 << digitBits;
    const mask = buckets - 1;
    const n = hi - lo;
    // pass d moves src[srcAt, srcAt + n) to dst[dstAt, ...) stably by digit d
    let src = keys;
    let srcAt = lo;
    let dst = scratch;
    let dstAt = 0;
    for (let d = 0, at = this.shift; d < this.passes; d++, at += digitBits) {
      counts.fill(0, 0, buckets + 1);
      for (let i = srcAt; i < srcAt + n; i++) counts[((src[i] >>> at) & mask) + 1]++;
      for (let b = 1; b < buckets; b++) counts[b] += counts[b - 1];
      for (let i = srcAt; i < srcAt + n; i++) {
        const key = src[i];
        dst[dstAt + counts[(key >>> at) & mask]++] = key;
      }
      const t = src;
      src = dst;
      dst = t;
      const a = srcAt;
      srcAt = dstAt;
      dstAt = a;
    }
    if (src !== keys) for (let i = 0; i < n; i++) keys[lo + i] = src[srcAt + i];
  }
}
