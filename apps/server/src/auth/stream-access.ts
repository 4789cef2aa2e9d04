import type { DataSource } from 'typeorm';
import type { Principal } from './principal';
import { readableSql } from './project-access';

/** Who holds an open stream of which run, with which credential. */
export interface StreamHolder {
  key: string;
  principal: Principal;
  runId: string;
}

/**
 * The keys of the holders who may STILL read their run, in one query for all of
 * them: the credential is alive (session not ended or expired, token not
 * revoked or expired), the user not disabled, and the run readable by the same
 * rule as the access policy's (admin now, member of its project, or a reviewer
 * it is shared with). Everyone else's stream must end.
 */
export async function stillReadable(db: DataSource, holders: StreamHolder[]): Promise<Set<string>> {
  if (holders.length === 0) return new Set();
  const rows: { key: string }[] = await db.query(
    `SELECT w."key" FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::boolean[]) AS w("key", "user_id", "run_id", "credential_id", "via_session")
       JOIN "users" u ON u."id" = w."user_id" AND NOT u."disabled"
       JOIN "runs" r ON r."id" = w."run_id"
      WHERE CASE WHEN w."via_session"
                 THEN EXISTS (SELECT 1 FROM "sessions" s WHERE s."id" = w."credential_id" AND s."expires_at" > now())
                 ELSE EXISTS (SELECT 1 FROM "api_tokens" t WHERE t."id" = w."credential_id" AND t."revoked_at" IS NULL AND t."expires_at" > now()) END
        AND (u."is_admin" OR ${readableSql('runs', 'r', 'w."user_id"')})`,
    [
      holders.map((h) => h.key),
      holders.map((h) => h.principal.id),
      holders.map((h) => h.runId),
      holders.map((h) => h.principal.credentialId),
      holders.map((h) => h.principal.via === 'session'),
    ],
  );
  return new Set(rows.map((r) => r.key));
}
