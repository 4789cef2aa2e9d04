import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evidenceKey, type RunChecklistsResponse } from '@radsweep/api-contract';
import { checklistHtml, checklistMarkdown, runChecklists, type EvidenceLinker, type EvidenceRef, type ExperimentResults, type SurvivalExperimentResults } from '@radsweep/pipeline';
import { DatasetEntity } from '../datasets/dataset.entity';
import { ConflictError } from '../http/not-found.error';
import { ModelResultEntity } from '../results/model-result.entity';
import { ResultsService } from '../results/results.service';
import { RunEntity } from '../runs/run.entity';
import { SurvivalModelResultEntity } from '../survival/survival.entities';

/**
 * TRIPOD+AI and CLAIM checklists of a finished run (binary or survival), built by the engine from the run's
 * results export and its dataset's stored missing-cell counts; evidence points at the dashboard's
 * leaderboard and model pages and at the API's downloads.
 */
@Injectable()
export class ChecklistService {
  constructor(
    private readonly db: DataSource,
    private readonly results: ResultsService,
  ) {}

  async forRun(runId: string): Promise<RunChecklistsResponse> {
    const exported = await this.results.export(runId); // 404 for an unknown run
    const run = await this.db.manager.findOneByOrFail(RunEntity, { id: runId });
    if (run.status !== 'succeeded') throw new ConflictError(`run ${runId} is ${run.status}: its checklists need a finished run (status succeeded)`);
    const survival = exported.kind === 'survival';
    for (const part of survival ? (['dataset', 'settings', 'endpoints'] as const) : (['dataset', 'split', 'cv', 'settings'] as const)) {
      if (!exported[part]) throw new ConflictError(`run ${runId} stores no results header (${part} missing): its checklists cannot be built`);
    }
    const dataset = await this.db.manager.findOneBy(DatasetEntity, { id: run.datasetId });
    const profile = dataset ? { columns: dataset.columns.map((c) => ({ name: c.name, missing: c.missing })) } : undefined;
    const checklists = runChecklists(exported as unknown as ExperimentResults | SurvivalExperimentResults, profile);
    const models = survival
      ? await this.db.manager.find(SurvivalModelResultEntity, { where: { runId }, select: { id: true, endpoint: true, featureSet: true, model: true } })
      : await this.db.manager.find(ModelResultEntity, { where: { runId }, select: { id: true, featureSet: true, model: true } });
    const modelKey = (endpoint: string | undefined, featureSet: string | undefined, model: string | undefined) => [endpoint ?? '', featureSet ?? '', model ?? ''].join('\u0000');
    const modelId = new Map(models.map((m) => [modelKey('endpoint' in m ? m.endpoint : undefined, m.featureSet, m.model), m.id]));
    const links: Record<string, string> = {};
    const linkOf: EvidenceLinker = (ref) => {
      const url = evidenceUrl(run, survival, ref, ref.model === undefined ? undefined : modelId.get(modelKey(ref.endpoint, ref.featureSet, ref.model)));
      if (url) links[evidenceKey(ref)] = url;
      return url;
    };
    for (const c of checklists) for (const item of c.items) for (const ref of item.evidence) linkOf(ref);
    const experiment = (exported.experiment as { name?: string } | undefined)?.name ?? run.experimentId;
    return { runId, title: `Reporting checklists: run ${runId.slice(0, 8)} of ${experiment}`, checklists, links };
  }

  async markdown(runId: string): Promise<string> {
    const r = await this.forRun(runId);
    return checklistMarkdown(r.checklists, r.title, (ref) => r.links[evidenceKey(ref)] ?? null);
  }

  async html(runId: string): Promise<string> {
    const r = await this.forRun(runId);
    return checklistHtml(r.checklists, r.title, (ref) => r.links[evidenceKey(ref)] ?? null);
  }
}

/** Dashboard pages for what a reader looks at, API downloads for files. */
function evidenceUrl(run: RunEntity, survival: boolean, ref: EvidenceRef, modelResultId?: string): string | null {
  const { target, featureSet, endpoint } = ref;
  if (survival) {
    if (target === 'predictions') return `/api/runs/${run.id}/survival/predictions.csv`;
    if (target === 'leaderboard') return `/#/survival?runId=${run.id}${endpoint ? `&endpoint=${encodeURIComponent(endpoint)}` : ''}`;
    if (target === 'model') return modelResultId ? `/#/survival-model/${modelResultId}` : null;
  }
  switch (target) {
    case 'spec':
      return `/api/experiments/${run.experimentId}`;
    case 'dataset':
      return `/api/datasets/${run.datasetId}`;
    case 'results':
      return `/api/runs/${run.id}/results.json`;
    case 'predictions':
      return `/api/runs/${run.id}/predictions.csv`;
    case 'leaderboard':
      return `/#/leaderboard?runId=${run.id}${featureSet ? `&featureSet=${encodeURIComponent(featureSet)}` : ''}`;
    case 'model':
      return modelResultId ? `/#/model/${modelResultId}` : null;
    default:
      return null;
  }
}
