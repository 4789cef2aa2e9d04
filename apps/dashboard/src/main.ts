/// <reference lib="dom" />
import { getJson, postJson } from './api.js';
import { destroyCharts } from './charts.js';
import { errorBox, replace } from './dom.js';
import { loginPage } from './pages/login.js';
import { setPasswordPage } from './pages/password.js';
import { type Me, SignInNeeded } from './session.js';

/** What a page gets: the route's parameters and a place to register cleanups (event streams) run when it is left. */
export interface PageContext {
  params: URLSearchParams;
  path: string[];
  onLeave(cleanup: () => void): void;
  /** Changes the route's query without leaving the page (history entry replaced). */
  setParams(params: URLSearchParams): void;
  /** Who is signed in (pages show only the controls their roles allow). */
  me: Me;
}

type Page = (ctx: PageContext) => Promise<HTMLElement>;

/**
 * Each page's module, imported when the page is first opened: a page's first render waits for the modules it
 * uses, not for all of them (57 modules in 4 rounds of requests made the runs list wait ~1 s on a loaded machine).
 */
const PAGES: Record<string, () => Promise<Page>> = {
  runs: () => import('./pages/runs.js').then((m) => m.runsPage),
  run: () => import('./pages/run.js').then((m) => m.runPage),
  leaderboard: () => import('./pages/leaderboard.js').then((m) => m.leaderboardPage),
  compare: () => import('./pages/compare.js').then((m) => m.comparePage),
  model: () => import('./pages/model.js').then((m) => m.modelPage),
  survival: () => import('./pages/survival-leaderboard.js').then((m) => m.survivalLeaderboardPage),
  'survival-model': () => import('./pages/survival-model.js').then((m) => m.survivalModelPage),
  'survival-compare': () => import('./pages/survival-compare.js').then((m) => m.survivalComparePage),
  extractions: () => import('./pages/extractions.js').then((m) => m.extractionsPage),
  checklist: () => import('./pages/checklist.js').then((m) => m.checklistPage),
  setup: () => import('./pages/setup.js').then((m) => m.setupPage),
  projects: () => import('./pages/projects.js').then((m) => m.projectsPage),
  account: () => import('./pages/account.js').then((m) => m.accountPage),
  users: () => import('./pages/users.js').then((m) => m.usersPage),
};

/** The performance mark set each time a page's content replaces the view (benchmarks/dashboard.bench.ts names it too). */
const PAGE_SHOWN = 'radsweep:page-shown';

let cleanups: (() => void)[] = [];
let rendering = 0;
/** Who is signed in (null: nobody yet, or the session ended). */
let me: Me | null = null;

/** The header shows who is signed in and the sign-out button; the page links only to someone signed in. */
function showAccount(): void {
  document.getElementById('account')!.hidden = me === null;
  document.getElementById('account-name')!.textContent = me ? (me.displayName ?? me.username) : '';
  document.querySelector<HTMLElement>('header nav')!.hidden = me === null;
  for (const a of document.querySelectorAll<HTMLElement>('[data-admin-only]')) a.hidden = !me?.isAdmin;
  document.getElementById('no-password')!.hidden = !me || me.hasPassword;
}

document.getElementById('sign-out')!.addEventListener('click', async () => {
  await postJson('/auth/logout').catch(() => undefined); // an already ended session is signed out too
  me = null;
  void route(true);
});

/**
 * Hash routes: #/runs, #/leaderboard?runId=…, #/compare?models=a,b or ?runs=a,b, #/model/<id>; survival
 * endpoints: #/survival[?runId=…&endpoint=…], #/survival-model/<id>, #/survival-compare?models=a,b.
 */
async function route(moveFocus: boolean): Promise<void> {
  const hash = location.hash.replace(/^#\/?/, '') || 'runs';
  const [pathPart, queryPart = ''] = hash.split('?');
  const path = pathPart.split('/').filter(Boolean);
  const name = path[0] in PAGES ? path[0] : 'runs';
  for (const c of cleanups) c();
  cleanups = [];
  destroyCharts();
  for (const a of document.querySelectorAll('nav a[data-page]')) {
    if (a.getAttribute('data-page') === name.replace(/^survival-.*/, 'survival')) a.setAttribute('aria-current', 'page'); // a survival record or comparison is in the Survival section
    else a.removeAttribute('aria-current');
  }
  const view = document.getElementById('view')!;
  const mine = ++rendering;
  view.setAttribute('aria-busy', 'true');
  let content: HTMLElement;
  try {
    const pageModule = PAGES[name](); // the page's modules load while /auth/me is asked
    pageModule.catch(() => undefined); // its failure is reported where it is awaited, not as an unhandled rejection
    me ??= await getJson<Me>('/auth/me');
    showAccount();
    const ctx: PageContext = {
      params: new URLSearchParams(queryPart),
      path,
      onLeave: (c) => cleanups.push(c),
      setParams: (p) => history.replaceState(null, '', `#/${path.join('/')}${p.toString() ? `?${p}` : ''}`),
      me,
    };
    // A one-time link brings its user to #/set-password: a new account's first password, or a forgotten one replaced.
    content =
      path[0] === 'set-password' && (!me.hasPassword || me.passwordReset)
        ? setPasswordPage(me, () => {
            me = { ...me!, hasPassword: true, passwordReset: false };
            location.hash = '#/runs';
          })
        : await (await pageModule)(ctx);
  } catch (e) {
    if (e instanceof SignInNeeded) {
      const ended = me !== null;
      me = null;
      showAccount();
      content = loginPage(() => void route(true), ended ? 'Your session has ended: sign in again.' : null);
    } else content = errorBox(e);
  }
  if (mine !== rendering) return; // a newer route replaced this one while it loaded
  replace(view, content);
  view.removeAttribute('aria-busy');
  // when the page's content (its first rows) entered the document, from navigation start: benchmarks/dashboard.bench.ts reads it
  performance.mark(PAGE_SHOWN, { detail: { page: name } });
  if (moveFocus) view.focus(); // a keyboard or screen-reader user starts on the new page, not on the link that led there
  document.title = `${content.querySelector('h1')?.textContent ?? 'RadSweep'} · RadSweep`;
}

window.addEventListener('hashchange', () => void route(true));
void route(false);
