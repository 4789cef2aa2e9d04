/** The run's sampler as a locked model records it: it acted on the training rows only and is never applied when predicting. */
export interface SamplerEntry {
  id: string;
  params: Record<string, unknown>;
  trainingOnly: true;
  note: string;
}

export function samplerEntry(sampler: { id: string; params: Record<string, unknown> } | null): SamplerEntry | null {
  if (!sampler) return null;
  return {
    id: sampler.id,
    params: { ...sampler.params },
    trainingOnly: true,
    note: 'the sampler resampled the refit\'s training rows only; it is not applied when predicting',
  };
}
