#!/usr/bin/env node
// `leadforge` CLI entry: runs the TypeScript core directly through tsx (no build step needed).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.base.json', import.meta.url)) });
await import('../electron/core/cli/index.ts');
