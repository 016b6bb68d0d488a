/**
 * LeadForge benchmarks. `npm run bench` prints figures and ratios against the targets;
 * `npm run bench -- --json` prints one JSON object (a contract):
 * { import: { rowsPerSec, peakRssMb }, engine: { overheadMsPerLead }, fanout: { wallToCriticalPathRatio },
 *   store: { writeAmplification }, ... }.
 * Figures are measured on this machine, never asserted in unit tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateLeadCsv } from '../../electron/core/leads/generate';
import { measureEngineOverhead, measureFanout } from '../../electron/core/pipeline/bench';
import { measureStoreRun } from './store-run';

const json = process.argv.includes('--json');
const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'leadforge-bench-'));
const log = (msg: string): void => {
  if (!json) process.stdout.write(`${msg}\n`);
};

try {
  log('import: generating a 100k-row CSV…');
  const csv = join(work, 'leads-100k.csv');
  await generateLeadCsv(csv, 100_000);
  const child = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/import-child.ts'), csv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const imp = JSON.parse(child) as { rows: number; imported: number; ms: number; peakRssMb: number };
  const importFig = { rows: imp.rows, imported: imp.imported, rowsPerSec: Math.round(imp.rows / (imp.ms / 1000)), peakRssMb: round(imp.peakRssMb, 1) };
  log(`import: ${importFig.rows} rows in ${Math.round(imp.ms)} ms = ${importFig.rowsPerSec} rows/s (target ≥ 50000), peak RSS ${importFig.peakRssMb} MB (target ≤ 400)`);

  log('engine: 10k leads through no-op stages…');
  const eng = await measureEngineOverhead({ leads: 10_000 });
  const engineFig = { leads: eng.leads, stages: eng.stages, wallMs: Math.round(eng.wallMs), overheadMsPerLead: round(eng.overheadMsPerLead, 3) };
  log(`engine: ${eng.leads} leads × ${eng.stages} stages in ${engineFig.wallMs} ms = ${engineFig.overheadMsPerLead} ms/lead (target ≤ 1)`);

  log('fanout: injected per-source latencies…');
  const fan = await measureFanout({});
  const fanFig = { wallMs: Math.round(fan.wallMs), criticalPathMs: Math.round(fan.criticalPathMs), wallToCriticalPathRatio: round(fan.wallToCriticalPathRatio, 3) };
  log(`fanout: wall ${fanFig.wallMs} ms / critical path ${fanFig.criticalPathMs} ms = ${fanFig.wallToCriticalPathRatio} (target ≤ 1.1)`);

  log('store: a 10k-lead run of the real lead flow on the real store…');
  const st = await measureStoreRun({ dir: join(work, 'store'), leads: 10_000 });
  const storeFig = {
    leads: st.leads,
    bytesWritten: st.bytesWritten,
    finalBytes: st.finalBytes,
    writeAmplification: round(st.bytesWritten / st.finalBytes, 2),
    leadsPerSec: Math.round(st.leads / (st.runMs / 1000)),
  };
  log(`store: ${storeFig.bytesWritten} bytes written / ${storeFig.finalBytes} bytes final = ${storeFig.writeAmplification}× (target ≤ 20); pipeline ${storeFig.leadsPerSec} leads/s end to end`);

  const result = { import: importFig, engine: engineFig, fanout: fanFig, store: storeFig };
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
