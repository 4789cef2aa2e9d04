import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { DataSource } from 'typeorm';
import { AccessOptions, accessOptionsFromEnv } from './auth/access-options';
import { AccessModule } from './auth/access.module';
import type { ServerConfig } from './config/server-config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatasetsController } from './datasets/datasets.controller';
import { DatasetsService } from './datasets/datasets.service';
import { ExperimentsController } from './experiments/experiments.controller';
import { ExperimentsService } from './experiments/experiments.service';
import { TaskQueue } from './queue/task-queue';
import { ResultsController } from './results/results.controller';
import { ResultsService } from './results/results.service';
import { ProgressHub } from './runs/progress-hub';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';

/**
 * The API: thin controllers over the store's services; the data source and queue are opened before Nest starts.
 * AccessModule puts every route under the access policy (auth/access-policy.ts).
 */
@Module({})
export class AppModule {
  static forRoot(dataSource: DataSource, queue: TaskQueue, config: Pick<ServerConfig, 'uploadLimitBytes'>, access: AccessOptions = accessOptionsFromEnv()): DynamicModule {
    const uploads = join(tmpdir(), 'radsweep-uploads');
    mkdirSync(uploads, { recursive: true });
    return {
      module: AppModule,
      imports: [
        AccessModule.forRoot(dataSource, access),
        DashboardModule.forRoot(dataSource),
        MulterModule.register({
          storage: diskStorage({ destination: uploads, filename: (_req, file, cb) => cb(null, `${randomUUID()}${extname(file.originalname).toLowerCase()}`) }),
          limits: { fileSize: config.uploadLimitBytes, files: 1 },
        }),
      ],
      controllers: [DatasetsController, ExperimentsController, RunsController, ResultsController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: TaskQueue, useValue: queue },
        DatasetsService,
        ExperimentsService,
        RunsService,
        ProgressHub,
        ResultsService,
      ],
    };
  }
}
