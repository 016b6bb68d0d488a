import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../electron/core/app';
import { generateLeadCsv } from '../../electron/core/leads/generate';
import { importFile } from '../../electron/core/services/import-service';
import { processLabel } from '../../electron/core/services/run-service';

/**
 * Imports `leads` generated rows into a fresh store and runs the real lead flow over them (DNS off),
 * then reports bytes written by the store vs the final store size in bytes, and the run time in ms.
 */
export async function measureStoreRun(opts: { dir: string; leads: number }): Promise<{ leads: number; bytesWritten: number; finalBytes: number; runMs: number }> {
  mkdirSync(opts.dir, { recursive: true });
  const csv = join(opts.dir, 'leads.csv');
  await generateLeadCsv(csv, opts.leads);
  const core = await createCore({ dataDir: join(opts.dir, 'data'), settings: { pipeline: { concurrency: 8, dnsTimeoutMs: 1500, dnsEnabled: false } } });
  const t0 = performance.now();
  const report = await importFile(core.store, csv);
  await processLabel(core.engine, core.store, core.flow, `bench:${csv}`, report.fileLeadIds);
  await core.store.flush();
  const runMs = performance.now() - t0;
  const stats = core.store.stats();
  await core.close();
  return { leads: report.imported, bytesWritten: stats.bytesWritten, finalBytes: stats.bytesOnDisk, runMs };
}
