import type { OpenAPIObject } from '@nestjs/swagger';
import type { OpenApiContract, StreamEvent } from '@radsweep/api-contract';

/**
 * Puts the API contract's response schemas into the OpenAPI document Nest builds from the controllers: every
 * contract type as a component (named as in libs/api-contract), and each route's success answer as the contract
 * says (JSON of a contract type, text of its media type, or server-sent events). Request bodies and query parameters stay as Nest
 * reads them from the DTOs (the runtime validators). A stale contract file never stops the server: a route the
 * document lacks is skipped and a DTO component keeps its name; tests/server/openapi-contract.test.ts reports both.
 */
export function withContractSchemas(doc: OpenAPIObject, contract: OpenApiContract): OpenAPIObject {
  const schemas = { ...doc.components?.schemas };
  for (const [name, schema] of Object.entries(contract.schemas)) {
    if (!(name in schemas)) schemas[name] = schema;
  }
  doc.components = { ...doc.components, schemas };
  for (const route of contract.routes) {
    const operation = doc.paths[route.path]?.[route.method];
    if (!operation) continue;
    const status = Object.keys(operation.responses).find((code) => /^2\d\d$/.test(code)) ?? '200';
    const response = { description: '', ...(operation.responses[status] as object) };
    const answer = route.answer;
    if (answer.kind === 'json') operation.responses[status] = { ...response, content: { 'application/json': { schema: answer.schema } } };
    else if (answer.kind === 'text') operation.responses[status] = { ...response, content: { [answer.mediaType]: { schema: { type: 'string' } } } };
    else if (answer.kind === 'event-stream') operation.responses[status] = { ...response, content: { 'text/event-stream': eventStreamMedia(answer.events) } };
  }
  return doc;
}

/**
 * A server-sent event stream in OpenAPI 3.0, which has no schema for one: text, with each kind of event's payload
 * schema under the `x-events` extension (by `event:` name; its `data:` is that JSON) and named in the description.
 */
export function eventStreamMedia(events: StreamEvent[]): Record<string, unknown> {
  return {
    schema: { type: 'string', description: events.map((e) => `event \`${e.event}\`: data is JSON of ${e.type}`).join('; ') },
    'x-events': Object.fromEntries(events.map((e) => [e.event, e.schema])),
  };
}
