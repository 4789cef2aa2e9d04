import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsCommand } from '../../apps/server/src/cli/results';
import { submitCommand } from '../../apps/server/src/cli/submit';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { openTestDatabase } from './support/databases';
import { authorizeAdmin, comparable, testConfig } from './support/api';
import { localSurvivalResults, rotterdamSubset, survivalSpec } from './support/survival';

/** Runs `fn` with RADSWEEP_TOKEN set and stdout/stderr captured; returns what it wrote to stdout. */
async function asCli(token: string, fn: () => Promise<number>): Promise<string> {
  const saved = process.env.RADSWEEP_TOKEN;
  const stdout: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => stdout.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.env.RADSWEEP_TOKEN = token;
  try {
    expect(await fn()).toBe(0);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    if (saved === undefined) delete process.env.RADSWEEP_TOKEN;
    else process.env.RADSWEEP_TOKEN = saved;
  }
  return stdout.join('');
}

// The CLI only talks HTTP: one back end is enough here (survival-api.test.ts runs the server on both).
describe('radsweep run --server and radsweep results with a survival experiment', () => {
  let db: Database;
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig(), { database: db });
    token = await authorizeAdmin(server.url, db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('writes the results file of the local run, prints the leaderboard per endpoint, and `results` fetches the same file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radsweep-surv-cli-'));
    const csv = rotterdamSubset();
    writeFileSync(join(dir, 'rotterdam.csv'), csv);
    const file = join(dir, 'survival.yaml');
    writeFileSync(file, stringify(survivalSpec()));
    const out = join(dir, 'results.json');
    const printed = await asCli(token, () => submitCommand([file, '--server', server.url, '--out', out, '--quiet']));
    expect(comparable(JSON.parse(readFileSync(out, 'utf8')))).toEqual(comparable(await localSurvivalResults(survivalSpec(), csv)));
    expect(printed).toMatch(/^Run \S+ on /);
    expect(printed).toMatch(/Endpoint rfs \(0 competing events, censored at their time \(cause-specific\)\)/);
    // one chosen row (by CV C-index) per feature set
    expect(printed.split('\n').filter((l) => l.startsWith('* '))).toHaveLength(2);
    const runId = /^Run (\S+) on /m.exec(printed)![1];
    const again = join(dir, 'again.json');
    await asCli(token, () => resultsCommand([runId, '--server', server.url, '--out', again]));
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});
