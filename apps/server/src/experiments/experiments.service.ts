import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExperimentSpec, MsPerUnit } from '@radsweep/pipeline';
import { AccessScope, projectOfNewRow } from '../auth/principal';
import { ScopedListQuery, scopedList } from '../auth/scoped-list';
import { keys, KeysetOrder, ListPage } from '../database/keyset-page';
import { DEFAULT_LIMITS, REQUEST_LIMITS, RequestLimits } from '../config/request-limits';
import { NotFoundError } from '../http/not-found.error';
import { isUuid } from '../datasets/datasets.service';
import { OffloadPool } from '../offload/offload-pool';
import { ExperimentEntity } from './experiment.entity';
import { InlineIds, SpecInput, specText } from './spec-resolver';
import { SpecCheck, checkSpec } from './spec-check';
import { LaunchPlan, planLaunch } from './launch-plan';

export type { SpecCheck } from './spec-check';

/** By name, newest version first; the id orders equal names and versions of different projects. */
const EXPERIMENT_ORDER = new KeysetOrder([keys.text('e', 'name'), keys.int('e', 'version', true), keys.id('e', false)]);

@Injectable()
export class ExperimentsService {
  constructor(
    private readonly db: DataSource,
    @Optional() private readonly pool?: OffloadPool,
    @Optional() @Inject(REQUEST_LIMITS) private readonly limits: RequestLimits = DEFAULT_LIMITS,
  ) {}

  async check(input: SpecInput): Promise<SpecCheck> {
    return (await this.validate(input)).check;
  }

  /**
   * Stores a validated spec as the next version of its name in its project (version 1
   * for a new name there): numbers count per project, so they reveal nothing of other projects.
   */
  async create(input: SpecInput, scope: AccessScope): Promise<ExperimentEntity> {
    const projectId = projectOfNewRow(scope);
    const { spec } = await this.validate(input);
    return this.db.transaction(async (m) => {
      // The same spec sent again (e.g. each `run --server` of one file) is its latest version, not a new one.
      const [same] = await m.query(
        `SELECT id FROM experiments WHERE name = $1 AND project_id IS NOT DISTINCT FROM $3::uuid AND spec = $2::jsonb
           AND version = (SELECT max(version) FROM experiments WHERE name = $1 AND project_id IS NOT DISTINCT FROM $3::uuid)`,
        [spec.name, JSON.stringify(spec), projectId],
      );
      if (same) return m.findOneByOrFail(ExperimentEntity, { id: same.id });
      const [{ max }] = await m.query(`SELECT max(version) AS max FROM experiments WHERE name = $1 AND project_id IS NOT DISTINCT FROM $2`, [spec.name, projectId]);
      return m.save(ExperimentEntity, {
        projectId,
        name: spec.name,
        version: (max ?? 0) + 1,
        description: spec.description ?? null,
        spec: spec as unknown as Record<string, unknown>,
      });
    });
  }

  /**
   * Checks a stored experiment against a dataset's local file for a launch (in a
   * request-work thread: it reads the whole table and matches every pattern).
   */
  plan(e: ExperimentEntity, dataPath: string, inline: InlineIds, msPerUnit?: MsPerUnit): Promise<LaunchPlan> {
    const job = { spec: this.specOf(e), dataPath, inline, limits: this.limits, ...(msPerUnit ? { msPerUnit } : {}) };
    return this.pool ? this.pool.run('planLaunch', job) : planLaunch(job);
  }

  /** The experiments the caller may read (an admin: all), by name and newest version first, paged in the database. */
  list(scope: AccessScope, q: ScopedListQuery & { name?: string } = {}): Promise<ListPage<ExperimentEntity>> {
    const qb = this.db.manager.createQueryBuilder(ExperimentEntity, 'e');
    if (q.name) qb.andWhere('e."name" = :name', { name: q.name });
    return scopedList(qb, 'experiments', EXPERIMENT_ORDER, scope, q);
  }

  async get(id: string): Promise<ExperimentEntity> {
    const e = isUuid(id) ? await this.db.manager.findOneBy(ExperimentEntity, { id }) : null;
    if (!e) throw new NotFoundError('experiment', id);
    return e;
  }

  specOf(e: ExperimentEntity): ExperimentSpec {
    return e.spec as unknown as ExperimentSpec;
  }

  /** Size-checked here (cheap, before anything is copied to a thread), parsed and validated in a request-work thread. */
  private validate(input: SpecInput) {
    const job = { sent: specText(input, this.limits), limits: this.limits };
    return this.pool ? this.pool.run('checkSpec', job) : Promise.resolve().then(() => checkSpec(job));
  }
}
