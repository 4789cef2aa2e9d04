import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { ContractRoute, OpenApiContract } from '@radsweep/api-contract';

const ROOT = resolve(__dirname, '../..');
const CONTRACT: OpenApiContract = JSON.parse(readFileSync(join(ROOT, 'libs/api-contract/openapi-schemas.json'), 'utf8'));

/** The dashboard's fetch helpers (apps/dashboard/src/api.ts) and the method each sends; getPage and getAll answer T[], getPaged T. */
const HELPERS: Record<string, string> = { getJson: 'get', postJson: 'post', putJson: 'put', patchJson: 'patch', deleteJson: 'delete', postForm: 'post', getPage: 'get', getAll: 'get', getPaged: 'get' };

interface TypedCall {
  where: string;
  method: string;
  /** The path with every ${...} as {} and the query left out: /runs/{}/leaderboard. */
  path: string;
  /** The contract type the call names (element type for an array), or why it is none. */
  named: string;
  array: boolean;
}

function dashboardFiles(dir = join(ROOT, 'apps/dashboard/src')): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? dashboardFiles(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

/**
 * The paths a path argument may be, or null when it is not written out (a variable): a `${...}` of a string-literal
 * type gives each of its values (`/runs/${id}/${what}` with what: 'cancel' | 'resume' is two paths), any other
 * `{}` (a parameter); the query is left out.
 */
function pathPatterns(checker: ts.TypeChecker, arg: ts.Expression): string[] | null {
  let texts: string[];
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) texts = [arg.text];
  else if (ts.isTemplateExpression(arg)) {
    texts = [arg.head.text];
    for (const span of arg.templateSpans) {
      // `${query({...})}` is the query string: the path ends before it
      if (ts.isCallExpression(span.expression) && span.expression.expression.getText() === 'query') break;
      const type = checker.getTypeAtLocation(span.expression);
      const members = type.isUnion() ? type.types : [type];
      const values = members.every((t) => t.isStringLiteral()) ? members.map((t) => (t as ts.StringLiteralType).value) : ['{}'];
      texts = texts.flatMap((t) => values.map((v) => t + v + span.literal.text));
    }
  } else return null;
  return texts.map((t) => t.split('?')[0]);
}

/** The contract name of a type: its alias's or its declaration's (the dashboard's `RunProgress = RunProgressOf<string>` is RunProgress), when declared in libs/api-contract. */
function contractName(checker: ts.TypeChecker, type: ts.Type): string {
  const inContract = (sym: ts.Symbol | undefined) => !!sym?.declarations?.[0]?.getSourceFile().fileName.split(sep).join('/').includes('/libs/api-contract/');
  const sym = [type.aliasSymbol, type.getSymbol()].find(inContract);
  return sym ? sym.name : `not a contract type (${checker.typeToString(type)})`;
}

/** Every call of a fetch helper with a type argument and a written-out path, with the type it names. */
function typedCalls(): TypedCall[] {
  const files = dashboardFiles();
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, host)!;
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const calls: TypedCall[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && HELPERS[node.expression.text] && node.typeArguments?.length && node.arguments.length) {
        const paths = pathPatterns(checker, node.arguments[0]) ?? [];
        let type = checker.getTypeFromTypeNode(node.typeArguments[0]);
        if (type.isTypeParameter()) return ts.forEachChild(node, visit); // a helper passing its own T on (getAll's pages): its callers are checked
        const array = checker.isArrayType(type) || node.expression.text === 'getPage' || node.expression.text === 'getAll';
        if (checker.isArrayType(type)) type = checker.getTypeArguments(type as ts.TypeReference)[0];
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        for (const path of paths) calls.push({ where: `${relative(ROOT, file).split(sep).join('/')}:${line}`, method: HELPERS[node.expression.text], path, named: contractName(checker, type), array });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return calls;
}

/** The contract routes a call reaches: same method, each segment equal, or a parameter of the route filled by the call. */
function routesOf(call: { method: string; path: string }, routes: ContractRoute[]): ContractRoute[] {
  const segments = call.path.split('/');
  return routes.filter((r) => {
    const rs = r.path.replace(/^\/api/, '').split('/');
    return r.method === call.method && rs.length === segments.length && rs.every((s, i) => (s.startsWith('{') ? segments[i] === '{}' : s === segments[i]));
  });
}

/** Where a call names another type than the contract route's answer (or reaches no JSON route of the contract). */
function callMismatches(calls: TypedCall[], routes: ContractRoute[]): string[] {
  return calls.flatMap((c) => {
    const at = `${c.where}: ${c.method.toUpperCase()} ${c.path}`;
    const reached = routesOf(c, routes);
    if (!reached.length) return [`${at} is no route of the contract`];
    const named = `${c.named}${c.array ? '[]' : ''}`;
    const answers = [...new Set(reached.map((r) => (r.answer.kind === 'json' ? r.answer.type : r.answer.kind)))];
    return answers.length === 1 && answers[0] === named ? [] : [`${at} is read as ${named}; the contract answers ${answers.join(' or ')}`];
  });
}

describe("the dashboard's API calls", () => {
  const calls = typedCalls();

  it('read each route as the contract type it answers', () => {
    expect(calls.length).toBeGreaterThan(30);
    expect(callMismatches(calls, CONTRACT.routes)).toEqual([]);
  }, 300_000); // a TypeScript program of the dashboard: tens of seconds on a loaded machine

  it('catch a call that reads a route as another type (the run page once read /runs/:id/leaderboard as the dashboard page)', () => {
    const wrong = [
      { where: 'a.ts:1', method: 'get', path: '/runs/{}/leaderboard', named: 'DashboardLeaderboardPage', array: false },
      { where: 'b.ts:2', method: 'get', path: '/runs/{}/nothing', named: 'RunProgress', array: false },
      { where: 'c.ts:3', method: 'get', path: '/datasets', named: 'Dataset', array: false },
    ];
    expect(callMismatches(wrong, CONTRACT.routes)).toEqual([
      'a.ts:1: GET /runs/{}/leaderboard is read as DashboardLeaderboardPage; the contract answers LeaderboardPage',
      'b.ts:2: GET /runs/{}/nothing is no route of the contract',
      'c.ts:3: GET /datasets is read as Dataset; the contract answers Dataset[]',
    ]);
  });
});
