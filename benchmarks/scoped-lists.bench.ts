/**
 * The datasets and experiments lists over HTTP (GET /datasets, GET /experiments as a PI of a project, the
 * scope and paging in the service's query: auth/scoped-list.ts) with N rows in the caller's project and N in
 * another: SQL statements per request (guard and audit included; counted at TypeORM's query runner) and
 * the time of the first page, of a page deep in the list, and of reading every row page by page.
 * Written against HTTP only, so the same file times an older server (which answered every row at once).
 *
 *   node -r @swc-node/register benchmarks/scoped-lists.bench.ts [--rows 2000] [--repeats 9]
 */
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { BACKENDS } from '../tests/server/support/databases';
import { startAccessApp } from '../tests/server/support/access';
import { buildWorld } from '../tests/server/support/access-fixture';
import { medianMinMax } from './support/median';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

let statements = 0;
const query = PostgresQueryRunner.prototype.query;
PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof query>) {
  statements++;
  return query.apply(this, args);
} as typeof query;

async function main(): Promise<void> {
  const rows = arg('rows', 2000);
  const repeats = arg('repeats', 9);
  for (const backend of BACKENDS) {
    const server = await startAccessApp(backend);
    try {
      const world = await buildWorld(server.url, server.dataSource);
      const { P, Q, D, E } = world.ids;
      for (const project of [P, Q]) {
        await server.dataSource.query(
          `INSERT INTO "datasets" ("project_id", "name", "file_name", "format", "source_sha256", "arrow_sha256", "source_bytes", "arrow_bytes", "row_count", "columns", "label_column", "class_balance", "created_at")
           SELECT $1::uuid, d."name" || '-' || i, d."file_name", d."format", d."source_sha256", d."arrow_sha256", d."source_bytes", d."arrow_bytes", d."row_count", d."columns", d."label_column", d."class_balance", now() - (i / 10) * interval '1 second'
             FROM "datasets" d, generate_series(1, $2::int) i WHERE d."id" = $3`,
          [project, rows, D],
        );
        await server.dataSource.query(
          `INSERT INTO "experiments" ("project_id", "name", "version", "spec") SELECT $1::uuid, 'study-' || (i % 50), i, e."spec" FROM "experiments" e, generate_series(1, $2::int) i WHERE e."id" = $3`,
          [project, rows, E],
        );
      }
      await server.dataSource.query('ANALYZE');
      const get = async (path: string) => {
        const before = statements;
        const t = performance.now();
        const res = await world.call(world.who.pi, 'GET', path);
        const ms = performance.now() - t;
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
        return { ms, statements: statements - before, rows: (res.body as unknown[]).length, next: res.headers.get('x-next-cursor') };
      };
      console.log(`${backend}: ${rows} datasets and ${rows} experiments in the PI's project and as many in another (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
      for (const list of ['datasets', 'experiments']) {
        const first: number[] = [];
        const counts: number[] = [];
        let shown = 0;
        for (let i = 0; i < repeats; i++) {
          const r = await get(`/${list}`);
          first.push(r.ms);
          counts.push(r.statements);
          shown = r.rows;
        }
        console.log(`  GET /${list} (default page): ${shown} rows, ${Math.min(...counts)} SQL statements (min of ${repeats}), ${medianMinMax(first)}`);
        // every row, page by page (an older server answers them all in its one page)
        const pages: number[] = [];
        let after = '';
        let seen = 0;
        let total = 0;
        for (;;) {
          const r = await get(`/${list}?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`);
          pages.push(r.ms);
          seen += r.rows;
          total += r.ms;
          if (!r.next) break;
          after = r.next;
        }
        console.log(`  GET /${list}?limit=100, every page in turn: ${pages.length} pages, ${seen} rows, all in ${total.toFixed(0)} ms; first ${pages[0].toFixed(0)} ms, last ${pages[pages.length - 1].toFixed(0)} ms, ${medianMinMax(pages)}`);
      }
    } finally {
      await server.close();
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
