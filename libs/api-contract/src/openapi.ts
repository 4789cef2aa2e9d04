/**
 * The contract's routes and JSON Schemas (libs/api-contract/openapi-schemas.json), generated from these types and
 * the server's controllers by scripts/api-contract-openapi.ts; the server's OpenAPI document takes its response
 * schemas from it, and tests/server/openapi-contract.test.ts holds the document, the routes and the file equal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON Schema object, as OpenAPI 3.0 writes it (`nullable` instead of a null type). */
export type JsonSchema = { [key: string]: unknown };

/** One kind of event of a server-sent event stream: its `event:` name and the contract type of its JSON `data:`. */
export interface StreamEvent {
  event: string;
  type: string;
  schema: JsonSchema;
}

/**
 * How a route answers: JSON of a contract type, nothing, text of a media type, server-sent events (each kind's
 * payload), or a response its handler writes itself.
 */
export type RouteAnswer =
  | { kind: 'json'; type: string; schema: JsonSchema }
  | { kind: 'empty' }
  | { kind: 'text'; mediaType: string }
  | { kind: 'event-stream'; events: StreamEvent[] }
  | { kind: 'raw'; note: string };

export interface ContractRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /api/runs/{id}. */
  path: string;
  /** Controller class and method, for messages. */
  handler: string;
  answer: RouteAnswer;
  /** The contract type of the JSON (or multipart text fields) body. */
  body: string | null;
  /** The contract type of the query object (a DTO taken whole by @Query()). */
  query: string | null;
}

export interface OpenApiContract {
  routes: ContractRoute[];
  /** JSON Schema of every contract type a route names, by component name; nested named types are $refs (#/components/schemas/<name>). */
  schemas: Record<string, JsonSchema>;
}

/** The checked-in contract file (read from disk: a server-side helper; the dashboard imports only types). */
export function openApiContract(): OpenApiContract {
  return JSON.parse(readFileSync(join(__dirname, '..', 'openapi-schemas.json'), 'utf8')) as OpenApiContract;
}
