import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { DashboardAssets } from '../../../apps/server/src/dashboard/dashboard-assets';
import { securityHeaders } from '../../../apps/server/src/http/security-headers';

/** An API answer of the stub: status and JSON body (a 4xx body has the server's `message`). */
export interface StubAnswer {
  status: number;
  body: unknown;
}

/** Answers GET /api<path><query> (path and URLSearchParams), or undefined for 404. */
export type StubRoutes = (path: string, query: URLSearchParams) => StubAnswer | undefined;

export interface StubServer {
  url: string;
  /** Every API request, in order (`/path?query`). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A small HTTP server for the dashboard's browser tests without a database: the real dashboard assets
 * (DashboardAssets, swc-stripped modules) and the real security headers (the Content-Security-Policy
 * included), with the API answered by `routes` from typed fixtures. Only the two express members the
 * asset handler and the headers use (req.method/path; res.status/type/setHeader/send) are adapted.
 */
export async function startStubServer(routes: StubRoutes): Promise<StubServer> {
  const assets = new DashboardAssets();
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, raw: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const res = {
      setHeader: (k: string, v: string) => raw.setHeader(k, v),
      status(code: number) {
        raw.statusCode = code;
        return this;
      },
      type(t: string) {
        raw.setHeader('Content-Type', t === 'text/plain' ? 'text/plain; charset=utf-8' : t);
        return this;
      },
      send: (body: string | Buffer) => raw.end(body),
    };
    const request = { method: req.method, path: url.pathname } as Request;
    securityHeaders(request, res as unknown as Response, () => undefined);
    if (url.pathname.startsWith('/api/')) {
      requests.push(`${url.pathname.slice(4)}${url.search}`);
      const answer = req.method === 'GET' ? routes(url.pathname.slice(4), url.searchParams) : undefined;
      raw.statusCode = answer?.status ?? 404;
      raw.setHeader('Content-Type', 'application/json; charset=utf-8');
      raw.end(JSON.stringify(answer?.body ?? { message: `no stub for ${req.method} ${url.pathname}` }));
      return;
    }
    assets.handle(request, res as unknown as Response, () => {
      raw.statusCode = 404;
      raw.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
