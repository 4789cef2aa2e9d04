import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCESS_OPTIONS, AccessOptions } from '../auth/access-options';
import { SessionEntity } from '../auth/credential.entities';
import { Actor, AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../http/not-found.error';
import { hashPassword } from './password-hash';
import { checkPassword } from './password-policy';
import { PublicUser, publicUser, UserEntity } from './user.entity';

export interface NewUser {
  username: string;
  displayName?: string | null;
  admin?: boolean;
  /** Plain text, hashed here; absent = no password login until one is set. */
  password?: string | null;
}

/** Accounts: created by an admin (or the CLI / first start), listed, changed; passwords only ever as scrypt hashes. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async create(actor: Actor, input: NewUser): Promise<PublicUser> {
    const repo = this.db.getRepository(UserEntity);
    if (await repo.existsBy({ username: input.username })) throw new ConflictError(`user '${input.username}' exists already`);
    if (input.password) checkPassword(input.password, 'password', input.username);
    const passwordHash = input.password ? await hashPassword(input.password, this.options.scrypt) : null;
    const user = await repo.save({ username: input.username, displayName: input.displayName ?? null, isAdmin: input.admin === true, disabled: false, passwordHash });
    await this.audit.record(actor, { action: 'created', entity: 'user', entityId: user.id, details: { username: user.username, admin: user.isAdmin } });
    return publicUser(user);
  }

  async list(): Promise<PublicUser[]> {
    return (await this.db.getRepository(UserEntity).find({ order: { createdAt: 'ASC' } })).map(publicUser);
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  async findByUsername(username: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ username });
  }

  async update(actor: Actor, id: string, change: { displayName?: string; admin?: boolean; disabled?: boolean }): Promise<PublicUser> {
    const user = await this.get(id);
    if (actor.id === id && (change.admin === false || change.disabled === true)) throw new ConflictError('you cannot remove your own administrator rights or disable yourself');
    const patch: Partial<UserEntity> = {};
    if (change.displayName !== undefined) patch.displayName = change.displayName;
    if (change.admin !== undefined) patch.isAdmin = change.admin;
    if (change.disabled !== undefined) patch.disabled = change.disabled;
    await this.db.transaction(async (m) => {
      await m.update(UserEntity, { id }, patch);
      // A disabled account is signed out everywhere at once (its open progress streams end at their next access check).
      if (change.disabled === true) await m.delete(SessionEntity, { userId: id });
      await this.audit.record(actor, { action: 'changed', entity: 'user', entityId: id, details: { ...change } }, m);
    });
    return publicUser({ ...user, ...patch } as UserEntity);
  }

  async setPassword(actor: Actor, id: string, password: string): Promise<void> {
    checkPassword(password, 'newPassword', (await this.get(id)).username);
    await this.db.getRepository(UserEntity).update({ id }, { passwordHash: await hashPassword(password, this.options.scrypt) });
    await this.audit.record(actor, { action: 'password-changed', entity: 'user', entityId: id });
  }

  count(): Promise<number> {
    return this.db.getRepository(UserEntity).count();
  }
}
