import { forEachNeighbourhood, neighbourOffsets } from './neighbour-offsets';
import { levelIndex, type TextureInput } from './texture-input';

/**
 * Grey level dependence matrix: `p[i * nd + d]` counts voxels of grey level `grey[i]` with `dependence[d] - 1`
 * neighbours (in the ROI, over pyradiomics' bidirectional angles) whose level differs by at most gldm_a.
 * Dependence counts never seen are dropped.
 */
export interface GldmMatrix {
  readonly p: Float64Array;
  readonly n: number;
  readonly nd: number;
  readonly grey: Float64Array;
  readonly dependence: Float64Array;
}

export function gldmMatrix(input: TextureInput): GldmMatrix {
  const index = levelIndex(input);
  const n = input.roi.present.length;
  const cols = neighbourOffsets(input).count + 1;
  const counts = new Float64Array(n * cols);
  const alpha = input.settings.gldm_a;
  forEachNeighbourhood(input, (g, neighbours, count) => {
    let dep = 0;
    for (let k = 0; k < count; k++) if (Math.abs(g - neighbours[k]) <= alpha) dep++;
    counts[index[g] * cols + dep]++;
  });
  const keep: number[] = [];
  for (let d = 0; d < cols; d++) {
    let s = 0;
    for (let g = 0; g < n; g++) s += counts[g * cols + d];
    if (s > 0) keep.push(d);
  }
  const nd = keep.length;
  const p = new Float64Array(n * nd);
  for (let g = 0; g < n; g++) for (let d = 0; d < nd; d++) p[g * nd + d] = counts[g * cols + keep[d]];
  return { p, n, nd, grey: Float64Array.from(input.roi.present), dependence: Float64Array.from(keep, (d) => d + 1) };
}
