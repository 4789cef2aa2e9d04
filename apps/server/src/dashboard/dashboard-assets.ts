import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { transformSync } from '@swc/core';
import type { Request, Response } from 'express';

/** apps/dashboard: index.html, styles.css and the client's TypeScript modules under src/. */
export const DASHBOARD_DIR = resolve(__dirname, '../../../dashboard');
/** chart.js's UMD build, beside its CommonJS entry (the package's exports map does not list it). */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
/** The yaml package's browser ES modules (the parser the server reads specs with): the experiment editor checks YAML as it is typed. */
const YAML_DIR = join(dirname(require.resolve('yaml')), '..', 'browser', 'dist');
/** The published JSON Schema of experiment specs, which the editor checks against (the server's own copy). */
const EXPERIMENT_SCHEMA = resolve(__dirname, '../../../../libs/pipeline/src/experiment/experiment.schema.json');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8' };

/**
 * Serves the single-page dashboard at `/` without a build step: `/assets/x.js`
 * is `apps/dashboard/src/x.ts` with its types stripped by swc (cached until the
 * file changes), so the browser loads plain ES modules; chart.js is its UMD build.
 */
export class DashboardAssets {
  private readonly cache = new Map<string, { mtimeMs: number; body: string }>();

  /** Express handler for GET `/`, `/styles.css`, `/assets/*.js` and `/vendor/` chart.js, yaml and the experiment schema; calls next() for anything else. */
  readonly handle = (req: Request, res: Response, next: () => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    if (path === '/' || path === '/index.html') return this.send(res, join(DASHBOARD_DIR, 'index.html'), '.html');
    if (path === '/styles.css') return this.send(res, join(DASHBOARD_DIR, 'styles.css'), '.css');
    if (path === '/vendor/chart.umd.js') return this.send(res, CHART_JS, '.js', true);
    // yaml's modules: two folders deep at most (schema/yaml-1.1/x.js), names with dots but never a '.' or '..' segment
    const yamlModule = /^\/vendor\/yaml\/((?:[A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+)\.js$/.exec(path);
    if (yamlModule && !yamlModule[1].split('/').some((s) => /^\.+$/.test(s))) return this.send(res, join(YAML_DIR, `${yamlModule[1]}.js`), '.js', true);
    if (path === '/vendor/experiment.schema.json') return this.send(res, EXPERIMENT_SCHEMA, '.json');
    const m = /^\/assets\/([a-z0-9-]+(?:\/[a-z0-9-]+)?)\.js$/.exec(path);
    if (m) return this.sendModule(res, join(DASHBOARD_DIR, 'src', `${m[1]}.ts`));
    next();
  };

  private send(res: Response, file: string, ext: string, immutable = false): void {
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[ext]);
    res.setHeader('Cache-Control', immutable ? 'public, max-age=86400' : 'no-cache');
    res.send(body);
  }

  private sendModule(res: Response, file: string): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    let hit = this.cache.get(file);
    if (!hit || hit.mtimeMs !== mtimeMs) {
      const out = transformSync(readFileSync(file, 'utf8'), {
        filename: file,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: false,
        swcrc: false,
        configFile: false,
      });
      hit = { mtimeMs, body: out.code };
      this.cache.set(file, hit);
    }
    res.setHeader('Content-Type', TYPES['.js']);
    res.setHeader('Cache-Control', 'no-cache');
    res.send(hit.body);
  }
}
