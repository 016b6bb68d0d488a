import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ImportReport, Lead } from '@shared/index';
import { importLeads } from '../../../electron/core/leads/import-leads';
import type { ImportOptions } from '../../../electron/core/leads/import-leads';

/**
 * Read-only real-world datasets next to the repo (never copied into it):
 * /work/shared/datasets = <repo>/../shared/datasets. Their SOURCE.txt files give origin and licence:
 * - csv/csv-spectrum: github.com/maxogden/csv-spectrum @ b251546 (BSD-2-Clause)
 * - csv/frictionless-py-data: github.com/frictionlessdata/frictionless-py @ 44661ad (MIT, Open Knowledge Foundation)
 * - csv/papaparse: github.com/mholt/PapaParse @ a51bdc7 (MIT, Matthew Holt)
 * - csv/hubspot-sample-apps-imports: github.com/HubSpot/sample-apps-imports (no licence file; 10 rows of dummy data)
 * - companies/ali-ce_*: github.com/ali-ce/datasets @ 2a036bf (CC BY-SA 4.0, Alice Corona; data from CrunchBase c. 2014/15)
 * - companies/derived_companies_with_domain: derived from the two ali-ce lists above (CC BY-SA 4.0)
 */
export const DATASETS = resolve(__dirname, '../../../../shared/datasets');

/** Path of a dataset file, e.g. `data('csv/csv-spectrum/csvs/simple.csv')`. */
export const data = (rel: string): string => join(DATASETS, rel);

/** A fresh temporary directory (removed by {@link cleanupTemp}). */
const temps: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadforge-leads-'));
  temps.push(dir);
  return dir;
}
export function cleanupTemp(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes `content` to a new temp file named `name` and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/** Imports a file collecting the leads in memory (fine for test-sized files). */
export async function importAll(
  file: string,
  opts: Omit<ImportOptions, 'onLead'> = {},
): Promise<{ report: ImportReport; leads: Lead[] }> {
  const leads: Lead[] = [];
  const report = await importLeads(file, { ...opts, onLead: (l) => void leads.push(l) });
  return { report, leads };
}
