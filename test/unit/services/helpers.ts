/**
 * Helpers for the app-core tests: a real core (store in a temp dir, DNS off), small CSV lists, and waiting for runs.
 *
 * The real list used here is read from ../shared/datasets (never copied): Startups.csv of the Y Combinator list by
 * Alice Corona (github.com/ali-ce/datasets, commit 2a036bf), CC BY-SA 4.0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Run } from '@shared/index';
import { createCore, type CreateCoreOptions, type LeadforgeCore } from '../../../electron/core/app';

/** The real Y Combinator startups list (688 rows). Attribution above. */
export const STARTUPS_CSV = resolve(__dirname, '../../../../shared/datasets/companies/ali-ce_yc-startups-2014/Startups.csv');

/** Settings overrides for tests: no DNS lookups (offline, deterministic). */
export const OFFLINE = { pipeline: { concurrency: 8, dnsTimeoutMs: 1500, dnsEnabled: false } };

const temps: string[] = [];

/** A fresh temp dir, removed by {@link cleanupTemps}. */
export function tempDir(prefix = 'leadforge-app-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every temp dir made by {@link tempDir}. */
export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Opens a real core on `dataDir` (default: a fresh temp dir) with DNS off. */
export async function openCore(opts: Partial<CreateCoreOptions> = {}): Promise<LeadforgeCore> {
  return createCore({ dataDir: opts.dataDir ?? join(tempDir(), 'data'), settings: OFFLINE, version: '9.9.9-test', ...opts });
}

/** Writes `lines` as a CSV file in a temp dir; returns its path. */
export function writeCsv(lines: string[], name = 'leads.csv'): string {
  const file = join(tempDir('leadforge-csv-'), name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** A small list: 4 valid leads (2 clearly qualified), 1 duplicate, 1 rejected row (invalid email, no company). */
export const SMALL_CSV = [
  'First Name,Last Name,Email,Company,Website,Job Title,Industry,City,Country,Employees',
  'Maria,Garcia,maria.garcia@acmeanalytics.io,Acme Analytics,https://www.acmeanalytics.io,VP of Sales,B2B SaaS analytics,San Francisco,United States,120',
  'John,Smith,john@gmail.com,,,,,,,',
  'Priya,Patel,priya@brightledger.com,Bright Ledger,brightledger.com,Chief Financial Officer,Fintech software,New York,United States,45',
  'Test,Test,asdf@mailinator.com,asdf,,,,,,',
  'Maria,Garcia,MARIA.GARCIA@acmeanalytics.io,Acme Analytics,acmeanalytics.io,VP of Sales,B2B SaaS analytics,San Francisco,United States,120',
  'Chen,Wei,not-an-email,,,,,,,',
];

/** Polls until the run is no longer in progress in this process; returns the stored run. Fails after `timeoutMs`. */
export async function waitForRun(core: LeadforgeCore, runId: string, timeoutMs = 60_000): Promise<Run> {
  const until = Date.now() + timeoutMs;
  while (core.pipeline.isActive(runId)) {
    if (Date.now() > until) throw new Error(`run ${runId} still in progress after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const run = core.store.collection<Run>('runs').get(runId);
  if (!run) throw new Error(`run ${runId} not found`);
  return run;
}

/** Imports `file` through the API and runs its leads to the end; returns the import result and the final run. */
export async function importAndRun(core: LeadforgeCore, file: string) {
  const imported = await core.api['import:run']({ path: file });
  const { runId } = await core.api['runs:start']({ importId: imported.importId });
  const run = await waitForRun(core, runId);
  return { imported, runId, run };
}

/** Resolves with the error a promise rejects with (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
