import { duration } from './format.js';

/** What a run's progress cell shows: fits when the server knows them (every task's, queued ones included), else tasks. */
export interface ProgressFigures {
  value: number;
  max: number;
  text: string;
}

interface Counts {
  status: string;
  startedAt: string | null;
  tasksDone: number;
  tasksTotal: number;
  fitsDone?: number;
  fitsTotal?: number;
}

/** The progress bar counts fits, not tasks: a task of 400 fits and one of 4 are not halves of a run. */
export function progressFigures(run: Counts): ProgressFigures {
  const tasks = `${run.tasksDone}/${run.tasksTotal} tasks`;
  if (run.fitsTotal) return { value: run.fitsDone ?? 0, max: run.fitsTotal, text: `${run.fitsDone ?? 0}/${run.fitsTotal} fits · ${tasks}` };
  return { value: run.tasksDone, max: run.tasksTotal || 1, text: tasks };
}

/**
 * Time left from the measured fit rate since the run started: elapsed / fits done x fits left. '–' before
 * the first fit, for an ended run, or when the total is unknown (never "~0 s" while fits are still to do).
 */
export function timeLeft(run: Counts, now: number): string {
  const done = run.fitsDone ?? 0;
  const total = run.fitsTotal ?? 0;
  if (!run.startedAt || done === 0 || total === 0 || done >= total || ['succeeded', 'failed', 'cancelled'].includes(run.status)) return '–';
  const elapsed = now - Date.parse(run.startedAt);
  return `~${duration((elapsed / done) * (total - done))}`;
}
