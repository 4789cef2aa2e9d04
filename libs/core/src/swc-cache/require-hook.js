'use strict';
/*
 * A require hook for TypeScript files that emits exactly what @swc-node/register emits (its own compile(), same
 * tsconfig options, same inline and in-memory source maps), through the persistent TransformCache: on a warm cache
 * neither the TypeScript compiler nor @swc/core is loaded.
 */
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { TransformCache } = require('./transform-cache');

/** @swc-node/register's extensions that hold TypeScript (its .js/.mjs/.cjs ones pass CommonJS through untouched). */
const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/** @swc-node/register's source-map mode (read-default-tsconfig getSourceMapMode): store maps for stack traces? */
function storesSourceMaps() {
  const mode = process.env.SWC_NODE_INLINE_SOURCE_MAP !== undefined ? 'inline' : process.env.SWC_NODE_SOURCE_MAP_MODE?.trim().toLowerCase();
  if (mode === 'both' || mode === 'store') return true;
  if (mode === 'inline' || mode === 'none') return false;
  return !process.sourceMapsEnabled;
}

/** The tsconfig @swc-node/register reads. */
function projectFile() {
  return process.env.SWC_NODE_PROJECT ?? process.env.TS_NODE_PROJECT ?? path.join(process.cwd(), 'tsconfig.json');
}

/** A miss: @swc-node/register's compile with the options its register() would use (loads typescript and @swc/core). */
function swcNodeTransform() {
  let options;
  const sourcemaps = () => require('@swc-node/sourcemap-support').SourcemapMap;
  return (source, filename) => {
    const { compile } = require('@swc-node/register/register');
    if (!options) {
      options = process.env.SWCRC ? {} : require('@swc-node/register/read-default-tsconfig').readDefaultTsConfig();
      options.module = require('typescript').ModuleKind.CommonJS;
    }
    const code = compile(source, filename, options);
    return { code, map: storesSourceMaps() ? (sourcemaps().get(filename) ?? null) : null };
  };
}

/**
 * Installs the hook in this thread (once; later calls return the first cache). `dir` overrides the cache directory
 * (tests), `transform` the miss path (tests).
 */
function installRequireHook({ dir, transform } = {}) {
  if (installRequireHook.cache) return installRequireHook.cache;
  const cache = new TransformCache({ dir, project: projectFile(), transform: transform ?? swcNodeTransform() });
  const store = storesSourceMaps();
  if (store) require('@swc-node/sourcemap-support').installSourceMapSupport();
  const loadJs = Module._extensions['.js'];
  const nodeModules = `${path.sep}node_modules${path.sep}`;
  for (const ext of TS_EXTENSIONS) {
    Module._extensions[ext] = (module, filename) => {
      if (filename.includes(nodeModules)) return loadJs(module, filename); // as pirates: node_modules untouched
      const { code, map } = cache.get(fs.readFileSync(filename, 'utf8'), filename);
      if (store && map) require('@swc-node/sourcemap-support').SourcemapMap.set(filename, map);
      module._compile(code, filename);
    };
  }
  installRequireHook.cache = cache;
  return cache;
}

module.exports = { installRequireHook };
