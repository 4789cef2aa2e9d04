import { existsSync, readFileSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';
import { configFromEnv } from '../config/server-config';
import { dataDirHolder } from '../database/data-dir-lock';
import { embeddedUrlFile, openDatabase } from '../database/database';
import { DatasetDirs } from '../datasets/dataset-dirs';
import { DatasetsService } from '../datasets/datasets.service';
import { ExperimentsService } from '../experiments/experiments.service';
import { TaskQueue } from '../queue/task-queue';
import { startTaskWorkers } from '../worker';
import { intOption, parseOptions, untilSignal } from './options';

/** `radsweep worker`: works until SIGINT/SIGTERM. */
export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, 'worker', ['--concurrency', '--threads', '--data-dir']);
  const env = { ...process.env };
  if (values['--data-dir']) env.RADSWEEP_DATA_DIR = values['--data-dir'];
  const config = configFromEnv(env);
  let url = config.databaseUrl;
  if (!url) {
    // The owner's lock says whether the server is alive (a killed one leaves its URL file behind).
    const file = embeddedUrlFile(config.dataDir);
    if (!dataDirHolder(config.dataDir) || !existsSync(file)) {
      throw new RadSweepInputError(`no DATABASE_URL and no running embedded server on ${config.dataDir}: start 'radsweep serve' or set DATABASE_URL`, 'DATABASE_URL');
    }
    url = readFileSync(file, 'utf8').trim();
  }
  const database = await openDatabase({ databaseUrl: url, dataDir: config.dataDir }, { migrate: false });
  const queue = new TaskQueue(database.url, config);
  await queue.start();
  const concurrency = intOption(values, '--concurrency', 1) ?? 1;
  const threads = intOption(values, '--threads', 0) ?? config.threads;
  const dirs = DatasetDirs.open(config.dataDir);
  const runner = await startTaskWorkers(database.dataSource, queue, { ...config, concurrency, threads }, new DatasetsService(database.dataSource, dirs), new ExperimentsService(database.dataSource));
  process.stderr.write(`radsweep: worker ${runner.workerName} waiting for tasks (${concurrency} at a time, ${threads} thread(s) each)\n`);
  await untilSignal();
  await queue.stop();
  await runner.close();
  await database.close();
  dirs.close();
  return 0;
}
