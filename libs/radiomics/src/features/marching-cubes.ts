import type { Vec3 } from '../io/volume';
import { TRIANGLES } from './marching-cubes-table';

/** Cube corners (dz, dy, dx) in cshape.c's order. */
const CORNERS = [
  [0, 0, 0],
  [0, 0, 1],
  [0, 1, 1],
  [0, 1, 0],
  [1, 0, 0],
  [1, 0, 1],
  [1, 1, 1],
  [1, 1, 0],
];

/** Mid-points of the 12 cube edges (z, y, x), cshape.c's vertList. */
const EDGE_POINTS = [
  [0, 0, 0.5],
  [0, 0.5, 1],
  [0, 1, 0.5],
  [0, 0.5, 0],
  [1, 0, 0.5],
  [1, 0.5, 1],
  [1, 1, 0.5],
  [1, 0.5, 0],
  [0.5, 0, 0],
  [0.5, 0, 1],
  [0.5, 1, 1],
  [0.5, 1, 0],
];

/** Surface area and volume (mm^2, mm^3) of the mesh, and the squared maximum diameters: [slice (same z), column (same y), row (same x), 3-D]. */
export interface MeshMeasures {
  readonly surfaceArea: number;
  readonly volume: number;
  readonly diameters: readonly [number, number, number, number];
}

/**
 * pyradiomics' cshape calculate_coefficients: marching cubes on the 0/1 mask (grid `size` x, y, z, which must be
 * padded with a layer of zeros), area summed over triangles, volume by the divergence theorem (signed
 * tetrahedra from the origin), and maximum diameters over the mesh vertices on edges 6, 7 and 11 of each cube
 * (each vertex once).
 */
export function marchingCubes(mask: Uint8Array, size: Vec3, spacingXyz: Vec3): MeshMeasures {
  const [nx, ny, nz] = size;
  const sp = [spacingXyz[2], spacingXyz[1], spacingXyz[0]];
  const strides = [nx * ny, nx, 1];
  const cornerStep = CORNERS.map((c) => c[0] * strides[0] + c[1] * strides[1] + c[2] * strides[2]);
  const vertices: number[] = [];
  // corners 6, 4 and 3 inside mean a vertex on edges 6, 7 and 11 (corner 7 is always outside after the flip)
  const vertexCorner = [6, 4, 3];
  const vertexEdge = [6, 7, 11];
  let area = 0;
  let volume = 0;
  const a = [0, 0, 0];
  const b = [0, 0, 0];
  const c = [0, 0, 0];
  for (let z = 0; z < nz - 1; z++) {
    for (let y = 0; y < ny - 1; y++) {
      for (let x = 0; x < nx - 1; x++) {
        const base = z * strides[0] + y * strides[1] + x;
        let cube = 0;
        for (let k = 0; k < 8; k++) if (mask[base + cornerStep[k]]) cube |= 1 << k;
        let sign = 1;
        if (cube & 0x80) {
          cube ^= 0xff;
          sign = -1;
        }
        for (let t = 0; t < 3; t++) {
          if (cube & (1 << vertexCorner[t])) {
            const e = EDGE_POINTS[vertexEdge[t]];
            vertices.push((z + e[0]) * sp[0], (y + e[1]) * sp[1], (x + e[2]) * sp[2]);
          }
        }
        if (cube === 0) continue;
        const tri = TRIANGLES[cube];
        for (let t = 0; t < tri.length; t += 3) {
          const ea = EDGE_POINTS[tri[t]];
          const eb = EDGE_POINTS[tri[t + 1]];
          const ec = EDGE_POINTS[tri[t + 2]];
          const idx = [z, y, x];
          for (let d = 0; d < 3; d++) {
            a[d] = (idx[d] + ea[d]) * sp[d];
            b[d] = (idx[d] + eb[d]) * sp[d];
            c[d] = (idx[d] + ec[d]) * sp[d];
          }
          const ab0 = a[1] * b[2] - b[1] * a[2];
          const ab1 = a[2] * b[0] - b[2] * a[0];
          const ab2 = a[0] * b[1] - b[0] * a[1];
          volume += sign * (ab0 * c[0] + ab1 * c[1] + ab2 * c[2]);
          const u0 = a[0] - c[0];
          const u1 = a[1] - c[1];
          const u2 = a[2] - c[2];
          const v0 = b[0] - c[0];
          const v1 = b[1] - c[1];
          const v2 = b[2] - c[2];
          const n0 = u1 * v2 - v1 * u2;
          const n1 = u2 * v0 - v2 * u0;
          const n2 = u0 * v1 - v0 * u1;
          area += 0.5 * Math.sqrt(n0 * n0 + n1 * n1 + n2 * n2);
        }
      }
    }
  }
  return { surfaceArea: area, volume: volume / 6, diameters: maximumDiameters(Float64Array.from(vertices)) };
}

/** Largest squared distances between vertices sharing z, sharing y, sharing x, and overall (square-rooted). */
function maximumDiameters(v: Float64Array): [number, number, number, number] {
  let dz = 0;
  let dy = 0;
  let dx = 0;
  let d3 = 0;
  const n = v.length / 3;
  for (let i = 0; i < n; i++) {
    const az = v[3 * i];
    const ay = v[3 * i + 1];
    const ax = v[3 * i + 2];
    for (let j = i + 1; j < n; j++) {
      const bz = v[3 * j];
      const by = v[3 * j + 1];
      const bx = v[3 * j + 2];
      const d = (az - bz) ** 2 + (ay - by) ** 2 + (ax - bx) ** 2;
      if (d > d3) d3 = d;
      if (az === bz && d > dz) dz = d;
      if (ay === by && d > dy) dy = d;
      if (ax === bx && d > dx) dx = d;
    }
  }
  return [Math.sqrt(dz), Math.sqrt(dy), Math.sqrt(dx), Math.sqrt(d3)];
}
