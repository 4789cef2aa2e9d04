import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { until } from './api';

/** Files left under an artefact folder (its two-hex-digit subfolders). */
export function artefactFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? readdirSync(`${dir}/${d.name}`) : []));
}

/**
 * Waits until no artefact file is left under `dir`: a succeeded run's files are removed just after the
 * transaction that marks it succeeded commits, so a client may see the status a moment before the files go.
 */
export async function untilNoArtefacts(dir: string): Promise<void> {
  await until('the run\'s artefacts removed', async () => artefactFiles(dir).length === 0, 60_000);
}

/** Waits until a cancelled run's artefacts are released (no file under `dir`, no key on its tasks); then its tasks_done counts its done tasks. */
export async function untilReleased(query: (sql: string, params: unknown[]) => Promise<any[]>, dir: string, runId: string): Promise<void> {
  await until('the artefacts released', async () => artefactFiles(dir).length === 0 && (await query(`SELECT 1 FROM run_tasks WHERE run_id = $1 AND artefact IS NOT NULL`, [runId])).length === 0, 60_000);
  const [counts] = await query(`SELECT r.tasks_done, (SELECT count(*)::int FROM run_tasks t WHERE t.run_id = r.id AND t.status = 'done') AS done FROM runs r WHERE r.id = $1`, [runId]);
  expect(counts.tasks_done).toBe(counts.done);
}
