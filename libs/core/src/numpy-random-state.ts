/**
 * numpy's legacy `np.random.RandomState(seed)` stream (MT19937, Matsumoto & Nishimura 1998),
 * reproduced draw for draw so that a RadSweep run can replay the random choices a
 * scikit-learn / imbalanced-learn run made with `random_state=<int>` (e.g. SMOTE's
 * neighbour picks and gaps). Only the draws those libraries use are provided:
 * - `randint(high)`: RandomState.randint(0, high) for int64 output: masked rejection
 *   sampling on 32-bit words when high - 1 fits in 32 bits (numpy's
 *   random_bounded_uint64_fill with use_masked=True);
 * - `uniform()`: RandomState.uniform() / random_sample(): 53-bit double from two words;
 * - `interval(max)`: the draw behind RandomState.shuffle / permutation.
 * Checked against values printed by numpy (tests/core/numpy-random-state.test.ts).
 */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private mti = 625;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`NumpyRandomState: seed must be an integer in [0, 2^32), got ${seed}`);
    }
    // numpy seeds RandomState(int) with init_genrand(seed) (mt19937_seed); arrays go through init_by_array.
    this.initGenrand(seed >>> 0);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = 624;
  }

  private generate(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < 624 - 397; kk++) {
      const y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
      mt[kk] = mt[kk + 397] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; kk < 623; kk++) {
      const y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
      mt[kk] = mt[kk + (397 - 624)] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    const y = (mt[623] & 0x80000000) | (mt[0] & 0x7fffffff);
    mt[623] = mt[396] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.mti = 0;
  }

  /** genrand_int32: the next 32-bit word. */
  nextUint32(): number {
    if (this.mti >= 624) this.generate();
    let y = this.mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** RandomState.uniform() / random_sample(): [0, 1) from two words (27 + 26 bits). */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** RandomState.randint(0, high) (int64 output), for 1 <= high <= 2^32. */
  randint(high: number): number {
    if (!Number.isInteger(high) || high < 1 || high > 0x100000000) throw new RangeError(`randint: high must be in [1, 2^32], got ${high}`);
    const rng = high - 1;
    if (rng === 0) return 0;
    if (rng === 0xffffffff) return this.nextUint32();
    const mask = maskFor(rng);
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > rng);
    return v;
  }

  /** random_interval(max): uniform integer in [0, max] by masked rejection (used by shuffle). */
  interval(max: number): number {
    if (max === 0) return 0;
    const mask = maskFor(max);
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** RandomState.shuffle on a 1-D array, in place (Fisher-Yates from the end). */
  shuffle<T extends { length: number; [i: number]: any }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }
}

/** Smallest all-ones bit mask >= x (numpy's gen_mask). */
function maskFor(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}
