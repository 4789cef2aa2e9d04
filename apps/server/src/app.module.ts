import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessOptions, accessOptionsFromEnv } from './auth/access-options';
import { AccessModule } from './auth/access.module';
import type { ServerConfig } from './config/server-config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatasetsModule } from './datasets/datasets.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { ExtractionModule } from './extraction/extraction.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { LockedModule } from './locked/locked.module';
import { ProjectsModule } from './projects/projects.module';
import { TaskQueue } from './queue/task-queue';
import { ReportingModule } from './reporting/reporting.module';
import { ResultsModule } from './results/results.module';
import { RunsModule } from './runs/runs.module';
import { SurvivalModule } from './survival/survival.module';
import { UsersModule } from './users/users.module';

/**
 * The API: one module per feature over the shared infrastructure (the data source and queue are opened before
 * Nest starts). AccessModule puts every route under the access policy (auth/access-policy.ts).
 * The order is the routes' (and the OpenAPI document's) order.
 */
@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, queue: TaskQueue, config: Pick<ServerConfig, 'uploadLimitBytes' | 'dataDir' | 'limits'>, access: AccessOptions = accessOptionsFromEnv()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(dataSource, queue, config),
        DatasetsModule,
        ExperimentsModule,
        RunsModule,
        ResultsModule,
        SurvivalModule,
        ExtractionModule,
        ReportingModule,
        LockedModule,
        AccessModule.forRoot(access),
        UsersModule,
        ProjectsModule,
        DashboardModule,
      ],
    };
  }
}
