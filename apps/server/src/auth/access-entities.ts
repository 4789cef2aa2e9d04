import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { MembershipEntity, ProjectEntity, RunShareEntity } from '../projects/project.entities';
import { UserEntity } from '../users/user.entity';
import { ApiTokenEntity, LoginLinkEntity, SessionEntity } from './credential.entities';

/** The entities of access control (migration 1733000000000-access-control), to add to the store's ENTITIES. */
export const ACCESS_ENTITIES = [UserEntity, ApiTokenEntity, SessionEntity, LoginLinkEntity, ProjectEntity, MembershipEntity, RunShareEntity, AuditEntryEntity];
