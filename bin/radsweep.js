#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI through @swc-node/register's output (decorator metadata kept, tsconfig paths resolved),
// kept in a persistent cache (libs/core/src/swc-cache), so a warm start loads neither typescript nor @swc/core.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('../libs/core/src/swc-cache/register'); // @swc-node/register's output through a persistent cache
require('../apps/cli/src/main.ts');
