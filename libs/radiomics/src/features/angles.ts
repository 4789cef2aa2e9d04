/**
 * Neighbour offsets as pyradiomics' cmatrices build_angles: (dz, dy, dx) triples in numpy axis order,
 * enumerated from (+d, +d, +d) down to (-d, -d, -d), keeping those whose infinity norm is one of `distances`,
 * that fit in the grid (`sizeZyx`), and that do not move along `force2Ddimension` (-1 for 3-D).
 * With `bidirectional` false only the first half (one of each +- pair) is kept: 13 angles in 3-D at distance 1.
 */
export function buildAngles(
  sizeZyx: readonly number[],
  distances: readonly number[],
  bidirectional: boolean,
  force2Ddimension: number,
): Int32Array {
  if (distances.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`distances must be positive integers, got ${distances.join(', ')}`);
  let count = 0;
  for (const dist of distances) {
    let withD = 1;
    let inner = 1;
    for (let dim = 0; dim < 3; dim++) {
      if (dim === force2Ddimension) continue;
      if (dist < sizeZyx[dim]) {
        withD *= 2 * dist + 1;
        inner *= 2 * dist - 1;
      } else {
        withD *= 2 * (sizeZyx[dim] - 1) + 1;
        inner *= 2 * (sizeZyx[dim] - 1) + 1;
      }
    }
    count += withD - inner;
  }
  if (!bidirectional) count = Math.floor(count / 2);
  const maxD = Math.max(...distances);
  const n = 2 * maxD + 1;
  const stride = [n * n, n, 1];
  const angles = new Int32Array(count * 3);
  let a = 0;
  for (let k = 0; a < count && k < n * n * n; k++) {
    let norm = 0;
    for (let dim = 0; dim < 3; dim++) {
      const offset = maxD - (Math.floor(k / stride[dim]) % n);
      if ((dim === force2Ddimension && offset !== 0) || offset >= sizeZyx[dim] || offset <= -sizeZyx[dim]) {
        norm = -1;
        break;
      }
      angles[a * 3 + dim] = offset;
      norm = Math.max(norm, Math.abs(offset));
    }
    if (norm >= 1 && distances.includes(norm)) a++;
  }
  return angles;
}
