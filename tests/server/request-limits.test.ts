import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../apps/server/src/config/request-limits';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { openTestDatabase } from './support/databases';
import { api, authorizeAdmin, smallSpec, testConfig } from './support/api';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('server-side request limits', () => {
  let db: Database;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig({ concurrency: 0, limits: { ...DEFAULT_LIMITS, maxSpecBytes: 64 * 1024 } }), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('refuses a run over the fits cap even when the spec raises its own limit (422 naming RADSWEEP_MAX_FITS)', async () => {
    // 2 feature sets x 3,334 configurations x 3 splits = 20,004 fits: the spec allows it, the server does not.
    const spec = smallSpec({ models: [{ id: 'logistic_regression', grid: { C: range(3334) } }], limits: { maxConfigurations: 1_000_000 } });
    for (const path of ['/experiments/validate', '/experiments']) {
      const res = await api(base, 'POST', path, { specText: JSON.stringify(spec) });
      expect([path, res.status]).toEqual([path, 422]);
      expect(res.body.message).toBe(
        "the run's fits (2 feature sets x 3,334 configurations x 3 CV splits) is 20,004, above the server's limit of 20,000 (maxFitsPerRun, set by RADSWEEP_MAX_FITS)",
      );
    }
    expect((await api(base, 'GET', '/experiments')).body).toEqual([]);
    const fits = smallSpec({ models: [{ id: 'logistic_regression', grid: { C: range(3333) } }], limits: { maxConfigurations: 1_000_000 } });
    expect((await api(base, 'POST', '/experiments/validate', { specText: JSON.stringify(fits) })).status).toBe(200);
  });

  it('refuses a 1000 x 1000 grid by counting it, without expanding it', async () => {
    const spec = smallSpec({ models: [{ id: 'logistic_regression', grid: { C: range(1000), tol: range(1000).map((v) => v * 1e-6) } }], limits: { maxConfigurations: 1e9 } });
    const res = await api(base, 'POST', '/experiments/validate', { specText: JSON.stringify(spec) });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/1,000,000 configurations x 3 CV splits\) is 6,000,000, above the server's limit/);
  });

  it('refuses a spec over the size limit with 413 naming RADSWEEP_MAX_SPEC_KB, as an object or as text', async () => {
    const spec = smallSpec({ description: 'x'.repeat(70_000) });
    for (const body of [{ spec }, { specText: JSON.stringify(spec) }]) {
      const res = await api(base, 'POST', '/experiments/validate', body);
      expect(res.status).toBe(413);
      expect(res.body.message).toMatch(/^the spec is 69 KiB, above the server's limit of 64 KiB \(maxSpecBytes, set by RADSWEEP_MAX_SPEC_KB\)$/);
    }
  });

  it('answers a spec nested thousands deep with a 400 that says so', async () => {
    let nested: unknown = 1;
    for (let i = 0; i < 1500; i++) nested = { a: nested };
    const res = await api(base, 'POST', '/experiments/validate', { spec: smallSpec({ steps: [{ median_imputer: { x: nested } }] }) });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('spec: the spec is nested more than 32 levels deep');
  });

  it('reads each limit from its RADSWEEP_MAX_* variable and refuses a bad value by name', () => {
    expect(limitsFromEnv({ RADSWEEP_MAX_FITS: '500', RADSWEEP_MAX_SPEC_KB: '64', RADSWEEP_MAX_COLUMNS: '10', RADSWEEP_MAX_ROWS: '99' })).toEqual({
      maxFitsPerRun: 500,
      maxSpecBytes: 64 * 1024,
      maxColumns: 10,
      maxRows: 99,
    });
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(() => limitsFromEnv({ RADSWEEP_MAX_ROWS: 'lots' })).toThrow(/RADSWEEP_MAX_ROWS: expected a number >= 1, got 'lots'/);
  });
});
