#!/usr/bin/env node
// `npm run bench [-- --json]`: runs the benchmarks in test/bench through tsx.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.base.json', import.meta.url)) });
await import('../test/bench/run.ts');
