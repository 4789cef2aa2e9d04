import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../apps/dashboard/src/csv';
import { csvCell as serverCsvCell } from '../../apps/server/src/results/csv-cell';
import { csvCell as engineCsvCell } from '@radsweep/core';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, World } from './support/access-fixture';

/** Cells a spreadsheet would run as formulas (OWASP "CSV injection"), and what the export must write instead. */
const FORMULAS: [string, string][] = [
  ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
  ['+1+cmd|calc', `"'+1+cmd|calc"`],
  ['-2+3', `"'-2+3"`],
  ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
  ['\t=1', `"'\t=1"`],
  ['\r=1', `"'\r=1"`],
];

describe('CSV cells (results, predictions, leaderboard exports)', () => {
  it('neutralises formula cells with a leading quote, quoted (OWASP)', () => {
    for (const [text, safe] of FORMULAS) expect(csvCell(text), text).toBe(safe);
    // the server's exports and the CLI use the engine's rule (libs/core); the dashboard's copy gives the same cells
    expect(serverCsvCell).toBe(engineCsvCell);
    const cells = [...FORMULAS.map(([text]) => text), '-0.5', '-3', '+2', '-1e-3', '1.5E+10', '-.25', 'x,y', 'say "hi"', 'a\nb', '', 'lung-01', '=', '-', '1e', '.5.'];
    for (const text of cells) expect(csvCell(text), JSON.stringify(text)).toBe(engineCsvCell(text));
  });

  it('keeps numbers numeric, negative ones included, and plain text as it was', () => {
    for (const n of ['-0.5', '-3', '+2', '-1e-3', '1.5E+10', '-.25']) expect(csvCell(n)).toBe(n);
    expect(toCsv(['auc', 'delta', 'name'], [[0.75, -0.125, 'lung-01'], [-2, null, 'x,y']])).toBe('auc,delta,name\n0.75,-0.125,lung-01\n-2,,"x,y"\n');
    expect(toCsv(['model'], [['=cmd'], ['-x']])).toBe(`model\n"'=cmd"\n"'-x"\n`);
  });
});

describe.each(BACKENDS)('CSV exports of the API on %s', (backend) => {
  let server: AccessApp;
  let world: World;

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    // A patient id, a feature set and a model label as an attacker could name them in an upload or spec.
    await server.dataSource.query(`UPDATE "prediction_sets" SET "ids" = $1 WHERE "model_result_id" = $2`, [['=1+2', '@SUM(A1)'], world.ids.resS]);
    await server.dataSource.query(`UPDATE "model_results" SET "feature_set" = '+evil', "model" = '-2+3' WHERE "id" = $1`, [world.ids.resS]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the run's predictions.csv neutralises formula cells and keeps numbers", async () => {
    const csv = await world.call(world.who.pi, 'GET', `/runs/${world.ids.runS}/predictions.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n').slice(1, 3)).toEqual([`"'+evil","'-2+3","'=1+2",0,0.2`, `"'+evil","'-2+3","'@SUM(A1)",1,0.8`]);
  });

  it("the dashboard's predictions.csv does the same", async () => {
    const csv = await world.call(world.who.pi, 'GET', `/dashboard/results/${world.ids.resS}/predictions.csv`);
    expect(csv.status).toBe(200);
    // named <run>-<feature set>-<model>-predictions.csv (unsafe characters as _); the API's layout (one predictions export), feature set and model in every row
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${world.ids.runS.slice(0, 8)}-_evil--2_3-predictions.csv"`);
    const lead = `"'+evil","'-2+3"`;
    expect(csv.text).toBe(`feature_set,model,id,label,probability\n${lead},"'=1+2",0,0.2\n${lead},"'@SUM(A1)",1,0.8\n`);
  });
});
