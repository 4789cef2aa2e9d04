import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { keys, KeysetOrder, ListPage, PageQuery, pageOf } from '../database/keyset-page';
import { AuditEntryEntity } from './audit-entry.entity';

/** Newest first; the id orders entries of the same instant. */
const AUDIT_ORDER = new KeysetOrder([keys.time('a', 'at'), keys.id('a')]);

/** Who acts: a signed-in user, or the server itself (first start, CLI). */
export interface Actor {
  id: string | null;
  username: string;
}

export interface AuditRecord {
  action: string;
  entity: string;
  entityId?: string | null;
  projectId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Appends to the audit log (never a secret in `details`) and reads a project's entries, newest first. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(actor: Actor, entry: AuditRecord, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.save(
      manager.create(AuditEntryEntity, {
      actorId: actor.id,
      actorName: actor.username,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      projectId: entry.projectId ?? null,
      details: entry.details ?? null,
    }),
    );
  }

  /** A page of a project's entries, newest first (ties by id, so pages neither repeat nor skip an entry). */
  forProject(projectId: string, q: PageQuery = {}): Promise<ListPage<AuditEntryEntity>> {
    return pageOf(this.db.manager.createQueryBuilder(AuditEntryEntity, 'a').where('a.project_id = :projectId', { projectId }), AUDIT_ORDER, q);
  }
}
