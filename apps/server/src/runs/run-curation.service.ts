import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { curationProblem, RUN_TAGS_PER_RUN } from '@radsweep/api-contract';
import type { FinalModelMark, RunCuration, RunListQuery, RunPatch } from '@radsweep/api-contract';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import type { Role } from '../projects/project.entities';
import { isUuid } from '../datasets/datasets.service';
import { ConflictError, NotFoundError } from '../http/not-found.error';

import { RunFinalModelEntity, BINARY_ENDPOINT } from './run-final-model.entity';
import { RunEntity } from './run.entity';
import { TERMINAL } from './runs.service';
import { allowedActions, listRuns, RunListPage } from './run-list-query';

/** A curation input's problem as a 422 (the rule is the API contract's, shared with the dashboard). */
function check(field: 'name' | 'tag' | 'notes', value: unknown): void {
  const problem = curationProblem(field, value);
  if (problem) throw new UnprocessableEntityException(problem);
}

/**
 * What people do to runs after they ran: rename, notes, tags, archive and
 * restore, delete (the run and every result, one transaction), the final-model
 * mark; and the runs list (run-list-query.ts). Each change and its audit entry
 * are written in one transaction, the run's row locked, so nothing is half-done.
 */
@Injectable()
export class RunCurationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(me: Principal, q: RunListQuery): Promise<RunListPage> {
    return listRuns(this.db, { userId: me.id, isAdmin: me.isAdmin }, q);
  }

  async view(id: string, me: Principal, m: EntityManager = this.db.manager): Promise<RunCuration> {
    const run = isUuid(id) ? await m.findOneBy(RunEntity, { id }) : null;
    if (!run) throw new NotFoundError('run', id);
    const marks: Record<string, any>[] = await m.query(
      `SELECT f."endpoint", coalesce(f."model_result_id", f."survival_model_result_id") AS model_id, f."survival_model_result_id" IS NOT NULL AS survival,
              coalesce(b."feature_set", s."feature_set") AS feature_set, coalesce(b."model", s."model") AS model, f."marked_by_name", f."marked_at"
         FROM "run_final_models" f
         LEFT JOIN "model_results" b ON b."id" = f."model_result_id"
         LEFT JOIN "survival_model_results" s ON s."id" = f."survival_model_result_id"
        WHERE f."run_id" = $1 ORDER BY f."endpoint"`,
      [id],
    );
    // the role through `m`: inside a change's transaction (the embedded store has one connection, so a query beside it would wait for ever)
    const role: Role | null = me.isAdmin || run.projectId === null ? null : ((await m.query(`SELECT "role" FROM "project_members" WHERE "project_id" = $1 AND "user_id" = $2`, [run.projectId, me.id]))[0]?.role ?? null);
    return {
      id: run.id,
      name: run.name,
      notes: run.notes ?? '',
      tags: run.tags ?? [],
      archivedAt: run.archivedAt ? run.archivedAt.toISOString() : null,
      finalModels: marks.map(
        (k): FinalModelMark => ({
          endpoint: k.endpoint,
          modelId: k.model_id,
          survival: k.survival,
          featureSet: k.feature_set,
          model: k.model,
          markedBy: k.marked_by_name,
          markedAt: new Date(k.marked_at).toISOString(),
        }),
      ),
      allowed: allowedActions(me.isAdmin, role),
    };
  }

  /** A new name ('' or null: none) and/or notes. */
  async patch(id: string, me: Principal, body: RunPatch): Promise<RunCuration> {
    if (body === null || typeof body !== 'object' || (body.name === undefined && body.notes === undefined)) throw new UnprocessableEntityException("send 'name' and/or 'notes'");
    const name = body.name === undefined ? undefined : body.name === null || body.name === '' ? null : body.name;
    if (name !== undefined && name !== null) check('name', name);
    if (body.notes !== undefined) check('notes', body.notes);
    return this.change(id, me, async (m, run) => {
      if (name !== undefined && name !== run.name) {
        await m.update(RunEntity, { id }, { name });
        await this.record(m, me, run, 'renamed', { from: run.name, to: name });
      }
      if (body.notes !== undefined && body.notes !== (run.notes ?? '')) {
        await m.update(RunEntity, { id }, { notes: body.notes === '' ? null : body.notes });
        await this.record(m, me, run, 'notes edited', { characters: body.notes.length });
      }
    });
  }

  async addTag(id: string, me: Principal, tag: string): Promise<RunCuration> {
    check('tag', tag);
    return this.change(id, me, async (m, run) => {
      const tags = run.tags ?? [];
      if (tags.includes(tag)) return; // already there: nothing changes, nothing is logged
      if (tags.length >= RUN_TAGS_PER_RUN) throw new UnprocessableEntityException(`a run has at most ${RUN_TAGS_PER_RUN} tags; remove one first`);
      await m.update(RunEntity, { id }, { tags: [...tags, tag] });
      await this.record(m, me, run, 'tagged', { tag });
    });
  }

  async removeTag(id: string, me: Principal, tag: string): Promise<RunCuration> {
    return this.change(id, me, async (m, run) => {
      const tags = run.tags ?? [];
      if (!tags.includes(tag)) throw new NotFoundError(`tag of run ${id}`, tag);
      const left = tags.filter((t) => t !== tag);
      await m.update(RunEntity, { id }, { tags: left.length ? left : null });
      await this.record(m, me, run, 'untagged', { tag });
    });
  }

  /** Archives (hidden from lists unless asked for) or restores a run; its results stay readable by id. */
  async setArchived(id: string, me: Principal, archived: boolean): Promise<RunCuration> {
    return this.change(id, me, async (m, run) => {
      if ((run.archivedAt !== null) === archived) throw new ConflictError(`run ${id} is ${archived ? 'already archived' : 'not archived'}`);
      await m.update(RunEntity, { id }, { archivedAt: archived ? new Date() : null });
      await this.record(m, me, run, archived ? 'archived' : 'restored', null);
    });
  }

  /**
   * Deletes a finished run and everything stored for it (tasks, results, predictions,
   * survival results, shares, marks: foreign keys cascade) and logs it with the run's
   * name and id, in one transaction: either all of it happens or none.
   */
  async delete(id: string, me: Principal): Promise<{ id: string; deleted: true }> {
    await this.db.transaction(async (m) => {
      const run = await this.locked(m, id);
      if (!TERMINAL.includes(run.status)) throw new ConflictError(`run ${id} is ${run.status}: cancel it before deleting it`);
      const [experiment] = await m.query(`SELECT "name", "version" FROM "experiments" WHERE "id" = $1`, [run.experimentId]);
      const [{ models }] = await m.query(`SELECT (SELECT count(*) FROM "model_results" WHERE "run_id" = $1)::int + (SELECT count(*) FROM "survival_model_results" WHERE "run_id" = $1)::int AS models`, [id]);
      await m.query(`DELETE FROM "runs" WHERE "id" = $1`, [id]);
      await this.record(m, me, run, 'deleted', {
        name: run.name,
        experiment: experiment ? `${experiment.name} v${experiment.version}` : null,
        status: run.status,
        models,
        createdAt: run.createdAt.toISOString(),
      });
    });
    return { id, deleted: true };
  }

  /** Marks a model of the run as its pre-specified final model for the model's endpoint (one per endpoint; a mark, nothing chooses by it). */
  async markFinal(id: string, me: Principal, modelId: unknown): Promise<RunCuration> {
    if (typeof modelId !== 'string' || !isUuid(modelId)) throw new UnprocessableEntityException('modelId must be the id (uuid) of one of the run\'s model results');
    return this.change(id, me, async (m, run) => {
      const [binary] = await m.query(`SELECT "feature_set", "model" FROM "model_results" WHERE "id" = $1 AND "run_id" = $2`, [modelId, id]);
      const [survival] = binary ? [] : await m.query(`SELECT "endpoint", "feature_set", "model" FROM "survival_model_results" WHERE "id" = $1 AND "run_id" = $2`, [modelId, id]);
      if (!binary && !survival) throw new UnprocessableEntityException(`model '${modelId}' is not a model of run ${id}`);
      const endpoint: string = survival ? survival.endpoint : BINARY_ENDPOINT;
      const existing = await m.findOneBy(RunFinalModelEntity, { runId: id, endpoint });
      if (existing) {
        const current = existing.modelResultId ?? existing.survivalModelResultId;
        if (current === modelId) return;
        throw new ConflictError(`endpoint '${endpoint}' of run ${id} already has a final model (${current}); unmark it first (the audit log keeps both)`);
      }
      await m.insert(RunFinalModelEntity, {
        runId: id,
        endpoint,
        modelResultId: binary ? modelId : null,
        survivalModelResultId: survival ? modelId : null,
        markedById: me.id,
        markedByName: me.username,
      });
      const row = binary ?? survival;
      await this.record(m, me, run, 'final model marked', { endpoint, modelId, featureSet: row.feature_set, model: row.model });
    });
  }

  async unmarkFinal(id: string, me: Principal, endpoint = BINARY_ENDPOINT): Promise<RunCuration> {
    return this.change(id, me, async (m, run) => {
      const existing = await m.findOneBy(RunFinalModelEntity, { runId: id, endpoint });
      if (!existing) throw new NotFoundError(`final model of run ${id} for endpoint`, endpoint);
      await m.delete(RunFinalModelEntity, { runId: id, endpoint });
      await this.record(m, me, run, 'final model unmarked', { endpoint, modelId: existing.modelResultId ?? existing.survivalModelResultId });
    });
  }

  /** One change: the run's row locked, the change and its audit entry in one transaction; answers the run's curation after it. */
  private async change(id: string, me: Principal, apply: (m: EntityManager, run: RunEntity) => Promise<void>): Promise<RunCuration> {
    return this.db.transaction(async (m) => {
      await apply(m, await this.locked(m, id));
      return this.view(id, me, m);
    });
  }

  private async locked(m: EntityManager, id: string): Promise<RunEntity> {
    const run = isUuid(id) ? await m.findOne(RunEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!run) throw new NotFoundError('run', id);
    return run;
  }

  private record(m: EntityManager, me: Principal, run: RunEntity, action: string, details: Record<string, unknown> | null): Promise<void> {
    return this.audit.record(me, { action, entity: 'run', entityId: run.id, projectId: run.projectId, details }, m);
  }
}
