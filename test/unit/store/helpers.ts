/** Shared helpers for the store tests: temp dirs and child processes. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (the child processes run there so `--import tsx` resolves). */
export const repoRoot = path.resolve(here, '../../..');
/** Absolute path of the child-process fixture. */
export const childScript = path.join(here, 'fixtures', 'child-store.ts');

const dirs: string[] = [];

/** @returns a fresh temp dir under os.tmpdir(), removed by {@link cleanupTmpDirs} */
export async function tmpDir(prefix = 'lf-store-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Removes every dir made by {@link tmpDir}. */
export async function cleanupTmpDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** A spawned fixture child with a helper to wait for a stdout line. */
export interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line matching `re` (rejects after `timeoutMs` or if the child exits first). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  stderr(): string;
}

/**
 * Spawns `node --import tsx child-store.ts ...args` in the repo root.
 * @param args fixture arguments (mode, dataDir, ...)
 */
export function spawnChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], { cwd: repoRoot, stdio: 'pipe' });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout.on('data', (d: Buffer) => { out += d.toString(); for (const l of listeners) l(); });
  proc.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => { resolve(code ?? signal ?? -1); for (const l of listeners) l(); }));
  return {
    proc,
    exited,
    stderr: () => err,
    waitFor(re, timeoutMs = 30_000) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const line = out.split('\n').find((l) => re.test(l));
          if (line !== undefined) { cleanup(); resolve(line); return; }
          if (proc.exitCode !== null || proc.signalCode !== null) { cleanup(); reject(new Error(`child exited before ${re}: stdout=${out} stderr=${err}`)); }
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`timeout waiting for ${re}: stdout=${out} stderr=${err}`)); }, timeoutMs);
        const cleanup = () => { clearTimeout(timer); listeners.delete(check); };
        listeners.add(check);
        check();
      });
    },
  };
}

/**
 * Parses a shard file straight from disk (not through the store).
 * @returns the record ids in the file
 */
export async function idsInFile(file: string): Promise<string[]> {
  const data = JSON.parse(await readFile(file, 'utf8')) as { records: Array<{ id: string }> };
  return data.records.map((r) => r.id);
}

/** @returns a promise resolving after `ms` milliseconds */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
