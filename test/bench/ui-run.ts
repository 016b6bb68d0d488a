/**
 * Standalone run of the UI benchmark: `node --import tsx test/bench/ui-run.ts [--json]` (builds the bundles
 * first; about 2-3 minutes on 2 cores). `npm run bench` runs the same measurement through test/bench/run.ts
 * (`ui: {...}` in its JSON).
 */
import { measureUi } from './ui';

const json = process.argv.includes('--json');
const result = await measureUi();
if (json) process.stdout.write(`${JSON.stringify({ ui: { reviewFirstRenderMs: result.reviewFirstRenderMs, reviewNextDraftMs: result.reviewNextDraftMs, pipelineLongestTaskMs: result.pipelineLongestTaskMs } }, null, 2)}\n`);
else {
  const d = result.details;
  process.stdout.write(
    `ui: ${d.leads} leads / ${d.drafts} drafts seeded in ${d.seedMs} ms\n` +
      `ui: Review first render ${d.reviewFirstRenderMs} ms (target ≤ 500; of which ${d.reviewFirstRenderWireMs} ms reading IPC payloads through the harness)\n` +
      `ui: next draft (j) median ${d.reviewNextDraftMs} ms, p95 ${d.nextDraftP95Ms} ms over ${d.nextDraftSamples} moves (target ≤ 50)\n` +
      `ui: Pipeline longest task ${d.pipelineLongestTaskMs} ms, ${d.pipelineLongTasks} long tasks during a ${d.pipelineRunMs} ms 10k-lead run (target ≤ 100); top ${d.pipelineTopTasksMs.join(', ')} ms\n`,
  );
}
process.exit(0);
