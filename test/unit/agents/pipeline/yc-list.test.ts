/**
 * YC Startups list through the agents, in-process: classify → enrich (list, email-domain, fake DNS)
 * → synthesize → score → draft → review (→ one redraft). Data: Y Combinator startups 2005-2014 by Alice Corona,
 * github.com/ali-ce/datasets (CC BY-SA 4.0), read from ../shared/datasets (not copied into the repo).
 */
import { describe, expect, it } from 'vitest';
import type { Lead, Settings } from '@shared/index';
import {
  classifyLead, DnsMxSource, draftEmail, emailDomainResult, reviewDraft, reviewInputFor, rowResult, scoreProfile, synthesizeProfile,
  type MxResolver, type SourceOutcome,
} from '../../../../electron/core/agents';
import { lead, settings, ycLeads, ycRowToLead } from '../fixtures/yc';
import { factInProfile } from '../draft/helpers';

/** DNS that knows every domain has Google MX (no network in tests). */
const fakeDns = new DnsMxSource({ createResolver: (): MxResolver => ({ resolveMx: async () => [{ exchange: 'aspmx.l.google.com', priority: 1 }] }) });

async function process(l: Lead, s: Settings) {
  const ctx = { settings: s };
  const classification = classifyLead(l, s);
  const outcomes: Record<string, SourceOutcome> =
    classification.label === 'spam'
      ? {}
      : {
          'enrich.list': { ok: true as const, value: rowResult(l) },
          'enrich.email-domain': { ok: true as const, value: emailDomainResult(l) },
          'enrich.dns': { ok: true as const, value: await fakeDns.run(l, ctx) },
        };
  const profile = synthesizeProfile({ leadId: l.id, outcomes });
  const score = scoreProfile(profile, classification, s.icp);
  if (!score.qualified) return { classification, profile, score };
  let draft = draftEmail({ profile, classification, score }, s);
  let verdict = reviewDraft(reviewInputFor(draft, profile, l, s));
  let attempts = 1;
  if (!verdict.passed) {
    draft = draftEmail({ profile, classification, score, feedback: verdict.issues }, s);
    verdict = reviewDraft(reviewInputFor(draft, profile, l, s));
    attempts = 2;
  }
  return { classification, profile, score, draft, verdict, attempts };
}

/** Rows as the importer would produce them from Startups.csv (hand-built, a few real rows). */
const HAND_BUILT: Lead[] = [
  ycRowToLead({
    Company: 'Curebit', Satus: 'Operating', 'Year Founded': '2010', Description: 'Talkable is a social referral platform for online stories and subscriptions.',
    Categories: 'E-Commerce, Analytics, Internet, Marketing, Social Media', Founders: 'Allan Grant, Dominic Coryell, Jeff Yee, Nori Yoshida',
    'Amounts raised in different funding rounds': '$1200000, undisclosed amount', 'Headquarters (City)': 'San Francisco', 'Headquarters (Country)': 'USA',
    Website: 'https://www.talkable.com', Investors: '500 Startups, Dharmesh Shah',
  }, 2),
  ycRowToLead({
    Company: 'Zencoder', Satus: 'Exited', Description: 'Zencoder is web-based video encoding SaaS designed to convert any video into web and mobile-compatible formats in real-time.',
    Categories: 'SaaS, Cloud Computing, Audio, Web Development, Data, Security, Video, Software', Founders: 'Brandon Arbini, Jon Dahl, Steve Heffernan',
    'Headquarters (City)': 'San Francisco', 'Headquarters (Country)': 'USA', Website: 'http://zencoder.com',
  }, 5),
  ycRowToLead({
    Company: 'GazeHawk', Satus: 'Operating', Description: 'GazeHawk provides users with professional eye-tracking services using webcams in their own homes.',
    Categories: 'Finance', Founders: '', 'Headquarters (Country)': 'USA', Website: 'http://www.gazehawk.com',
  }, 7),
  ycRowToLead({
    Company: 'Superb (was GrubWithUs)', Satus: 'Operating', Description: 'Superb is a social mobile app that allows users to experience group meals with strangers who also use the app.',
    Categories: 'Mobile, Social', Founders: 'Daishin Sugano, Eddy Lu', 'Headquarters (City)': 'San Francisco', 'Headquarters (Country)': 'USA', Website: 'http://dosuperb.com',
  }, 15),
  ycRowToLead({
    Company: 'Lob', Satus: 'Operating', Description: 'Lob offers a cloud-printing API that enables its users to automate the printing and mailing of documents pictures and more.',
    Categories: 'Developer APIs, Enterprise Software', Founders: 'Harry Zhang, Leore Avidar', 'Amounts raised in different funding rounds': '$2,400,000',
    'Headquarters (City)': 'San Francisco', 'Headquarters (Country)': 'USA', Website: 'http://www.lob.com',
  }, 17),
  ycRowToLead({
    Company: 'Heysan', Satus: 'Operating', Description: 'Heysan is a mobile community and messaging service.', Categories: 'Messaging, Mobile',
    Founders: 'PÃ¤r Lindhe, Marie Brattberg, Michael Ossareh', Website: 'http://www.heysan.com',
  }, 30),
  ycRowToLead({
    Company: 'Tipjoy', Satus: 'Dead', Description: 'Tipjoy is a social payments engine.', Categories: 'Payments', Founders: 'Abigail Kirigin, Ivan Kirigin',
    'Headquarters (Country)': 'USA', Website: 'http://www.tipjoy.com',
  }, 41),
  ycRowToLead({
    Company: 'Lollipuff', Satus: 'Operating', Description: 'Lollipuff is the only online auction site that pre-screens each and every item to guarantee the authenticity of its high-end pre-owned.',
    Categories: 'E-Commerce', Founders: 'David Tran', 'Headquarters (Country)': 'USA', Website: 'http://www.lollipuff.com',
  }, 300),
];

describe('YC Startups rows through the agents', () => {
  const s = settings();

  it('hand-built rows: dead companies are wrong_fit, every qualified lead gets a passing draft', async () => {
    const results = await Promise.all(HAND_BUILT.map((l) => process(l, s)));
    const byCompany = Object.fromEntries(HAND_BUILT.map((l, i) => [l.company!, results[i]]));
    expect(byCompany.Tipjoy.classification.label).toBe('wrong_fit');
    expect(byCompany.Tipjoy.score.qualified).toBe(false);
    expect(byCompany.Curebit.classification.label).toBe('high_intent');
    expect(byCompany.Curebit.draft!.template).toBe('founder-company');
    expect(byCompany.Curebit.draft!.body).toMatch(/^Hi Allan,\n\nI noticed Curebit is a social referral platform/);
    expect(byCompany.Curebit.profile.fields.mxFound.value).toBe(true);
    expect(byCompany['Superb (was GrubWithUs)'].draft!.subject).toBe('Idea for Superb');
    expect(byCompany.Heysan.draft!.body).toMatch(/^Hi Heysan team,/); // a mojibake first name ("PÃ¤r") is not used
    expect(byCompany.GazeHawk.draft!.template).toBe('generic');
    // Lollipuff's description contains "guarantee": the first draft fails, the redraft (without it) passes.
    expect(byCompany.Lollipuff.attempts).toBe(2);
    expect(byCompany.Lollipuff.draft!.body).not.toMatch(/guarantee/i);
    let qualified = 0;
    for (const [i, r] of results.entries()) {
      if (!r.score.qualified) continue;
      qualified++;
      expect(r.verdict!.passed, `${HAND_BUILT[i].company}: ${JSON.stringify(r.verdict!.issues)}\n${r.draft!.body}`).toBe(true);
      for (const f of r.draft!.facts) expect(factInProfile(f, r.profile)).toBe(true);
    }
    expect(qualified).toBe(HAND_BUILT.length - 1);
  });

  it('a contact with a business email at a YC company gets the founder template with a greeting by name', async () => {
    const l = lead({ ...HAND_BUILT[4], id: 'lob-2', firstName: 'Harry', lastName: 'Zhang', email: 'harry@lob.com', title: 'Co-Founder & CEO' });
    const r = await process(l, s);
    expect(r.classification.label).toBe('high_intent');
    expect(r.draft!.template).toBe('founder-company');
    expect(r.draft!.body).toContain('As Co-Founder & CEO of Lob');
    expect(r.verdict!.passed).toBe(true);
  });

  const all = ycLeads();
  it.skipIf(all.length === 0)('the whole real list (688 rows): every qualified lead ends with a passing draft', async () => {
    const results = await Promise.all(all.map((l) => process(l, s)));
    const qualified = results.filter((r) => r.score.qualified);
    const failed = qualified.filter((r) => !r.verdict!.passed);
    expect(failed.map((r) => `${r.profile.fields.company?.value}: ${JSON.stringify(r.verdict!.issues)}`)).toEqual([]);
    expect(results.filter((r) => r.classification.label === 'spam')).toHaveLength(0);
    // Dead companies never qualify; most operating US companies with founders do.
    for (const [i, r] of results.entries()) if (all[i].status === 'Dead') expect(r.score.qualified).toBe(false);
    expect(qualified.length).toBeGreaterThan(400);
  });
});
