import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evidenceKey, type RunChecklistsResponse } from '@radsweep/api-contract';
import { checklistHtml, checklistMarkdown, runChecklists, type EvidenceLinker, type ExperimentResults } from '@radsweep/pipeline';
import { DatasetEntity } from '../datasets/dataset.entity';
import { ConflictError } from '../http/not-found.error';
import { ModelResultEntity } from '../results/model-result.entity';
import { ResultsService } from '../results/results.service';
import { RunEntity } from '../runs/run.entity';

/**
 * TRIPOD+AI and CLAIM checklists of a finished binary-outcome run, built by the engine from the run's
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
    if (exported.kind === 'survival') throw new ConflictError(`run ${runId} has survival endpoints: the reporting checklists cover binary-outcome runs only (so far)`);
    if (run.status !== 'succeeded') throw new ConflictError(`run ${runId} is ${run.status}: its checklists need a finished run (status succeeded)`);
    for (const part of ['dataset', 'split', 'cv', 'settings'] as const) {
      if (!exported[part]) throw new ConflictError(`run ${runId} stores no results header (${part} missing): its checklists cannot be built`);
    }
    const dataset = await this.db.manager.findOneBy(DatasetEntity, { id: run.datasetId });
    const profile = dataset ? { columns: dataset.columns.map((c) => ({ name: c.name, missing: c.missing })) } : undefined;
    const checklists = runChecklists(exported as unknown as ExperimentResults, profile);
    const models = await this.db.manager.find(ModelResultEntity, { where: { runId }, select: { id: true, featureSet: true, model: true } });
    const modelId = new Map(models.map((m) => [`${m.featureSet}\u0000${m.model}`, m.id]));
    const links: Record<string, string> = {};
    const linkOf: EvidenceLinker = (ref) => {
      const url = evidenceUrl(run, ref.target, ref.featureSet, ref.model === undefined ? undefined : modelId.get(`${ref.featureSet}\u0000${ref.model}`));
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
function evidenceUrl(run: RunEntity, target: string, featureSet?: string, modelResultId?: string): string | null {
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
