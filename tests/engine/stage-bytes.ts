import { encodeArtefact } from '@radsweep/pipeline';

/** Drops measured times (keys `ms`, `timings`, `...Ms`: they differ from run to run), keeping typed arrays as they are. */
function untimed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(untimed);
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    return Object.fromEntries(Object.entries(v).filter(([k]) => !(k === 'ms' || k === 'timings' || k.endsWith('Ms'))).map(([k, x]) => [k, untimed(x)]));
  }
  return v;
}

/** The bytes a stage stores, but for its measured times (hex): equal for bit-for-bit equal stage outputs. */
export const bytesOf = (value: unknown) => Buffer.from(encodeArtefact(untimed(value))).toString('hex');
