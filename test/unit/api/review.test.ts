/**
 * review:* and outbox:list through the real core, on drafts made by running the real pipeline over the YC list.
 * Real list: Startups.csv of the Y Combinator list by Alice Corona (github.com/ali-ce/datasets), CC BY-SA 4.0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcEventName, IpcEventPayload, QueueEntry } from '@shared/ipc';
import type { QueueItem } from '@shared/index';
import type { LeadforgeCore } from '../../../electron/core/app';
import { UserFacingError } from '../../../electron/core/api/types';
import { compareRisk } from '../../../electron/core/services/review-queue';
import { STARTUPS_CSV, cleanupTemps, importAndRun, openCore, rejection } from '../services/helpers';

let core: LeadforgeCore;
let all: QueueEntry[];
/** Hands out distinct pending drafts, so tests do not step on each other. */
let next = 0;
const pending = (): QueueEntry => {
  const e = all.filter((x) => x.status === 'pending')[next++];
  if (!e) throw new Error('out of pending drafts');
  return e;
};
const stored = (id: string): QueueItem => core.store.collection<QueueItem>('drafts').get(id)!;

beforeAll(async () => {
  core = await openCore();
  await importAndRun(core, STARTUPS_CSV);
  // Make a few drafts flagged (failed review) so the risk order has something to sort.
  const items = [...core.store.collection<QueueItem>('drafts').values()];
  for (const item of items.slice(-3)) {
    core.store.collection<QueueItem>('drafts').put({
      ...item,
      status: 'flagged',
      verdict: { ...item.verdict, passed: false, issues: [{ code: 'untraceable_claim', severity: 'error', message: 'test' }] },
    });
  }
  all = (await core.api['review:list']({})).entries;
});
afterAll(async () => {
  await core.close();
  cleanupTemps();
});

describe('review:list', () => {
  it('lists every draft, riskiest first: flagged, failed verdicts, lowest confidence, lowest score', () => {
    expect(all.length).toBe(core.store.collection('drafts').size);
    expect(Object.keys(all[0]).sort()).toEqual(['company', 'confidence', 'edited', 'id', 'issueCount', 'label', 'name', 'passed', 'score', 'seen', 'status', 'subject']);
    expect(all.length).toBeGreaterThan(400);
    expect(all.slice(0, 3).every((e) => e.status === 'flagged' && !e.passed)).toBe(true);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      if (a.status === b.status && a.passed === b.passed) {
        expect(a.confidence < b.confidence || (a.confidence === b.confidence && a.score <= b.score), `${a.id} before ${b.id}`).toBe(true);
      }
    }
    expect([...all].sort(compareRisk)).toEqual(all);
    const curebit = all.find((e) => e.company === 'Curebit')!;
    expect(curebit).toMatchObject({ name: 'Allan Grant', status: 'pending', seen: false, edited: false, passed: true, label: 'high_intent' });
    expect(curebit.subject).toBe('Idea for Curebit');
  });

  it('filters by status, score range, labels and text (case-insensitive name/company/subject)', async () => {
    const list = async (filter: object) => {
      const page = await core.api['review:list']({ filter });
      expect(page.total).toBe(page.entries.length);
      return page.entries;
    };
    expect(await list({ status: ['flagged'] })).toEqual(all.filter((e) => e.status === 'flagged'));
    expect(await list({ minScore: 80, maxScore: 90 })).toEqual(all.filter((e) => e.score >= 80 && e.score <= 90));
    const label = all[all.length - 1].label;
    expect(await list({ labels: [label] })).toEqual(all.filter((e) => e.label === label));
    const byText = await list({ text: 'CUREBIT' });
    expect(byText.map((e) => e.company)).toEqual(['Curebit']);
    expect(await list({ text: 'allan grant' })).toEqual(byText);
    expect(await list({ status: ['approved'] })).toEqual([]);
  });

  it('pages: offset/limit give the same order in slices, with the total that match', async () => {
    const first = await core.api['review:list']({ limit: 50 });
    expect(first).toEqual({ total: all.length, offset: 0, entries: all.slice(0, 50) });
    const rest = await core.api['review:list']({ offset: 50 });
    expect(rest).toEqual({ total: all.length, offset: 50, entries: all.slice(50) });
    const flagged = await core.api['review:list']({ filter: { status: ['flagged'] }, offset: 1, limit: 1 });
    expect(flagged).toEqual({ total: 3, offset: 1, entries: all.filter((e) => e.status === 'flagged').slice(1, 2) });
    expect((await core.api['review:list']({ offset: all.length + 10 })).entries).toEqual([]);
  });
});

describe('review:counts', () => {
  it('counts queue items per status', async () => {
    const items = [...core.store.collection<QueueItem>('drafts').values()];
    const expected = { pending: 0, flagged: 0, approved: 0, rejected: 0 };
    for (const q of items) expected[q.status]++;
    expect(await core.api['review:counts']({})).toEqual(expected);
    expect(expected.flagged).toBe(3);
    expect(expected.pending).toBeGreaterThan(400);
  });
});

describe('review:get', () => {
  it('returns the full item with lead and profile, and marks it seen once (persisted)', async () => {
    const e = pending();
    const first = await core.api['review:get']({ id: e.id });
    expect(first).toMatchObject({ id: e.id, leadId: e.id, seen: true, status: 'pending' });
    expect(first.lead.id).toBe(e.id);
    expect(first.profile?.leadId).toBe(e.id);
    expect(first.draft.body.length).toBeGreaterThan(50);
    expect(first.seenAt).toBeDefined();
    const again = await core.api['review:get']({ id: e.id });
    expect(again.seenAt).toBe(first.seenAt);
    expect(stored(e.id).seenAt).toBe(first.seenAt);
    expect((await core.api['review:list']({ filter: { text: e.company } })).entries.find((x) => x.id === e.id)?.seen).toBe(true);
  });

  it('refuses unknown ids for every review action', async () => {
    for (const p of [
      core.api['review:get']({ id: 'nope' }),
      core.api['review:approve']({ id: 'nope' }),
      core.api['review:reject']({ id: 'nope', reason: 'x' }),
      core.api['review:reopen']({ id: 'nope' }),
      core.api['review:regenerate']({ id: 'nope' }),
    ]) {
      const err = await rejection(p);
      expect(err).toBeInstanceOf(UserFacingError);
      expect(err).toMatchObject({ code: 'not_found', message: 'No draft with id nope' });
    }
  });
});

describe('review:approve / reject / reopen', () => {
  it('approves as is, then refuses a second decision until reopened', async () => {
    const e = pending();
    const approved = await core.api['review:approve']({ id: e.id });
    expect(approved).toMatchObject({ status: 'approved' });
    expect(approved.decidedAt).toBeDefined();
    expect(approved.edited).toBeUndefined();
    expect(stored(e.id).status).toBe('approved');
    await expect(core.api['review:approve']({ id: e.id })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(core.api['review:reject']({ id: e.id, reason: 'x' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(core.api['review:regenerate']({ id: e.id })).rejects.toMatchObject({ code: 'invalid_state' });

    const reopened = await core.api['review:reopen']({ id: e.id });
    expect(reopened.status).toBe('pending');
    expect(reopened.decidedAt).toBeUndefined();
    await expect(core.api['review:reopen']({ id: e.id })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('approves an edit: keeps the agent draft, re-reviews the edited text and records its issues', async () => {
    const e = pending();
    const item = await core.api['review:get']({ id: e.id });
    const body = item.draft.body.replace(/\n\nBest,/, '\n\nYou raised $90 million last week, congratulations.\n\nBest,');
    expect(body).not.toBe(item.draft.body);
    const approved = await core.api['review:approve']({ id: e.id, subject: 'A new subject', body });
    expect(approved).toMatchObject({ status: 'approved', edited: true });
    expect(approved.draft).toMatchObject({ subject: 'A new subject', body });
    expect(approved.originalDraft).toEqual(item.draft);
    expect(approved.verdict.agent).toBe('rules/review@1');
    expect(approved.verdict.issues.map((i) => i.code)).toContain('untraceable_claim'); // kept for the record
    expect(stored(e.id).originalDraft).toEqual(item.draft);
  });

  it('refuses an edit with compliance errors, listing them, and stores nothing', async () => {
    const e = pending();
    const item = await core.api['review:get']({ id: e.id });
    const settings = await core.api['settings:get']({});
    const body = item.draft.body.replace(settings.footer.unsubscribeText, '').replace(settings.sender.address!, 'Dear {{firstName}}');
    const err = await rejection(core.api['review:approve']({ id: e.id, body }));
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe('compliance');
    expect(err.message).toMatch(/unsubscribe_missing/);
    expect(err.message).toMatch(/placeholder/);
    expect(err.message).toMatch(/address_missing/);
    expect(stored(e.id)).toMatchObject({ status: 'pending', draft: item.draft });
    expect(stored(e.id).edited).toBeUndefined();
  });

  it('rejects with a reason, and reopening puts it back as pending or flagged by its verdict', async () => {
    const e = pending();
    const rejected = await core.api['review:reject']({ id: e.id, reason: 'Not our market' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: 'Not our market' });
    expect((await core.api['review:reopen']({ id: e.id })).status).toBe('pending');
    expect(stored(e.id).rejectReason).toBeUndefined();

    const flagged = all.find((x) => x.status === 'flagged')!;
    await core.api['review:reject']({ id: flagged.id, reason: 'x' });
    expect((await core.api['review:reopen']({ id: flagged.id })).status).toBe('flagged');
  });
});

describe('review:regenerate', () => {
  it('re-drafts with the stored profile and current settings; the new draft is unseen and unedited', async () => {
    const e = pending();
    const before = await core.api['review:get']({ id: e.id });
    const settings = await core.api['settings:get']({});
    await core.api['settings:save']({ settings: { ...settings, sender: { ...settings.sender, name: 'Robin Vale' } } });
    try {
      const regenerated = await core.api['review:regenerate']({ id: e.id });
      expect(regenerated.draft.body).toContain('Robin Vale');
      expect(regenerated.draft.body).not.toContain(settings.sender.name);
      expect(regenerated.draft.subject).toBe(before.draft.subject);
      expect(regenerated).toMatchObject({ seen: false, status: regenerated.verdict.passed ? 'pending' : 'flagged' });
      expect(regenerated.seenAt).toBeUndefined();
      expect(regenerated.score).toEqual(before.score);
      expect(regenerated.classification).toEqual(before.classification);
      expect(stored(e.id).draft.body).toBe(regenerated.draft.body);
    } finally {
      await core.api['settings:save']({ settings });
    }
  });
});

describe('review:bulkApprove and outbox:list', () => {
  it('approves only shown pending/flagged drafts and says why it refuses the rest', async () => {
    const shown = pending();
    const unseen = pending();
    const done = pending();
    await core.api['review:get']({ id: shown.id });
    await core.api['review:get']({ id: done.id });
    await core.api['review:approve']({ id: done.id });
    const r = await core.api['review:bulkApprove']({ ids: [shown.id, unseen.id, done.id, 'nope', shown.id] });
    expect(r.approved).toEqual([shown.id]);
    expect(r.refused).toEqual([
      { id: unseen.id, reason: 'never shown' },
      { id: done.id, reason: 'already approved' },
      { id: 'nope', reason: 'unknown draft' },
    ]);
    expect(stored(shown.id).status).toBe('approved');
    expect(stored(unseen.id).status).toBe('pending');
  });

  it('lists approved drafts in the outbox, newest decision first, and announces every change', async () => {
    const got: { event: IpcEventName; payload: unknown }[] = [];
    const off = core.events.subscribe(<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => got.push({ event, payload }));
    const a = pending();
    const b = pending();
    await new Promise((r) => setTimeout(r, 5)); // decisions are ISO times (ms): keep them apart
    await core.api['review:approve']({ id: a.id });
    await new Promise((r) => setTimeout(r, 5));
    await core.api['review:approve']({ id: b.id });
    const outbox = await core.api['outbox:list']({});
    expect(outbox.every((x) => x.status === 'approved')).toBe(true);
    expect(outbox.length).toBe([...core.store.collection<QueueItem>('drafts').values()].filter((q) => q.status === 'approved').length);
    expect(outbox[0].id).toBe(b.id);
    expect(outbox[1].id).toBe(a.id);
    for (let i = 1; i < outbox.length; i++) expect(outbox[i - 1].decidedAt! >= outbox[i].decidedAt!).toBe(true);
    const lead = core.store.collection<{ id: string; email?: string }>('leads').get(b.id)!;
    expect(outbox[0]).toMatchObject({ id: b.id, name: b.name, subject: b.subject, updatedAt: stored(b.id).updatedAt, decidedAt: stored(b.id).decidedAt });
    expect(outbox[0].email).toBe(lead.email);
    await new Promise((r) => setTimeout(r, 400));
    off();
    const changes = got.filter((g) => g.event === 'review:changed').map((g) => g.payload as IpcEventPayload<'review:changed'>);
    expect(changes.flatMap((c) => c.ids)).toEqual(expect.arrayContaining([a.id, b.id]));
    // Each batch carries the counts as they were when it was sent: the last one, the current counts.
    expect(changes.at(-1)!.counts).toEqual(await core.api['review:counts']({}));
    // Throttled: the first change goes out at once, later ones within 250 ms wait for the next batch.
    expect(got.filter((g) => g.event === 'review:changed')).toHaveLength(2);
  });
});
