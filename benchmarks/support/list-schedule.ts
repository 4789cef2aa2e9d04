/**
 * Simulated list scheduling of a task graph on identical workers: whenever a worker is
 * free, it takes the longest ready task (ties: the task given first). Durations are
 * measured ones; no communication cost. Used by benchmarks/schedule-simulation.bench.ts.
 */
export interface SimTask {
  id: string;
  ms: number;
  /** Ids of the tasks that must finish before this one starts. */
  deps: string[];
}

export interface SimSchedule {
  workers: number;
  makespanMs: number;
  /** Sum of all task durations (the makespan on one worker). */
  workMs: number;
  start: Map<string, number>;
  worker: Map<string, number>;
}

export interface CriticalPath {
  /** Longest chain of dependent tasks, first to last: no schedule can be shorter. */
  ids: string[];
  ms: number;
}

function checkGraph(tasks: SimTask[]): Map<string, SimTask> {
  const byId = new Map<string, SimTask>();
  for (const t of tasks) {
    if (byId.has(t.id)) throw new Error(`task graph: duplicate task id "${t.id}"`);
    if (!(t.ms >= 0)) throw new Error(`task graph: task "${t.id}" has duration ${t.ms}`);
    byId.set(t.id, t);
  }
  for (const t of tasks) for (const d of t.deps) if (!byId.has(d)) throw new Error(`task graph: task "${t.id}" depends on unknown task "${d}"`);
  return byId;
}

/** Tasks in an order where every task follows its dependencies (throws on a cycle). */
function topological(tasks: SimTask[]): SimTask[] {
  const byId = checkGraph(tasks);
  const state = new Map<string, 1 | 2>();
  const out: SimTask[] = [];
  const visit = (t: SimTask) => {
    if (state.get(t.id) === 2) return;
    if (state.get(t.id) === 1) throw new Error(`task graph: cycle through "${t.id}"`);
    state.set(t.id, 1);
    for (const d of t.deps) visit(byId.get(d)!);
    state.set(t.id, 2);
    out.push(t);
  };
  tasks.forEach(visit);
  return out;
}

export function listSchedule(tasks: SimTask[], workers: number): SimSchedule {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers: must be an integer >= 1, got ${workers}`);
  topological(tasks); // validates ids and acyclicity
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const waiting = new Map(tasks.map((t) => [t.id, t.deps.length]));
  const dependants = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of t.deps) dependants.get(d)!.push(t.id);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const ready: SimTask[] = tasks.filter((t) => t.deps.length === 0);
  const running: { id: string; end: number; worker: number }[] = [];
  const free = Array.from({ length: workers }, (_, w) => w);
  const start = new Map<string, number>();
  const worker = new Map<string, number>();
  let now = 0;
  let finished = 0;
  while (finished < tasks.length) {
    ready.sort((a, b) => b.ms - a.ms || order.get(a.id)! - order.get(b.id)!);
    free.sort((a, b) => a - b);
    while (free.length && ready.length) {
      const t = ready.shift()!;
      const w = free.shift()!;
      start.set(t.id, now);
      worker.set(t.id, w);
      running.push({ id: t.id, end: now + t.ms, worker: w });
    }
    // advance to the next completion; finish every task ending then
    now = Math.min(...running.map((r) => r.end));
    for (let k = running.length - 1; k >= 0; k--) {
      if (running[k].end !== now) continue;
      const [r] = running.splice(k, 1);
      free.push(r.worker);
      finished++;
      for (const d of dependants.get(r.id)!) {
        const left = waiting.get(d)! - 1;
        waiting.set(d, left);
        if (left === 0) ready.push(byId.get(d)!);
      }
    }
  }
  return { workers, makespanMs: now, workMs: tasks.reduce((s, t) => s + t.ms, 0), start, worker };
}

export function criticalPath(tasks: SimTask[]): CriticalPath {
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  for (const t of topological(tasks)) {
    let best: string | undefined;
    for (const d of t.deps) if (best === undefined || finish.get(d)! > finish.get(best)!) best = d;
    finish.set(t.id, (best === undefined ? 0 : finish.get(best)!) + t.ms);
    via.set(t.id, best);
  }
  let last: string | undefined;
  for (const t of tasks) if (last === undefined || finish.get(t.id)! > finish.get(last)!) last = t.id;
  const ids: string[] = [];
  for (let id = last; id !== undefined; id = via.get(id)) ids.unshift(id);
  return { ids, ms: last === undefined ? 0 : finish.get(last)! };
}
