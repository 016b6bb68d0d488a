import { describe, expect, it } from 'vitest';
import { LeadScoreSchema, type Classification, type ProspectProfile, type ScoreFactor } from '@shared/index';
import { scoreProfile, wrongFitCap } from '../../../../electron/core/agents/score/score';
import { settings } from '../fixtures/yc';

const icp = settings().icp;
const cls = (label: Classification['label'], reasons = [{ code: 'x', message: 'because' }]): Classification => ({ label, confidence: 0.9, reasons, agent: 't' });
function profile(fields: Record<string, unknown>, source = 'list:Startups.csv#5'): ProspectProfile {
  return {
    leadId: 'L',
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: v as string, source: k === 'seniority' || k === 'emailType' ? 'email-domain' : source, confidence: 0.9, conflicts: [] }])),
    sources: [],
    synthesizedAt: '2026-01-01T00:00:00.000Z',
  };
}
const sum = (f: { points: number }[]) => f.reduce((s, x) => s + x.points, 0);
const byCode = (f: ScoreFactor[], code: string) => f.find((x) => x.code === code);

describe('scoreProfile', () => {
  it('adds ICP factors that name the value and its source; points sum to the score', () => {
    const p = profile({
      categories: ['SaaS', 'Enterprise Software', 'Analytics'], country: 'USA', city: 'San Francisco', employees: 50,
      fundingUsd: 6_000_000, status: 'Operating', seniority: 'founder', title: 'Founder', emailType: 'business', email: 'a@acme.com',
    });
    const s = scoreProfile(p, cls('high_intent'), icp);
    expect(LeadScoreSchema.parse(s)).toEqual(s);
    expect(sum(s.factors)).toBe(s.score);
    const industry = byCode(s.factors, 'industry')!;
    expect(industry).toMatchObject({ points: 20, field: 'categories', source: 'list:Startups.csv#5' });
    expect(industry.reason).toContain('"SaaS" ~ saas (+15)');
    expect(industry.reason).toContain('capped at 20');
    expect(byCode(s.factors, 'geography')).toMatchObject({ points: 10, field: 'city' }); // best match; city wins the tie
    expect(byCode(s.factors, 'company_size')!.reason).toContain('50 employees');
    expect(byCode(s.factors, 'funding')!.reason).toContain('$6,000,000');
    expect(byCode(s.factors, 'seniority')!.reason).toContain('title "Founder"');
    expect(byCode(s.factors, 'email')).toMatchObject({ points: 10, source: 'email-domain' });
    // 40 + 20 + 10 + 12 + 12 + 5 + 15 + 10 = 124 → clamped.
    expect(s.score).toBe(100);
    expect(byCode(s.factors, 'clamp')!.points).toBe(-24);
    expect(s.qualified).toBe(true);
  });

  it('qualifies exactly at the threshold and not below it', () => {
    const p = profile({ country: 'USA' }); // 40 + 10 = 50
    expect(scoreProfile(p, cls('low_intent'), icp)).toMatchObject({ score: 50, qualified: true });
    expect(scoreProfile(p, cls('low_intent'), { ...icp, qualifyThreshold: 51 })).toMatchObject({ score: 50, qualified: false });
  });

  it('spam scores 0 and is never qualified', () => {
    const s = scoreProfile(profile({ categories: ['SaaS'], country: 'USA' }), cls('spam', [{ code: 'disposable_email', message: 'mailinator.com is disposable' }]), icp);
    expect(s).toMatchObject({ score: 0, qualified: false });
    expect(byCode(s.factors, 'spam')!.reason).toContain('mailinator.com');
    expect(sum(s.factors)).toBe(0);
  });

  it('wrong_fit is capped below the threshold', () => {
    const s = scoreProfile(profile({ categories: ['SaaS'], country: 'USA', seniority: 'founder', status: 'Dead' }), cls('wrong_fit', [{ code: 'company_inactive', message: 'company status is "Dead"' }]), icp);
    expect(s.score).toBeLessThanOrEqual(wrongFitCap(icp));
    expect(s.qualified).toBe(false);
    expect(sum(s.factors)).toBe(s.score);
    expect(byCode(s.factors, 'status')).toMatchObject({ points: -40 });
    expect(wrongFitCap({ ...icp, qualifyThreshold: 20 })).toBe(19);
  });

  it('matches categories punctuation-insensitively at word starts (E-Commerce ~ ecommerce, USA not in Jerusalem)', () => {
    const s = scoreProfile(profile({ categories: ['E-Commerce'], city: 'Jerusalem' }), cls('high_intent'), icp);
    expect(byCode(s.factors, 'industry')).toMatchObject({ points: 5 });
    expect(byCode(s.factors, 'geography')).toBeUndefined();
    expect(byCode(s.factors, 'geography_no_match')).toMatchObject({ points: 0 });
  });

  it('applies exclusions and custom rules from settings', () => {
    const custom = settings({ icp: { base: 50, industries: [{ match: 'gambling', points: -30 }], qualifyThreshold: 30, email: { free: -20, no_mx: -7 } } }).icp;
    const s = scoreProfile(profile({ categories: ['Gambling'], emailType: 'free', mxFound: false, mxDomain: 'x.com' }), cls('low_intent'), custom);
    expect(byCode(s.factors, 'industry_excluded')).toMatchObject({ points: -30 });
    expect(byCode(s.factors, 'email')).toMatchObject({ points: -20 });
    expect(byCode(s.factors, 'no_mx')).toMatchObject({ points: -7 });
    expect(s.score).toBe(0);
    expect(sum(s.factors)).toBe(0);
  });

  it('penalises a domain without MX by default (-10)', () => {
    const s = scoreProfile(profile({ mxFound: false }), cls('high_intent'), icp);
    expect(byCode(s.factors, 'no_mx')!.points).toBe(-10);
  });
});
