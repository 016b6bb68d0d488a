/**
 * LeadForge benchmarks. `npm run bench` prints figures and ratios against the targets;
 * `npm run bench -- --json` prints one JSON object (a contract):
 * { import: { rowsPerSec, peakRssMb }, engine: { overheadMsPerLead }, fanout: { wallToCriticalPathRatio },
 *   store: { writeAmplification }, crm: { hubspotRecordsPerSec, hubspotRateLimitRatio },
 *   ui: { reviewFirstRenderMs, reviewNextDraftMs, pipelineLongestTaskMs }, ... }.
 * Figures are measured on this machine, never asserted in unit tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateLeadCsv } from '../../electron/core/leads/generate';
import { measureEngineOverhead, measureFanout } from '../../electron/core/pipeline/bench';
import { measureStoreRun } from './store-run';
import { measureCrm } from './crm';
import { measureCrmHistory } from './crm-history';
import { measureUi } from './ui';

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

  log('crm: 10k contacts to the HubSpot emulator at 100 requests / 10 s…');
  const crm = await measureCrm();
  log(
    `crm: ${crm.contacts} contacts in ${crm.wallMs} ms = ${crm.hubspotRecordsPerSec} records/s; ratio ${crm.hubspotRateLimitRatio} of the ` +
      `fastest the limit allows for the ${crm.minRequests} requests a policy-respecting sync needs (target ≥ 0.9); ` +
      `${crm.requestsPerSec} requests/s = ${crm.requestUtilisation} of the limit; ${crm.rateLimited} × 429, ${crm.failed} failed, ${crm.duplicates} duplicates`,
  );

  log('crm history: the crm enrichment source over the 688-lead YC list, HubSpot emulator at 100 requests / 10 s…');
  const hist = await measureCrmHistory();
  const crmHistory = { leads: hist.leads, wallMs: hist.wallMs, leadsPerSec: hist.leadsPerSec, requests: hist.totalRequests, rateLimited: hist.rateLimited, failed: hist.failed };
  log(`crm history: ${hist.leads} leads in ${hist.wallMs} ms with ${hist.totalRequests} HubSpot requests (${hist.rateLimited} × 429)`);

  let ui: Record<string, unknown> = { skipped: 'Chromium not found (apt-get install chromium)' };
  if (existsSync(process.env.LEADFORGE_CHROMIUM ?? '/usr/bin/chromium')) {
    log('ui: 10k leads and 10k drafts in the built app (Chromium)…');
    const u = await measureUi();
    ui = { reviewFirstRenderMs: u.reviewFirstRenderMs, reviewNextDraftMs: u.reviewNextDraftMs, pipelineLongestTaskMs: u.pipelineLongestTaskMs };
    log(
      `ui: Review first render ${u.reviewFirstRenderMs} ms (target ≤ 500), next draft ${u.reviewNextDraftMs} ms (target ≤ 50), ` +
        `Pipeline longest task ${u.pipelineLongestTaskMs} ms during a 10k-lead run (target ≤ 100)`,
    );
  } else log(`ui: ${ui.skipped}`);

  const result = { import: importFig, engine: engineFig, fanout: fanFig, store: storeFig, crm: { ...crm, history: crmHistory }, ui };
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
// The UI benchmark's browser and emulator sockets may keep the event loop alive; everything is measured and printed.
process.stdout.write('', () => process.exit(0));

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
