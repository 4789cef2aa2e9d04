import { Injectable } from '@nestjs/common';
import { RadSweepInputError } from '@radsweep/core';
import { DataSource, EntityManager } from 'typeorm';
import type { ProjectMember } from '@radsweep/api-contract';
import { Actor, AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../http/not-found.error';
import { UserEntity } from '../users/user.entity';
import { MembershipEntity, ProjectEntity, Role, RunShareEntity } from './project.entities';

/** A member as the API lists them (the API contract's). */
export type Member = ProjectMember;

/** Projects, their members and roles, and runs shared with reviewers; every change is audited in the same transaction. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A new project; its creator is its owner. */
  async create(actor: Actor & { id: string }, name: string, description: string | null): Promise<ProjectEntity> {
    return this.db.transaction(async (m) => {
      if (await m.existsBy(ProjectEntity, { name })) throw new ConflictError(`a project named '${name}' exists already`);
      const project = await m.save(ProjectEntity, { name, description });
      await m.insert(MembershipEntity, { projectId: project.id, userId: actor.id, role: 'owner' });
      await this.audit.record(actor, { action: 'created', entity: 'project', entityId: project.id, projectId: project.id, details: { name } }, m);
      return project;
    });
  }

  /** The projects a user is a member of (an admin: all), with the user's role. */
  async listFor(user: { id: string; isAdmin: boolean }): Promise<(ProjectEntity & { role: Role | null })[]> {
    const rows: { id: string; name: string; description: string | null; created_at: Date; role: Role | null }[] = await this.db.query(
      `SELECT p."id", p."name", p."description", p."created_at", m."role"
         FROM "projects" p LEFT JOIN "project_members" m ON m."project_id" = p."id" AND m."user_id" = $1
        WHERE m."user_id" IS NOT NULL OR $2::boolean
        ORDER BY p."name"`,
      [user.id, user.isAdmin],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at, role: r.role }));
  }

  async get(id: string): Promise<ProjectEntity> {
    const project = await this.db.getRepository(ProjectEntity).findOneBy({ id });
    if (!project) throw new NotFoundError('project', id);
    return project;
  }

  async update(actor: Actor, id: string, change: { name?: string; description?: string }): Promise<ProjectEntity> {
    return this.db.transaction(async (m) => {
      const project = await m.findOneBy(ProjectEntity, { id });
      if (!project) throw new NotFoundError('project', id);
      if (change.name !== undefined && change.name !== project.name && (await m.existsBy(ProjectEntity, { name: change.name }))) {
        throw new ConflictError(`a project named '${change.name}' exists already`);
      }
      Object.assign(project, change);
      await m.save(ProjectEntity, project);
      await this.audit.record(actor, { action: 'changed', entity: 'project', entityId: id, projectId: id, details: { ...change } }, m);
      return project;
    });
  }

  async members(projectId: string): Promise<Member[]> {
    const rows = await this.db.getRepository(MembershipEntity).find({ where: { projectId }, relations: { user: true }, order: { createdAt: 'ASC' } });
    return rows.map((r) => ({ userId: r.userId, username: r.user!.username, displayName: r.user!.displayName, role: r.role }));
  }

  /** The id of the user with this login name (404 naming it when there is none). */
  async userIdOf(username: string): Promise<string> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ username });
    if (!user) throw new NotFoundError('user', username);
    return user.id;
  }

  /** Adds a member or changes their role; the last owner cannot stop being one. */
  async setMember(actor: Actor, projectId: string, userId: string, role: Role): Promise<Member> {
    return this.db.transaction(async (m) => {
      const user = await m.findOneBy(UserEntity, { id: userId });
      if (!user) throw new NotFoundError('user', userId);
      const before = await m.findOneBy(MembershipEntity, { projectId, userId });
      if (before?.role === 'owner' && role !== 'owner') await this.keepAnOwner(m, projectId);
      await m.upsert(MembershipEntity, { projectId, userId, role }, ['projectId', 'userId']);
      await this.audit.record(actor, { action: before ? 'role-changed' : 'member-added', entity: 'membership', entityId: userId, projectId, details: { username: user.username, role, previous: before?.role ?? null } }, m);
      return { userId, username: user.username, displayName: user.displayName, role };
    });
  }

  async removeMember(actor: Actor, projectId: string, userId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const before = await m.findOneBy(MembershipEntity, { projectId, userId });
      if (!before) throw new NotFoundError('member', userId);
      if (before.role === 'owner') await this.keepAnOwner(m, projectId);
      await m.delete(MembershipEntity, { projectId, userId });
      // Shares follow membership: a removed reviewer keeps no run of this project.
      await m.query(`DELETE FROM "run_shares" s USING "runs" r WHERE s."run_id" = r."id" AND r."project_id" = $1 AND s."user_id" = $2`, [projectId, userId]);
      await this.audit.record(actor, { action: 'member-removed', entity: 'membership', entityId: userId, projectId, details: { role: before.role } }, m);
    });
  }

  async shares(runId: string): Promise<{ userId: string; username: string; sharedAt: Date }[]> {
    const rows = await this.db.getRepository(RunShareEntity).find({ where: { runId }, relations: { user: true }, order: { createdAt: 'ASC' } });
    return rows.map((r) => ({ userId: r.userId, username: r.user!.username, sharedAt: r.createdAt }));
  }

  /** Shares a run with a reviewer of its project (anyone else already reads it, or must not). */
  async share(actor: Actor, runId: string, projectId: string | null, userId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const member = projectId ? await m.findOneBy(MembershipEntity, { projectId, userId }) : null;
      if (member?.role !== 'reviewer') throw new RadSweepInputError("runs are shared with reviewers of the run's project; add the user as a reviewer first", 'userId');
      await m.upsert(RunShareEntity, { runId, userId }, ['runId', 'userId']);
      await this.audit.record(actor, { action: 'shared', entity: 'run', entityId: runId, projectId, details: { with: userId } }, m);
    });
  }

  async unshare(actor: Actor, runId: string, projectId: string | null, userId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const gone = await m.delete(RunShareEntity, { runId, userId });
      if (!gone.affected) throw new NotFoundError('share with user', userId);
      await this.audit.record(actor, { action: 'unshared', entity: 'run', entityId: runId, projectId, details: { with: userId } }, m);
    });
  }

  private async keepAnOwner(m: EntityManager, projectId: string): Promise<void> {
    if ((await m.countBy(MembershipEntity, { projectId, role: 'owner' })) <= 1) throw new ConflictError('a project keeps at least one owner; make someone else owner first');
  }
}
