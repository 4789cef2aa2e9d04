import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AccessOptions, accessOptionsFromEnv } from './auth/access-options';
import { AccessModule } from './auth/access.module';
import type { ServerConfig } from './config/server-config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatasetsController } from './datasets/datasets.controller';
import { DatasetDirs } from './datasets/dataset-dirs';
import { DatasetsService, REQUEST_LIMITS } from './datasets/datasets.service';
import { uploadStorage } from './datasets/upload-storage';
import { ExperimentsController } from './experiments/experiments.controller';
import { ExperimentsService } from './experiments/experiments.service';
import { checkAcceptedUpload } from './extraction/accepted-upload';
import { ExtractionsController } from './extraction/extractions.controller';
import { ExtractionsService, IMAGE_ROOTS } from './extraction/extractions.service';
import { imageRootsFromEnv } from './extraction/image-roots';
import { ExternalValidationsService } from './locked/external-validations.service';
import { LockedModelsController } from './locked/locked-models.controller';
import { LockedModelsService } from './locked/locked-models.service';
import { OffloadPool } from './offload/offload-pool';
import { TaskQueue } from './queue/task-queue';
import { ResultsController } from './results/results.controller';
import { ResultsService } from './results/results.service';
import { ComparisonService } from './results/comparison.service';
import { PredictionsExport } from './results/predictions-export';
import { ChecklistController } from './reporting/checklist.controller';
import { ChecklistService } from './reporting/checklist.service';
import { ProgressHub } from './runs/progress-hub';
import { RunCurationController } from './runs/run-curation.controller';
import { RunCurationService } from './runs/run-curation.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { SurvivalResultsController } from './survival/survival-results.controller';
import { SurvivalResultsService } from './survival/survival-results.service';

/**
 * The API: thin controllers over the store's services; the data source and queue are opened before Nest starts.
 * AccessModule puts every route under the access policy (auth/access-policy.ts).
 */
@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, queue: TaskQueue, config: Pick<ServerConfig, 'uploadLimitBytes' | 'dataDir' | 'limits'>, access: AccessOptions = accessOptionsFromEnv()): DynamicModule {
    const dirs = DatasetDirs.open(config.dataDir); // uploads and dataset copies in the server's own 0700 folder
    return {
      module: AppModule,
      imports: [
        AccessModule.forRoot(dataSource, access),
        DashboardModule.forRoot(dataSource),
        MulterModule.register({
          storage: uploadStorage(dirs, checkAcceptedUpload),
          limits: { fileSize: config.uploadLimitBytes, files: 1 },
        }),
      ],
      controllers: [DatasetsController, ExperimentsController, RunsController, RunCurationController, ResultsController, SurvivalResultsController, ExtractionsController, ChecklistController, LockedModelsController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: TaskQueue, useValue: queue },
        { provide: DatasetDirs, useFactory: () => Object.assign(dirs, { onModuleDestroy: () => dirs.close() }) },
        { provide: OffloadPool, useFactory: () => new OffloadPool() },
        { provide: REQUEST_LIMITS, useValue: config.limits },
        DatasetsService,
        ExperimentsService,
        RunsService,
        RunCurationService,
        ProgressHub,
        ResultsService,
        ComparisonService,
        PredictionsExport,
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
