import type { DataSource, EntityManager } from 'typeorm';
import type { ArtefactStore } from '@radsweep/pipeline';
import { RunEntity } from '../run.entity';

/**
 * The artefacts of runs that ended. A succeeded run's are removed by its last task. A failed or
 * cancelled run's are removed too (by the worker that saw it end, and by every worker's periodic
 * sweep: a run cancelled while its tasks only waited in the queue is seen by no task): the stage tasks
 * of its feature sets without stored results that had stored an artefact go back to 'waiting'
 * (their run's tasks_done lowered), so a resume runs them again; every stage task being a pure
 * function of the run, they store the same keys. The rows of a released run hold no artefact key.
 *
 * Equal content has one key: a key another unfinished run also holds (the same experiment on the same
 * data, running or not yet released) is kept.
 */

/** Keys of `keys` that no other run still needs (one not succeeded that holds the key). */
async function unshared(m: EntityManager, runId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const kept: { artefact: string }[] = await m.query(
    `SELECT DISTINCT o.artefact FROM run_tasks o JOIN runs r ON r.id = o.run_id
      WHERE o.artefact = ANY($1::text[]) AND o.run_id <> $2 AND r.status <> 'succeeded'`,
    [keys, runId],
  );
  const keep = new Set(kept.map((r) => r.artefact));
  return [...new Set(keys)].filter((k) => !keep.has(k));
}

/** Removes a succeeded run's artefacts (its rows keep their keys: what each task stored). */
export async function removeSucceededRunArtefacts(db: DataSource, store: ArtefactStore, runId: string): Promise<void> {
  const rows: { artefact: string }[] = await db.query(`SELECT DISTINCT artefact FROM run_tasks WHERE run_id = $1 AND artefact IS NOT NULL`, [runId]);
  await store.remove(await unshared(db.manager, runId, rows.map((r) => r.artefact)));
}

/**
 * Releases a failed or cancelled run's artefacts (nothing when the run is not, e.g. resumed meanwhile),
 * and `orphans`: keys a task of the run stored after it ended (its result refused). Returns the keys
 * removed. The run stays locked until the files are gone, so a resume waits for the release.
 */
export async function releaseEndedRunArtefacts(db: DataSource, store: ArtefactStore, runId: string, orphans: string[] = []): Promise<string[]> {
  return db.transaction(async (m) => {
    const run = await m.findOne(RunEntity, { where: { id: runId }, lock: { mode: 'pessimistic_write' } });
    if (!run || (run.status !== 'failed' && run.status !== 'cancelled')) return [];
    const held: { artefact: string }[] = await m.query(`SELECT DISTINCT artefact FROM run_tasks WHERE run_id = $1 AND artefact IS NOT NULL`, [runId]);
    // Done stage tasks of feature sets (survival: endpoint x feature sets, named `endpoint/featureSet`) without results: run again on a resume.
    const reset: { id: string }[] = await m.query(
      `SELECT t.id FROM run_tasks t
        WHERE t.run_id = $1 AND t.stage <> 'sweep' AND t.status = 'done'
          AND NOT EXISTS (SELECT 1 FROM feature_set_results f WHERE f.run_id = t.run_id AND f.position = t.position)
          AND NOT EXISTS (
            SELECT 1 FROM survival_feature_set_results s JOIN survival_endpoints e ON e.id = s.endpoint_id
             WHERE s.run_id = t.run_id AND e.name || '/' || s.name = t.feature_set)`,
      [runId],
    );
    if (reset.length > 0) {
      await m.query(`UPDATE run_tasks SET status = 'waiting', job_id = NULL, fits_done = 0, finished_at = NULL WHERE id = ANY($1::uuid[])`, [reset.map((r) => r.id)]);
      await m.update(RunEntity, { id: runId }, { tasksDone: run.tasksDone - reset.length });
    }
    await m.query(`UPDATE run_tasks SET artefact = NULL WHERE run_id = $1 AND artefact IS NOT NULL`, [runId]);
    const removed = await unshared(m, runId, [...held.map((r) => r.artefact), ...orphans]);
    await store.remove(removed);
    return removed;
  });
}

/** Every failed or cancelled run that still holds artefacts (what the periodic sweep releases). */
export async function endedRunsHoldingArtefacts(db: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT r.id FROM runs r WHERE r.status IN ('failed', 'cancelled') AND EXISTS (SELECT 1 FROM run_tasks t WHERE t.run_id = r.id AND t.artefact IS NOT NULL)`,
  );
  return rows.map((r) => r.id);
}
