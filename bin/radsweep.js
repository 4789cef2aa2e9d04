#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI through @swc-node/register (decorator metadata kept, tsconfig paths resolved).
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
