import { forEachNeighbourhood } from './neighbour-offsets';
import { levelIndex, type TextureInput } from './texture-input';

/**
 * Neighbouring grey tone difference matrix over the grey levels present: `count[i]` voxels of level `grey[i]`,
 * `sumDiff[i]` the sum over them of |level - mean level of its neighbours in the ROI| (0 when it has none).
 */
export interface NgtdmMatrix {
  readonly count: Float64Array;
  readonly sumDiff: Float64Array;
  readonly grey: Float64Array;
}

export function ngtdmMatrix(input: TextureInput): NgtdmMatrix {
  const index = levelIndex(input);
  const n = input.roi.present.length;
  const count = new Float64Array(n);
  const sumDiff = new Float64Array(n);
  forEachNeighbourhood(input, (g, neighbours, neighbourCount) => {
    const k = index[g];
    count[k]++;
    if (neighbourCount === 0) return;
    let sum = 0;
    for (let j = 0; j < neighbourCount; j++) sum += neighbours[j];
    sumDiff[k] += Math.abs(g - sum / neighbourCount);
  });
  return { count, sumDiff, grey: Float64Array.from(input.roi.present) };
}
