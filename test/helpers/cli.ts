import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
export const sharedDatasets = resolve(repoRoot, '../shared/datasets');
const bin = join(repoRoot, 'bin/leadforge.js');

/** A fresh temp dir. */
export function tempDir(prefix = 'leadforge-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the real `leadforge` CLI synchronously; returns exit code, stdout and stderr. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI as a child process (for kill tests). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Parses the CLI's JSON stdout, failing with the stderr when it is not JSON. */
export function json<T = unknown>(r: { stdout: string; stderr: string; code: number }): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`CLI did not print JSON (exit ${r.code}).\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`);
  }
}
