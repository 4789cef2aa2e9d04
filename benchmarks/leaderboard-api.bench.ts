/**
 * Leaderboard API: server time of the cross-run leaderboard (API and dashboard
 * routes) with N runs stored, each a copy of one real WDBC sweep (same split, so
 * one comparison group per experiment and feature set), and of one run's page.
 *
 *   node -r @swc-node/register benchmarks/leaderboard-api.bench.ts [--runs 1000] [--repeats 7]
 */
import { api, authHeaders } from '../tests/server/support/api';
import { storedStudy } from '../tests/dashboard/support/study';
import { copyRun } from './support/copy-run';
import { medianMinMax } from './support/median';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const runs = arg('runs', 1000);
  const repeats = arg('repeats', 7);
  const study = await storedStudy();
  const q = (sql: string, params?: unknown[]) => study.database.dataSource.query(sql, params);
  const [{ n }] = await q('SELECT count(*)::int AS n FROM runs');
  await copyRun(q, study.runA, runs - n);
  const [{ r, m }] = await q('SELECT (SELECT count(*)::int FROM runs) AS r, (SELECT count(*)::int FROM model_results) AS m');
  console.log(`stored: ${r} runs, ${m} model results`);
  const base = study.server.url;
  // the cursor of the 40th page by Brier (rows 1951-2000), reached by following X-Next-Cursor
  let after = '';
  for (let page = 1; page < 40; page++) {
    const res = await fetch(`${base}/api/dashboard/leaderboard?sort=brier${after ? `&after=${after}` : ''}`, { headers: authHeaders(base) });
    after = res.headers.get('x-next-cursor') ?? '';
    if (!after) throw new Error(`page ${page} of the Brier order has no next page: store more runs`);
  }
  const routes: [string, string][] = [
    ['API /leaderboard (all runs, 50 rows, by CV)', '/leaderboard'],
    ['dashboard /dashboard/leaderboard (all runs, 50 rows)', '/dashboard/leaderboard'],
    ['dashboard, sorted by Brier, page 40 (after its cursor)', `/dashboard/leaderboard?sort=brier&after=${after}`],
    ['dashboard, one run', `/dashboard/leaderboard?runId=${study.runA}`],
  ];
  try {
    for (const [name, path] of routes) {
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        const res = await api(base, 'GET', path);
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      console.log(`${name.padEnd(56)} ${medianMinMax(times)} (${repeats} requests)`);
    }
  } finally {
    await study.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
