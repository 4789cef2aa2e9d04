import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { AccessOptions, accessOptionsFromEnv } from './auth/access-options';
import { AccessModule } from './auth/access.module';
import type { ServerConfig } from './config/server-config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatasetsController } from './datasets/datasets.controller';
import { DatasetsService } from './datasets/datasets.service';
import { ExperimentsController } from './experiments/experiments.controller';
import { ExperimentsService } from './experiments/experiments.service';
import { ExtractionsController } from './extraction/extractions.controller';
import { ExtractionsService, IMAGE_ROOTS } from './extraction/extractions.service';
import { imageRootsFromEnv } from './extraction/image-roots';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { ExternalValidationsService } from './locked/external-validations.service';
import { LockedModelsController } from './locked/locked-models.controller';
import { LockedModelsService } from './locked/locked-models.service';
import { ProjectsModule } from './projects/projects.module';
import { TaskQueue } from './queue/task-queue';
import { ResultsController } from './results/results.controller';
import { ResultsService } from './results/results.service';
import { ChecklistController } from './reporting/checklist.controller';
import { ChecklistService } from './reporting/checklist.service';
import { ProgressHub } from './runs/progress-hub';
import { RunCurationController } from './runs/run-curation.controller';
import { RunCurationService } from './runs/run-curation.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { SurvivalResultsController } from './survival/survival-results.controller';
import { SurvivalResultsService } from './survival/survival-results.service';
import { UsersModule } from './users/users.module';

/**
 * The API: thin controllers over the store's services; the data source and queue are opened before Nest starts.
 * AccessModule puts every route under the access policy (auth/access-policy.ts).
 */
@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, queue: TaskQueue, config: Pick<ServerConfig, 'uploadLimitBytes' | 'dataDir' | 'limits'>, access: AccessOptions = accessOptionsFromEnv()): DynamicModule {
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(dataSource, queue, config), AuditModule, AccessModule.forRoot(access), UsersModule, ProjectsModule, DashboardModule],
      controllers: [DatasetsController, ExperimentsController, RunsController, RunCurationController, ResultsController, SurvivalResultsController, ExtractionsController, ChecklistController, LockedModelsController],
      providers: [
        DatasetsService,
        ExperimentsService,
        RunsService,
        RunCurationService,
        ProgressHub,
        ResultsService,
        SurvivalResultsService,
        ChecklistService,
        { provide: IMAGE_ROOTS, useFactory: () => imageRootsFromEnv() },
        ExtractionsService,
        LockedModelsService,
        ExternalValidationsService,
      ],
    };
  }
}
