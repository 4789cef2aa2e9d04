import { neighbourOffsets } from './neighbour-offsets';
import { levelIndex, type TextureInput } from './texture-input';

/**
 * Grey level size zone matrix: `p[i * ns + s]` counts connected zones (26-connected in 3-D, over pyradiomics'
 * bidirectional angles) of grey level `grey[i]` and size `zoneSize[s]`; sizes never seen are dropped.
 */
export interface GlszmMatrix {
  readonly p: Float64Array;
  readonly n: number;
  readonly ns: number;
  readonly grey: Float64Array;
  readonly zoneSize: Float64Array;
}

/** pyradiomics' calculate_glszm (region growing with a stack) + pruning. */
export function glszmMatrix(input: TextureInput): GlszmMatrix {
  const { roi, size } = input;
  const [nx, ny, nz] = size;
  const off = neighbourOffsets(input);
  const index = levelIndex(input);
  const n = roi.present.length;
  const levels = roi.levels;
  const done = new Uint8Array(levels.length);
  const stack = new Int32Array(levels.length);
  const zoneLevel: number[] = [];
  const zoneSizes: number[] = [];
  let maxSize = 0;
  for (let start = 0; start < levels.length; start++) {
    const gl = levels[start];
    if (gl === 0 || done[start]) continue;
    let top = 0;
    stack[top++] = start;
    done[start] = 1;
    let region = 0;
    while (top > 0) {
      const k = stack[--top];
      region++;
      const x = k % nx;
      const y = Math.floor(k / nx) % ny;
      const z = Math.floor(k / (nx * ny));
      for (let a = 0; a < off.count; a++) {
        const xx = x + off.dx[a];
        const yy = y + off.dy[a];
        const zz = z + off.dz[a];
        if (xx < 0 || xx >= nx || yy < 0 || yy >= ny || zz < 0 || zz >= nz) continue;
        const j = k + off.step[a];
        if (done[j] || levels[j] !== gl) continue;
        done[j] = 1;
        stack[top++] = j;
      }
    }
    zoneLevel.push(gl);
    zoneSizes.push(region);
    if (region > maxSize) maxSize = region;
  }
  const used = new Uint8Array(maxSize + 1);
  for (const s of zoneSizes) used[s] = 1;
  const column = new Int32Array(maxSize + 1).fill(-1);
  const sizes: number[] = [];
  for (let s = 1; s <= maxSize; s++) if (used[s]) column[s] = sizes.push(s) - 1;
  const ns = sizes.length;
  const p = new Float64Array(n * ns);
  for (let z = 0; z < zoneSizes.length; z++) p[index[zoneLevel[z]] * ns + column[zoneSizes[z]]]++;
  return { p, n, ns, grey: Float64Array.from(roi.present), zoneSize: Float64Array.from(sizes) };
}
