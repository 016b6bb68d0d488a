/**
 * Measures the app handlers at design size (not a test; run by hand):
 *   npx tsx --tsconfig tsconfig.base.json test/unit/services/measure-sizes.ts
 * 1. 10k leads × the flow's stages and 10k drafts seeded in a temp store: ms of runs:leads (all, one page), runs:list,
 *    review:list (all, first page), review:counts, review:get, leads:detail (wall and CPU ms: first call, median of
 *    repeated calls).
 * 2. A real 10k-lead run of the lead flow (generated list, DNS off) with a push-event subscriber: longest event-loop
 *    stall in the core's process, number and largest size of `pipeline:tasks` batches.
 * Prints one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcEventName, IpcEventPayload } from '@shared/ipc';
import { createCore } from '../../../electron/core/app';
import { generateLeadCsv } from '../../../electron/core/leads/generate';
import { seedLarge } from './seed-large';

const OFFLINE = { pipeline: { concurrency: 8, dnsTimeoutMs: 1500, dnsEnabled: false } };

/**
 * Wall and CPU ms (process.cpuUsage: user + system, so figures stay meaningful on a busy machine) of the first call
 * and the median of `runs` more.
 */
async function time(fn: () => Promise<unknown>, runs = 7) {
  const one = async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const c = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  };
  const first = await one();
  const all: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) all.push(await one());
  const median = (k: 'wall' | 'cpu') => all.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(all.length / 2)];
  return { firstMs: round(first.wall), firstCpuMs: round(first.cpu), medianMs: round(median('wall')), medianCpuMs: round(median('cpu')) };
}
const round = (x: number) => Math.round(x * 10) / 10;

async function handlers(dir: string) {
  const core = await createCore({ dataDir: join(dir, 'seeded'), settings: OFFLINE });
  const seeded = seedLarge(core, 10_000);
  const out = {
    runsLeads: await time(() => core.api['runs:leads']({ runId: seeded.run.id, limit: 10_000 })),
    runsLeadsPage: await time(() => core.api['runs:leads']({ runId: seeded.run.id, offset: 4000 })),
    runsList: await time(() => core.api['runs:list']({})),
    reviewList: await time(() => core.api['review:list']({})),
    reviewListFirstPage: await time(() => core.api['review:list']({ limit: 50 })),
    reviewCounts: await time(() => core.api['review:counts']({})),
    reviewListFiltered: await time(() => core.api['review:list']({ filter: { status: ['pending', 'flagged'], minScore: 30, text: 'company 1' } })),
    reviewGet: await time(() => core.api['review:get']({ id: 'L5000' })),
    leadsDetail: await time(() => core.api['leads:detail']({ leadId: 'L5000' })),
    payloadBytes: {
      runsLeads: JSON.stringify(await core.api['runs:leads']({ runId: seeded.run.id, limit: 10_000 })).length,
      reviewList: JSON.stringify(await core.api['review:list']({})).length,
    },
  };
  await core.close();
  return out;
}

async function streamingRun(dir: string, leads: number) {
  const csv = join(dir, 'leads.csv');
  await generateLeadCsv(csv, leads);
  const core = await createCore({ dataDir: join(dir, 'run'), settings: OFFLINE });
  const batches: number[] = [];
  let progress = 0;
  let review = 0;
  core.events.subscribe(<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => {
    if (event === 'pipeline:tasks') batches.push((payload as unknown[]).length);
    if (event === 'pipeline:progress') progress++;
    if (event === 'review:changed') review++;
  });
  const imported = await core.api['import:run']({ path: csv });
  let last = performance.now();
  let maxStallMs = 0;
  const iv = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last - 5);
    last = now;
  }, 5);
  const t0 = performance.now();
  const { runId } = await core.api['runs:start']({ importId: imported.importId });
  while (core.pipeline.isActive(runId)) await new Promise((r) => setTimeout(r, 20));
  const runMs = performance.now() - t0;
  clearInterval(iv);
  const [summary] = await core.api['runs:list']({});
  await core.close();
  return {
    leads: imported.leadCount,
    runMs: Math.round(runMs),
    leadsDone: summary.leadsDone,
    maxEventLoopStallMs: round(maxStallMs),
    taskBatches: batches.length,
    largestTaskBatch: Math.max(...batches),
    taskDeltas: batches.reduce((a, b) => a + b, 0),
    progressEvents: progress,
    reviewChangedEvents: review,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'leadforge-measure-'));
try {
  const result = { handlers10k: await handlers(dir), run10k: await streamingRun(dir, Number(process.env.LEADS ?? 10_000)) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
