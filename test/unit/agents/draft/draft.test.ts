import { describe, expect, it } from 'vitest';
import { DraftSchema } from '@shared/index';
import { draftEmail, resolveTemplates, RuleDraftAgent } from '../../../../electron/core/agents/draft/draft-agent';
import { TemplateError } from '../../../../electron/core/agents/draft/template';
import { BUILTIN_TEMPLATES } from '../../../../electron/core/agents/draft/templates';
import { blurbFrom, displayCompany, displayFirstName } from '../../../../electron/core/agents/draft/view';
import { settings } from '../fixtures/yc';
import { draftText, factInProfile, makeProfile, PLACEHOLDER_RE } from './helpers';

const s = settings();
const founderProfile = makeProfile(
  {
    company: 'Curebit', firstName: 'Allan', lastName: 'Grant', fullName: 'Allan Grant', title: 'Founder', website: 'https://www.talkable.com',
    description: 'Talkable is a social referral platform for online stories and subscriptions.', categories: ['E-Commerce', 'Analytics'],
    city: 'San Francisco', country: 'USA', seniority: 'founder', emailType: 'none',
  },
  'list:Startups.csv#2',
  { seniority: 'email-domain', emailType: 'email-domain' },
);

describe('draftEmail', () => {
  it('drafts the founder/company template for a YC founder, with facts ⊆ profile, signature and footer', () => {
    const d = draftEmail({ profile: founderProfile }, s);
    expect(DraftSchema.parse(d)).toEqual(d);
    expect(d.template).toBe('founder-company');
    expect(d.subject).toBe('Idea for Curebit');
    expect(d.body.split('\n')[0]).toBe('Hi Allan,');
    expect(d.body).toContain('I noticed Curebit is a social referral platform for online stories and subscriptions.');
    expect(d.body).toContain('As a founder of Curebit');
    expect(d.body).toContain('At LeadForge, we help teams like yours');
    expect(d.body).toMatch(/Best,\nAlex Morgan\nLeadForge\n\nNot interested\? Reply "unsubscribe".*\n548 Market St, San Francisco, CA 94104$/);
    expect(d.to).toEqual({ name: 'Allan Grant', company: 'Curebit' });
    expect(d.attempt).toBe(1);
    expect(d.facts).toEqual(
      expect.arrayContaining([
        { field: 'firstName', text: 'Allan', source: 'list:Startups.csv#2' },
        { field: 'company', text: 'Curebit', source: 'list:Startups.csv#2' },
        { field: 'title', text: 'founder', source: 'list:Startups.csv#2' },
        { field: 'description', text: 'is a social referral platform for online stories and subscriptions', source: 'list:Startups.csv#2' },
      ]),
    );
    for (const f of d.facts) expect(factInProfile(f, founderProfile), JSON.stringify(f)).toBe(true);
    expect(draftText(d)).not.toMatch(PLACEHOLDER_RE);
  });

  it('uses the named-contact template for a non-founder and the generic one without a contact', () => {
    const named = draftEmail({ profile: makeProfile({ firstName: 'jane', company: 'Acme Widgets', title: 'Head of Sales', seniority: 'director' }) }, s);
    expect(named.template).toBe('named-contact');
    expect(named.subject).toBe('Jane, a quick idea for Acme Widgets');
    expect(named.body).toMatch(/^Hi Jane,\n\nAs Head of Sales at Acme Widgets/);
    const company = draftEmail({ profile: makeProfile({ company: 'GazeHawk (YC W10)' }) }, s);
    expect(company.template).toBe('generic');
    expect(company.body.split('\n')[0]).toBe('Hi GazeHawk team,');
    const nothing = draftEmail({ profile: makeProfile({}) }, s);
    expect(nothing.template).toBe('generic');
    expect(nothing.subject).toBe('A quick idea');
    expect(nothing.body.split('\n')[0]).toBe('Hi there,');
    expect(nothing.facts).toEqual([]);
  });

  it('omits the footer lines the settings do not require', () => {
    const lax = settings({ footer: { unsubscribeText: 'Reply stop to opt out.', requireUnsubscribe: false, requireAddress: false } });
    const d = draftEmail({ profile: founderProfile }, lax);
    expect(d.body).not.toContain('opt out');
    expect(d.body).not.toContain('548 Market St');
    expect(d.body.endsWith('LeadForge')).toBe(true);
  });

  it('settings templates override built-ins by id and new ones come first, filtered by `when`', () => {
    const custom = settings({
      templates: [
        { id: 'generic', subject: 'Hello {{#company}}{{company}}{{/company}}', body: '{{greeting}},\n\nCustom generic body.' },
        { id: 'vip', when: ['high_intent'], subject: 'VIP {{company}}', body: '{{greeting}},\n\nVIP body for {{company}} in {{city}}.' },
      ],
    });
    const ids = resolveTemplates(custom.templates).map((t) => t.id);
    expect(ids).toEqual(['vip', 'founder-company', 'named-contact', 'generic']);
    const cls = { label: 'high_intent' as const, confidence: 0.9, reasons: [], agent: 't' };
    expect(draftEmail({ profile: founderProfile, classification: cls }, custom).template).toBe('vip');
    expect(draftEmail({ profile: founderProfile, classification: { ...cls, label: 'low_intent' } }, custom).template).toBe('founder-company');
    const generic = draftEmail({ profile: makeProfile({}) }, custom);
    expect(generic.body).toContain('Custom generic body.');
    // 'vip' needs {{city}}: a high-intent profile without a city falls through to the next template.
    expect(draftEmail({ profile: makeProfile({ company: 'X' }), classification: cls }, custom).template).toBe('generic');
  });

  it('throws when a forced template needs a missing field, or when no template can render', () => {
    expect(() => draftEmail({ profile: makeProfile({}), templateId: 'named-contact' }, s)).toThrow(TemplateError);
    expect(() => draftEmail({ profile: makeProfile({}), templateId: 'nope' }, s)).toThrow(/no template with id/);
    const strict = settings({ templates: [{ id: 'generic', subject: '{{firstName}}', body: '{{greeting}} {{company}}' }] });
    expect(() => draftEmail({ profile: makeProfile({}) }, strict)).toThrow(/no template can be rendered/);
    const broken = settings({ templates: [{ id: 'generic', subject: 'x', body: '{{#company}}never closed' }] });
    expect(() => draftEmail({ profile: makeProfile({}) }, broken)).toThrow(TemplateError);
  });

  it('redraft with feedback: safer view, neutral greeting, flagged sentences dropped, footer forced', () => {
    const feedback = [
      { code: 'spam_trigger', severity: 'error' as const, message: '"turn inbound lists" is a spam-trigger phrase (in the body)' },
      { code: 'recipient_name', severity: 'error' as const, message: '"Allan" is greeted, but the recipient is "Al"' },
      { code: 'address_missing', severity: 'error' as const, message: 'missing' },
    ];
    const lax = settings({ footer: { unsubscribeText: 'Reply "unsubscribe" to opt out.', requireUnsubscribe: true, requireAddress: false } });
    const d = draftEmail({ profile: founderProfile, feedback }, lax);
    expect(d.attempt).toBe(2);
    expect(d.body.split('\n')[0]).toBe('Hi Curebit team,');
    expect(d.body).not.toContain('social referral platform'); // blurb left out in safe mode
    expect(d.body).not.toContain('turn inbound lists');
    expect(d.body).toContain('548 Market St');
    expect(d.facts.map((f) => f.field)).not.toContain('firstName');
    for (const f of d.facts) expect(factInProfile(f, founderProfile)).toBe(true);
  });

  it('agent wraps draftEmail', async () => {
    expect(await new RuleDraftAgent().draft({ profile: founderProfile }, { settings: s })).toEqual(draftEmail({ profile: founderProfile }, s));
  });

  it('extracts a blurb only from "<Name> <verb> <lowercase text>" descriptions', () => {
    expect(blurbFrom('Lob offers a cloud-printing API that enables its users to automate printing.')).toBe('offers a cloud-printing API that enables its users to automate printing');
    expect(blurbFrom('Uber for Flowers')).toBeUndefined();
    expect(blurbFrom('We are the best.')).toBeUndefined();
    expect(blurbFrom('Zenefits gives you your managers a place.')).toBeUndefined();
    expect(displayCompany('Keyhole, Inc.')).toBe('Keyhole');
    expect(displayCompany('Superb (was GrubWithUs)')).toBe('Superb');
    expect(displayFirstName('JOHN')).toBe('John');
    expect(displayFirstName('PÃ¤r')).toBeUndefined();
    expect(displayFirstName('j')).toBeUndefined();
  });
});

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('draft properties over many generated profiles', () => {
  const pick = <T,>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];
  const POOL = {
    firstName: ['Jane', 'ALLAN', 'josé', 'Mary-Kate', "O'Neil", 'X', '{{first}}', 'Anne Marie', '42'],
    lastName: ['Doe', 'van der Berg', 'Ng'],
    company: ['Acme', 'Curebit', 'Superb (was GrubWithUs)', 'theDailyMuse', '{{company}} Inc', 'Justin.tv', 'AT&T Labs'],
    title: ['Founder', 'Co-Founder & CEO', 'VP Sales', 'Engineer', 'Head of {{x}}', 'Chief Revenue Officer'],
    seniority: ['founder', 'c_level', 'vp', 'individual'],
    description: [
      'Goldbely is an e-commerce site for buying gourmet food & gifts.',
      'Lob offers a cloud-printing API for developers, with 99.9% uptime, used by 5,000 companies.',
      'Uber for Flowers',
      'Acme is {{evil}} a platform.',
      'We build things.',
    ],
    categories: [['SaaS'], ['E-Commerce', 'Analytics', 'Mobile'], ['Curated Web'], []],
    city: ['San Francisco', 'London', '{{city}}'],
  };
  it('never leaves a placeholder, never states a fact not in the profile, greets correctly', () => {
    const r = rng(42);
    const configs = [s, settings({ footer: { unsubscribeText: 'Reply stop to opt out.', requireUnsubscribe: false, requireAddress: true } })];
    for (let i = 0; i < 400; i++) {
      const fields: Record<string, unknown> = {};
      for (const [k, pool] of Object.entries(POOL)) if (r() < 0.6) fields[k] = pick(r, pool as unknown[]);
      if (fields.firstName && r() < 0.5) fields.fullName = `${fields.firstName} ${fields.lastName ?? ''}`.trim();
      const profile = makeProfile(fields);
      const st = configs[i % 2];
      const label = pick(r, ['high_intent', 'low_intent'] as const);
      const d = draftEmail({ profile, classification: { label, confidence: 0.8, reasons: [], agent: 't' } }, st);
      const text = draftText(d);
      expect(text, JSON.stringify(fields)).not.toMatch(PLACEHOLDER_RE);
      expect(DraftSchema.safeParse(d).success).toBe(true);
      for (const f of d.facts) expect(factInProfile(f, profile), `${JSON.stringify(f)} in ${JSON.stringify(fields)}`).toBe(true);
      const greeting = d.body.split('\n')[0];
      expect(greeting).toMatch(/^Hi (there|[\p{L}'’.-]+|.+ team),$/u);
      if (!fields.firstName && !fields.fullName) expect(greeting).toMatch(/^Hi (there|.+ team),$/);
      expect(d.body).toContain('Alex Morgan');
      expect(d.body).toContain('548 Market St');
      expect(BUILTIN_TEMPLATES.map((t) => t.id)).toContain(d.template);
    }
  });
});
