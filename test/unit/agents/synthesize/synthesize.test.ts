import { describe, expect, it } from 'vitest';
import { ProspectProfileSchema, type EnrichmentResult } from '@shared/index';
import { sameFact, synthesizeProfile, RuleSynthesizeAgent } from '../../../../electron/core/agents/synthesize/synthesize';
import { makeResult } from '../../../../electron/core/agents/enrich/types';
import { settings } from '../fixtures/yc';

const now = () => new Date('2026-03-01T00:00:00.000Z');
const res = (source: string, fields: Record<string, string | number | boolean | string[]>, confidence = 0.9, fieldConfidence: Record<string, number> = {}): EnrichmentResult =>
  makeResult({ source, fields, confidence, fieldConfidence, ctx: { now } });
const ok = (value: unknown) => ({ ok: true as const, value });

describe('synthesizeProfile', () => {
  it('takes each field from the highest-priority source and keeps differing values as conflicts', () => {
    const p = synthesizeProfile(
      {
        leadId: 'L1',
        outcomes: {
          'enrich.dns': ok(res('dns', { mxFound: true, company: 'Acme Mail' }, 0.95)),
          'enrich.list': ok(res('list:f.csv#2', { company: 'Acme Inc', employees: 100, city: 'San Francisco', website: 'http://www.acme.com/' })),
          'enrich.website': ok(res('website:acme.com', { company: 'ACME  inc', employees: 105, city: 'Oakland', website: 'https://acme.com' }, 0.7)),
          'enrich.email-domain': ok(res('email-domain', { company: 'Acme', employees: 300 }, 0.35)),
        },
      },
      {},
      { now },
    );
    expect(ProspectProfileSchema.parse(p)).toEqual(p);
    expect(p.synthesizedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(p.fields.company).toMatchObject({ value: 'Acme Inc', source: 'list:f.csv#2', confidence: 0.9 });
    // "ACME  inc" is the same after case/whitespace normalisation: not a conflict.
    expect(p.fields.company.conflicts).toEqual([
      { value: 'Acme', source: 'email-domain', confidence: 0.35 },
      { value: 'Acme Mail', source: 'dns', confidence: 0.95 },
    ]);
    // 105 is within 10% of 100: not a conflict; 300 is.
    expect(p.fields.employees.conflicts).toEqual([{ value: 300, source: 'email-domain', confidence: 0.35 }]);
    expect(p.fields.city.conflicts).toEqual([{ value: 'Oakland', source: 'website:acme.com', confidence: 0.7 }]);
    expect(p.fields.website.conflicts).toEqual([]);
    expect(p.fields.mxFound).toMatchObject({ value: true, source: 'dns' });
    expect(p.fields.company.provenance).toMatchObject({ source: 'list:f.csv#2', confidence: 0.9 });
  });

  it('lists failed and skipped sources with their errors without sinking the lead', () => {
    const failedResult: EnrichmentResult = { source: 'dns', status: 'failed', fields: {}, fieldConfidence: {}, provenance: { source: 'dns', fetchedAt: 'x', confidence: 0 }, error: 'ETIMEOUT' };
    const p = synthesizeProfile({
      leadId: 'L2',
      outcomes: {
        'enrich.list': ok(res('list:f.csv#3', { company: 'Globex' })),
        'enrich.dns': ok(failedResult),
        'enrich.website': { ok: false, status: 'failed', error: 'fetch failed: ECONNREFUSED' },
        'enrich.crm': { ok: false, status: 'skipped', error: 'not connected' },
        'enrich.bogus': ok({ nope: true }),
      },
    });
    expect(p.fields.company.value).toBe('Globex');
    expect(p.sources).toEqual([
      { source: 'list:f.csv#3', status: 'ok' },
      { source: 'dns', status: 'failed', error: 'ETIMEOUT' },
      { source: 'website', status: 'failed', error: 'fetch failed: ECONNREFUSED' },
      { source: 'crm', status: 'skipped', error: 'not connected' },
      { source: 'bogus', status: 'failed', error: expect.stringContaining('invalid enrichment result') },
    ]);
  });

  it('uses per-field confidence and breaks priority ties by confidence; priority is configurable', () => {
    const outcomes = {
      a: ok(res('list:x#1', { title: 'CEO', company: 'Low' }, 0.9, { company: 0.3 })),
      b: ok(res('list:y#1', { company: 'High' }, 0.8)),
      c: ok(res('dns', { title: 'CTO' }, 0.95)),
    };
    const p = synthesizeProfile({ leadId: 'L', outcomes });
    expect(p.fields.company.value).toBe('High');
    expect(p.fields.title.value).toBe('CEO');
    const dnsFirst = synthesizeProfile({ leadId: 'L', outcomes }, { priority: ['dns', 'list'] });
    expect(dnsFirst.fields.title).toMatchObject({ value: 'CTO', conflicts: [{ value: 'CEO', source: 'list:x#1', confidence: 0.9 }] });
  });

  it('flattens waterfall outputs (arrays of results)', () => {
    const p = synthesizeProfile({ leadId: 'L', outcomes: { 'enrich.firmo': ok([res('a', { employees: 5 }), res('b', { industry: 'SaaS' })]) } });
    expect(p.fields.employees.source).toBe('a');
    expect(p.fields.industry.source).toBe('b');
  });

  it('compares values the way the brief says', () => {
    expect(sameFact('  San   Francisco ', 'san francisco')).toBe(true);
    expect(sameFact(100, 109)).toBe(true);
    expect(sameFact(100, 115)).toBe(false);
    expect(sameFact('1,200,000', 1_250_000)).toBe(true);
    expect(sameFact(['SaaS', 'Analytics'], ['analytics', 'saas'])).toBe(true);
    expect(sameFact('SaaS', ['saas'])).toBe(true);
    expect(sameFact(true, 'true')).toBe(false);
    expect(sameFact('https://www.acme.com/', 'acme.com')).toBe(true);
    expect(sameFact(0, 0)).toBe(true);
  });

  it('agent resolves the same profile', async () => {
    const input = { leadId: 'L', outcomes: { 'enrich.list': ok(res('list:x#1', { company: 'A' })) } };
    expect(await new RuleSynthesizeAgent().synthesize(input, { settings: settings(), now })).toEqual(synthesizeProfile(input, {}, { now }));
  });
});
