/**
 * Standalone run of the UI benchmark: `node --import tsx test/bench/ui-run.ts [--json] [--profile <dir>]` (builds
 * the bundles first; about 2-3 minutes on 2 cores). `npm run bench` runs the same measurement through
 * test/bench/run.ts (`ui: {...}` in its JSON). `--profile <dir>` also CPU-profiles the renderer during each
 * measurement (see ui-profile.ts) and prints what the longest busy stretches spent their time in.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { measureUi } from './ui';

const json = process.argv.includes('--json');
const at = process.argv.indexOf('--profile');
const profileDir = at >= 0 ? path.resolve(process.argv[at + 1] ?? 'test-results/ui-profile') : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const result = await measureUi(profileDir ? { profileDir } : {});
if (json) process.stdout.write(`${JSON.stringify({ ui: { reviewFirstRenderMs: result.reviewFirstRenderMs, reviewNextDraftMs: result.reviewNextDraftMs, pipelineLongestTaskMs: result.pipelineLongestTaskMs } }, null, 2)}\n`);
else {
  const d = result.details;
  process.stdout.write(
    `ui: ${d.leads} leads / ${d.drafts} drafts seeded in ${d.seedMs} ms\n` +
      `ui: Review first render ${d.reviewFirstRenderMs} ms (target ≤ 500; of which ${d.reviewFirstRenderWireMs} ms reading IPC payloads through the harness)\n` +
      `ui: next draft (j) median ${d.reviewNextDraftMs} ms, p95 ${d.nextDraftP95Ms} ms over ${d.nextDraftSamples} moves (target ≤ 50)\n` +
      `ui: Pipeline longest task ${d.pipelineLongestTaskMs} ms, ${d.pipelineLongTasks} long tasks during a ${d.pipelineRunMs} ms 10k-lead run (target ≤ 100); top ${d.pipelineTopTasksMs.join(', ')} ms\n`,
  );
  for (const p of d.profiles ?? []) {
    process.stdout.write(`profile ${p.name}: ${p.file}\n`);
    for (const s of p.stretches.slice(0, 5)) {
      process.stdout.write(`  ${s.durationMs} ms busy at +${s.startMs} ms: ${s.top.map((f) => `${f.fn} ${f.ms}`).join(' | ')}\n`);
    }
  }
}
process.exit(0);
