import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Observable, from, isObservable, mergeMap } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { ruleOf } from './access.guard';
import type { AccessRequest } from './principal';
import { ProjectAccess } from './project-access';

/**
 * What the policy asks after a handler succeeded: a created row joins the
 * project the guard checked, a list keeps only rows the caller may read, and
 * the action goes to the audit log.
 */
@Injectable()
export class AccessInterceptor implements NestInterceptor {
  constructor(
    private readonly db: DataSource,
    private readonly projects: ProjectAccess,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AccessRequest>();
    const rule = ruleOf(req);
    const access = req.access;
    if (!rule || !access?.principal || !(rule.createsIn || rule.listOf || rule.audit)) return next.handle();
    const principal = access.principal;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            if (isObservable(body)) return body; // a stream (SSE): nothing to add
            const id = typeof (body as { id?: unknown })?.id === 'string' ? (body as { id: string }).id : (req.params as Record<string, string>).id;
            if (rule.createsIn && id && access.projectId) {
              await this.db.query(`UPDATE "${rule.createsIn}" SET "project_id" = $1 WHERE "id" = $2`, [access.projectId, id]);
              (body as Record<string, unknown>).projectId = access.projectId;
            }
            if (rule.audit) await this.audit.record(principal, { ...rule.audit, entityId: id ?? null, projectId: access.projectId });
            if (rule.listOf && Array.isArray(body)) {
              const ids = body.map((row: { id?: unknown }) => row.id).filter((v): v is string => typeof v === 'string');
              const readable = await this.projects.readable(principal, rule.listOf, ids);
              return body.filter((row: { id?: unknown }) => typeof row.id === 'string' && readable.has(row.id));
            }
            return body;
          })(),
        ),
      ),
    );
  }
}
