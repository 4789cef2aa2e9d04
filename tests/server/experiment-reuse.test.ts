import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BACKENDS } from './support/databases';
import { AccessApp, client, createAdminToken, startAccessApp } from './support/access';
import { smallSpec } from './support/api';

describe.each(BACKENDS)('an unchanged spec sent again (%s)', (backend) => {
  let app: AccessApp;
  let call: ReturnType<typeof client>;
  let admin: { token: string };

  beforeAll(async () => {
    app = await startAccessApp(backend);
    call = client(app.url);
    admin = { token: await createAdminToken(app.dataSource) };
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reuses its latest version (same id, as object or as text); a changed spec gets the next version; another project numbers its own', async () => {
    const v1 = await call(admin, 'POST', '/experiments', { spec: smallSpec() });
    const again = await call(admin, 'POST', '/experiments', { specText: stringify(smallSpec()) });
    expect([v1.status, again.status]).toEqual([201, 201]);
    expect(again.body).toMatchObject({ id: v1.body.id, version: 1 });
    const edited = await call(admin, 'POST', '/experiments', { spec: smallSpec({ description: 'edited' }) });
    expect(edited.body.version).toBe(2);
    // the first spec again is not the latest version any more: a new version, as an edit back would be
    expect((await call(admin, 'POST', '/experiments', { spec: smallSpec() })).body.version).toBe(3);
    const project = await call(admin, 'POST', '/projects', { name: 'reuse' });
    const inProject = await call(admin, 'POST', `/experiments?projectId=${project.body.id}`, { spec: smallSpec() });
    expect(inProject.body.version).toBe(1); // versions count per project: the same spec outside the project is not this project's
    const inProjectAgain = await call(admin, 'POST', `/experiments?projectId=${project.body.id}`, { spec: smallSpec() });
    expect(inProjectAgain.body).toMatchObject({ id: inProject.body.id, version: 1 });
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM experiments`);
    expect(n).toBe(4);
    const [{ project_id }] = await app.dataSource.query(`SELECT project_id FROM experiments WHERE version = 3`);
    expect(project_id).toBeNull(); // a reuse in another project never moves a version there
  });
});
