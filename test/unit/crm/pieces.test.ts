import { describe, expect, it } from 'vitest';
import { crmHistoryFields } from '../../../electron/core/agents/enrich/crm-source';
import { SecretScrubber } from '../../../electron/core/crm/scrub';
import { MicroBatcher } from '../../../electron/core/crm/sync/batcher';

describe('crmHistoryFields', () => {
  it('reports nothing when the CRM knows neither the person nor the company', () => {
    expect(crmHistoryFields({ kind: 'hubspot', openDeals: 0, isCustomer: false })).toEqual({});
  });
  it('flags an owner other than the connected user; the rep\'s own records are not "owned by another"', () => {
    const h = { kind: 'hubspot' as const, personId: '1', ownerId: '77', ownerName: 'Sam Other', lifecycleStage: 'lead', openDeals: 2, isCustomer: false, lastActivityAt: '2026-01-01T00:00:00.000Z' };
    expect(crmHistoryFields(h, 'me@example.com')).toEqual({
      crmOwner: 'Sam Other', crmOwnedByOther: true, crmLifecycleStage: 'lead', crmLastActivityAt: '2026-01-01T00:00:00.000Z', crmOpenDeals: 2, crmIsCustomer: false,
    });
    expect(crmHistoryFields({ ...h, ownerName: 'Me@Example.com' }, 'me@example.com').crmOwnedByOther).toBe(false);
    expect(crmHistoryFields({ ...h, ownerName: undefined, ownerId: undefined }, 'me@example.com').crmOwnedByOther).toBeUndefined();
    expect(crmHistoryFields(h).crmOwnedByOther).toBe(true); // who is connected is unknown: any owner counts
  });
});

describe('SecretScrubber', () => {
  it('replaces remembered secrets and bearer credentials', () => {
    const s = new SecretScrubber();
    s.add('pat-na1-secret-value');
    s.add('short');
    expect(s.scrub('token pat-na1-secret-value refused; short stays; Authorization: Bearer abc.def-123456789')).toBe(
      'token [redacted] refused; short stays; Authorization: Bearer [redacted]',
    );
  });
});

describe('MicroBatcher', () => {
  it('coalesces requests made within the window into one batch, each getting its own result', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    }, { windowMs: 20, maxBatch: 3 });
    const r = await Promise.all([b.submit(1), b.submit(2), b.submit(3), b.submit(4)]);
    expect(r).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });
  it('rejects every request of a failed batch', async () => {
    const b = new MicroBatcher<number, number>(async () => {
      throw new Error('CRM down');
    });
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow('CRM down');
  });
});
