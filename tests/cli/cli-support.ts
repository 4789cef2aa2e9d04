import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/radsweep.js ...args` as a child process (as a user would). */
export function radsweep(args: string[], cwd = REPO): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [join(REPO, 'bin/radsweep.js'), ...args], { cwd, maxBuffer: 64 << 20, env: { ...process.env, RADSWEEP_DEBUG: '' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs the given jobs with at most `limit` at a time. */
export async function inBatches<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
