import 'reflect-metadata';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import { openApiContract } from '@radsweep/api-contract';
import { RadSweepInputError } from '@radsweep/core';
import { AppModule } from './app.module';
import type { AccessOptions } from './auth/access-options';
import { firstStart } from './auth/first-start';
import type { ServerConfig } from './config/server-config';
import { Database, openDatabase } from './database/database';
import { DatasetDirs } from './datasets/dataset-dirs';
import { DatasetsService } from './datasets/datasets.service';
import { ExperimentsService } from './experiments/experiments.service';
import { ErrorFilter } from './http/error.filter';
import { securityHeaders } from './http/security-headers';
import { withContractSchemas } from './http/openapi-contract';
import { withSecuritySchemes } from './http/openapi-security';
import { TaskQueue } from './queue/task-queue';
import { RunsService } from './runs/runs.service';
import { startTaskWorkers } from './worker';

export interface RunningServer {
  /** http://host:port (the API is under /api). */
  url: string;
  app: INestApplication;
  database: Database;
  queue: TaskQueue;
  close(): Promise<void>;
}

/**
 * Starts the tracking server: opens (and migrates) the store, starts the queue,
 * serves the API under /api with its OpenAPI document at /api/docs, re-queues
 * tasks left unsent by a crash, and runs `config.concurrency` in-process workers.
 * A database passed in is left open on close (tests share one per file).
 * Every route is under access control; the first start of a store without users
 * prints how to sign in (embedded: a one-time admin login link) on stderr.
 */
export async function startServer(config: ServerConfig, options: { database?: Database; access?: AccessOptions } = {}): Promise<RunningServer> {
  const database = options.database ?? (await openDatabase(config));
  const queue = new TaskQueue(database.url, config);
  await queue.start();
  const app = await NestFactory.create(AppModule.forRoot(database.dataSource, queue, config, options.access), { logger: ['error', 'warn'] });
  app.use(securityHeaders); // before the dashboard's files and every route
  // JSON bodies up to twice the spec limit (a spec sent as escaped text grows); the spec itself is checked against maxSpecBytes.
  (app as NestExpressApplication).useBodyParser('json', { limit: Math.max(100 * 1024, 2 * config.limits.maxSpecBytes) });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, exceptionFactory: validationError }));
  app.useGlobalFilters(new ErrorFilter());
  const doc = withContractSchemas(
    withSecuritySchemes(SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('RadSweep').setDescription('Experiment tracking for radiomics studies').setVersion('1').build())),
    openApiContract(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs/json' });
  await app.listen(config.port, config.host).catch(async (e) => {
    // e.g. the port taken after serve's check: close everything so the process ends instead of holding the store
    await queue.stop();
    await app.close();
    if (!options.database) await database.close();
    throw e;
  });
  const server = app.getHttpServer();
  const address = server.address() as { port: number };
  const url = `http://${config.host}:${address.port}`;
  const hello = await firstStart(database.dataSource, { embedded: database.embedded !== null, baseUrl: url }, options.access);
  if (hello) process.stderr.write(hello + '\n');
  await app.get(RunsService).enqueueUnsent();
  const workers =
    config.concurrency > 0
      ? await startTaskWorkers(database.dataSource, queue, config, new DatasetsService(database.dataSource, app.get(DatasetDirs)), new ExperimentsService(database.dataSource))
      : null;
  return {
    url,
    app,
    database,
    queue,
    async close() {
      await queue.stop();
      await workers?.close();
      await app.close();
      if (!options.database) await database.close();
    },
  };
}

/** DTO validation failures become one RadSweepInputError naming every bad field. */
function validationError(errors: ValidationError[]): RadSweepInputError {
  const parts = errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }));
  return new RadSweepInputError(parts.join('; '));
}
