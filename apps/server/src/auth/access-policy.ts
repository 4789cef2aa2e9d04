import type { Permission } from './permissions';

/** Something a request names whose project decides the permission: where its id is and what it is. */
export interface Target {
  kind: 'project' | 'dataset' | 'experiment' | 'run' | 'result' | 'survival_result' | 'extraction' | 'locked_model' | 'validation';
  from: 'param' | 'query' | 'body';
  name: string;
  /** A comma-separated list of ids (every one is checked). */
  list?: boolean;
}

/**
 * The rule of one route. `require`: 'public' (anyone), 'signed-in' (any user;
 * the handler shows only the caller's own things), 'admin', or a permission
 * held in the project of every target the request names. With `anyTarget` at
 * least one of the targets must be given (a filter), else all are required.
 */
export interface RouteRule {
  require: Permission | 'public' | 'signed-in' | 'admin';
  targets?: Target[];
  anyTarget?: boolean;
  /**
   * With anyTarget and none named: any signed-in user, and the handler shows only
   * the runs they may read (readableSql in project-access.ts), e.g. the cross-run leaderboard.
   */
  unnamedShowsReadableRuns?: boolean;
  /** Targets must all be in one project (a run's experiment and dataset). */
  sameProject?: boolean;
  /** The route creates a row in the targets' project (the service writes it with the row); an admin may name none: a row outside any project. */
  adminMayOmitProject?: boolean;
  /** Written to the audit log after success: action and entity (the id is the route's :id or the response's). */
  audit?: { action: string; entity: string };
}

const projectQuery: Target = { kind: 'project', from: 'query', name: 'projectId' };
const runParam: Target = { kind: 'run', from: 'param', name: 'id' };
const runQuery: Target = { kind: 'run', from: 'query', name: 'runId' };
const experimentQuery: Target = { kind: 'experiment', from: 'query', name: 'experimentId' };
const projectParam: Target = { kind: 'project', from: 'param', name: 'id' };
const lockedModelParam: Target = { kind: 'locked_model', from: 'param', name: 'id' };

/**
 * THE access policy: every route of the API, keyed `METHOD /path` as Nest
 * declares it (under the /api prefix). A route missing here is refused (403),
 * so a new controller is closed until it gets a line.
 */
export const ACCESS_POLICY: Record<string, RouteRule> = {
  // Sign-in and one's own credentials
  'POST /auth/login': { require: 'public' },
  'GET /auth/link': { require: 'public' },
  'POST /auth/logout': { require: 'signed-in' },
  'GET /auth/me': { require: 'signed-in' },
  'PUT /auth/password': { require: 'signed-in' },
  'POST /auth/tokens': { require: 'signed-in' },
  'GET /auth/tokens': { require: 'signed-in' },
  'DELETE /auth/tokens/:id': { require: 'signed-in' },
  // Accounts
  'POST /users': { require: 'admin' },
  'GET /users': { require: 'admin' },
  'PATCH /users/:id': { require: 'admin' },
  'POST /users/:id/login-link': { require: 'admin' },
  // Projects, members, audit
  'POST /projects': { require: 'signed-in' },
  'GET /projects': { require: 'signed-in' },
  'GET /projects/:id': { require: 'project.read', targets: [projectParam] },
  'PATCH /projects/:id': { require: 'project.manage', targets: [projectParam] },
  'GET /projects/:id/members': { require: 'project.read', targets: [projectParam] },
  'POST /projects/:id/members': { require: 'project.manage', targets: [projectParam] },
  'PUT /projects/:id/members/:userId': { require: 'project.manage', targets: [projectParam] },
  'DELETE /projects/:id/members/:userId': { require: 'project.manage', targets: [projectParam] },
  'GET /projects/:id/audit': { require: 'audit.read', targets: [projectParam] },
  // Sharing runs with reviewers
  'GET /runs/:id/shares': { require: 'run.share', targets: [runParam] },
  'PUT /runs/:id/shares/:userId': { require: 'run.share', targets: [runParam] },
  'DELETE /runs/:id/shares/:userId': { require: 'run.share', targets: [runParam] },
  // Datasets (reviewers never: not even a summary)
  'POST /datasets': { require: 'dataset.write', targets: [projectQuery], adminMayOmitProject: true, audit: { action: 'created', entity: 'dataset' } },
  // lists: the read scope is a SQL predicate of the service's query (auth/scoped-list.ts), so they page in the database
  'GET /datasets': { require: 'signed-in' },
  'GET /datasets/:id': { require: 'dataset.read', targets: [{ kind: 'dataset', from: 'param', name: 'id' }] },
  // Experiments
  'POST /experiments': { require: 'experiment.write', targets: [projectQuery], adminMayOmitProject: true, audit: { action: 'created', entity: 'experiment' } },
  'POST /experiments/validate': { require: 'signed-in' },
  'GET /experiments': { require: 'signed-in' },
  'GET /experiments/:id': { require: 'experiment.read', targets: [{ kind: 'experiment', from: 'param', name: 'id' }] },
  // Runs and their results (a reviewer: shared runs only)
  'POST /runs': {
    require: 'run.launch',
    targets: [
      { kind: 'experiment', from: 'body', name: 'experimentId' },
      { kind: 'dataset', from: 'body', name: 'datasetId' },
    ],
    sameProject: true,
    audit: { action: 'launched', entity: 'run' },
  },
  // the runs list: the readable-run scope is a SQL predicate of its query (run-list-query.ts), so it pages in the database
  'GET /runs': { require: 'signed-in' },
  'GET /runs/:id': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/events': { require: 'run.read', targets: [runParam] },
  'POST /runs/:id/cancel': { require: 'run.control', targets: [runParam], audit: { action: 'cancelled', entity: 'run' } },
  'POST /runs/:id/resume': { require: 'run.control', targets: [runParam], audit: { action: 'resumed', entity: 'run' } },
  // Run curation (a PI or reviewer reads it; changes are audited by the service, in the change's transaction, with what changed)
  'GET /runs/:id/curation': { require: 'run.read', targets: [runParam] },
  'PATCH /runs/:id': { require: 'run.curate', targets: [runParam] },
  'PUT /runs/:id/tags/:tag': { require: 'run.curate', targets: [runParam] },
  'DELETE /runs/:id/tags/:tag': { require: 'run.curate', targets: [runParam] },
  'POST /runs/:id/archive': { require: 'run.curate', targets: [runParam] },
  'POST /runs/:id/restore': { require: 'run.curate', targets: [runParam] },
  'PUT /runs/:id/final-model': { require: 'run.curate', targets: [runParam] },
  'DELETE /runs/:id/final-model': { require: 'run.curate', targets: [runParam] },
  'DELETE /runs/:id': { require: 'run.delete', targets: [runParam] },
  'GET /runs/:id/leaderboard': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/results.json': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/predictions.csv': { require: 'run.read', targets: [runParam] },
  // Reporting checklists (TRIPOD+AI, CLAIM) of a run: whoever reads the run
  'GET /runs/:id/checklist': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/checklist.md': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/checklist.html': { require: 'run.read', targets: [runParam] },
  'GET /results/:id': { require: 'run.read', targets: [{ kind: 'result', from: 'param', name: 'id' }] },
  // runs or model results: each one named must be readable
  'GET /compare': {
    require: 'run.read',
    anyTarget: true,
    targets: [
      { kind: 'run', from: 'query', name: 'runs', list: true },
      { kind: 'result', from: 'query', name: 'models', list: true },
    ],
  },
  // Survival results (a reviewer: shared runs only; a compare needs both models' runs)
  'GET /runs/:id/survival/leaderboard': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/survival/predictions.csv': { require: 'run.read', targets: [runParam] },
  'GET /runs/:id/survival/leaderboard.csv': { require: 'run.read', targets: [runParam] },
  'GET /survival/results/:id': { require: 'run.read', targets: [{ kind: 'survival_result', from: 'param', name: 'id' }] },
  'GET /survival/compare': {
    require: 'run.read',
    targets: [
      { kind: 'survival_result', from: 'query', name: 'a' },
      { kind: 'survival_result', from: 'query', name: 'b' },
    ],
  },
  'GET /leaderboard': {
    require: 'run.read',
    anyTarget: true,
    targets: [runQuery, experimentQuery, { kind: 'dataset', from: 'query', name: 'datasetId' }],
    unnamedShowsReadableRuns: true,
  },
  // The dashboard's data routes (apps/server/src/dashboard): the same rules as the API's
  'GET /dashboard/leaderboard': { require: 'run.read', anyTarget: true, targets: [runQuery, experimentQuery], unnamedShowsReadableRuns: true },
  'GET /dashboard/results/:id': { require: 'run.read', targets: [{ kind: 'result', from: 'param', name: 'id' }] },
  'GET /dashboard/results/:id/predictions.csv': { require: 'run.read', targets: [{ kind: 'result', from: 'param', name: 'id' }] },
  'GET /dashboard/compare': { require: 'run.read', targets: [{ kind: 'result', from: 'query', name: 'ids', list: true }] }, // an alias of GET /compare?models=
  // Radiomics extractions (their features become a dataset of the project): as datasets
  'GET /extractions/folders': { require: 'signed-in' },
  'POST /extractions': { require: 'dataset.write', targets: [projectQuery], audit: { action: 'launched', entity: 'extraction' } },
  'GET /extractions': { require: 'dataset.read', targets: [projectQuery] },
  'GET /extractions/:id': { require: 'dataset.read', targets: [{ kind: 'extraction', from: 'param', name: 'id' }] },
  // Locked models and their external validations: made by those who launch runs (owner, data scientist),
  // read as their run is (a reviewer: those of shared runs; the project list shows each caller only those)
  'POST /runs/:runId/models/:modelResultId/lock': { require: 'run.launch', targets: [{ kind: 'run', from: 'param', name: 'runId' }] }, // audited in the lock's transaction
  'GET /projects/:id/locked-models': { require: 'project.read', targets: [projectParam] },
  'GET /results/:id/locked-models': { require: 'run.read', targets: [{ kind: 'result', from: 'param', name: 'id' }] },
  'GET /survival/results/:id/locked-models': { require: 'run.read', targets: [{ kind: 'survival_result', from: 'param', name: 'id' }] },
  'GET /locked-models/:id': { require: 'run.read', targets: [lockedModelParam] },
  'GET /locked-models/:id/file': { require: 'run.read', targets: [lockedModelParam] },
  'POST /locked-models/:id/validations': {
    require: 'run.launch',
    targets: [lockedModelParam, { kind: 'dataset', from: 'body', name: 'datasetId' }],
    sameProject: true,
    audit: { action: 'launched', entity: 'external_validation' },
  },
  'GET /locked-models/:id/validations': { require: 'run.read', targets: [lockedModelParam] },
  'GET /validations/:id': { require: 'run.read', targets: [{ kind: 'validation', from: 'param', name: 'id' }] },
};

/** The policy key of a request: its method and the route path Nest matched, without the global prefix. */
export function routeKey(method: string, routePath: string, prefix = '/api'): string {
  const path = routePath.startsWith(prefix + '/') ? routePath.slice(prefix.length) : routePath;
  return `${method.toUpperCase()} ${path}`;
}
