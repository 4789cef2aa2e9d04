import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { ACCESS_OPTIONS, AccessOptions, DEFAULT_ACCESS_OPTIONS } from './access-options';
import { AccessGuard } from './access.guard';
import { AccessInterceptor } from './access.interceptor';
import { AuthController } from './auth.controller';
import { CredentialsService } from './credentials.service';
import { ProjectAccess } from './project-access';

/**
 * Access control for the whole application it is imported into: the global
 * AccessGuard (ACCESS_POLICY on every route), the AccessInterceptor (the audit
 * entry of a rule's action), and the auth routes (sign-in, tokens).
 * Global, since every feature reads the access options, credentials or project
 * access. The data source must include ACCESS_ENTITIES and the access-control migration.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessOptions = DEFAULT_ACCESS_OPTIONS): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      imports: [AuditModule, UsersModule],
      controllers: [AuthController],
      providers: [
        { provide: ACCESS_OPTIONS, useValue: options },
        CredentialsService,
        ProjectAccess,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: AccessInterceptor },
      ],
      exports: [ACCESS_OPTIONS, CredentialsService, ProjectAccess],
    };
  }
}
