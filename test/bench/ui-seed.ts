import path from 'node:path';
import type { Lead, QueueItem, Task } from '@shared/index';
import { SettingsSchema } from '@shared/domain/settings';
import { createCore } from '../../electron/core/app';
import { generateLeadCsv } from '../../electron/core/leads/generate';
import { taskIdOf } from '../../electron/core/pipeline/ids';
import { Store } from '../../electron/core/store/store';

/** Polls `check` every 100 ms until it returns true. @throws after `timeoutMs` (ms) */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Seeds `dataDir` with `count` leads and `count` review-queue drafts, fast: a few hundred generated leads run
 * through the REAL pipeline (core API, DNS off) in `scratchDir`, then their lead, synthesize-task (profile) and
 * queue records are cloned with new ids straight into the store (one write per shard). Every clone is a real
 * pipeline output (draft, verdict, score factors, classification); about 1 in 6 is `flagged`, the rest `pending`.
 * @param opts.dataDir the data dir to seed (must not be open elsewhere)
 * @param opts.scratchDir a scratch data dir for the template run
 * @param opts.count leads and drafts to write (e.g. 10 000)
 * @returns counts and the time taken in ms
 */
export async function seedReviewQueue(opts: { dataDir: string; scratchDir: string; count: number }): Promise<{ leads: number; drafts: number; ms: number }> {
  const started = performance.now();
  const core = await createCore({ dataDir: opts.scratchDir, settings: { pipeline: { ...SettingsSchema.parse({}).pipeline, dnsEnabled: false } } });
  let templates: Array<{ lead: Lead; item: QueueItem; synth?: Task }>;
  try {
    const csv = path.join(opts.scratchDir, 'template-leads.csv');
    await generateLeadCsv(csv, 400);
    const imported = await core.api['import:run']({ path: csv });
    const { runId } = await core.api['runs:start']({ importId: imported.importId });
    await waitUntil(async () => (await core.api['runs:list']({})).find((r) => r.id === runId)?.status === 'done', 120_000, 'the template run');
    const leads = core.store.collection<Lead>('leads');
    const tasks = core.store.collection<Task>('tasks');
    templates = [...core.store.collection<QueueItem>('drafts').values()].map((item) => ({
      lead: leads.get(item.leadId)!,
      item,
      synth: tasks.get(taskIdOf(item.runId, item.leadId, 'synthesize')),
    }));
  } finally {
    await core.close();
  }
  if (templates.length === 0) throw new Error('the template run produced no drafts');

  const store = await Store.open({ dataDir: opts.dataDir });
  try {
    const leads: Lead[] = [];
    const items: QueueItem[] = [];
    const synths: Task[] = [];
    for (let i = 0; i < opts.count; i++) {
      const t = templates[i % templates.length]!;
      const leadId = `bench-lead-${String(i).padStart(5, '0')}`;
      const suffix = ` ${Math.floor(i / templates.length) + 1}`;
      leads.push({
        ...t.lead,
        id: leadId,
        dedupeKey: `bench:${leadId}`,
        company: t.lead.company ? `${t.lead.company}${suffix}` : undefined,
        email: t.lead.email ? t.lead.email.replace('@', `+${i}@`) : undefined,
      });
      items.push({
        ...t.item,
        id: leadId,
        leadId,
        status: i % 6 === 0 ? 'flagged' : 'pending',
        seenAt: undefined,
        decidedAt: undefined,
      });
      if (t.synth) synths.push({ ...t.synth, id: taskIdOf(t.item.runId, leadId, 'synthesize'), leadId });
    }
    store.collection<Lead>('leads').putMany(leads);
    store.collection<QueueItem>('drafts').putMany(items);
    store.collection<Task>('tasks').putMany(synths);
    await store.flush();
  } finally {
    await store.close();
  }
  return { leads: opts.count, drafts: opts.count, ms: performance.now() - started };
}
