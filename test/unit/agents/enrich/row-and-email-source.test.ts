import { describe, expect, it } from 'vitest';
import { EnrichmentResultSchema } from '@shared/index';
import { rowResult, RowSource } from '../../../../electron/core/agents/enrich/row-source';
import { companyFromDomain, emailDomainResult, EmailDomainSource } from '../../../../electron/core/agents/enrich/email-domain-source';
import { seniorityOf } from '../../../../electron/core/agents/enrich/seniority';
import { lead, settings } from '../fixtures/yc';

const now = () => new Date('2026-02-03T04:05:06.000Z');

describe('row source', () => {
  it('reports the list’s own fields with source list:<file>#row and confidence 0.9', () => {
    const l = lead({
      company: 'Curebit', website: 'https://www.talkable.com', categories: ['E-Commerce', ' Analytics '], city: 'San Francisco',
      country: 'USA', status: 'Operating', fundingUsd: 1_200_000, contacts: [{ fullName: 'Allan Grant', title: 'Founder' }, { fullName: 'Jeff Yee' }],
      extra: { Investors: '500 Startups' }, source: { file: 'Startups.csv', row: 2, importId: 'i' },
    });
    const r = rowResult(l, { now });
    expect(EnrichmentResultSchema.parse(r)).toEqual(r);
    expect(r.source).toBe('list:Startups.csv#2');
    expect(r.status).toBe('ok');
    expect(r.provenance).toEqual({ source: 'list:Startups.csv#2', fetchedAt: '2026-02-03T04:05:06.000Z', confidence: 0.9, ref: 'Startups.csv:2' });
    expect(r.fields).toMatchObject({
      company: 'Curebit', website: 'https://www.talkable.com', domain: 'talkable.com', categories: ['E-Commerce', 'Analytics'],
      fullName: 'Allan Grant', firstName: 'Allan', lastName: 'Grant', title: 'Founder', contacts: ['Allan Grant', 'Jeff Yee'],
      fundingUsd: 1_200_000, 'extra.Investors': '500 Startups',
    });
    // Derived values carry a lower confidence; listed ones use the result's 0.9.
    expect(r.fieldConfidence).toMatchObject({ fullName: 0.8, firstName: 0.8, domain: 0.8, title: 0.8 });
    expect(r.fieldConfidence.company).toBeUndefined();
  });

  it('keeps a listed person over the contacts list and returns empty for an empty row', async () => {
    const r = rowResult(lead({ firstName: 'Jane', lastName: 'Doe', contacts: [{ fullName: 'Other Person' }] }));
    expect(r.fields.fullName).toBe('Jane Doe');
    const empty = await new RowSource().run(lead({}), { settings: settings() });
    expect(empty.status).toBe('empty');
  });
});

describe('email-domain source', () => {
  it('derives email type, domain, a company guess and seniority from a business address', () => {
    const r = emailDomainResult(lead({ email: 'ann@acme-labs.co.uk', title: 'VP of Sales' }), { now });
    expect(r.source).toBe('email-domain');
    expect(r.fields).toEqual({ emailType: 'business', emailDomain: 'acme-labs.co.uk', domain: 'acme-labs.co.uk', company: 'Acme Labs', seniority: 'vp' });
    expect(r.fieldConfidence).toEqual({ company: 0.35, seniority: 0.7 });
  });

  it('does not guess a company from free mail, nor override a listed company', async () => {
    expect(emailDomainResult(lead({ email: 'ann@gmail.com' })).fields).toEqual({ emailType: 'free', emailDomain: 'gmail.com' });
    const listed = await new EmailDomainSource().run(lead({ email: 'ann@acme.com', company: 'ACME Corp' }), { settings: settings() });
    expect(listed.fields.company).toBeUndefined();
    expect(emailDomainResult(lead({})).fields).toEqual({ emailType: 'none' });
  });

  it('takes the first contact’s title for account leads', () => {
    expect(emailDomainResult(lead({ company: 'X', contacts: [{ fullName: 'A B', title: 'Co-Founder & CEO' }] })).fields.seniority).toBe('founder');
  });

  it('maps titles to seniority buckets', () => {
    expect(seniorityOf('Founder')).toBe('founder');
    expect(seniorityOf('Co-founder and CTO')).toBe('founder');
    expect(seniorityOf('CEO')).toBe('c_level');
    expect(seniorityOf('Chief Revenue Officer')).toBe('c_level');
    expect(seniorityOf('Managing Director')).toBe('c_level');
    expect(seniorityOf('Senior Vice President, Sales')).toBe('vp');
    expect(seniorityOf('VP Engineering')).toBe('vp');
    expect(seniorityOf('Director of Marketing')).toBe('director');
    expect(seniorityOf('Head of Growth')).toBe('director');
    expect(seniorityOf('Sales Manager')).toBe('manager');
    expect(seniorityOf('Account Executive')).toBe('individual');
    expect(seniorityOf('  ')).toBeUndefined();
  });

  it('guesses company names from domains', () => {
    expect(companyFromDomain('acme-labs.com')).toBe('Acme Labs');
    expect(companyFromDomain('mail.stripe.com')).toBe('Stripe');
    expect(companyFromDomain('com')).toBeUndefined();
  });
});
