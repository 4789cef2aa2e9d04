/**
 * A seeded choice among n ready tasks (mulberry32), for `runExperimentTwoStage`'s `pick`: a reproducible
 * shuffled task order, to show the results do not depend on the order tasks run in.
 */
export function seededPick(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
