import { angleDistances } from './angle-weights';
import { angleTotals, mergeAngles, nonEmptyAngles } from './merge-angles';
import { levelIndex, textureAngles, type TextureInput } from './texture-input';

/**
 * Grey level run length matrices (not normalised), one per angle: `p[a * n * nr + i * nr + r]` counts runs of
 * grey level `grey[i]` and length `runLength[r]`. Grey levels absent from the ROI, run lengths never seen and
 * empty angles are dropped, as pyradiomics does.
 */
export interface GlrlmMatrix {
  readonly p: Float64Array;
  readonly n: number;
  readonly nr: number;
  readonly angles: number;
  readonly grey: Float64Array;
  readonly runLength: Float64Array;
  /** Number of runs per angle (NaN for an empty angle). */
  readonly runs: Float64Array;
}

/** pyradiomics' calculate_glrlm + _calculateMatrix + _calculateCoefficients' pruning. */
export function glrlmMatrix(input: TextureInput): GlrlmMatrix {
  const { roi, size, settings } = input;
  const [nx, ny, nz] = size;
  const angles = textureAngles(input, false);
  const naAll = angles.length / 3;
  const index = levelIndex(input);
  const n = roi.present.length;
  const maxRun = Math.max(nx, ny, nz);
  const cells = n * maxRun;
  let counts: Float64Array = new Float64Array(naAll * cells);
  const levels = roi.levels;
  for (let a = 0; a < naAll; a++) {
    const dz = angles[a * 3];
    const dy = angles[a * 3 + 1];
    const dx = angles[a * 3 + 2];
    const step = dx + nx * (dy + ny * dz);
    const base = a * cells;
    let multiElement = false;
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          // a line starts where the previous voxel along the angle is outside the grid
          const px = x - dx;
          const py = y - dy;
          const pz = z - dz;
          if (px >= 0 && px < nx && py >= 0 && py < ny && pz >= 0 && pz < nz) continue;
          let cx = x;
          let cy = y;
          let cz = z;
          let i = x + nx * (y + ny * z);
          let gl = 0;
          let run = 0;
          let elements = 0;
          while (cx >= 0 && cx < nx && cy >= 0 && cy < ny && cz >= 0 && cz < nz) {
            const g = levels[i];
            if (g !== 0) {
              elements++;
              if (g === gl) run++;
              else {
                if (gl !== 0) counts[base + index[gl] * maxRun + run - 1]++;
                gl = g;
                run = 1;
              }
            } else if (gl !== 0) {
              counts[base + index[gl] * maxRun + run - 1]++;
              gl = 0;
              run = 0;
            }
            cx += dx;
            cy += dy;
            cz += dz;
            i += step;
          }
          if (gl !== 0) counts[base + index[gl] * maxRun + run - 1]++;
          if (elements > 1) multiElement = true;
        }
      }
    }
    // pyradiomics: an angle along which every line holds at most one ROI voxel (a 2-D ROI seen across) is zeroed
    if (!multiElement) counts.fill(0, base, base + cells);
  }
  let na = naAll;
  if (settings.weightingNorm !== null) {
    counts = mergeAngles(counts, cells, angleDistances(angles, input.spacing, settings.weightingNorm));
    na = 1;
  }
  const runsAll = angleTotals(counts, cells, na);
  const keepAngles = nonEmptyAngles(runsAll);
  const usedRun = new Uint8Array(maxRun);
  for (const a of keepAngles) for (let i = 0; i < n; i++) for (let r = 0; r < maxRun; r++) if (counts[a * cells + i * maxRun + r] !== 0) usedRun[r] = 1;
  const keepRuns: number[] = [];
  usedRun.forEach((u, r) => u && keepRuns.push(r));
  const nr = keepRuns.length;
  const p = new Float64Array(keepAngles.length * n * nr);
  keepAngles.forEach((a, k) => {
    for (let i = 0; i < n; i++) for (let r = 0; r < nr; r++) p[k * n * nr + i * nr + r] = counts[a * cells + i * maxRun + keepRuns[r]];
  });
  return {
    p,
    n,
    nr,
    angles: keepAngles.length,
    grey: Float64Array.from(roi.present),
    runLength: Float64Array.from(keepRuns, (r) => r + 1),
    runs: Float64Array.from(keepAngles, (a) => (runsAll[a] === 0 ? NaN : runsAll[a])),
  };
}
