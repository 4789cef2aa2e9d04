import type { DatasetEntity } from '../datasets/dataset.entity';
import type { ExperimentEntity } from '../experiments/experiment.entity';

/**
 * A results header as the server stores it: the experiment named by its stored version (not a file
 * path) and the data set by its uploaded file name and the sha256 of the upload.
 */
export function namedRunHeader<H extends { experiment: unknown; dataset: object }>(header: H, experiment: ExperimentEntity, dataset: DatasetEntity): H {
  return {
    ...header,
    experiment: { name: experiment.name, ...(experiment.description ? { description: experiment.description } : {}), file: `radsweep experiment ${experiment.id} (${experiment.name} v${experiment.version})` },
    dataset: { ...header.dataset, path: dataset.fileName, sha256: dataset.sourceSha256 },
  };
}
