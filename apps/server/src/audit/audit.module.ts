import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit log: who did what to which project's rows (written by the access interceptor and the services that change rows). */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
