import type { Classification, IcpRules, LeadScore, ProspectProfile, ScoreFactor } from '@shared/index';
import { throwIfAborted, type AgentContext } from '../types';
import { matchRules } from '../util/icp';
import { fact, factList, factNumber } from '../util/profile';

/** The score stage's contract; an LLM version must return the same LeadScore shape. */
export interface ScoreAgent {
  readonly name: string;
  /** Scores one profile. Rejects only when `ctx.signal` is aborted. */
  score(input: { profile: ProspectProfile; classification: Classification }, ctx: AgentContext): Promise<LeadScore>;
}

/** Highest score a wrong_fit lead can get: 30, or threshold − 1 when the threshold is lower. */
export function wrongFitCap(icp: IcpRules): number {
  return Math.max(0, Math.min(30, icp.qualifyThreshold - 1));
}

/** Default points for a business email domain without MX records, when icp.email has no `no_mx` key. */
export const DEFAULT_NO_MX_POINTS = -10;

const AGENT = 'rules/score@1';

const fmtUsd = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

/**
 * Scores a profile against the ICP rules.
 *
 * Input: profile, classification, ICP rules (Settings.icp). Output: LeadScore with an integer score 0..100,
 * factors [{code, points, reason naming the value and its source, field, source}] whose points sum to the score,
 * and `qualified` = score ≥ icp.qualifyThreshold. Factors: base; industry (industry + categories, distinct rules
 * summed, positive total capped at icp.industryCap, exclusions uncapped); geography (city/country, best match);
 * company size (employees band); funding (fundingUsd band); status (first matching rule); seniority; email type;
 * `no_mx` (mxFound false; icp.email.no_mx, default −10). Spam → score 0, not qualified. wrong_fit → capped at
 * {@link wrongFitCap}. CRM history (profile fields of the `crm` source): `crmIsCustomer` true → `crm_customer`,
 * else `crmOwnedByOther` true → `crm_owned`, both capping at {@link wrongFitCap} so no draft is made. Clamping to 0..100 is its own factor. Never throws.
 */
export function scoreProfile(profile: ProspectProfile, classification: Classification, icp: IcpRules): LeadScore {
  const factors: ScoreFactor[] = [];
  const add = (f: ScoreFactor) => factors.push(f);
  const total = () => factors.reduce((s, f) => s + f.points, 0);

  add({ code: 'base', points: icp.base, reason: `Base score ${icp.base}` });

  if (classification.label === 'spam') {
    const why = classification.reasons.map((r) => r.message).join('; ') || 'classified as spam';
    add({ code: 'spam', points: -icp.base, reason: `Classified as spam (${why}): score forced to 0` });
    return { score: 0, factors, qualified: false, agent: AGENT };
  }

  // Industry / categories.
  const industry = fact(profile, 'industry');
  const cats = factList(profile, 'categories');
  const values = [...(industry ? [industry.text] : []), ...(cats?.values ?? [])];
  if (values.length) {
    const matches = matchRules(values, icp.industries);
    const pos = matches.filter((m) => m.points > 0);
    const neg = matches.filter((m) => m.points < 0);
    const posSum = pos.reduce((s, m) => s + m.points, 0);
    const capped = Math.min(posSum, icp.industryCap);
    const fromCategories = (m: { value: string }) => !industry || m.value !== industry.text;
    const srcField = matches.some(fromCategories) || !industry ? 'categories' : 'industry';
    const src = srcField === 'categories' ? (cats?.source ?? industry?.source) : industry?.source;
    if (pos.length) {
      const list = pos.map((m) => `"${m.value}" ~ ${m.match} (${signed(m.points)})`).join(', ');
      add({
        code: 'industry', points: capped, field: srcField, source: src,
        reason: `Industry/categories match the ICP: ${list} [from ${src}]${capped < posSum ? `, capped at ${icp.industryCap}` : ''}`,
      });
    } else if (!neg.length) {
      add({ code: 'industry_no_match', points: 0, field: srcField, source: src, reason: `Industry/categories "${values.join(', ')}" [from ${src}] match no ICP industry` });
    }
    for (const m of neg) {
      add({ code: 'industry_excluded', points: m.points, field: srcField, source: src, reason: `"${m.value}" [from ${src}] matches ICP exclusion ${m.match} (${m.points})` });
    }
  }

  // Geography: best single match over city and country.
  const geo = (['city', 'country'] as const).map((f) => fact(profile, f)).filter((f) => !!f);
  let bestGeo: { points: number; match: string; text: string; field: string; source: string } | undefined;
  for (const g of geo) {
    for (const m of matchRules([g.text], icp.geographies)) {
      if (!bestGeo || m.points > bestGeo.points) bestGeo = { points: m.points, match: m.match, text: g.text, field: g.field, source: g.source };
    }
  }
  if (bestGeo) {
    add({ code: 'geography', points: bestGeo.points, field: bestGeo.field, source: bestGeo.source, reason: `${bestGeo.field} "${bestGeo.text}" [from ${bestGeo.source}] matches ICP geography ${bestGeo.match} (${signed(bestGeo.points)})` });
  } else if (geo.length) {
    add({ code: 'geography_no_match', points: 0, field: geo[0].field, source: geo[0].source, reason: `Location "${geo.map((g) => g.text).join(', ')}" [from ${geo[0].source}] is outside the ICP geographies` });
  }

  // Company size and funding bands (highest min first).
  const employees = factNumber(profile, 'employees');
  if (employees) {
    const band = [...icp.sizeBands].sort((a, b) => b.min - a.min).find((b) => employees.value >= b.min);
    if (band) add({ code: 'company_size', points: band.points, field: 'employees', source: employees.source, reason: `${employees.value} employees [from ${employees.source}]: ${band.label} (${signed(band.points)})` });
  }
  const funding = factNumber(profile, 'fundingUsd');
  if (funding) {
    const band = [...icp.fundingBands].sort((a, b) => b.min - a.min).find((b) => funding.value >= b.min);
    if (band) add({ code: 'funding', points: band.points, field: 'fundingUsd', source: funding.source, reason: `Raised ${fmtUsd(funding.value)} [from ${funding.source}]: ${band.label} (${signed(band.points)})` });
  }

  // Status: first matching rule.
  const status = fact(profile, 'status');
  if (status) {
    const m = matchRules([status.text], icp.statuses)[0];
    if (m) add({ code: 'status', points: m.points, field: 'status', source: status.source, reason: `Status "${status.text}" [from ${status.source}] (${signed(m.points)})` });
  }

  // Seniority.
  const seniority = fact(profile, 'seniority');
  if (seniority && icp.seniority[seniority.text] !== undefined) {
    const title = fact(profile, 'title');
    const p = icp.seniority[seniority.text];
    add({
      code: 'seniority', points: p, field: 'seniority', source: seniority.source,
      reason: `Seniority ${seniority.text}${title ? ` (title "${title.text}" [from ${title.source}])` : ''} [from ${seniority.source}] (${signed(p)})`,
    });
  }

  // Email quality.
  const emailType = fact(profile, 'emailType');
  if (emailType && icp.email[emailType.text] !== undefined) {
    const email = fact(profile, 'email');
    const p = icp.email[emailType.text];
    add({ code: 'email', points: p, field: 'emailType', source: emailType.source, reason: `Email ${email ? `"${email.text}" ` : ''}is ${emailType.text} [from ${emailType.source}] (${signed(p)})` });
  }
  const mx = profile.fields.mxFound;
  if (mx && mx.value === false) {
    const p = icp.email.no_mx ?? DEFAULT_NO_MX_POINTS;
    const dom = fact(profile, 'mxDomain');
    add({ code: 'no_mx', points: p, field: 'mxFound', source: mx.source, reason: `${dom ? dom.text : 'The domain'} has no MX records [from ${mx.source}] (${signed(p)})` });
  }

  // Classification caps, then clamping and rounding, each as an explicit factor so points sum to the score.
  if (classification.label === 'wrong_fit') {
    const cap = wrongFitCap(icp);
    const t = total();
    if (t > cap) {
      const why = classification.reasons.map((r) => r.message).join('; ') || 'wrong fit';
      add({ code: 'wrong_fit_cap', points: cap - t, reason: `Wrong fit (${why}): capped at ${cap}` });
    }
  }
  // CRM history (the `crm` enrichment source): an existing customer, or a lead another rep owns, is not prospected.
  const crmHold = profile.fields.crmIsCustomer?.value === true ? 'crmIsCustomer' : profile.fields.crmOwnedByOther?.value === true ? 'crmOwnedByOther' : undefined;
  if (crmHold) {
    const cap = wrongFitCap(icp);
    const t = total();
    const src = profile.fields[crmHold]!.source;
    const stage = fact(profile, 'crmLifecycleStage');
    const owner = fact(profile, 'crmOwner');
    const why = crmHold === 'crmIsCustomer' ? `Already a customer in the CRM${stage ? ` (lifecycle stage "${stage.text}")` : ''}` : `Owned by ${owner ? owner.text : 'another rep'} in the CRM`;
    add({ code: crmHold === 'crmIsCustomer' ? 'crm_customer' : 'crm_owned', points: t > cap ? cap - t : 0, field: crmHold, source: src, reason: `${why} [from ${src}]: not prospected, capped at ${cap}` });
  }
  let t = total();
  const rounded = Math.round(t);
  if (rounded !== t) add({ code: 'rounding', points: rounded - t, reason: 'Rounded to an integer' });
  t = rounded;
  if (t > 100) add({ code: 'clamp', points: 100 - t, reason: `Clamped ${t} to 100` });
  if (t < 0) add({ code: 'clamp', points: -t, reason: `Clamped ${t} to 0` });
  const score = Math.max(0, Math.min(100, t));
  return { score, factors, qualified: score >= icp.qualifyThreshold, agent: AGENT };
}

/** The default ScoreAgent: {@link scoreProfile} with ctx.settings.icp. */
export class RuleScoreAgent implements ScoreAgent {
  readonly name = AGENT;
  async score(input: { profile: ProspectProfile; classification: Classification }, ctx: AgentContext): Promise<LeadScore> {
    throwIfAborted(ctx.signal);
    return scoreProfile(input.profile, input.classification, ctx.settings.icp);
  }
}
