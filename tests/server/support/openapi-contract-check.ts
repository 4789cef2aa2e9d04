import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema, OpenApiContract } from '@radsweep/api-contract';

/** A route as the running app registers it: method and Express path (/api/runs/:id). */
export interface RegisteredRoute {
  method: string;
  path: string;
}

type Doc = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, JsonSchema> } };

const REF = '#/components/schemas/';

/** The routes the Express app behind Nest answers under /api (the OpenAPI page itself left out). */
export function registeredRoutes(express: { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }): RegisteredRoute[] {
  return express.router.stack.flatMap((layer) =>
    layer.route && layer.route.path.startsWith('/api/') && !layer.route.path.startsWith('/api/docs')
      ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((method) => ({ method, path: layer.route!.path }))
      : [],
  );
}

function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

/** Every component a schema names, through nested $refs (cycles visited once). */
function referenced(schema: unknown, components: Record<string, JsonSchema>, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => referenced(s, components, into));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
        const name = v.slice(REF.length);
        if (!into.has(name)) {
          into.add(name);
          referenced(components[name], components, into);
        }
      } else referenced(v, components, into);
    }
  }
  return into;
}

function resolveRef(schema: any, components: Record<string, JsonSchema>): any {
  return schema?.$ref ? components[String(schema.$ref).slice(REF.length)] : schema;
}

/** The JSON type a DTO property declares in the document ('array', 'object', 'string', ...), or null when it says none. */
function declaredType(schema: any): string | null {
  if (!schema || typeof schema !== 'object') return null;
  if (schema.$ref) return 'object';
  if (schema.enum && !schema.type) return typeof schema.enum[0];
  return typeof schema.type === 'string' ? (schema.type === 'integer' ? 'number' : schema.type) : null;
}

/** The JSON type of a contract property, or null when it is a union or open (then the type is not compared). */
function contractType(schema: any, schemas: Record<string, JsonSchema>): string | null {
  if (!schema || schema.anyOf) return null;
  if (schema.$ref) return contractType(resolveRef(schema, schemas), schemas);
  return typeof schema.type === 'string' ? schema.type : null;
}

/** Compares the field names, required-ness and JSON types of a DTO's schema (as Nest documents it) with the contract type's. */
function fieldDifferences(what: string, dto: { properties: Record<string, any>; required: string[] }, contract: any, schemas: Record<string, JsonSchema>): string[] {
  const out: string[] = [];
  const props: Record<string, any> = contract?.properties ?? {};
  const required = new Set<string>(contract?.required ?? []);
  for (const name of Object.keys(dto.properties)) if (!(name in props)) out.push(`${what}: field '${name}' is not in the contract`);
  for (const name of Object.keys(props)) {
    if (!(name in dto.properties)) {
      out.push(`${what}: the contract's field '${name}' is missing`);
      continue;
    }
    if (dto.required.includes(name) !== required.has(name)) out.push(`${what}: field '${name}' is ${required.has(name) ? 'required' : 'optional'} in the contract`);
    const [a, b] = [declaredType(dto.properties[name]), contractType(props[name], schemas)];
    if (a && b && a !== b) out.push(`${what}: field '${name}' is ${a}, the contract says ${b}`);
  }
  return out;
}

/**
 * Differences between the OpenAPI document, the routes the app registers and the contract: a registered route
 * missing from the document or the contract (or the reverse), a JSON answer whose schema or components differ
 * from the contract's, a DTO (body or whole-object query) whose fields differ from its contract type's.
 */
export function contractMismatches(doc: Doc, contract: OpenApiContract, registered: RegisteredRoute[]): string[] {
  const out: string[] = [];
  const components = doc.components?.schemas ?? {};
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
  const inContract = new Map(contract.routes.map((r) => [key(r.method, r.path), r]));
  const live = new Set(registered.map((r) => key(r.method, openApiPath(r.path))));
  for (const r of registered) {
    const path = openApiPath(r.path);
    if (!doc.paths[path]?.[r.method]) out.push(`${key(r.method, path)}: registered but not in the OpenAPI document`);
    if (!inContract.has(key(r.method, path))) out.push(`${key(r.method, path)}: registered but not in the API contract`);
  }
  for (const route of contract.routes) {
    const at = key(route.method, route.path);
    if (!live.has(at)) out.push(`${at}: in the API contract but not registered by the app`);
    const operation = doc.paths[route.path]?.[route.method];
    if (!operation) continue;
    const success = Object.entries(operation.responses ?? {}).find(([code]) => /^2\d\d$/.test(code))?.[1] as any;
    if (route.answer.kind === 'json') {
      const schema = success?.content?.['application/json']?.schema;
      if (!isDeepStrictEqual(schema, route.answer.schema)) out.push(`${at}: the document's response schema is not the contract's ${route.answer.type}`);
      for (const name of referenced(route.answer.schema, contract.schemas)) {
        if (!isDeepStrictEqual(components[name], contract.schemas[name])) out.push(`${at}: component ${name} differs from the contract's`);
      }
    }
    if (route.answer.kind === 'event-stream') {
      const events = success?.content?.['text/event-stream']?.['x-events'];
      if (!isDeepStrictEqual(events, Object.fromEntries(route.answer.events.map((e) => [e.event, e.schema])))) out.push(`${at}: the document's events are not the contract's`);
    }
    if (route.body) {
      const content = operation.requestBody?.content ?? {};
      const media = content['application/json'] ? 'application/json' : 'multipart/form-data';
      const dto = resolveRef(content[media]?.schema, components);
      if (!dto) out.push(`${at}: no request body in the document (the contract's ${route.body})`);
      else {
        // a multipart form's file field is the upload itself, not a field of the contract's JSON type
        const properties = Object.fromEntries(Object.entries(dto.properties ?? {}).filter(([, s]: [string, any]) => s.format !== 'binary'));
        out.push(...fieldDifferences(`${at} body`, { properties, required: (dto.required ?? []).filter((n: string) => n in properties) }, contract.schemas[route.body], contract.schemas));
      }
    }
    if (route.query) {
      const params = (operation.parameters ?? []).filter((p: any) => p.in === 'query');
      const properties = Object.fromEntries(params.map((p: any) => [p.name, p.schema]));
      out.push(...fieldDifferences(`${at} query`, { properties, required: params.filter((p: any) => p.required).map((p: any) => p.name) }, contract.schemas[route.query], contract.schemas));
    }
  }
  return out;
}

/**
 * Where a JSON value breaks a contract schema (the OpenAPI 3.0 subset the generator writes): a wrong type or
 * enum value, a missing required field, a field the schema does not name (what TypeScript's structural typing lets
 * a server object carry past its declared contract type). Arrays: their first 20 items.
 */
export function schemaProblems(value: unknown, schema: any, components: Record<string, JsonSchema>, at = '$'): string[] {
  if (schema.$ref) return schemaProblems(value, resolveRef(schema, components), components, at);
  if (Object.keys(schema).length === 0) return []; // unknown: anything, null too
  if (value === null) return schema.nullable ? [] : [`${at}: null`];
  if (schema.allOf) return schema.allOf.flatMap((s: any) => schemaProblems(value, s, components, at));
  if (schema.anyOf) {
    const each = schema.anyOf.map((s: any) => schemaProblems(value, s, components, at));
    return each.some((p: string[]) => p.length === 0) ? [] : [`${at}: matches none of ${schema.anyOf.length} alternatives (${each.map((p: string[]) => p[0]).join('; ')})`];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  switch (schema.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === schema.type ? [] : [`${at}: ${typeof value}, not ${schema.type}`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.slice(0, 20).flatMap((v, i) => schemaProblems(v, schema.items, components, `${at}[${i}]`));
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const v = value as Record<string, unknown>;
      const out = (schema.required ?? []).filter((k: string) => v[k] === undefined).map((k: string) => `${at}.${k}: missing`);
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue; // JSON has no undefined: the key is absent
        if (schema.properties?.[k]) out.push(...schemaProblems(x, schema.properties[k], components, `${at}.${k}`));
        else if (schema.additionalProperties) out.push(...schemaProblems(x, schema.additionalProperties, components, `${at}.${k}`));
        else out.push(`${at}.${k}: not a field of the contract`);
      }
      return out;
    }
    default:
      return [];
  }
}

/** Where a live answer of `method path` (OpenAPI form) breaks the contract route's response schema. */
export function answerProblems(contract: OpenApiContract, method: string, path: string, body: unknown): string[] {
  const route = contract.routes.find((r) => r.method === method.toLowerCase() && r.path === path);
  if (!route) return [`${method} ${path}: not a route of the contract`];
  if (route.answer.kind !== 'json') return [`${method} ${path}: not a JSON route of the contract`];
  return schemaProblems(body, route.answer.schema, contract.schemas).map((p) => `${method} ${path} (${route.answer.kind === 'json' ? route.answer.type : ''}) ${p}`);
}

/** A live answer as read off the wire. */
export interface LiveAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

/**
 * Where a live answer of `method path` (OpenAPI form) breaks its contract route, whatever the route's kind: a JSON
 * answer is of its schema, an empty one a 204 without a body, a text file of its media type, an event stream
 * text/event-stream (its events: streamEventProblems); a raw answer is the handler's own.
 */
export function liveAnswerProblems(contract: OpenApiContract, method: string, path: string, res: LiveAnswer): string[] {
  const route = contract.routes.find((r) => r.method === method.toLowerCase() && r.path === path);
  const at = `${method} ${path}`;
  if (!route) return [`${at}: not a route of the contract`];
  const answer = route.answer;
  switch (answer.kind) {
    case 'json':
      if (!res.contentType?.startsWith('application/json')) return [`${at}: content type ${res.contentType}, not JSON`];
      return answerProblems(contract, method, path, res.text ? JSON.parse(res.text) : null);
    case 'empty':
      return res.status === 204 && res.text === '' ? [] : [`${at}: ${res.status} with ${res.text.length} bytes, not an empty 204`];
    case 'text':
      return res.contentType === answer.mediaType ? [] : [`${at}: content type ${res.contentType}, the contract says ${answer.mediaType}`];
    case 'event-stream':
      return res.contentType?.startsWith('text/event-stream') ? [] : [`${at}: content type ${res.contentType}, not text/event-stream`];
    default:
      return [];
  }
}

/** One server-sent event as read off the wire: its `event:` name and its `data:` parsed as JSON. */
export interface LiveEvent {
  event: string | null;
  data: unknown;
}

/**
 * Where an event of the stream GET `path` (OpenAPI form) breaks its contract route: a name the route does not list,
 * or a payload off the schema of the contract type the route names for that event.
 */
export function streamEventProblems(contract: OpenApiContract, path: string, live: LiveEvent): string[] {
  const route = contract.routes.find((r) => r.method === 'get' && r.path === path);
  const at = `GET ${path}`;
  if (route?.answer.kind !== 'event-stream') return [`${at}: not an event stream of the contract`];
  const kind = route.answer.events.find((e) => e.event === live.event);
  if (!kind) return [`${at}: event '${live.event}' is not one of the contract's (${route.answer.events.map((e) => e.event).join(', ')})`];
  return schemaProblems(live.data, kind.schema, contract.schemas).map((p) => `${at} event '${kind.event}' (${kind.type}) ${p}`);
}
