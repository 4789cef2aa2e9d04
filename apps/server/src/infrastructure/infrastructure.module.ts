import { DynamicModule, Global, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { REQUEST_LIMITS } from '../config/request-limits';
import type { ServerConfig } from '../config/server-config';
import { DatasetDirs } from '../datasets/dataset-dirs';
import { uploadStorage } from '../datasets/upload-storage';
import { checkAcceptedUpload } from '../extraction/accepted-upload';
import { OffloadPool } from '../offload/offload-pool';
import { TaskQueue } from '../queue/task-queue';

/**
 * What every feature module shares, global so each feature module lists only its own parts: the store's data
 * source and task queue (opened before Nest starts, closed by whoever opened them), the uploads and dataset-copy
 * folder (closed with the application), the request-work threads, the request limits, and the upload storage
 * (the server's own 0700 folder, size-capped) behind every multipart route.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(dataSource: DataSource, queue: TaskQueue, config: Pick<ServerConfig, 'uploadLimitBytes' | 'dataDir' | 'limits'>): DynamicModule {
    const dirs = DatasetDirs.open(config.dataDir);
    const uploads = MulterModule.register({
      storage: uploadStorage(dirs, checkAcceptedUpload),
      limits: { fileSize: config.uploadLimitBytes, files: 1 },
    });
    return {
      module: InfrastructureModule,
      imports: [uploads],
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: TaskQueue, useValue: queue },
        { provide: DatasetDirs, useFactory: () => Object.assign(dirs, { onModuleDestroy: () => dirs.close() }) },
        { provide: OffloadPool, useFactory: () => new OffloadPool() },
        { provide: REQUEST_LIMITS, useValue: config.limits },
      ],
      exports: [DataSource, TaskQueue, DatasetDirs, OffloadPool, REQUEST_LIMITS, uploads],
    };
  }
}
