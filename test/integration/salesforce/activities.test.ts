import { afterEach, describe, expect, it } from 'vitest';
import { activityMarker } from '../../../electron/core/crm/salesforce/index';
import { harness, type Harness } from './helpers';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Salesforce Task logging', () => {
  it('logs drafts as completed Tasks on the contact and account, findable by their key after a crash', async () => {
    h = await harness({ mode: 'contact_account' });
    const acct = h.em.insert('Account', { Name: 'Globex', Website: 'globex.io' });
    const contact = h.em.insert('Contact', { LastName: 'Lee', Email: 'ann@globex.io', AccountId: acct });
    const [r] = await h.adapter.logActivities([
      { key: 'leadforge:lead-1:v1', leadKey: 'lead-1', personId: contact, accountId: acct, subject: 'Idea for Globex', body: 'Hi Ann,\n\nQuick idea…', timestamp: '2026-05-06T10:11:12Z' },
    ]);
    expect(r).toMatchObject({ key: 'lead-1', ok: true, created: true });
    const task = h.em.records('Task')[0]!;
    expect(task).toMatchObject({
      Id: r!.id,
      Subject: 'Idea for Globex',
      WhoId: contact,
      WhatId: acct,
      Status: 'Completed',
      IsClosed: true,
      ActivityDate: '2026-05-06',
      Description: `Hi Ann,\n\nQuick idea…\n\n${activityMarker('leadforge:lead-1:v1')}`,
    });
    expect(await h.adapter.findActivity('leadforge:lead-1:v1', contact)).toBe(r!.id);
    expect(await h.adapter.findActivity('leadforge:lead-1:v2', contact)).toBeUndefined();
    expect(await h.adapter.findActivity('leadforge:lead-1:v1', 'not-an-id')).toBeUndefined();
    // Salesforce rolls the activity date up to the contact and account.
    expect((await h.adapter.history({ email: 'ann@globex.io' })).lastActivityAt).toBe('2026-05-06');
  });

  it('never sets WhatId on a lead task, truncates long subjects and bodies, and keeps per-record errors', async () => {
    h = await harness();
    const lead = h.em.insert('Lead', { LastName: 'Lee', Company: 'Globex', Email: 'ann@globex.io' });
    const results = await h.adapter.logActivities([
      { key: 'k1', leadKey: 'lead-1', personId: lead, accountId: '001000000000000AAA', subject: 'S'.repeat(300), body: 'B'.repeat(40_000), timestamp: '2026-05-06T10:11:12Z' },
      { key: 'k2', leadKey: 'lead-2', personId: '00Q5g00000000zzAAA', subject: 'x', body: 'y', timestamp: '2026-05-06T10:11:12Z' },
    ]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ key: 'lead-2', ok: false, error: { code: 'INVALID_CROSS_REFERENCE_KEY' } });
    const t = h.em.records('Task')[0]!;
    expect(t.WhatId).toBeUndefined();
    expect((t.Subject as string).length).toBe(255);
    expect((t.Description as string).length).toBeLessThanOrEqual(32_000);
    expect((t.Description as string).endsWith(activityMarker('k1'))).toBe(true);
    expect(await h.adapter.findActivity('k1', lead)).toBe(results[0]!.id);
  });

  it('logging the same key again (or twice in one batch) never duplicates the Task', async () => {
    h = await harness();
    const lead = h.em.insert('Lead', { LastName: 'Lee', Company: 'Globex', Email: 'ann@globex.io' });
    const a = { key: 'leadforge:l1:v1', leadKey: 'l1', personId: lead, subject: 's', body: 'b', timestamp: '2026-05-06T10:11:12Z' };
    const first = await h.adapter.logActivities([a, { ...a, leadKey: 'l1-again' }]);
    expect(first[0]).toMatchObject({ key: 'l1', ok: true, created: true });
    expect(first[1]).toEqual({ key: 'l1-again', ok: true, id: first[0]!.id, created: false });
    const again = await h.adapter.logActivities([a, { ...a, key: 'leadforge:l1:v2' }]);
    expect(again[0]).toEqual({ key: 'l1', ok: true, id: first[0]!.id, created: false });
    expect(again[1]).toMatchObject({ ok: true, created: true });
    expect(h.em.records('Task')).toHaveLength(2);
  });
});
