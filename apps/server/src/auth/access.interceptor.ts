import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, from, isObservable, mergeMap } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { ruleOf } from './access.guard';
import type { AccessRequest } from './principal';

/**
 * Audits: after a handler of a route whose rule names an audit action succeeded,
 * writes it to the audit log. It changes no answer: services write a created
 * row's project with the row and scope lists in their query.
 */
@Injectable()
export class AccessInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AccessRequest>();
    const rule = ruleOf(req);
    const access = req.access;
    const action = rule?.audit;
    if (!action || !access?.principal) return next.handle();
    const principal = access.principal;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            if (isObservable(body)) return body; // a stream (SSE): nothing to add
            const id = typeof (body as { id?: unknown })?.id === 'string' ? (body as { id: string }).id : (req.params as Record<string, string>).id;
            await this.audit.record(principal, { ...action, entityId: id ?? null, projectId: access.projectId });
            return body;
          })(),
        ),
      ),
    );
  }
}
