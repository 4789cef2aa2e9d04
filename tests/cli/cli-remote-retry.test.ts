import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resultsCommand } from '../../apps/server/src/cli/results';
import { submitCommand } from '../../apps/server/src/cli/submit';

/**
 * A stand-in for the tracking server's API (the client's side is under test):
 * answers the launch, then the status of run r1 from `statuses` in turn; the
 * results file and the leaderboard once the run succeeded.
 */
function fakeApi(statuses: string[], onStatus: (n: number) => void = () => undefined) {
  let polls = 0;
  const results = { experiment: { name: 'x' }, featureSets: [{ name: 'all', models: [] }] };
  return (req: IncomingMessage, res: ServerResponse) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      if (req.method === 'POST' && path.startsWith('/api/datasets')) return json(201, { id: 'd1' });
      if (req.method === 'POST' && path.startsWith('/api/experiments')) return json(201, { id: 'e1', name: 'x', version: 1 });
      if (req.method === 'POST' && path === '/api/runs') return json(201, { id: 'r1', status: 'queued' });
      if (path === '/api/runs/r1') {
        const status = statuses[Math.min(polls, statuses.length - 1)];
        polls++;
        json(200, { id: 'r1', status, tasksDone: status === 'succeeded' ? 1 : 0, tasksTotal: 1, fitsDone: 0, fitsTotal: 4, error: null });
        return onStatus(polls);
      }
      if (path === '/api/runs/r1/results.json') return json(200, results);
      if (path.startsWith('/api/runs/r1/leaderboard')) return json(200, { items: [] });
      json(404, { message: `no ${req.method} ${path}` });
    });
  };
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Calls `fn` with stderr captured; `onLine` sees each write as it happens. */
async function withStderr<T>(fn: () => Promise<T>, onLine: (s: string) => void = () => undefined): Promise<{ value?: T; error?: Error; err: string }> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((s: string) => {
    lines.push(s);
    onLine(s);
    return true;
  }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { value: await fn(), err: lines.join('') };
  } catch (e) {
    return { error: e as Error, err: lines.join('') };
  } finally {
    process.stderr.write = write;
    process.stdout.write = writeOut;
  }
}

function experimentFile(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-remote-'));
  writeFileSync(join(dir, 'tiny.csv'), 'id,label,x\n1,0,1\n2,1,2\n');
  const file = join(dir, 'experiment.yaml');
  writeFileSync(
    file,
    'name: tiny\nseed: 1\ndataset: { path: tiny.csv, idColumn: id, labelColumn: label, positiveClass: 1 }\n' +
      'featureSets: [{ name: all, include: [x] }]\nvalidation: { split: { type: stratified_holdout, testSize: 0.5 }, cv: { type: stratified_kfold, folds: 2 } }\n' +
      'models: [{ id: gaussian_nb }]\n',
  );
  return { file, dir };
}

describe('radsweep run --server and results: a server that goes away', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) if (s.listening) await stop(s);
  });

  it('keeps following the run while the server is down, and finishes when it is back', async () => {
    const { file, dir } = experimentFile();
    let port = 0;
    let first: Server;
    // The first status poll answers 'running', then the server goes away.
    const handler = fakeApi(['running', 'running', 'succeeded'], (n) => {
      if (n === 1) setImmediate(() => void stop(first));
    });
    first = createServer(handler);
    servers.push(first);
    port = await listen(first);
    let back: Promise<number> | null = null;
    const out = join(dir, 'results.json');
    const { value, error, err } = await withStderr(
      () => submitCommand([file, '--server', `http://127.0.0.1:${port}`, '--out', out]),
      (line) => {
        // Comes back after the client has seen it unreachable.
        if (!back && /cannot reach the server \(.*\); retrying in \d+ s/.test(line)) {
          const second = createServer(handler);
          servers.push(second);
          back = listen(second, port);
        }
      },
    );
    expect(error, err).toBeUndefined();
    expect(value).toBe(0);
    expect(back).not.toBeNull();
    expect(err).toMatch(/giving up in \d+ s/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ experiment: { name: 'x' }, featureSets: [{ name: 'all', models: [] }] });
  });

  it('gives up after --retry-seconds with a message naming the server (0: at the first failure)', async () => {
    const { file } = experimentFile();
    let first: Server;
    const handler = fakeApi(['running'], (n) => {
      if (n === 1) setImmediate(() => void stop(first));
    });
    first = createServer(handler);
    servers.push(first);
    const port = await listen(first);
    const { error } = await withStderr(() => submitCommand([file, '--server', `http://127.0.0.1:${port}`, '--retry-seconds', '0', '--quiet']));
    expect(error?.message).toMatch(new RegExp(`cannot reach the server http://127.0.0.1:${port}: fetch failed`));
  });

  it('`results <run>` writes the results file of a succeeded run, and refuses one still running', async () => {
    const { dir } = experimentFile();
    const done = createServer(fakeApi(['succeeded']));
    servers.push(done);
    const out = join(dir, 'fetched', 'results.json');
    const ok = await withStderr(async () => resultsCommand(['r1', '--server', `http://127.0.0.1:${await listen(done)}`, '--out', out]));
    expect(ok.value, ok.err).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).experiment).toEqual({ name: 'x' });

    const running = createServer(fakeApi(['running']));
    servers.push(running);
    const refused = await withStderr(async () => resultsCommand(['r1', '--server', `http://127.0.0.1:${await listen(running)}`, '--out', join(dir, 'no.json')]));
    expect(refused.error?.message).toMatch(/run r1 is running \(0\/1 tasks, 0\/4 fits\); only a succeeded run has a results file/);
    await expect(resultsCommand(['--server', 'http://127.0.0.1:1', '--out', 'x.json'])).rejects.toThrow(/takes one run id/);
    await expect(resultsCommand(['r1', '--server', 'http://127.0.0.1:1'])).rejects.toThrow(/needs --out/);
  });
});
