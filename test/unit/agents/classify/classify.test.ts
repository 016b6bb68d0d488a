import { describe, expect, it } from 'vitest';
import { ClassificationSchema } from '@shared/index';
import { classifyLead, RuleClassifyAgent } from '../../../../electron/core/agents/classify/classify-agent';
import { lead, settings } from '../fixtures/yc';

const s = settings();
const codes = (c: { reasons: { code: string }[] }) => c.reasons.map((r) => r.code);

describe('classifyLead', () => {
  it('high_intent: named contact with a business email', () => {
    const c = classifyLead(lead({ firstName: 'Jane', lastName: 'Doe', email: 'jane@acme-widgets.com', company: 'Acme Widgets', title: 'VP Sales' }), s);
    expect(c.label).toBe('high_intent');
    expect(codes(c)).toContain('business_email');
    expect(c.confidence).toBeGreaterThan(0.7);
    expect(ClassificationSchema.parse(c)).toEqual(c);
  });

  it('high_intent: YC-style account lead (founder contact, company with website, no email)', () => {
    const c = classifyLead(lead({ company: 'Curebit', website: 'https://www.talkable.com', contacts: [{ fullName: 'Allan Grant', title: 'Founder' }], status: 'Operating' }), s);
    expect(c.label).toBe('high_intent');
    expect(codes(c)).toEqual(expect.arrayContaining(['named_contact', 'company_with_website']));
  });

  it('low_intent: free or role email, or no contact person', () => {
    expect(classifyLead(lead({ firstName: 'Jane', email: 'jane@gmail.com', company: 'Acme', website: 'acme.io' }), s).label).toBe('low_intent');
    const role = classifyLead(lead({ email: 'info@acme-widgets.com', company: 'Acme Widgets' }), s);
    expect(role.label).toBe('low_intent');
    expect(codes(role)).toEqual(expect.arrayContaining(['role_email', 'no_contact']));
    const noContact = classifyLead(lead({ company: 'GazeHawk', website: 'http://www.gazehawk.com' }), s);
    expect(noContact.label).toBe('low_intent');
    expect(codes(noContact)).toContain('no_contact');
  });

  it.each([
    ['disposable email', { firstName: 'Jane', email: 'jane@mailinator.com', company: 'Acme' }, 'disposable_email'],
    ['keyboard mash', { firstName: 'Asdfgh', lastName: 'Qwerty', company: 'Acme' }, 'gibberish_name'],
    ['test name', { firstName: 'Test', lastName: 'User', company: 'Acme', email: 'test@acme-widgets.com' }, 'placeholder_name'],
    ['URL in name', { fullName: 'Buy now http://cheap.example', company: 'Acme' }, 'url_in_name'],
    ['domain in name', { firstName: 'John', lastName: 'cheap-pills.ru', company: 'Acme' }, 'url_in_name'],
    ['promo words', { fullName: 'FREE CASH OFFER', company: 'Acme' }, 'promo_name'],
    ['placeholder company', { firstName: 'Jane', company: 'asdf' }, 'placeholder_company'],
    ['junk punctuation', { firstName: 'Jane', company: 'Best Deals!!!' }, 'junk_punctuation'],
  ])('spam: %s', (_name, over, code) => {
    const c = classifyLead(lead(over), s);
    expect(c.label).toBe('spam');
    expect(codes(c)).toContain(code);
  });

  it('spam needs two weak signals; one alone is not enough', () => {
    expect(classifyLead(lead({ fullName: 'JOHN SMITH', company: 'Acme', website: 'acme.io' }), s).label).not.toBe('spam');
    const two = classifyLead(lead({ fullName: 'JHNSMTH 42', company: 'Acme' }), s);
    expect(two.label).toBe('spam');
    expect(codes(two)).toEqual(expect.arrayContaining(['unpronounceable_name', 'digits_in_name']));
  });

  it('does not flag real YC company and founder names as spam', () => {
    for (const [company, founder] of [['Justin.tv', 'Justin Kan'], ['Embed.ly', 'Sean Creeley'], ['Aisle50', 'Riley Scott'], ['theDailyMuse', 'Kathryn Minshew'], ['Dwolla', 'Ben Milne']]) {
      expect(classifyLead(lead({ company, website: 'x.com', contacts: [{ fullName: founder }] }), s).label).toBe('high_intent');
    }
  });

  it('wrong_fit: dead/closed status, no company and no business domain, ICP exclusion', () => {
    const dead = classifyLead(lead({ company: 'Tipjoy', website: 'tipjoy.com', status: 'Dead', contacts: [{ fullName: 'Ivan Kirigin' }] }), s);
    expect(dead.label).toBe('wrong_fit');
    expect(codes(dead)).toContain('company_inactive');
    expect(classifyLead(lead({ company: 'Old Co', status: 'Closed' }), s).label).toBe('wrong_fit');
    const nothing = classifyLead(lead({ firstName: 'Jane', email: 'jane@gmail.com' }), s);
    expect(nothing.label).toBe('wrong_fit');
    expect(codes(nothing)).toContain('no_company');
    const icp = settings({ icp: { industries: [{ match: 'gambling', points: -30 }, { match: 'saas', points: 15 }] } });
    const excluded = classifyLead(lead({ company: 'Bet Co', website: 'bet.co', categories: ['Online Gambling'] }), icp);
    expect(excluded.label).toBe('wrong_fit');
    expect(codes(excluded)).toContain('icp_excluded');
  });

  it('category mismatch is wrong_fit only in strict mode', () => {
    const l = lead({ company: 'Music Co', website: 'music.co', categories: ['Music', 'Games'], contacts: [{ fullName: 'Ann Lee' }] });
    expect(classifyLead(l, s).label).toBe('high_intent');
    const strict = classifyLead(l, s, { categoryMismatch: 'wrong_fit' });
    expect(strict.label).toBe('wrong_fit');
    expect(codes(strict)).toContain('icp_no_match');
    expect(classifyLead({ ...l, categories: ['E-Commerce'] }, s, { categoryMismatch: 'wrong_fit' }).label).toBe('high_intent');
  });

  it('agent wraps the function and honours an aborted signal', async () => {
    const agent = new RuleClassifyAgent();
    const l = lead({ company: 'Acme', email: 'jane@acme-widgets.com', firstName: 'Jane' });
    expect(await agent.classify(l, { settings: s })).toEqual(classifyLead(l, s));
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    await expect(agent.classify(l, { settings: s, signal: ctl.signal })).rejects.toThrow('cancelled');
  });
});
