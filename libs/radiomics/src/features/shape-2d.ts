import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';

export const SHAPE_2D_FEATURES = [
  'MeshSurface',
  'PixelSurface',
  'Perimeter',
  'PerimeterSurfaceRatio',
  'Sphericity',
  'MaximumDiameter',
  'MajorAxisLength',
  'MinorAxisLength',
  'Elongation',
] as const;

export type Shape2DFeature = (typeof SHAPE_2D_FEATURES)[number];

/** Square corners (dy, dx) and the mid-points of its 4 edges, and the contour segments per corner configuration (cshape.c). */
const CORNERS = [
  [0, 0],
  [0, 1],
  [1, 1],
  [1, 0],
];
const EDGE_POINTS = [
  [0, 0.5],
  [0.5, 1],
  [1, 0.5],
  [0.5, 0],
];
const SEGMENTS: readonly (readonly number[])[] = [
  [],
  [3, 0],
  [0, 1],
  [3, 1],
  [1, 2],
  [1, 2, 3, 0],
  [0, 2],
  [3, 2],
  [2, 3],
  [2, 0],
  [0, 1, 2, 3],
  [2, 1],
  [1, 3],
  [1, 0],
  [0, 3],
  [],
];

/**
 * pyradiomics' shape2D features of a 2-D 0/1 mask (`ny` rows of `nx`, pixel spacing sy, sx): marching squares
 * on the mask padded with zeros (area by the shoelace formula, perimeter, maximum diameter over the contour
 * vertices on edges 2 and 3 of each square) and the principal axes of the pixel coordinates.
 */
export function shape2DFeatures(mask: Uint8Array, nx: number, ny: number, sy: number, sx: number): Record<Shape2DFeature, number> {
  const px = nx + 2;
  const py = ny + 2;
  const m = new Uint8Array(px * py);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) m[x + 1 + px * (y + 1)] = mask[x + nx * y];
  let perimeter = 0;
  let surface = 0;
  const vertices: number[] = [];
  const sp = [sy, sx];
  for (let y = 0; y < py - 1; y++) {
    for (let x = 0; x < px - 1; x++) {
      let square = 0;
      for (let k = 0; k < 4; k++) if (m[x + CORNERS[k][1] + px * (y + CORNERS[k][0])]) square |= 1 << k;
      if (square === 0 || square === 15) continue;
      const seg = SEGMENTS[square];
      for (let t = 0; t < seg.length; t += 2) {
        const a0 = (y + EDGE_POINTS[seg[t]][0]) * sp[0];
        const a1 = (x + EDGE_POINTS[seg[t]][1]) * sp[1];
        const b0 = (y + EDGE_POINTS[seg[t + 1]][0]) * sp[0];
        const b1 = (x + EDGE_POINTS[seg[t + 1]][1]) * sp[1];
        surface += a0 * b1 - b0 * a1;
        perimeter += Math.sqrt((a0 - b0) ** 2 + (a1 - b1) ** 2);
      }
      const flipped = square > 7 ? square ^ 15 : square;
      // corners 0 and 2 inside mean vertices on edges 3 and 2
      if (flipped & 1) vertices.push((y + EDGE_POINTS[3][0]) * sp[0], (x + EDGE_POINTS[3][1]) * sp[1]);
      if (flipped & 4) vertices.push((y + EDGE_POINTS[2][0]) * sp[0], (x + EDGE_POINTS[2][1]) * sp[1]);
    }
  }
  surface /= 2;
  let diameter = 0;
  for (let i = 0; i < vertices.length; i += 2) {
    for (let j = i + 2; j < vertices.length; j += 2) {
      const d = (vertices[i] - vertices[j]) ** 2 + (vertices[i + 1] - vertices[j + 1]) ** 2;
      if (d > diameter) diameter = d;
    }
  }
  let n = 0;
  let my = 0;
  let mx = 0;
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++)
      if (mask[x + nx * y]) {
        n++;
        my += y * sy;
        mx += x * sx;
      }
  my /= n;
  mx /= n;
  const cov = [
    [0, 0],
    [0, 0],
  ];
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++)
      if (mask[x + nx * y]) {
        const p = [y * sy - my, x * sx - mx];
        for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) cov[r][c] += (p[r] * p[c]) / n;
      }
  const ev = new EigenvalueDecomposition(new MlMatrix(cov), { assumeSymmetric: true }).realEigenvalues
    .map((v) => (v < 0 && v > -1e-10 ? 0 : v))
    .sort((a, b) => a - b);
  return {
    MeshSurface: surface,
    PixelSurface: n * sx * sy,
    Perimeter: perimeter,
    PerimeterSurfaceRatio: perimeter / surface,
    Sphericity: (2 * Math.sqrt(Math.PI * surface)) / perimeter,
    MaximumDiameter: Math.sqrt(diameter),
    MajorAxisLength: ev[1] < 0 ? NaN : Math.sqrt(ev[1]) * 4,
    MinorAxisLength: ev[0] < 0 ? NaN : Math.sqrt(ev[0]) * 4,
    Elongation: ev[0] < 0 || ev[1] < 0 ? NaN : Math.sqrt(ev[0] / ev[1]),
  };
}
