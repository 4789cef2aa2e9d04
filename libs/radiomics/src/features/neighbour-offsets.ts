import type { TextureInput } from './texture-input';
import { textureAngles } from './texture-input';

/** Bidirectional neighbour offsets for the grid: (dx, dy, dz) per angle and the flat index step of each. */
export interface NeighbourOffsets {
  readonly count: number;
  readonly dx: Int32Array;
  readonly dy: Int32Array;
  readonly dz: Int32Array;
  readonly step: Int32Array;
}

export function neighbourOffsets(input: TextureInput): NeighbourOffsets {
  const angles = textureAngles(input, true);
  const count = angles.length / 3;
  const [nx, ny] = input.size;
  const dz = new Int32Array(count);
  const dy = new Int32Array(count);
  const dx = new Int32Array(count);
  const step = new Int32Array(count);
  for (let a = 0; a < count; a++) {
    dz[a] = angles[a * 3];
    dy[a] = angles[a * 3 + 1];
    dx[a] = angles[a * 3 + 2];
    step[a] = dx[a] + nx * (dy[a] + ny * dz[a]);
  }
  return { count, dx, dy, dz, step };
}

/**
 * Calls `visit(level, neighbours, count)` for every ROI voxel with the levels of its neighbours that are in the
 * grid and in the ROI (`neighbours[0..count)`, a buffer reused across voxels).
 */
export function forEachNeighbourhood(
  input: TextureInput,
  visit: (level: number, neighbours: Int32Array, count: number) => void,
): void {
  const [nx, ny, nz] = input.size;
  const off = neighbourOffsets(input);
  const levels = input.roi.levels;
  const buffer = new Int32Array(off.count);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        const g = levels[i];
        if (g === 0) continue;
        let count = 0;
        for (let a = 0; a < off.count; a++) {
          const xx = x + off.dx[a];
          const yy = y + off.dy[a];
          const zz = z + off.dz[a];
          if (xx < 0 || xx >= nx || yy < 0 || yy >= ny || zz < 0 || zz >= nz) continue;
          const h = levels[i + off.step[a]];
          if (h !== 0) buffer[count++] = h;
        }
        visit(g, buffer, count);
      }
    }
  }
}
