import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './api';

/**
 * A standalone worker process (what `radsweep worker` runs) on `url`, one task at
 * a time on `threads` engine threads (default 1), with `env` (RADSWEEP_* settings) added; `ready` resolves
 * when it says it waits for tasks (rejects if it exits first). `nodeArgs` go to node itself (e.g. a benchmark's --cpu-prof).
 */
export function spawnWorkerProcess(url: string, env: Record<string, string>, threads = 1, nodeArgs: string[] = []): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [...nodeArgs, '-r', join(REPO, 'libs/core/src/swc-cache/register.js'), join(REPO, 'apps/server/src/cli/worker-main.ts'), '--concurrency', '1', '--threads', String(threads)], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: url, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('waiting for tasks')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
  ready.catch(() => undefined); // awaited by whoever needs it
  return { child, ready };
}
