import type { QueueItem, Run, Task } from '@shared/index';
import { summariseRun } from '../../services/run-service';
import { withCore } from '../open-core';
import { printJson, printLines } from '../output';

/** `leadforge status`: leads stored, runs with per-stage task counts, and the review queue by status. */
export async function statusCommand(opts: { dataDir?: string; json?: boolean }): Promise<void> {
  await withCore(opts.dataDir, async (core) => {
    const tasks = core.store.collection<Task>('tasks');
    const runs = [...core.store.collection<Run>('runs').values()].map((run) => {
      const perStage: Record<string, Record<Task['status'], number>> = {};
      for (const stage of run.stages) {
        const counts = { pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
        for (const leadId of run.leadIds) counts[tasks.get(`${run.id}:${leadId}:${stage}`)?.status ?? 'pending']++;
        perStage[stage] = counts;
      }
      const s = summariseRun(core.store, core.flow, run);
      return { id: run.id, label: run.label, status: run.status, leads: run.leadIds.length, processed: s.processed, failed: s.failed, drafts: s.drafts, createdAt: run.createdAt, perStage };
    });
    const queue: Record<QueueItem['status'], number> = { pending: 0, flagged: 0, approved: 0, rejected: 0 };
    for (const q of core.store.collection<QueueItem>('drafts').values()) queue[q.status]++;
    const status = { dataDir: core.dataDir, leads: core.store.collection('leads').size, runs, queue };
    if (opts.json) return printJson(status);
    printLines(`Data dir: ${status.dataDir}`, `Leads: ${status.leads}`, `Review queue: ${queue.pending} pending, ${queue.flagged} flagged, ${queue.approved} approved, ${queue.rejected} rejected`);
    for (const r of runs) {
      printLines(`Run ${r.id} [${r.status}] ${r.label ?? ''}: ${r.processed}/${r.leads} leads processed, ${r.drafts} drafts, ${r.failed} failed`);
      for (const [stage, c] of Object.entries(r.perStage)) printLines(`   ${stage.padEnd(22)} done ${c.done}  skipped ${c.skipped}  failed ${c.failed}  pending ${c.pending + c.running}`);
    }
  });
}
