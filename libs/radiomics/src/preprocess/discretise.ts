import type { ExtractionSettings } from '../settings';

/** Grey levels after discretisation: `levels[i]` in 1..ng inside the ROI, 0 outside; `present` lists the levels used, ascending. */
export interface DiscretisedRoi {
  readonly levels: Int32Array;
  readonly present: Int32Array;
  /** The highest level in the ROI (pyradiomics' Ng). */
  readonly ng: number;
  readonly edges: Float64Array;
}

/** Python's float modulo: the result takes the divisor's sign. */
const pyMod = (a: number, b: number): number => {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
};

/** numpy.arange(start, stop, step) for doubles: start, start + delta, then start + k * delta with delta = (start + step) - start. */
function arange(start: number, stop: number, step: number): Float64Array {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(length);
  if (length > 0) out[0] = start;
  if (length > 1) out[1] = start + step;
  const delta = length > 1 ? out[1] - out[0] : step;
  for (let k = 2; k < length; k++) out[k] = start + k * delta;
  return out;
}

/** numpy.histogram's edges for an integer bin count (numpy.linspace: k * step + start, the last one exact). */
function linspaceEdges(min: number, max: number, count: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / count;
  const out = new Float64Array(count + 1);
  for (let k = 0; k <= count; k++) out[k] = k * step + first;
  out[count] = last;
  return out;
}

/**
 * The bin edges pyradiomics' getBinEdges gives for the ROI's values: fixed bin width with edges at multiples of
 * the width from 0 (IBSI mode: from the ROI minimum), or `binCount` equal bins between min and max with the
 * last edge raised by 1 so the maximum falls in the top bin.
 */
export function binEdges(min: number, max: number, settings: ExtractionSettings): Float64Array {
  if (settings.binCount !== null) {
    const edges = linspaceEdges(min, max, settings.binCount);
    edges[edges.length - 1] += 1;
    return edges;
  }
  const width = settings.binWidth;
  const low = settings.mode === 'ibsi' ? min : min - pyMod(min, width);
  const edges = arange(low, max + 2 * width, width);
  return edges.length === 1 ? Float64Array.of(edges[0] - 0.5, edges[0] + 0.5) : edges;
}

/** numpy.digitize(x, edges) for increasing edges: how many edges are <= x. */
function digitize(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Discretises the ROI's intensities (`image` and `inRoi` on the same grid) as pyradiomics' binImage. */
export function discretise(image: Float64Array, inRoi: Uint8Array, settings: ExtractionSettings): DiscretisedRoi {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < image.length; i++) {
    if (!inRoi[i]) continue;
    const v = image[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const edges = binEdges(min, max, settings);
  const levels = new Int32Array(image.length);
  let ng = 0;
  const seen = new Uint8Array(edges.length + 1);
  for (let i = 0; i < image.length; i++) {
    if (!inRoi[i]) continue;
    const level = digitize(image[i], edges);
    levels[i] = level;
    seen[level] = 1;
    if (level > ng) ng = level;
  }
  const present: number[] = [];
  for (let g = 1; g < seen.length; g++) if (seen[g]) present.push(g);
  return { levels, present: Int32Array.from(present), ng, edges };
}
