/**
 * The list handlers at their design size: 10k leads × the lead flow's stages and 10k drafts. Correctness only;
 * timings are measured by measure-sizes.ts (speed goals belong in benchmarks, not in unit tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueItem } from '@shared/index';
import { LEAD_PAGE_DEFAULT, ipcContract, statusAt, type LeadRow, type LeadTablePage } from '@shared/ipc';
import type { LeadforgeCore } from '../../../electron/core/app';
import { cleanupTemps, openCore } from './helpers';
import { seedLarge, type Seeded } from './seed-large';

const N = 10_000;
let core: LeadforgeCore;
let seeded: Seeded;
beforeAll(async () => {
  core = await openCore();
  seeded = seedLarge(core, N);
});
afterAll(async () => {
  await core.close();
  cleanupTemps();
});

describe('10k leads and drafts', () => {
  it('runs:leads gives every lead with its stage statuses, durations, score and error', async () => {
    // Paged with the default page size, each page valid under the contract's response schema.
    const rows: LeadRow[] = [];
    let page: LeadTablePage;
    do {
      page = await core.api['runs:leads']({ runId: seeded.run.id, offset: rows.length });
      expect(ipcContract['runs:leads'].response.safeParse(page).success).toBe(true);
      expect(page).toMatchObject({ total: N, offset: rows.length, stages: seeded.run.stages });
      expect(page.rows.length).toBeLessThanOrEqual(LEAD_PAGE_DEFAULT);
      rows.push(...page.rows);
    } while (page.rows.length > 0 && rows.length < N);
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.leadId)).toEqual(seeded.run.leadIds);
    const at = (stage: string) => seeded.run.stages.indexOf(stage);
    for (const [i, r] of rows.entries()) {
      expect(r.statuses).toHaveLength(seeded.run.stages.length);
      expect(r.score).toBe(i % 101);
      expect(r.name).toBe(`First${i} Last${i}`);
      expect(r.durationsMs[at('classify')]).toBe((i % 7) + 0.5);
      if (seeded.failedLeadIds.has(r.leadId)) {
        expect(r.error).toBe(`draft: template broke for ${r.leadId}`);
        expect([statusAt(r.statuses, at('draft')), statusAt(r.statuses, at('review')), statusAt(r.statuses, at('queue'))]).toEqual(['failed', 'skipped', 'skipped']);
      } else {
        expect(r.error).toBeUndefined();
        expect(r.statuses).toBe('d'.repeat(seeded.run.stages.length));
      }
    }
    const whole = await core.api['runs:leads']({ runId: seeded.run.id, limit: N });
    expect(whole.rows).toEqual(rows);
    const [s] = await core.api['runs:list']({});
    expect(s).toMatchObject({ id: 'R-big', leadsTotal: N, leadsDone: N, leadsFailed: seeded.failedLeadIds.size, elapsedMs: 12_345 });
    expect(s.counts.total).toBe(N * seeded.run.stages.length);
    expect(s.perStage.draft.failed).toBe(seeded.failedLeadIds.size);
  });

  it('review:list sorts 10k drafts by risk and filters them; review:get marks one seen', async () => {
    const page = await core.api['review:list']({});
    expect(ipcContract['review:list'].response.safeParse(page).success).toBe(true);
    const list = page.entries;
    expect(list).toHaveLength(N);
    expect(page.total).toBe(N);
    const flagged = list.filter((e) => e.status === 'flagged').length;
    expect(flagged).toBe(Math.ceil(N / 13));
    expect(list.slice(0, flagged).every((e) => e.status === 'flagged')).toBe(true);
    expect(list.slice(flagged).every((e) => e.status !== 'flagged')).toBe(true);
    for (let i = 1; i < flagged; i++) {
      const [a, b] = [list[i - 1], list[i]];
      expect(a.confidence < b.confidence || (a.confidence === b.confidence && a.score <= b.score)).toBe(true);
    }
    const approvedFirst = list.findIndex((e) => e.status === 'approved');
    expect(list.slice(flagged, approvedFirst).every((e) => e.status === 'pending')).toBe(true);

    const mid = (await core.api['review:list']({ filter: { status: ['pending', 'flagged'], minScore: 40, maxScore: 60, labels: ['high_intent'] } })).entries;
    const items = [...core.store.collection<QueueItem>('drafts').values()];
    const expected = items.filter((q) => q.status !== 'approved' && q.score.score >= 40 && q.score.score <= 60 && q.classification.label === 'high_intent');
    expect(new Set(mid.map((e) => e.id))).toEqual(new Set(expected.map((q) => q.id)));
    expect(mid.length).toBeGreaterThan(100);
    expect((await core.api['review:list']({ filter: { text: 'company 9999' } })).entries).toHaveLength(1);
    expect(await core.api['review:list']({ limit: 50 })).toEqual({ total: N, offset: 0, entries: list.slice(0, 50) });

    const item = await core.api['review:get']({ id: list[0].id });
    expect(item.seen).toBe(true);
    const outbox = await core.api['outbox:list']({});
    expect(outbox).toHaveLength(items.filter((q) => q.status === 'approved').length);
    expect(outbox[0].decidedAt! > outbox[outbox.length - 1].decidedAt!).toBe(true);
  });

  it('bulk approve takes the maximum 10k ids and refuses the ones never shown', async () => {
    const ids = Array.from({ length: N }, (_, i) => `L${i}`);
    for (const id of ids.filter((_, i) => i % 2 === 0 && i % 11 !== 0).slice(0, 500)) await core.api['review:get']({ id });
    const drafts = core.store.collection<QueueItem>('drafts');
    const open = (q: QueueItem) => q.status === 'pending' || q.status === 'flagged';
    const shown = ids.filter((id) => open(drafts.get(id)!) && drafts.get(id)!.seenAt);
    const approvedBefore = ids.filter((id) => drafts.get(id)!.status === 'approved');
    expect(shown.length).toBeGreaterThanOrEqual(500);
    const r = await core.api['review:bulkApprove']({ ids });
    expect(r.approved).toEqual(shown);
    expect(r.refused.filter((x) => x.reason === 'already approved').map((x) => x.id)).toEqual(approvedBefore);
    expect(r.refused.filter((x) => x.reason === 'never shown')).toHaveLength(N - shown.length - approvedBefore.length);
    expect(shown.every((id) => drafts.get(id)!.status === 'approved')).toBe(true);
  });
});
