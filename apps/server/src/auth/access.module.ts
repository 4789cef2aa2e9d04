import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ProjectsController } from '../projects/projects.controller';
import { ProjectsService } from '../projects/projects.service';
import { UsersController } from '../users/users.controller';
import { UsersService } from '../users/users.service';
import { ACCESS_OPTIONS, AccessOptions, DEFAULT_ACCESS_OPTIONS } from './access-options';
import { AccessGuard } from './access.guard';
import { AccessInterceptor } from './access.interceptor';
import { AuthController } from './auth.controller';
import { CredentialsService } from './credentials.service';
import { ProjectAccess } from './project-access';

/**
 * Access control for the whole application it is imported into: the global
 * AccessGuard (ACCESS_POLICY on every route), the AccessInterceptor (the audit
 * entry of a rule's action), and the auth, users and projects routes.
 * The data source must include ACCESS_ENTITIES and the access-control migration.
 */
@Module({})
export class AccessModule {
  static forRoot(dataSource: DataSource, options: AccessOptions = DEFAULT_ACCESS_OPTIONS): DynamicModule {
    return {
      module: AccessModule,
      controllers: [AuthController, UsersController, ProjectsController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: ACCESS_OPTIONS, useValue: options },
        AuditService,
        CredentialsService,
        ProjectAccess,
        UsersService,
        ProjectsService,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: AccessInterceptor },
      ],
      exports: [ACCESS_OPTIONS, AuditService, CredentialsService, ProjectAccess, UsersService, ProjectsService],
    };
  }
}
