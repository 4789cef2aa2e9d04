import { NumpyRandomState, registerThreadCache } from '@radsweep/core';

/** scikit-learn's RAND_R_MAX (2^31 - 1), also np.iinfo(np.int32).max, the bound of its per-estimator seeds. */
export const RAND_R_MAX = 2147483647;

/**
 * The random draws a growing tree makes, replayed as scikit-learn's tree code makes
 * them (sklearn/tree/_utils.pyx, sklearn/utils/_random.pxd): a 32-bit xorshift state
 * (`our_rand_r`: x ^= x << 13; x ^= x >> 17; x ^= x << 5; result x mod 2^31), seeded
 * with `RandomState(seed).randint(0, RAND_R_MAX)` when the tree's fit starts. With the
 * same seed, a tree draws the same features and thresholds as scikit-learn's
 * `DecisionTreeClassifier(random_state=seed)`, so forests match tree by tree.
 */
export class TreeRandom {
  private state: number;

  constructor(state: number) {
    this.state = state >>> 0;
  }

  /** The stream of a tree fitted with `random_state = seed` (an integer in [0, 2^32)). */
  static forSeed(seed: number): TreeRandom {
    return new TreeRandom(firstRandRState(seed));
  }

  private next(): number {
    let s = this.state === 0 ? 1 : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s % 2147483648;
  }

  /** rand_int: uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }

  /** rand_uniform: (high - low) * r / RAND_R_MAX + low, r uniform in [0, 2^31). */
  uniform(low: number, high: number): number {
    return ((high - low) * this.next()) / RAND_R_MAX + low;
  }
}

/** Seeds whose first draw is remembered, at most (a forest's per-tree seeds: n_estimators of them per forest seed). */
const FIRST_STATES = 1 << 16;
const firstStates = new Map<number, number>();
registerThreadCache({ name: 'first draws of tree seeds', entries: () => firstStates.size, clear: () => firstStates.clear() });

/**
 * `RandomState(seed).randint(RAND_R_MAX)`: a tree's rand_r seed, and bagging's tree seed. A pure function of
 * `seed`, remembered per thread: every forest of a sweep with one random_state draws the same per-tree seeds
 * (the first n_estimators draws of RandomState(random_state)), and each answer here otherwise costs a
 * Mersenne Twister seeding and a block of 624 words for one draw.
 */
export function firstRandRState(seed: number): number {
  let state = firstStates.get(seed);
  if (state === undefined) {
    state = new NumpyRandomState(seed).randint(RAND_R_MAX);
    if (firstStates.size >= FIRST_STATES) firstStates.clear();
    firstStates.set(seed, state);
  }
  return state;
}
