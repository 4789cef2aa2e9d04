import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../apps/server/src/config/request-limits';
import { DatasetsService } from '../../apps/server/src/datasets/datasets.service';
import { Database } from '../../apps/server/src/database/database';
import { ExperimentsService } from '../../apps/server/src/experiments/experiments.service';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { openTestDatabase } from './support/databases';
import { api, authorizeAdmin, smallSpec, testConfig, upload, wdbcBytes } from './support/api';

/**
 * The API thread keeps answering while a heavy request is worked on: a cheap GET
 * sent once the heavy request's handler has started gets its response first.
 * (When the handler parsed and expanded on the API thread, the GET waited for it.)
 */
describe('the API thread during heavy requests', () => {
  let db: Database;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig({ concurrency: 0, uploadLimitBytes: 64 * 1024 * 1024, limits: { ...DEFAULT_LIMITS, maxFitsPerRun: 1e9 } }), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  /** The order in which the heavy request's and a cheap GET's responses arrive, the GET sent when `method` of `service` is entered. */
  async function arrivalOrder<T extends object>(service: T, method: keyof T & string, heavy: () => Promise<{ status: number }>): Promise<string[]> {
    const events: string[] = [];
    const original = (service as Record<string, (...a: unknown[]) => unknown>)[method];
    let cheap: Promise<void> | undefined;
    (service as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      cheap = api(base, 'GET', '/experiments').then((r) => void events.push(`cheap ${r.status}`));
      return original.apply(this, args);
    };
    try {
      const res = await heavy();
      events.push(`heavy ${res.status}`);
      await cheap;
    } finally {
      (service as Record<string, unknown>)[method] = original;
    }
    return events;
  }

  it('answers a cheap GET while a spec with a 250,000-configuration grid is validated', async () => {
    const values = Array.from({ length: 500 }, (_, i) => (i + 1) / 100);
    const spec = smallSpec({ models: [{ id: 'logistic_regression', grid: { C: values, tol: values.map((v) => v * 1e-4) } }], limits: { maxConfigurations: 1e9 } });
    const order = await arrivalOrder(server.app.get(ExperimentsService), 'check', () => api(base, 'POST', '/experiments/validate', { spec }));
    expect(order).toEqual(['cheap 200', 'heavy 200']);
  });

  it('answers a cheap GET while a large upload is read', async () => {
    const lines = wdbcBytes().toString('utf8').trim().split('\n');
    const rows = Array.from({ length: 40 * (lines.length - 1) }, (_, i) => lines[1 + (i % (lines.length - 1))].replace(/^[^,]+/, String(i + 1)));
    const csv = [lines[0], ...rows].join('\n') + '\n';
    const order = await arrivalOrder(server.app.get(DatasetsService), 'ingest', () => upload(base, 'big.csv', csv, { labelColumn: 'label' }));
    expect(order).toEqual(['cheap 200', 'heavy 201']);
  });
});
