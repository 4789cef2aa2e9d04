/**
 * The runs list (GET /runs' query, run-list-query.ts) over many stored runs: the first
 * page, a page deep in the list (keyset: after the cursor of the previous one), and
 * filtered pages, for an administrator and for a PI (the readable-run scope as a SQL
 * predicate), on the embedded store and PostgreSQL 15.
 *
 *   node -r @swc-node/register benchmarks/runs-list.bench.ts [--runs 5000] [--repeats 9]
 */
import { listRuns } from '../apps/server/src/runs/run-list-query';
import { BACKENDS, openTestDatabase } from '../tests/server/support/databases';
import { storedRun } from '../tests/server/support/access-fixture';
import { medianMinMax } from './support/median';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const runs = arg('runs', 5000);
  const repeats = arg('repeats', 9);
  for (const backend of BACKENDS) {
    const db = await openTestDatabase(backend);
    const q = (sql: string, params?: unknown[]) => db.dataSource.query(sql, params);
    try {
      const [user] = await q(`INSERT INTO "users" ("username", "display_name") VALUES ('pi', NULL) RETURNING "id"`);
      const [project] = await q(`INSERT INTO "projects" ("name") VALUES ('bench') RETURNING "id"`);
      await q(`INSERT INTO "project_members" ("project_id", "user_id", "role") VALUES ($1, $2, 'pi')`, [project.id, user.id]);
      const [ds] = await q(`INSERT INTO "datasets" ("project_id", "name", "file_name", "format", "source_sha256", "arrow_sha256", "source_bytes", "arrow_bytes", "row_count", "columns") VALUES ($1, 'd', 'd.csv', 'csv', $2, $2, 1, 1, 1, '[]') RETURNING "id"`, [project.id, 'a'.repeat(64)]);
      const [exp] = await q(`INSERT INTO "experiments" ("project_id", "name", "version", "spec") VALUES ($1, 'e', 1, '{}') RETURNING "id"`, [project.id]);
      const { runId } = await storedRun(db.dataSource, project.id, exp.id, ds.id);
      // copies of the stored run with its model row: equal created_at in blocks of 10, every 7th tagged, every 11th archived
      await q(
        `WITH src AS (SELECT * FROM "runs" WHERE "id" = $1), copies AS (
           INSERT INTO "runs" ("project_id", "experiment_id", "dataset_id", "status", "seed", "split", "cv", "tasks_total", "tasks_done", "created_at", "tags", "archived_at")
           SELECT s."project_id", s."experiment_id", s."dataset_id", s."status", g, s."split", s."cv", 1, 1, now() - (g / 10) * interval '1 minute',
                  CASE WHEN g % 7 = 0 THEN '["baseline"]'::jsonb ELSE '[]'::jsonb END, CASE WHEN g % 11 = 0 THEN now() END
             FROM src s, generate_series(1, $2::int) g RETURNING "id", "seed")
         INSERT INTO "model_results" ("run_id", "feature_set_result_id", "feature_set", "model", "label", "position", "best_params", "cv_auc_mean", "record")
         SELECT c."id", m."feature_set_result_id", 'all', 'gaussian_nb_' || c."seed", 'NB', c."seed", '{}', (c."seed" % 100) / 100.0, '{}' FROM copies c, "model_results" m WHERE m."run_id" = $1`,
        [runId, runs - 1],
      );
      await q('ANALYZE');
      const cases: [string, { userId: string; isAdmin: boolean }, Record<string, string>][] = [
        ['admin, first page of 50', { userId: user.id, isAdmin: true }, { limit: '50' }],
        ['PI (scope in SQL), first page of 50', { userId: user.id, isAdmin: false }, { limit: '50' }],
        ['PI, tag=baseline & minCvAuc=0.5', { userId: user.id, isAdmin: false }, { limit: '50', tag: 'baseline', minCvAuc: '0.5' }],
        ['PI, archived=all, page of 100', { userId: user.id, isAdmin: false }, { limit: '100', archived: 'all' }],
      ];
      console.log(`${backend}: ${runs} runs (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
      for (const [name, who, query] of cases) {
        const times: number[] = [];
        for (let i = 0; i < repeats; i++) {
          const t = performance.now();
          await listRuns(db.dataSource, who, query);
          times.push(performance.now() - t);
        }
        console.log(`  ${name}: ${medianMinMax(times)}`);
      }
      // walking the whole list page by page: each page costs the same, wherever it is
      const pageTimes: number[] = [];
      let after: string | undefined;
      let seen = 0;
      for (;;) {
        const t = performance.now();
        const page = await listRuns(db.dataSource, { userId: user.id, isAdmin: false }, { limit: 100, archived: 'all', ...(after ? { after } : {}) });
        pageTimes.push(performance.now() - t);
        seen += page.items.length;
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      console.log(`  PI, every page of 100 in turn (${pageTimes.length} pages, ${seen} runs): first ${pageTimes[0].toFixed(0)} ms, last ${pageTimes[pageTimes.length - 1].toFixed(0)} ms, ${medianMinMax(pageTimes)}`);
    } finally {
      await db.close();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
