import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiContract } from '@radsweep/api-contract';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { CONTRACT_FILE, contractText, generateOpenApiContract } from '../../scripts/api-contract-openapi';
import { api, authorizeAdmin, testConfig } from './support/api';
import { openTestDatabase } from './support/databases';
import { contractMismatches, registeredRoutes, RegisteredRoute } from './support/openapi-contract-check';

const checkedIn = (): OpenApiContract => JSON.parse(readFileSync(CONTRACT_FILE, 'utf8'));
const copy = <T>(x: T): T => structuredClone(x);

describe('the API contract file', () => {
  it('is what the controllers and the contract types generate (regenerate: node -r @swc-node/register scripts/api-contract-openapi.ts)', () => {
    const generated = generateOpenApiContract();
    expect(contractText(generated)).toBe(readFileSync(CONTRACT_FILE, 'utf8'));
    // every JSON route names a contract type, and every body a DTO implementing one
    expect(generated.routes.length).toBeGreaterThan(70);
    expect(generated.routes.find((r) => r.method === 'get' && r.path === '/api/runs/{id}')?.answer).toMatchObject({ kind: 'json', type: 'RunProgress' });
    expect(generated.routes.find((r) => r.method === 'post' && r.path === '/api/auth/login')?.body).toBe('LoginRequest');
    expect(generated.schemas.LoginRequest).toEqual({
      type: 'object',
      properties: { username: { type: 'string' }, password: { type: 'string' } },
      required: ['username', 'password'],
    });
  }, 300_000); // a full TypeScript program of the server: half a minute on a loaded 2-core machine

  it('cannot be generated when a route returns something that is not a contract type', () => {
    const fixture = join(__dirname, 'fixtures/off-contract.controller.ts');
    expect(() => generateOpenApiContract([fixture])).toThrow(
      /OffContractController\.status: returns \{ ok: boolean \}, not a type of @radsweep\/api-contract[\s\S]*OffContractController\.login: body is class LooseLoginBody, which implements no type/,
    );
  }, 300_000);
});

describe('the OpenAPI document of the running server', () => {
  let db: Database;
  let server: RunningServer;
  let doc: any;
  let registered: RegisteredRoute[];

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig({ concurrency: 0 }), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const res = await api(server.url, 'GET', '/docs/json');
    expect(res.status).toBe(200);
    doc = res.body;
    registered = registeredRoutes(server.app.getHttpAdapter().getInstance());
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('has every route the app registers, each answering its contract type, and DTOs with the contract fields', () => {
    expect(registered.length).toBeGreaterThan(70);
    expect(contractMismatches(doc, checkedIn(), registered)).toEqual([]);
    expect(doc.paths['/api/datasets/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Dataset' });
    expect(doc.components.schemas.Dataset.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
  });

  it('fails on a deliberate mismatch of each kind', () => {
    const contract = checkedIn();
    const at = (d: any, path: string) => d.paths[path];
    // a response field the contract has and the document lacks
    const noField = copy(doc);
    delete noField.components.schemas.RunProgress.properties.fitsTotal;
    expect(contractMismatches(noField, contract, registered)).toContain('GET /api/runs/{id}: component RunProgress differs from the contract\'s');
    // a response documented as another type
    const otherType = copy(doc);
    at(otherType, '/api/runs/{id}').get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/RunCuration' };
    expect(contractMismatches(otherType, contract, registered)).toContain("GET /api/runs/{id}: the document's response schema is not the contract's RunProgress");
    // a DTO field the contract does not have, and one whose required-ness or type differs
    const dto = copy(doc);
    const loginDto = dto.components.schemas[at(dto, '/api/auth/login').post.requestBody.content['application/json'].schema.$ref.split('/').pop()];
    loginDto.properties.rememberMe = { type: 'boolean' };
    loginDto.required = ['username'];
    loginDto.properties.username = { type: 'number' };
    expect(contractMismatches(dto, contract, registered)).toEqual([
      "POST /api/auth/login body: field 'rememberMe' is not in the contract",
      "POST /api/auth/login body: field 'username' is number, the contract says string",
      "POST /api/auth/login body: field 'password' is required in the contract",
    ]);
    // a query parameter the contract does not know
    const query = copy(doc);
    at(query, '/api/projects/{id}/audit').get.parameters.push({ name: 'page', in: 'query', required: false, schema: { type: 'number' } });
    expect(contractMismatches(query, contract, registered)).toEqual(["GET /api/projects/{id}/audit query: field 'page' is not in the contract"]);
    // a route the app registers that neither the document nor the contract has, and a contract route the app lacks
    const extra = [...registered, { method: 'get', path: '/api/runs/:id/secret' }];
    expect(contractMismatches(doc, contract, extra)).toEqual([
      'GET /api/runs/{id}/secret: registered but not in the OpenAPI document',
      'GET /api/runs/{id}/secret: registered but not in the API contract',
    ]);
    const fewer = registered.filter((r) => !(r.method === 'get' && r.path === '/api/leaderboard'));
    expect(contractMismatches(doc, contract, fewer)).toEqual(['GET /api/leaderboard: in the API contract but not registered by the app']);
  });
});
