import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExperimentSpec, cvSplitCount } from '@radsweep/pipeline';
import { NotFoundError } from '../http/not-found.error';
import { isUuid } from '../datasets/datasets.service';
import { ExperimentEntity } from './experiment.entity';
import { SpecInput, validateSpec } from './spec-resolver';

/** What validating a spec tells the client (counts it would run). */
export interface SpecCheck {
  valid: true;
  name: string;
  featureSets: number;
  models: number;
  configurations: number;
  /** null when the CV is a fold assignment given at launch. */
  cvSplits: number | null;
}

@Injectable()
export class ExperimentsService {
  constructor(private readonly db: DataSource) {}

  async check(input: SpecInput): Promise<SpecCheck> {
    const { spec, resolved } = validateSpec(input);
    return {
      valid: true,
      name: resolved.name,
      featureSets: resolved.featureSets.length,
      models: resolved.models.length,
      configurations: resolved.models.reduce((s, m) => s + m.configs.length, 0),
      cvSplits: spec.validation.cv.type === 'fold_assignment' ? null : cvSplitCount(resolved.cv),
    };
  }

  /** Stores a validated spec as the next version of its name (version 1 for a new name). */
  async create(input: SpecInput, projectId: string | null = null): Promise<ExperimentEntity> {
    const { spec } = validateSpec(input);
    return this.db.transaction(async (m) => {
      // The same spec sent again (e.g. each `run --server` of one file) is its latest version, not a new one.
      const [same] = await m.query(
        `SELECT id FROM experiments WHERE name = $1 AND version = (SELECT max(version) FROM experiments WHERE name = $1) AND spec = $2::jsonb AND project_id IS NOT DISTINCT FROM $3::uuid`,
        [spec.name, JSON.stringify(spec), projectId],
      );
      if (same) return m.findOneByOrFail(ExperimentEntity, { id: same.id });
      const [{ max }] = await m.query(`SELECT max(version) AS max FROM experiments WHERE name = $1`, [spec.name]);
      return m.save(ExperimentEntity, {
        name: spec.name,
        version: (max ?? 0) + 1,
        description: spec.description ?? null,
        spec: spec as unknown as Record<string, unknown>,
      });
    });
  }

  list(name?: string): Promise<ExperimentEntity[]> {
    return this.db.manager.find(ExperimentEntity, { where: name ? { name } : {}, order: { name: 'ASC', version: 'DESC' } });
  }

  async get(id: string): Promise<ExperimentEntity> {
    const e = isUuid(id) ? await this.db.manager.findOneBy(ExperimentEntity, { id }) : null;
    if (!e) throw new NotFoundError('experiment', id);
    return e;
  }

  specOf(e: ExperimentEntity): ExperimentSpec {
    return e.spec as unknown as ExperimentSpec;
  }
}
