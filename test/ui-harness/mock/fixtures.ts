import { TASK_STATUS_CODE, type LeadDetail, type LeadRow, type OutboxEntry, type ReviewItem, type RunSummary } from '@shared/ipc';
import type { ClassificationLabel } from '@shared/domain/classification';
import type { Lead } from '@shared/domain/lead';
import type { ProspectProfile } from '@shared/domain/profile';
import type { RunCounts, TaskStatus } from '@shared/domain/run';
import type { LeadScore } from '@shared/domain/score';
import type { Settings } from '@shared/domain/settings';
import type { SeedCompany } from './seed';

/**
 * Deterministic fixture data for the UI harness, derived from the real YC company list: leads, profiles, scores,
 * drafts and review verdicts that look like what the rule-based pipeline produces. Runs in the page (no Node).
 */

export const STAGES = ['classify', 'enrich.list', 'enrich.email-domain', 'enrich.dns', 'synthesize', 'score', 'draft', 'review', 'queue'];

/** mulberry32: a small seeded PRNG so every screenshot shows the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ['Alex', 'Priya', 'Jordan', 'Mei', 'Sam', 'Elena', 'Tom', 'Aisha', 'Lucas', 'Nora', 'Diego', 'Hannah'];
const TITLES = ['Founder', 'Co-founder & CEO', 'CTO', 'VP Sales', 'Head of Growth', 'Director of Marketing', 'COO'];

export interface FixtureLead {
  index: number;
  id: string;
  company: SeedCompany;
  first: string;
  last: string;
  name: string;
  title: string;
  email?: string;
  domain: string;
  score: number;
  label: ClassificationLabel;
  confidence: number;
  passed: boolean;
  issues: { code: string; severity: 'error' | 'warning' | 'info'; message: string }[];
  qualified: boolean;
}

function domainOf(website: string, company: string): string {
  const m = /^https?:\/\/(?:www\.)?([^/]+)/i.exec(website.trim());
  return (m?.[1] ?? `${company.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`).toLowerCase();
}

/** The i-th fixture lead (companies cycle; a suffix keeps ids and names unique beyond the list). */
export function fixtureLead(companies: SeedCompany[], i: number): FixtureLead {
  const c = companies[i % companies.length];
  const r = rng(i + 1);
  const cycle = Math.floor(i / companies.length);
  const founder = c.founders[cycle % Math.max(1, c.founders.length)] ?? `${FIRST_NAMES[i % FIRST_NAMES.length]} Lee`;
  const [first, ...rest] = founder.split(' ');
  const last = rest.join(' ') || 'Lee';
  const domain = domainOf(c.website, c.company);
  const hasEmail = r() > 0.08;
  const score = Math.max(8, Math.min(99, Math.round(35 + r() * 64 - (c.status.toLowerCase().includes('dead') ? 40 : 0))));
  const labelRoll = r();
  const label: ClassificationLabel = labelRoll > 0.22 ? 'high_intent' : labelRoll > 0.1 ? 'low_intent' : labelRoll > 0.04 ? 'wrong_fit' : 'spam';
  const issues: FixtureLead['issues'] = [];
  const issueRoll = r();
  if (issueRoll < 0.07) issues.push({ code: 'untraceable_claim', severity: 'error', message: `“raised $${(Math.round(r() * 9) + 1) * 1_000_000}” is not backed by any profile fact` });
  if (issueRoll < 0.03) issues.push({ code: 'spam_trigger', severity: 'warning', message: 'Phrase “100% free” often trips spam filters' });
  if (issueRoll > 0.93) issues.push({ code: 'length', severity: 'warning', message: 'Body is 212 words; first-touch emails read best under 150' });
  if (issueRoll > 0.97) issues.push({ code: 'recipient_name', severity: 'info', message: 'Greeting uses the company name: no first name in the profile' });
  return {
    index: i,
    id: `lead-${String(i + 1).padStart(5, '0')}`,
    company: cycle ? { ...c, company: `${c.company} ${['Labs', 'HQ', 'Group', 'Studio', 'Works'][cycle % 5]}` } : c,
    first,
    last,
    name: `${first} ${last}`,
    title: TITLES[i % TITLES.length],
    email: hasEmail ? `${first.toLowerCase().replace(/[^a-z]/g, '')}@${domain}` : undefined,
    domain,
    score,
    label,
    confidence: Math.round((0.55 + r() * 0.44) * 100) / 100,
    passed: !issues.some((x) => x.severity === 'error'),
    issues,
    qualified: score >= 50,
  };
}

function body(l: FixtureLead, settings: Settings): string {
  const what = l.company.description.replace(/^[^ ]+ (is|offers|provides|helps)\s+/i, '$1 ').replace(/\.$/, '');
  return [
    `Hi ${l.first},`,
    '',
    `I noticed ${l.company.company} ${what.length < 140 ? what : 'is building something interesting'}. As ${l.title.toLowerCase().includes('founder') ? 'a founder' : l.title} of ${l.company.company}, you are probably still close to how new customers find you.`,
    '',
    `At ${settings.sender.company}, ${settings.pitch}.`,
    '',
    `Would you be open to a short call next week to see if this could help ${l.company.company}?`,
    '',
    'Best,',
    settings.sender.name,
    settings.sender.company,
    '',
    settings.footer.unsubscribeText,
    settings.sender.address ?? '',
  ].join('\n');
}

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** Queue status distribution: mostly pending, failed-review drafts flagged, a few decided. */
function statusOf(l: FixtureLead): OutboxEntry['status'] {
  if (!l.passed) return 'flagged';
  const roll = (l.index * 7919) % 100;
  return roll < 4 ? 'approved' : roll < 6 ? 'rejected' : 'pending';
}

/** A queue entry with the outbox's extra fields (email, times): the mock keeps one per draft and answers both lists. */
export function queueEntry(l: FixtureLead): OutboxEntry {
  const status = statusOf(l);
  return {
    id: l.id,
    status,
    name: l.name,
    company: l.company.company,
    email: l.email,
    score: l.score,
    label: l.label,
    confidence: l.confidence,
    passed: l.passed,
    issueCount: l.issues.length,
    subject: l.index % 3 === 1 ? `${l.first}, a quick idea for ${l.company.company}` : `Idea for ${l.company.company}`,
    seen: status !== 'pending' || l.index % 11 === 0,
    edited: status === 'approved' && l.index % 2 === 0,
    updatedAt: iso(l.index % 300),
    decidedAt: status === 'approved' || status === 'rejected' ? iso(l.index % 120) : undefined,
  };
}

export function lead(l: FixtureLead): Lead {
  return {
    id: l.id,
    dedupeKey: l.email ? `email:${l.email}` : `company:${l.domain}|${l.company.company.toLowerCase()}`,
    firstName: l.first,
    lastName: l.last,
    fullName: l.name,
    email: l.email,
    title: l.title,
    company: l.company.company,
    website: l.company.website,
    domain: l.domain,
    categories: l.company.categories,
    description: l.company.description,
    city: l.company.city,
    country: l.company.country,
    fundingUsd: l.company.fundingUsd,
    status: l.company.status,
    foundedYear: l.company.foundedYear,
    contacts: l.company.founders.map((f) => ({ fullName: f, title: 'Founder' })),
    extra: {},
    source: { file: 'Startups.csv', row: (l.index % 688) + 2, importId: 'imp-startups' },
    importedAt: iso(600),
  };
}

export function profile(l: FixtureLead): ProspectProfile {
  const row = `list:Startups.csv#${(l.index % 688) + 2}`;
  const f = (value: string | number | boolean | string[], source: string, confidence: number, conflicts: ProspectProfile['fields'][string]['conflicts'] = []) => ({ value, source, confidence, conflicts });
  const fields: ProspectProfile['fields'] = {
    fullName: f(l.name, row, 0.9),
    firstName: f(l.first, row, 0.9),
    title: f(l.title, row, 0.85, l.index % 4 === 0 ? [{ value: 'CEO', source: 'email-domain', confidence: 0.4 }] : []),
    seniority: f(l.title.includes('ounder') ? 'founder' : l.title.startsWith('VP') ? 'vp' : l.title.startsWith('Director') || l.title.startsWith('Head') ? 'director' : 'c_level', 'email-domain', 0.7),
    company: f(l.company.company, row, 0.95),
    domain: f(l.domain, 'email-domain', 0.9),
    website: f(l.company.website, row, 0.9),
    categories: f(l.company.categories, row, 0.8),
    description: f(l.company.description, row, 0.8),
    city: f(l.company.city, row, 0.85, l.index % 5 === 0 ? [{ value: 'Mountain View', source: 'dns', confidence: 0.3 }] : []),
    country: f(l.company.country, row, 0.9),
    status: f(l.company.status, row, 0.9),
    mxFound: f(l.index % 9 !== 0, 'dns', 0.95),
  };
  if (l.email) {
    fields.email = f(l.email, row, 0.9);
    fields.emailType = f('business', 'email-domain', 0.9);
  }
  if (l.company.fundingUsd) fields.fundingUsd = f(l.company.fundingUsd, row, 0.75);
  return {
    leadId: l.id,
    fields,
    sources: [
      { source: 'list', status: 'ok' },
      { source: 'email-domain', status: l.email ? 'ok' : 'empty' },
      { source: 'dns', status: l.index % 17 === 0 ? 'failed' : 'ok', error: l.index % 17 === 0 ? 'queryMx ETIMEOUT after 1500 ms' : undefined },
    ],
    synthesizedAt: iso(30),
  };
}

export function score(l: FixtureLead): LeadScore {
  const row = `list:Startups.csv#${(l.index % 688) + 2}`;
  const cats = l.company.categories.slice(0, 3);
  const factors = [
    { code: 'base', points: 40, reason: 'Base score 40' },
    { code: 'industry', points: Math.min(20, cats.length * 6), reason: `Industry/categories match the ICP: ${cats.map((c) => `“${c}”`).join(', ') || 'none'}, capped at 20`, field: 'categories', source: row },
    { code: 'geography', points: l.company.city.includes('San Francisco') ? 10 : 6, reason: `city “${l.company.city}” matches ICP geography`, field: 'city', source: row },
    { code: 'funding', points: l.company.fundingUsd ? 8 : 0, reason: l.company.fundingUsd ? `Raised $${l.company.fundingUsd.toLocaleString('en-US')}: seed (+8)` : 'No funding reported', field: 'fundingUsd', source: row },
    { code: 'status', points: l.company.status.toLowerCase().includes('operating') ? 5 : -10, reason: `Status “${l.company.status}”`, field: 'status', source: row },
    { code: 'seniority', points: l.title.includes('ounder') || l.title.startsWith('C') ? 15 : l.title.startsWith('VP') ? 12 : 10, reason: `Seniority ${l.title.includes('ounder') ? 'founder' : l.title.startsWith('VP') ? 'vp' : l.title.startsWith('C') ? 'c_level' : 'director'} (title “${l.title}”)`, field: 'seniority', source: 'email-domain' },
  ];
  const sum = factors.reduce((a, x) => a + x.points, 0);
  const adjust = l.score - sum;
  if (adjust) factors.push(adjust > 0
    ? { code: 'email', points: Math.min(adjust, 10), reason: 'Business email domain', field: 'emailType', source: 'email-domain' }
    : { code: 'size', points: adjust, reason: 'Company size unknown and status unclear: below the ICP bands', field: 'employees', source: 'list' });
  return { score: l.score, factors, qualified: l.qualified, agent: 'rules' };
}

export function reviewItem(l: FixtureLead, settings: Settings, entry: OutboxEntry, runId: string): ReviewItem {
  const draft = {
    subject: entry.subject,
    body: body(l, settings),
    to: { name: l.name, email: l.email, company: l.company.company },
    facts: [
      { field: 'company', text: l.company.company, source: `list:Startups.csv#${(l.index % 688) + 2}` },
      { field: 'description', text: l.company.description.slice(0, 80), source: `list:Startups.csv#${(l.index % 688) + 2}` },
      { field: 'title', text: l.title, source: `list:Startups.csv#${(l.index % 688) + 2}` },
    ],
    template: l.index % 3 === 1 ? 'contact' : 'founder',
    agent: 'rules',
    attempt: l.passed ? 1 : 2,
  };
  return {
    id: entry.id,
    leadId: l.id,
    runId,
    status: entry.status,
    draft,
    verdict: { passed: l.passed, issues: l.issues, agent: 'rules' },
    draftAttempts: l.passed ? 1 : 2,
    score: score(l),
    classification: {
      label: l.label,
      confidence: l.confidence,
      reasons: [
        { code: 'business_email', message: l.email ? `Business email at ${l.domain}` : 'No email: company-only lead' },
        { code: 'icp_industry', message: `Categories ${l.company.categories.slice(0, 2).join(', ') || 'unknown'} match the ICP` },
        { code: 'status', message: `Company status ${l.company.status}` },
      ],
      agent: 'rules',
    },
    rejectReason: entry.status === 'rejected' ? 'Not a fit' : undefined,
    seenAt: entry.seen ? iso(10) : undefined,
    decidedAt: entry.decidedAt,
    edited: entry.edited,
    createdAt: iso(200),
    updatedAt: entry.updatedAt,
    lead: lead(l),
    profile: profile(l),
    seen: entry.seen,
  };
}

/** Per-stage status of lead `i` in a run whose first `done` leads are finished and next `running` are in flight. */
export function leadStages(l: FixtureLead, state: 'done' | 'running' | 'pending' | 'failed'): { stages: Record<string, TaskStatus>; durations: Record<string, number>; error?: string } {
  const stages: Record<string, TaskStatus> = {};
  const durations: Record<string, number> = {};
  const r = rng(l.index + 99);
  STAGES.forEach((s, k) => {
    let st: TaskStatus;
    if (state === 'pending') st = 'pending';
    else if (state === 'running') st = k < 3 ? 'done' : k === 3 ? 'running' : 'pending';
    else if (state === 'failed') st = k < 3 ? 'done' : k === 3 ? 'failed' : 'pending';
    else st = (s === 'draft' || s === 'review' || s === 'queue') && !l.qualified ? 'skipped' : 'done';
    stages[s] = st;
    if (st === 'done') durations[s] = Math.round((s === 'enrich.dns' ? 40 + r() * 400 : 1 + r() * 12) * 10) / 10;
  });
  return { stages, durations, error: state === 'failed' ? 'enrich.dns: queryMx ESERVFAIL for ' + l.domain : undefined };
}

export function leadRow(l: FixtureLead, state: 'done' | 'running' | 'pending' | 'failed'): LeadRow {
  const s = leadStages(l, state);
  return {
    leadId: l.id,
    name: l.name,
    company: l.company.company,
    email: l.email,
    statuses: STAGES.map((st) => TASK_STATUS_CODE[s.stages[st]]).join(''),
    durationsMs: STAGES.map((st) => s.durations[st] ?? null),
    error: s.error,
    score: state === 'done' ? l.score : undefined,
  };
}

export function counts(total: number, done: number, running: number, failed: number, skipped = 0): RunCounts {
  return { total, done, running, failed, skipped, pending: Math.max(0, total - done - running - failed - skipped) };
}

export function leadDetail(l: FixtureLead, runId: string, state: 'done' | 'running' | 'pending' | 'failed'): LeadDetail {
  const st = leadStages(l, state);
  return {
    lead: lead(l),
    profile: state === 'done' ? profile(l) : undefined,
    classification: state !== 'pending' ? reviewItemClassification(l) : undefined,
    score: state === 'done' ? score(l) : undefined,
    tasks: STAGES.map((s) => ({
      stage: s,
      status: st.stages[s],
      attempts: st.stages[s] === 'pending' || st.stages[s] === 'skipped' ? 0 : st.stages[s] === 'failed' ? 3 : 1,
      durationMs: st.durations[s],
      error: st.stages[s] === 'failed' ? 'queryMx ESERVFAIL' : undefined,
    })),
    audit: STAGES.filter((s) => st.stages[s] === 'done' || st.stages[s] === 'failed' || st.stages[s] === 'skipped').map((s, k) => ({
      id: `${l.id}-${s}`,
      runId,
      leadId: l.id,
      stage: s,
      attempt: 1,
      inputHash: `sha256:${(l.index * 2654435761 + k).toString(16).padStart(12, '0')}`,
      outcome: st.stages[s] === 'failed' ? 'failed' as const : st.stages[s] === 'skipped' ? 'skipped' as const : 'succeeded' as const,
      error: st.stages[s] === 'failed' ? 'queryMx ESERVFAIL' : undefined,
      durationMs: st.durations[s] ?? 0,
      at: iso(40 - k),
    })),
  };
}

function reviewItemClassification(l: FixtureLead) {
  return {
    label: l.label,
    confidence: l.confidence,
    reasons: [
      { code: 'business_email', message: l.email ? `Business email at ${l.domain}` : 'No email: company-only lead' },
      { code: 'icp_industry', message: `Categories ${l.company.categories.slice(0, 2).join(', ') || 'unknown'} match the ICP` },
    ],
    agent: 'rules',
  };
}

export function runSummary(p: {
  id: string; label: string; status: RunSummary['status']; total: number; done: number; running: number; failed: number;
  skippedDraft: number; createdMinutesAgo: number; elapsedMs: number; leadsPerSec: number;
}): RunSummary {
  const perStage: Record<string, RunCounts> = {};
  for (const s of STAGES) {
    const skipped = s === 'draft' || s === 'review' || s === 'queue' ? p.skippedDraft : 0;
    const failed = s === 'enrich.dns' ? p.failed : 0;
    const earlier = STAGES.indexOf(s) < 4;
    perStage[s] = counts(p.total, Math.max(0, p.done + (earlier ? p.running : 0) - skipped), s === 'enrich.dns' ? p.running : 0, failed, skipped);
  }
  const remaining = p.total - p.done - p.failed;
  return {
    id: p.id,
    label: p.label,
    status: p.status,
    stages: STAGES,
    leadsTotal: p.total,
    leadsDone: p.done,
    leadsFailed: p.failed,
    counts: counts(p.total * STAGES.length, p.done * STAGES.length, p.running, p.failed),
    perStage,
    createdAt: iso(p.createdMinutesAgo),
    startedAt: iso(p.createdMinutesAgo),
    finishedAt: p.status === 'done' ? iso(p.createdMinutesAgo - 1) : undefined,
    elapsedMs: p.elapsedMs,
    leadsPerSec: p.status === 'running' ? p.leadsPerSec : 0,
    etaMs: p.status === 'running' && p.leadsPerSec > 0 ? (remaining / p.leadsPerSec) * 1000 : undefined,
  };
}
