import { RadSweepInputError } from '@radsweep/core';
import type { Volume } from '../io/volume';

/** 1 where the mask equals `label`, else 0; refuses an empty mask or an absent label, listing the labels present. */
export function selectLabel(mask: Volume, label: number): Uint8Array {
  const data = mask.data;
  const n = data.length;
  const out = new Uint8Array(n);
  let found = 0;
  const present = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v === label) {
      out[i] = 1;
      found++;
    } else if (v !== 0 && present.size < 64) present.add(v);
  }
  if (found === 0) {
    if (present.size === 0) throw new RadSweepInputError('the mask is empty (no voxel is labelled)', mask.source);
    const labels = [...present].sort((a, b) => a - b).join(', ');
    throw new RadSweepInputError(`label ${label} is not present in the mask (labels found: ${labels})`, mask.source);
  }
  return out;
}
