/**
 * Generates libs/api-contract/openapi-schemas.json from the API contract and the server's controllers, with the
 * TypeScript compiler API (no second source): every route the controllers declare, the contract type of its
 * request body, query and response, and a JSON Schema (OpenAPI 3.0 dialect) of every contract type they name.
 * The server puts these schemas into its OpenAPI document (apps/server/src/http/openapi-contract.ts);
 * tests/server/openapi-contract.test.ts fails when the checked-in file is stale or the document differs.
 *   node -r @swc-node/register scripts/api-contract-openapi.ts        (rewrites the file)
 *
 * A JSON route must declare its return type as a type the contract exports (or an array of one), and a
 * DTO of a body or query must `implements` one: otherwise generation stops naming the route.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import type { ContractRoute, JsonSchema, OpenApiContract, StreamEvent } from '@radsweep/api-contract';

const REPO = resolve(__dirname, '..');
export const CONTRACT_FILE = join(REPO, 'libs/api-contract/openapi-schemas.json');
const CONTRACT_DIR = `${sep}libs${sep}api-contract${sep}`.split(sep).join('/');

const HTTP_DECORATORS: Record<string, ContractRoute['method'] | 'sse'> = { Get: 'get', Post: 'post', Put: 'put', Patch: 'patch', Delete: 'delete', Sse: 'sse' };

function controllerFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.controller.ts')) out.push(full);
    }
  };
  walk(join(root, 'apps/server/src'));
  return out;
}

function program(files: string[]): ts.Program {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: ts.Diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const config = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.json'), {}, host)!;
  return ts.createProgram([...files, join(REPO, 'libs/api-contract/src/index.ts')], { ...config.options, noEmit: true });
}

function decoratorsOf(node: ts.Node): { name: string; args: readonly ts.Expression[] }[] {
  return (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []).flatMap((d) =>
    ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) ? [{ name: d.expression.expression.text, args: d.expression.arguments }] : [],
  );
}

function literal(e: ts.Expression | undefined): string | null {
  return e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : null;
}

function joinPath(...parts: (string | null)[]): string {
  const p = parts.filter((x): x is string => !!x).join('/').split('/').filter(Boolean);
  return '/' + p.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/');
}

/** Reads the contract from the controllers (all of apps/server/src unless `files` is given) and the contract's types. */
export function generateOpenApiContract(files: string[] = controllerFiles(REPO)): OpenApiContract {
  const prog = program(files);
  const checker = prog.getTypeChecker();
  const schemas = new Schemas(checker);
  // A contract alias of a computed type (ValidationReport = AsJson<...>) leaves no symbol on the type it names:
  // register those object types so they are $refs by the contract's name, not inlined wherever they appear.
  const index = checker.getSymbolAtLocation(prog.getSourceFile(join(REPO, 'libs/api-contract/src/index.ts'))!)!;
  for (const exported of checker.getExportsOfModule(index)) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = sym.declarations?.[0];
    if (!decl || !ts.isTypeAliasDeclaration(decl) || decl.typeParameters?.length) continue;
    const type = checker.getDeclaredTypeOfSymbol(sym);
    if (!type.aliasSymbol && type.flags & ts.TypeFlags.Object) schemas.alias(type, sym.name);
  }
  const routes: ContractRoute[] = [];
  const problems: string[] = [];

  /** The contract symbol a type reference names (through import aliases), or null when it is not the contract's. */
  const contractSymbolOf = (symbol: ts.Symbol | undefined): ts.Symbol | null => {
    const sym = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const decl = sym?.declarations?.[0];
    return decl && decl.getSourceFile().fileName.split(sep).join('/').includes(CONTRACT_DIR) ? sym! : null;
  };
  const contractSymbol = (name: ts.EntityName | ts.Expression): ts.Symbol | null => contractSymbolOf(checker.getSymbolAtLocation(name));
  /** The contract type a DTO class implements (itself or a base class). */
  const implemented = (cls: ts.ClassDeclaration | undefined): ts.Symbol | null => {
    for (let c = cls; c; ) {
      for (const clause of c.heritageClauses ?? []) {
        if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
        for (const t of clause.types) {
          const sym = contractSymbol(t.expression);
          if (sym && !t.typeArguments) return sym;
        }
      }
      const base = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      const baseSym = base && checker.getSymbolAtLocation(base.expression);
      const resolved = baseSym && baseSym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(baseSym) : baseSym;
      c = resolved?.declarations?.find(ts.isClassDeclaration);
    }
    return null;
  };
  const classOf = (node: ts.Node | undefined): ts.ClassDeclaration | undefined => {
    if (!node) return undefined;
    const expr = ts.isTypeReferenceNode(node) ? node.typeName : ts.isExpression(node) ? node : undefined;
    let sym = expr && checker.getSymbolAtLocation(expr);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym?.declarations?.find(ts.isClassDeclaration);
  };

  /**
   * The events of an @Sse handler declared as (Promise of) Observable<E>, E a contract type: a union of
   * `{ type: '<event name>'; data: <contract type> }`, one per kind of event. A sentence when it is not that.
   */
  const streamEvents = (node: ts.TypeNode | undefined): StreamEvent[] | string => {
    if (node && ts.isTypeReferenceNode(node) && node.typeName.getText() === 'Promise') node = node.typeArguments?.[0];
    const element = node && ts.isTypeReferenceNode(node) && node.typeName.getText() === 'Observable' ? node.typeArguments?.[0] : undefined;
    const sym = element && ts.isTypeReferenceNode(element) ? contractSymbol(element.typeName) : null;
    if (!element || !sym) return `returns ${node?.getText() ?? 'no declared type'}, not an Observable of a type of @radsweep/api-contract`;
    const type = checker.getTypeFromTypeNode(element);
    const events: StreamEvent[] = [];
    for (const member of type.isUnion() ? type.types : [type]) {
      const name = member.getProperty('type');
      const data = member.getProperty('data');
      const nameType = name && checker.getTypeOfSymbol(name);
      const dataType = data && checker.getTypeOfSymbol(data);
      const dataSym = dataType && (dataType.aliasSymbol ?? dataType.getSymbol());
      if (!nameType?.isStringLiteral() || !dataType || !dataSym || !contractSymbolOf(dataSym)) {
        return `an event of ${sym.name} is not { type: '<event name>'; data: <a type of @radsweep/api-contract> }: ${checker.typeToString(member)}`;
      }
      events.push({ event: nameType.value, type: dataSym.name, schema: schemas.named(dataSym.name, dataType) });
    }
    return events.sort((a, b) => a.event.localeCompare(b.event));
  };

  for (const file of files) {
    const sf = prog.getSourceFile(file)!;
    const where = relative(REPO, file).split(sep).join('/');
    for (const cls of sf.statements.filter(ts.isClassDeclaration)) {
      const ctrl = decoratorsOf(cls).find((d) => d.name === 'Controller');
      if (!ctrl) continue;
      const prefix = literal(ctrl.args[0]);
      for (const m of cls.members.filter(ts.isMethodDeclaration)) {
        const decs = decoratorsOf(m);
        const http = decs.find((d) => HTTP_DECORATORS[d.name]);
        if (!http) continue;
        const handler = `${cls.name?.text ?? where}.${(m.name as ts.Identifier).text}`;
        const verb = HTTP_DECORATORS[http.name];
        const route = { method: verb === 'sse' ? 'get' : verb, path: joinPath('api', prefix, literal(http.args[0])), handler } as ContractRoute;
        const params = m.parameters.map((p) => ({ p, decs: decoratorsOf(p) }));
        const contentType = decs.find((d) => d.name === 'Header' && literal(d.args[0])?.toLowerCase() === 'content-type');
        const media = contentType ? literal(contentType.args[1])! : null;
        const rawRes = params.find(({ decs: ds }) => ds.some((d) => d.name === 'Res' && !(d.args[0] && /passthrough\s*:\s*true/.test(d.args[0].getText()))));
        if (verb === 'sse') {
          const events = streamEvents(m.type);
          if (typeof events === 'string') problems.push(`${handler}: ${events}`);
          else route.answer = { kind: 'event-stream', events };
        } else if (rawRes) route.answer = { kind: 'raw', note: 'the handler writes the response itself (@Res())' };
        else if (media && !/json/.test(media)) route.answer = { kind: 'text', mediaType: media };
        else {
          let node = m.type;
          if (node && ts.isTypeReferenceNode(node) && node.typeName.getText() === 'Promise') node = node.typeArguments?.[0];
          if (!node) problems.push(`${handler}: no declared return type (declare a type of @radsweep/api-contract)`);
          else if (node.kind === ts.SyntaxKind.VoidKeyword) route.answer = { kind: 'empty' };
          else {
            const element = ts.isArrayTypeNode(node) ? node.elementType : node;
            const sym = ts.isTypeReferenceNode(element) ? contractSymbol(element.typeName) : null;
            if (!sym) problems.push(`${handler}: returns ${node.getText()}, not a type of @radsweep/api-contract`);
            else {
              const ref = schemas.named(sym.name, checker.getTypeFromTypeNode(element));
              route.answer = { kind: 'json', type: ts.isArrayTypeNode(node) ? `${sym.name}[]` : sym.name, schema: ts.isArrayTypeNode(node) ? { type: 'array', items: ref } : ref };
            }
          }
        }
        const typed = (p: ts.ParameterDeclaration | undefined, fallback?: ts.Expression): string | null => {
          const dto = classOf(fallback ?? p?.type);
          const sym = implemented(dto);
          if (!sym) {
            problems.push(`${handler}: ${p ? p.name.getText() : 'the body'} is ${dto ? `class ${dto.name?.text}, which implements` : 'not a class implementing'} no type of @radsweep/api-contract`);
            return null;
          }
          schemas.named(sym.name, checker.getDeclaredTypeOfSymbol(sym));
          return sym.name;
        };
        const apiBody = decs.find((d) => d.name === 'ApiBody');
        const bodyType = apiBody?.args[0] && ts.isObjectLiteralExpression(apiBody.args[0])
          ? apiBody.args[0].properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'type')?.initializer
          : undefined;
        const body = params.find(({ decs: ds }) => ds.some((d) => d.name === 'Body' && d.args.length === 0));
        route.body = body || bodyType ? typed(body?.p, bodyType) : null;
        const query = params.find(({ decs: ds }) => ds.some((d) => d.name === 'Query' && d.args.length === 0));
        route.query = query && query.p.type && ts.isTypeReferenceNode(query.p.type) && classOf(query.p.type) ? typed(query.p) : null;
        routes.push(route);
      }
    }
  }
  if (problems.length) throw new Error(`the API contract does not cover every route:\n  ${problems.join('\n  ')}`);
  routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return { routes, schemas: schemas.all() };
}

/** JSON Schemas of contract types: each named contract type once, referenced by `#/components/schemas/<name>`. */
class Schemas {
  private readonly done = new Map<string, JsonSchema>();
  private readonly busy = new Set<string>();
  private readonly aliases = new Map<ts.Type, string>();
  constructor(private readonly checker: ts.TypeChecker) {}

  /** Names a type that carries no symbol of its own (an alias of another alias's instantiation). */
  alias(type: ts.Type, name: string): void {
    this.aliases.set(type, name);
  }

  /** A $ref to the named contract type, generating its schema the first time. */
  named(name: string, type: ts.Type): JsonSchema {
    if (!this.done.has(name) && !this.busy.has(name)) {
      this.busy.add(name);
      this.done.set(name, this.of(type, true));
      this.busy.delete(name);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.done.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /**
   * The component name of a type, for a $ref: a non-generic interface or alias the contract exports (its name), or
   * one of an engine library the contract imports (`<lib>.<name>`, e.g. pipeline.TestMetrics); null to inline it.
   */
  private contractName(type: ts.Type): string | null {
    const registered = this.aliases.get(type);
    if (registered) return registered;
    const sym = type.aliasSymbol ?? type.getSymbol();
    if (!sym || (type.aliasTypeArguments?.length ?? 0) > 0) return null;
    const decl = sym.declarations?.[0];
    if (!decl || !(ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) || decl.typeParameters?.length) return null;
    const file = decl.getSourceFile().fileName.split(sep).join('/');
    if (file.includes(CONTRACT_DIR)) return sym.name;
    const lib = /\/libs\/([^/]+)\/src\//.exec(file);
    return lib ? `${lib[1]}.${sym.name}` : null;
  }

  private of(type: ts.Type, top = false): JsonSchema {
    const c = this.checker;
    if (!top) {
      const name = this.contractName(type);
      if (name) return this.named(name, type);
    }
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [(type as unknown as { intrinsicName: string }).intrinsicName === 'true'] };
    if (f & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { nullable: true };
    if (type.isUnion()) return this.union(type.types);
    if (type.getSymbol()?.name === 'Date') return { type: 'string', format: 'date-time' };
    if (c.isArrayType(type) || c.isTupleType(type)) {
      const args = c.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: c.isTupleType(type) ? this.union(args) : this.of(args[0]) };
    }
    if (f & ts.TypeFlags.Object || type.isIntersection()) return this.object(type);
    throw new Error(`no JSON Schema for the type ${c.typeToString(type)}`);
  }

  private union(types: readonly ts.Type[]): JsonSchema {
    const present = types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = present.some((t) => t.flags & ts.TypeFlags.Null);
    let rest = present.filter((t) => !(t.flags & ts.TypeFlags.Null));
    const bools = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (bools.length === 2) rest = [...rest.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral)), this.checker.getBooleanType()];
    const parts = rest.map((t) => this.of(t));
    const kinds = new Set(parts.map((p) => (p.enum && Object.keys(p).length === 2 ? p.type : null)));
    let schema: JsonSchema;
    if (parts.length > 1 && kinds.size === 1 && !kinds.has(null)) schema = { type: parts[0].type, enum: parts.flatMap((p) => p.enum as unknown[]) };
    else if (parts.length === 1) schema = parts[0].$ref ? { allOf: [parts[0]] } : { ...parts[0] };
    else schema = { anyOf: parts };
    if (parts.length === 1 && !nullable && parts[0].$ref) return parts[0];
    return nullable ? { ...schema, nullable: true } : schema;
  }

  private object(type: ts.Type): JsonSchema {
    const c = this.checker;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of c.getPropertiesOfType(type)) {
      const t = c.getTypeOfSymbol(prop);
      if (c.getSignaturesOfType(t, ts.SignatureKind.Call).length) continue;
      properties[prop.name] = this.of(t);
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length) schema.required = required;
    const index = c.getIndexInfosOfType(type).find((i) => i.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral));
    if (index) schema.additionalProperties = this.of(index.type);
    return schema;
  }
}

/** The file's text: stable key order, two-space indent, a final newline. */
export function contractText(contract: OpenApiContract): string {
  return JSON.stringify(contract, null, 2) + '\n';
}

if (require.main === module) {
  const contract = generateOpenApiContract();
  writeFileSync(CONTRACT_FILE, contractText(contract));
  process.stdout.write(`${relative(REPO, CONTRACT_FILE)}: ${contract.routes.length} routes, ${Object.keys(contract.schemas).length} schemas\n`);
}
