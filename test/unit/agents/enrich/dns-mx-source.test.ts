import { describe, expect, it } from 'vitest';
import { EnrichmentResultSchema } from '@shared/index';
import { DnsMxSource, mailProviderOf, type MxResolver } from '../../../../electron/core/agents/enrich/dns-mx-source';
import { lead, settings } from '../fixtures/yc';

const s = settings({ pipeline: { concurrency: 4, dnsTimeoutMs: 300, dnsEnabled: true } });
const dnsError = (code: string) => Object.assign(new Error(`queryMx ${code} x`), { code });

/** A fake resolver answering from a table; unknown names get NXDOMAIN. Records every query. */
function fakeResolver(table: Record<string, { exchange: string; priority: number }[] | string>, calls: string[] = []) {
  return (): MxResolver => ({
    async resolveMx(host) {
      calls.push(host);
      const v = table[host];
      if (v === undefined) throw dnsError('ENOTFOUND');
      if (typeof v === 'string') throw dnsError(v);
      return v;
    },
  });
}

describe('dns MX source', () => {
  it('reports MX hosts by priority and the mail provider for a business email domain', async () => {
    const calls: string[] = [];
    const src = new DnsMxSource({
      createResolver: fakeResolver({ 'acme.com': [{ exchange: 'alt1.aspmx.l.google.com', priority: 5 }, { exchange: 'aspmx.l.google.com', priority: 1 }] }, calls),
    });
    const r = await src.run(lead({ email: 'jane@acme.com', website: 'other.com' }), { settings: s });
    expect(EnrichmentResultSchema.parse(r)).toEqual(r);
    expect(r.status).toBe('ok');
    expect(r.fields).toEqual({ mxDomain: 'acme.com', mxFound: true, mxHosts: ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'], mailProvider: 'Google Workspace' });
    expect(r.provenance.ref).toBe('MX acme.com');
    expect(calls).toEqual(['acme.com']);
  });

  it('looks up the website domain when the email is free mail', async () => {
    const calls: string[] = [];
    const src = new DnsMxSource({ createResolver: fakeResolver({ 'goldbely.com': [{ exchange: 'mx.goldbely.com.', priority: 10 }] }, calls) });
    const r = await src.run(lead({ email: 'joe@gmail.com', website: 'http://www.goldbely.com' }), { settings: s });
    expect(r.fields.mxHosts).toEqual(['mx.goldbely.com']);
    expect(calls).toEqual(['goldbely.com']);
  });

  it('reports mxFound false for NXDOMAIN when the canary resolves', async () => {
    const src = new DnsMxSource({ createResolver: fakeResolver({ 'gmail.com': [{ exchange: 'gmail-smtp-in.l.google.com', priority: 5 }], 'nomx.com': 'ENODATA' }) });
    const r = await src.run(lead({ website: 'nomx.com' }), { settings: s });
    expect(r.status).toBe('ok');
    expect(r.fields).toEqual({ mxDomain: 'nomx.com', mxFound: false });
  });

  it('fails soft when the resolver answers NXDOMAIN for everything (offline / captive DNS), then stops asking (circuit breaker)', async () => {
    const calls: string[] = [];
    const src = new DnsMxSource({ createResolver: fakeResolver({}, calls) });
    const r1 = await src.run(lead({ website: 'acme.com' }), { settings: s });
    expect(r1.status).toBe('failed');
    expect(r1.error).toMatch(/DNS not usable.*ENOTFOUND.*canary/);
    expect(r1.fields).toEqual({});
    const r2 = await src.run(lead({ website: 'globex.com' }), { settings: s });
    expect(r2.status).toBe('failed');
    expect(r2.error).toMatch(/not attempted/);
    expect(calls).toEqual(['acme.com', 'gmail.com']);
  });

  it('retries DNS once the failed canary verdict expires', async () => {
    const calls: string[] = [];
    const src = new DnsMxSource({ createResolver: fakeResolver({}, calls), canaryFailTtlMs: 0 });
    await src.run(lead({ website: 'acme.com' }), { settings: s });
    await src.run(lead({ website: 'globex.com' }), { settings: s });
    expect(calls).toEqual(['acme.com', 'gmail.com', 'globex.com', 'gmail.com']);
  });

  it('fails soft on resolver errors (refused, servfail) without throwing', async () => {
    const gmail = [{ exchange: 'gmail-smtp-in.l.google.com', priority: 5 }];
    const src = new DnsMxSource({ createResolver: fakeResolver({ 'gmail.com': gmail, 'acme.com': 'ECONNREFUSED', 'initech.com': 'ESERVFAIL' }) });
    const r = await src.run(lead({ website: 'acme.com' }), { settings: s });
    expect(r).toMatchObject({ source: 'dns', status: 'failed', error: expect.stringMatching(/^MX lookup for acme.com failed: .*ECONNREFUSED/) });
    expect((await src.run(lead({ website: 'initech.com' }), { settings: s })).error).toContain('ESERVFAIL');
    const down = new DnsMxSource({ createResolver: fakeResolver({ 'acme.com': 'ECONNREFUSED', 'gmail.com': 'ECONNREFUSED' }) });
    expect((await down.run(lead({ website: 'acme.com' }), { settings: s })).error).toMatch(/DNS not usable: MX lookup for acme.com failed \(.*ECONNREFUSED/);
  });

  it('fails FAST with a slow (hanging) resolver: status failed within the timeout, query cancelled', async () => {
    let cancelled = 0;
    const hanging = (): MxResolver => ({ resolveMx: () => new Promise(() => {}), cancel: () => void cancelled++ });
    const src = new DnsMxSource({ createResolver: hanging, timeoutMs: 150 });
    const t0 = Date.now();
    const r = await src.run(lead({ email: 'jane@acme.com' }), { settings: s });
    const elapsed = Date.now() - t0;
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/timed out after 150 ms/);
    expect(elapsed).toBeLessThan(1000); // lookup 150 ms + canary floor 200 ms
    expect(r.durationMs).toBeGreaterThanOrEqual(100);
    expect(cancelled).toBe(2); // the lookup and the canary were both cancelled
    // The circuit is now open: the next lead fails at once.
    const t1 = Date.now();
    expect((await src.run(lead({ email: 'joe@globex.com' }), { settings: s })).error).toMatch(/not attempted/);
    expect(Date.now() - t1).toBeLessThan(50);
  });

  it('uses the real system resolver and still answers quickly on this offline machine (< 2 s)', async () => {
    const src = new DnsMxSource();
    const t0 = Date.now();
    const r = await src.run(lead({ email: 'someone@example-company-that-does-not-exist-4242.com' }), { settings: settings() });
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(['ok', 'failed']).toContain(r.status);
    if (r.status === 'failed') expect(r.error).toBeTruthy();
  });

  it('is skipped when DNS is disabled or there is no domain', async () => {
    const src = new DnsMxSource({ createResolver: fakeResolver({}) });
    const off = await src.run(lead({ website: 'acme.com' }), { settings: settings({ pipeline: { concurrency: 1, dnsTimeoutMs: 100, dnsEnabled: false } }) });
    expect(off.status).toBe('skipped');
    const none = await src.run(lead({ email: 'jane@gmail.com' }), { settings: s });
    expect(none.status).toBe('skipped');
  });

  it('rejects with the abort reason when the engine aborts (cancel/pause), so nothing is checkpointed', async () => {
    const src = new DnsMxSource({ createResolver: () => ({ resolveMx: () => new Promise(() => {}) }), timeoutMs: 5000 });
    const ctl = new AbortController();
    const p = src.run(lead({ website: 'acme.com' }), { settings: s, signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error('paused')), 20);
    await expect(p).rejects.toThrow('paused');
  });

  it('names mail providers from MX hosts', () => {
    expect(mailProviderOf('acme-com.mail.protection.outlook.com.')).toBe('Microsoft 365');
    expect(mailProviderOf('mx.zoho.com')).toBe('Zoho Mail');
    expect(mailProviderOf('mx1.acme.com')).toBeUndefined();
  });
});
