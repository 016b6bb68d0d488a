// Child process for the import benchmark: imports one file with a cheap onLead and prints
// { rows, imported, ms, peakRssMb } as JSON, so peak RSS is the importer's own (process.resourceUsage().maxRSS).
import { importLeads } from '../../electron/core/leads/import-leads';

const file = process.argv[2];
if (!file) throw new Error('usage: import-child <file>');
let count = 0;
const t0 = performance.now();
const report = await importLeads(file, { onLead: () => void count++ });
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({ rows: report.rows, imported: count, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
);
