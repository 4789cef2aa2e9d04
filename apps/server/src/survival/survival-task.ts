import type { ResolvedExperiment, SurvivalExperimentResults, SurvivalRunOptions } from '@radsweep/pipeline';
import { runSurvivalExperiment } from '@radsweep/pipeline';
import type { RunTaskEntity } from '../runs/run-task.entity';
import type { SurvivalEndpointEntity } from './survival.entities';

/**
 * Runs one task of a survival run: endpoint x feature set number `task.position` (endpoints outer, feature
 * sets inner, in spec order), with the engine's own `only` option, so its numbers are the ones the whole
 * run gives it (every seed comes from the experiment seed and the `endpoint/featureSet` label; the split and
 * folds from the seed and the endpoint's event indicator). The engine's split and folds must be the ones the
 * launch fixed for the endpoint.
 */
export async function executeSurvivalTask(
  resolved: ResolvedExperiment,
  task: Pick<RunTaskEntity, 'id' | 'position'>,
  endpoints: SurvivalEndpointEntity[],
  options: SurvivalRunOptions,
): Promise<SurvivalExperimentResults> {
  const perEndpoint = resolved.featureSets.length;
  const endpoint = resolved.endpoints![Math.floor(task.position / perEndpoint)];
  const featureSet = resolved.featureSets[task.position % perEndpoint];
  const results = await runSurvivalExperiment(resolved, { ...options, only: { endpoint: endpoint.name, featureSet: featureSet.name } });
  const got = results.endpoints[0];
  const fixed = endpoints.find((e) => e.name === got.name);
  if (!fixed || JSON.stringify(got.split.testIds) !== JSON.stringify(fixed.split.testIds) || JSON.stringify(got.cv.foldOfTrainId) !== JSON.stringify(fixed.cv.foldOfTrainId)) {
    throw new Error(`task ${task.id}: the engine's split or folds of endpoint '${got.name}' differ from the ones fixed at launch`);
  }
  return results;
}
