import { describe, expect, it } from 'vitest';
import { ReviewVerdictSchema } from '@shared/index';
import { REVIEW_CODES, ReviewInputSchema, reviewDraft, RuleReviewAgent, type ReviewInput } from '../../../../electron/core/agents/review/review';

const sender = { name: 'Alex Morgan', company: 'LeadForge', address: '548 Market St, San Francisco, CA 94104' };
const PITCH = 'we help teams like yours turn inbound lists into qualified pipeline without extra headcount';
const body = (message: string, greeting = 'Hi Jane,') =>
  `${greeting}\n\n${message}\n\nBest,\nAlex Morgan\nLeadForge\n\nNot interested? Reply "unsubscribe" and I will not contact you again.\n548 Market St, San Francisco, CA 94104`;
const MESSAGE =
  'I noticed Acme Widgets is a B2B platform for industrial buyers that raised $5M in its Series A. As VP Sales at Acme Widgets, you may be looking at how the team finds its next customers.\n\n' +
  `At LeadForge, ${PITCH}.\n\nWould you be open to a short call next week to see whether this fits Acme Widgets?`;

function input(over: Partial<ReviewInput> & { message?: string; greeting?: string } = {}): ReviewInput {
  const { message, greeting, ...rest } = over;
  return {
    lead: { firstName: 'Jane', lastName: 'Doe', email: 'jane@acme-widgets.com', company: 'Acme Widgets', title: 'VP Sales' },
    facts: [
      { text: 'Jane', source: 'list:a.csv#2' },
      { text: 'is a B2B platform for industrial buyers that raised $5M in its Series A', source: 'list:a.csv#2' },
      { text: PITCH, source: 'settings.pitch' },
    ],
    draft: { subject: 'Jane, a quick idea for Acme Widgets', body: body(message ?? MESSAGE, greeting) },
    sender,
    requireUnsubscribe: true,
    requireAddress: true,
    ...rest,
  };
}
const codes = (v: { issues: { code: string; severity: string }[] }, severity?: string) =>
  v.issues.filter((i) => !severity || i.severity === severity).map((i) => i.code);

describe('reviewDraft', () => {
  it('passes a clean draft with no issues', () => {
    const v = reviewDraft(input());
    expect(v.issues).toEqual([]);
    expect(v.passed).toBe(true);
    expect(ReviewVerdictSchema.parse(v)).toEqual(v);
  });

  it.each([
    ['{{firstName}}'], ['[Name]'], ['[Company Name]'], ['<FIRST_NAME>'], ['%FIRSTNAME%'], ['{first_name}'], ['INSERT'], ['TODO'],
  ])('placeholder: %s', (ph) => {
    const v = reviewDraft(input({ message: `${MESSAGE} See ${ph} for details.` }));
    expect(v.passed).toBe(false);
    expect(v.issues.find((i) => i.code === 'placeholder')!.message).toContain(ph);
  });

  it('placeholder in the subject', () => {
    expect(codes(reviewDraft(input({ draft: { subject: 'Hi {{company}}', body: body(MESSAGE) } })), 'error')).toContain('placeholder');
  });

  it('recipient_name: wrong name is an error; neutral greeting with a known name is a warning; full name or Ms. Doe are fine', () => {
    const wrong = reviewDraft(input({ greeting: 'Hi Bob,' }));
    expect(wrong.passed).toBe(false);
    expect(wrong.issues.find((i) => i.code === 'recipient_name')).toMatchObject({ severity: 'error', message: expect.stringContaining('"Bob"') });
    const neutral = reviewDraft(input({ greeting: 'Hi there,' }));
    expect(neutral.passed).toBe(true);
    expect(neutral.issues).toEqual([expect.objectContaining({ code: 'recipient_name', severity: 'warning' })]);
    expect(codes(reviewDraft(input({ greeting: 'Dear Jane Doe,' })))).not.toContain('recipient_name');
    expect(codes(reviewDraft(input({ greeting: 'Dear Ms. Doe,' })))).not.toContain('recipient_name');
    expect(codes(reviewDraft(input({ greeting: 'Hello JANE!' })))).not.toContain('recipient_name');
    const noName = reviewDraft(input({ lead: { company: 'Acme Widgets' }, greeting: 'Hi Jane,' }));
    expect(codes(noName, 'error')).toContain('recipient_name');
  });

  it('greeting parsing: a placeholder greeting is one placeholder issue; "Hi Jane. …" reads the name "Jane"', () => {
    const v = reviewDraft(input({ greeting: 'Hi {{firstName}}, nice to meet you.' }));
    expect(v.issues.filter((i) => i.code === 'placeholder')).toHaveLength(1);
    expect(codes(v)).not.toContain('recipient_name');
    expect(codes(reviewDraft(input({ greeting: 'Hi Jane. Quick note.' })))).not.toContain('recipient_name');
    expect(codes(reviewDraft(input({ lead: { company: 'Keyhole Inc.' }, greeting: 'Hi Keyhole Inc. team,' })))).not.toContain('recipient_name');
    expect(codes(reviewDraft(input({ greeting: 'Hello Bob! Quick note.' })), 'error')).toContain('recipient_name');
  });

  it('recipient_company: another company named as theirs is an error; company not mentioned is a warning', () => {
    const other = reviewDraft(input({ message: MESSAGE.replace('As VP Sales at Acme Widgets', 'As VP Sales at Globex') }));
    expect(other.issues.find((i) => i.code === 'recipient_company')).toMatchObject({ severity: 'error', message: expect.stringContaining('"Globex"') });
    expect(codes(reviewDraft(input({ greeting: 'Hi Globex team,' })), 'error')).toContain('recipient_company');
    const missing = reviewDraft(
      input({ draft: { subject: 'A quick idea', body: body(`I am reaching out with a quick idea for your team.\n\nAt LeadForge, ${PITCH}.\n\nWould you be open to a short call next week?`) } }),
    );
    expect(missing.issues.find((i) => i.code === 'recipient_company')).toMatchObject({ severity: 'warning' });
    expect(missing.passed).toBe(true);
    // Legal suffixes, parentheticals and spacing do not count as a different company.
    const suffix = reviewDraft(input({ lead: { firstName: 'Jane', company: 'Acme Widgets, Inc. (formerly Acme)' } }));
    expect(codes(suffix)).not.toContain('recipient_company');
  });

  it('recipient_company: loose contexts only warn, and names, hobbies and the sender are not companies', () => {
    const loose = reviewDraft(input({ message: `${MESSAGE} I came across Globex recently.` }));
    expect(loose.issues.filter((i) => i.code === 'recipient_company')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('"Globex"') })]);
    expect(loose.passed).toBe(true);
    const benign = reviewDraft(input({ message: `${MESSAGE} I saw Jane Doe speak last month. As a fan of Python, I liked the talk. The team at LeadForge says hi.` }));
    expect(codes(benign)).not.toContain('recipient_company');
  });

  it('scheduling numbers are not claims ("15-minute call", "3pm", "10:30")', () => {
    const v = reviewDraft(input({ message: `${MESSAGE} Would a 15-minute call at 3pm or 10:30 work, or 20 minutes on Friday?` }));
    expect(codes(v)).not.toContain('untraceable_claim');
  });

  it.each([
    ['raised $5M', 'They raised $12M last year.', '$12M'],
    ['Series B', 'Congrats on the Series B.', 'Series B'],
    ['grew 200%', 'You grew 200% this year.', '200%'],
    ['your 50 employees', 'All your 50 employees will love it.', '50'],
    ['a year', 'Since 2019 you have grown fast.', '2019'],
    ['backed by', 'You are backed by Sequoia Capital.', 'Sequoia Capital'],
  ])('untraceable_claim: %s', (_name, sentence, claim) => {
    const v = reviewDraft(input({ message: `${MESSAGE} ${sentence}` }));
    expect(v.passed).toBe(false);
    const issue = v.issues.find((i) => i.code === 'untraceable_claim');
    expect(issue, JSON.stringify(v.issues)).toBeDefined();
    expect(issue!.message).toContain(claim);
  });

  it('claims found in the facts are traceable (same number written differently too)', () => {
    const facts = [...input().facts!, { text: 'Raised $1,200,000 from 500 Startups', source: 'list:a.csv#2' }, { text: 'grew 200% in 2014', source: 'website:a.com' }];
    const v = reviewDraft(input({ facts, message: `${MESSAGE} Congrats on the $1.2M from 500 Startups, and on growing 200% in 2014.` }));
    expect(codes(v)).not.toContain('untraceable_claim');
  });

  it.each([['act now'], ['100% free'], ['risk-free'], ['guarantee'], ['limited time'], ['click here'], ['winner']])('spam_trigger: %s', (phrase) => {
    const v = reviewDraft(input({ message: `${MESSAGE} Please ${phrase} today.` }));
    expect(v.issues.find((i) => i.code === 'spam_trigger' && i.message.toLowerCase().includes(phrase))).toMatchObject({ severity: 'error' });
  });

  it('spam_trigger: $$$, !!!, all-caps subject', () => {
    expect(reviewDraft(input({ message: `${MESSAGE} Save $$$ now` })).issues.some((i) => i.code === 'spam_trigger' && i.message.includes('$$'))).toBe(true);
    expect(reviewDraft(input({ message: `${MESSAGE} Amazing!!!` })).issues.some((i) => i.code === 'spam_trigger' && i.message.includes('!!!'))).toBe(true);
    const caps = reviewDraft(input({ draft: { subject: 'QUICK IDEA FOR ACME WIDGETS', body: body(MESSAGE) } }));
    expect(caps.issues.find((i) => i.code === 'spam_trigger')).toMatchObject({ severity: 'error', message: expect.stringContaining('all-caps subject') });
  });

  it('length: too long (error), long (warning), too short (error), subject too long (warning) or empty (error)', () => {
    const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ') + '.';
    const long = reviewDraft(input({ message: `${MESSAGE} ${words(150)}` }));
    expect(long.issues.find((i) => i.code === 'length')).toMatchObject({ severity: 'error', message: expect.stringMatching(/\d+ words \(limit 180\)/) });
    expect(reviewDraft(input({ message: `${MESSAGE} ${words(70)}` })).issues.find((i) => i.code === 'length')).toMatchObject({ severity: 'warning' });
    expect(reviewDraft(input({ message: 'Quick idea for Acme Widgets. Call?' })).issues.find((i) => i.code === 'length')).toMatchObject({ severity: 'error' });
    const subj = reviewDraft(input({ draft: { subject: `Jane, ${'a very long subject line '.repeat(4)}`, body: body(MESSAGE) } }));
    expect(subj.issues.find((i) => i.code === 'length')).toMatchObject({ severity: 'warning' });
    expect(codes(reviewDraft(input({ draft: { subject: ' ', body: body(MESSAGE) } })), 'error')).toContain('length');
  });

  it('unsubscribe_missing and address_missing when required; fine when not required', () => {
    const bare = `Hi Jane,\n\n${MESSAGE}\n\nBest,\nAlex Morgan\nLeadForge`;
    const v = reviewDraft(input({ draft: { subject: 'Jane, a quick idea for Acme Widgets', body: bare } }));
    expect(codes(v, 'error')).toEqual(expect.arrayContaining(['unsubscribe_missing', 'address_missing']));
    const ok = reviewDraft(input({ draft: { subject: 'Jane, a quick idea for Acme Widgets', body: bare }, requireUnsubscribe: false, requireAddress: false }));
    expect(ok.passed).toBe(true);
    // An address split over lines still counts.
    const split = bare + '\n\nReply "unsubscribe" to opt out.\n548 Market St\nSan Francisco, CA 94104';
    expect(codes(reviewDraft(input({ draft: { subject: 'Jane, a quick idea for Acme Widgets', body: split } })))).not.toContain('address_missing');
    const noAddr = reviewDraft(input({ sender: { name: 'Alex Morgan', company: 'LeadForge' } }));
    expect(noAddr.issues.find((i) => i.code === 'address_missing')!.message).toContain('none configured');
  });

  it('sender_missing: no sender, or the body is not signed', () => {
    expect(codes(reviewDraft(input({ sender: undefined, requireAddress: false })), 'error')).toContain('sender_missing');
    const unsigned = reviewDraft(input({ draft: { subject: 'Jane, a quick idea for Acme Widgets', body: body(MESSAGE).replace('Alex Morgan\n', '') } }));
    expect(unsigned.issues.find((i) => i.code === 'sender_missing')).toMatchObject({ severity: 'error' });
  });

  it('every issue code is in REVIEW_CODES; the schema rejects malformed input', () => {
    const v = reviewDraft(input({ greeting: 'Hi Bob,', message: 'Act now [Name]!!! $$$ raised $9M' }));
    for (const i of v.issues) expect(REVIEW_CODES).toContain(i.code);
    expect(() => reviewDraft({ draft: { subject: 1 } } as unknown as ReviewInput)).toThrow();
    expect(ReviewInputSchema.parse({ draft: { subject: 's', body: 'b' } })).toEqual({ lead: {}, facts: [], draft: { subject: 's', body: 'b' } });
  });

  it('is deterministic and the agent resolves the same verdict', async () => {
    expect(reviewDraft(input())).toEqual(reviewDraft(input()));
    expect(await new RuleReviewAgent().review(input())).toEqual(reviewDraft(input()));
  });
});
