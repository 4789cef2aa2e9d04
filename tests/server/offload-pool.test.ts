import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { DEFAULT_LIMITS } from '../../apps/server/src/config/request-limits';
import { LimitExceededError } from '../../apps/server/src/http/limit.error';
import { OffloadPool } from '../../apps/server/src/offload/offload-pool';
import { smallSpec } from './support/api';

describe('request-work threads', () => {
  const pool = new OffloadPool(1);
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-offload-'));
  afterAll(() => pool.close());

  it('return a job result, and its errors with their class and place', async () => {
    const ok = await pool.run('checkSpec', { sent: { text: JSON.stringify(smallSpec()), json: true }, limits: DEFAULT_LIMITS });
    expect(ok.check).toEqual({ valid: true, name: 'wdbc-small', featureSets: 2, models: 2, configurations: 4, cvSplits: 3 });
    const bad = await pool.run('checkSpec', { sent: { text: JSON.stringify(smallSpec({ seed: 'x' })), json: true }, limits: DEFAULT_LIMITS }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RadSweepInputError);
    expect((bad as RadSweepInputError).where).toMatch(/^spec:\d+: seed$/);
    const csv = join(dir, 'wide.csv');
    writeFileSync(csv, 'id,label,a,b\n1,0,1,2\n');
    const wide = await pool.run('readUpload', { path: csv, arrowPath: join(dir, 'wide.arrow'), limits: { ...DEFAULT_LIMITS, maxColumns: 3 } }).catch((e: unknown) => e);
    expect(wide).toBeInstanceOf(LimitExceededError);
    expect((wide as LimitExceededError).status).toBe(422);
  });

  it('fail the job of a thread that dies, and run the next one on a new thread', async () => {
    const spec = smallSpec({ models: [{ id: 'logistic_regression', grid: { C: Array.from({ length: 300 }, (_, i) => i + 1), tol: Array.from({ length: 300 }, (_, i) => (i + 1) * 1e-6) } }], limits: { maxConfigurations: 1e9 } });
    const job = pool.run('checkSpec', { sent: { text: JSON.stringify(spec), json: true }, limits: { ...DEFAULT_LIMITS, maxFitsPerRun: 1e9 } });
    const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
    await slots[0].worker.terminate();
    await expect(job).rejects.toThrow(/request-work thread exited/);
    const next = await pool.run('checkSpec', { sent: { text: JSON.stringify(smallSpec()), json: true }, limits: DEFAULT_LIMITS });
    expect(next.check.configurations).toBe(4);
  });

  it('refuse work once closed, with 503', async () => {
    const closed = new OffloadPool(1);
    await closed.close();
    await expect(closed.run('checkSpec', { sent: { text: '{}', json: true }, limits: DEFAULT_LIMITS })).rejects.toMatchObject({ status: 503 });
  });
});
