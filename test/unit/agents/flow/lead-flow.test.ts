import { describe, expect, it } from 'vitest';
import type { Draft, Lead, ReviewVerdict } from '@shared/index';
import { MemoryCheckpoint, PipelineEngine, type StageContext, type StageDef, type Outcome } from '../../../../electron/core/pipeline/index';
import { buildLeadFlow, type QueuedDraftItem } from '../../../../electron/core/agents/flow/lead-flow';
import { DnsMxSource } from '../../../../electron/core/agents/enrich/dns-mx-source';
import { RowSource } from '../../../../electron/core/agents/enrich/row-source';
import { EmailDomainSource } from '../../../../electron/core/agents/enrich/email-domain-source';
import { RuleDraftAgent, type DraftAgent, type DraftInput } from '../../../../electron/core/agents/draft/draft-agent';
import type { AgentContext } from '../../../../electron/core/agents/types';
import { lead, settings } from '../fixtures/yc';

const s = settings();
const failingDns = new DnsMxSource({ createResolver: () => ({ resolveMx: async () => { throw Object.assign(new Error('queryMx ECONNREFUSED'), { code: 'ECONNREFUSED' }); } }) });
const sources = () => [new RowSource(), new EmailDomainSource(), failingDns];

function stage(flow: ReturnType<typeof buildLeadFlow>, name: string): StageDef {
  const st = flow.stages.find((x) => x.name === name);
  if (!st) throw new Error(`no stage ${name}`);
  return st;
}

/** Runs the flow's stages in order for one lead, in-process (no engine), the way the engine would. */
async function runInProcess(flow: ReturnType<typeof buildLeadFlow>, l: Lead, runId = 'run-1') {
  const outcomes: Record<string, Outcome> = {};
  for (const st of flow.stages) {
    const deps = Object.fromEntries(st.needs.map((n) => [n, outcomes[n]]));
    const blocked = st.needs.some((n) => !outcomes[n].ok);
    const ctx: StageContext = { runId, lead: l, deps, attempt: 1, signal: new AbortController().signal, idempotencyKey: `${runId}:${l.id}:${st.name}` };
    if (blocked && !st.tolerateFailedNeeds) {
      outcomes[st.name] = { ok: false, status: 'skipped', error: 'need skipped' };
      continue;
    }
    const reason = st.skipIf?.(ctx) ?? null;
    if (reason !== null) {
      outcomes[st.name] = { ok: false, status: 'skipped', error: reason };
      continue;
    }
    const value = st.output.parse(await st.run(ctx));
    outcomes[st.name] = { ok: true, value };
  }
  return outcomes;
}

const ycLead = () =>
  lead({
    company: 'Goldbely', website: 'http://www.goldbely.com', domain: 'goldbely.com', categories: ['Social', 'E-Commerce'],
    description: "Goldbely is an e-commerce site for buying and discovering America's best handmade gourmet food & gifts.",
    city: 'San Francisco', country: 'USA', status: 'Operating', fundingUsd: 3_000_000,
    contacts: [{ fullName: 'Joe Ariel', title: 'Founder' }, { fullName: 'Joel Gillman', title: 'Founder' }],
    source: { file: 'Startups.csv', row: 3, importId: 'yc' },
  });

describe('buildLeadFlow', () => {
  it('wires the stages as specified', () => {
    const flow = buildLeadFlow({ settings: s, saveDraft: () => {} });
    expect(flow.name).toBe('lead');
    expect(flow.stages.map((x) => x.name)).toEqual(['classify', 'enrich.list', 'enrich.email-domain', 'enrich.dns', 'synthesize', 'score', 'draft', 'review', 'queue']);
    const dns = stage(flow, 'enrich.dns');
    expect(dns).toMatchObject({ needs: ['classify'], resource: 'dns', retry: { attempts: 1 }, timeoutMs: s.pipeline.dnsTimeoutMs * 2 + 500 });
    expect(stage(flow, 'enrich.list').retry!.attempts).toBe(2);
    expect(stage(flow, 'enrich.list').resource).toBeUndefined();
    expect(stage(flow, 'synthesize')).toMatchObject({ needs: ['enrich.list', 'enrich.email-domain', 'enrich.dns'], tolerateFailedNeeds: true });
    expect(stage(flow, 'score').needs).toEqual(['classify', 'synthesize']);
    expect(stage(flow, 'draft').needs).toEqual(['score', 'synthesize', 'classify']);
    expect(stage(flow, 'review').needs).toContain('draft');
    expect(stage(flow, 'queue').needs).toContain('review');
    expect(() => buildLeadFlow({ settings: s, sources: [new RowSource(), new RowSource()], saveDraft: () => {} })).toThrow(/two enrichment sources/);
  });

  it('runs a YC lead end to end in-process: failed DNS listed, draft passes review, queued pending', async () => {
    const saved: QueuedDraftItem[] = [];
    const flow = buildLeadFlow({ settings: s, sources: sources(), saveDraft: (i) => void saved.push(i) });
    const out = await runInProcess(flow, ycLead());
    const profile = (out.synthesize as { value: { sources: unknown[] } }).value;
    expect(profile.sources).toContainEqual({ source: 'dns', status: 'failed', error: expect.stringContaining('ECONNREFUSED') });
    expect(out.draft.ok).toBe(true);
    expect(out.review).toMatchObject({ ok: true, value: { attempts: 1, verdict: { passed: true } } });
    expect(out.queue).toEqual({ ok: true, value: { queued: true, status: 'pending' } });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ id: `run-1:${saved[0].leadId}`, runId: 'run-1', attempts: 1 });
    expect(saved[0].draft.body).toMatch(/^Hi Joe,/);
  });

  it('skips enrichment for spam and skips the draft with the score reason', async () => {
    const flow = buildLeadFlow({ settings: s, sources: sources(), saveDraft: () => {} });
    const spam = await runInProcess(flow, lead({ firstName: 'Asdf', email: 'asdf@mailinator.com', company: 'Acme' }));
    expect(spam['enrich.list']).toMatchObject({ ok: false, status: 'skipped', error: expect.stringMatching(/^spam: /) });
    expect(spam.score).toMatchObject({ ok: true, value: { score: 0, qualified: false } });
    expect(spam.draft).toEqual({ ok: false, status: 'skipped', error: 'score 0 < threshold 50 (spam)' });
    const weak = await runInProcess(flow, lead({ company: 'Music Co', email: 'info@musicco.fr', categories: ['Music'], country: 'France' }));
    const sc = (weak.score as { value: { score: number } }).value.score;
    expect(sc).toBeLessThan(50);
    expect(weak.draft).toEqual({ ok: false, status: 'skipped', error: `score ${sc} < threshold 50` });
  });

  it('skips the DNS stage when DNS is disabled', () => {
    const off = settings({ pipeline: { concurrency: 1, dnsTimeoutMs: 100, dnsEnabled: false } });
    const flow = buildLeadFlow({ settings: off, saveDraft: () => {} });
    const ctx = { deps: { classify: { ok: true, value: { label: 'high_intent', confidence: 1, reasons: [], agent: 't' } } } } as unknown as StageContext;
    expect(stage(flow, 'enrich.dns').skipIf!(ctx)).toBe('DNS lookups are disabled in settings');
    expect(stage(flow, 'enrich.list').skipIf!(ctx)).toBeNull();
  });

  it('review stage: a failing first draft gets ONE redraft with the issues as feedback', async () => {
    const feedbacks: DraftInput['feedback'][] = [];
    const inner = new RuleDraftAgent();
    const spammy: DraftAgent = {
      name: 'spammy',
      async draft(input: DraftInput, ctx: AgentContext): Promise<Draft> {
        feedbacks.push(input.feedback);
        const d = await inner.draft(input, ctx);
        return input.feedback ? d : { ...d, body: d.body.replace('Would you be open', 'Act now! Would you be open') };
      },
    };
    const saved: QueuedDraftItem[] = [];
    const flow = buildLeadFlow({ settings: s, sources: sources(), agents: { draft: spammy }, saveDraft: (i) => void saved.push(i) });
    const out = await runInProcess(flow, ycLead());
    expect(feedbacks).toHaveLength(2);
    expect(feedbacks[1]!.map((i) => i.code)).toContain('spam_trigger');
    expect(out.review).toMatchObject({ ok: true, value: { attempts: 2, verdict: { passed: true }, draft: { attempt: 2 } } });
    expect(saved[0]).toMatchObject({ attempts: 2 });
    expect(out.queue).toEqual({ ok: true, value: { queued: true, status: 'pending' } });
  });

  it('review stage: when the redraft fails too, the lead is queued as flagged', async () => {
    const alwaysBad: DraftAgent = {
      name: 'bad',
      async draft(input: DraftInput, ctx: AgentContext): Promise<Draft> {
        const d = await new RuleDraftAgent().draft(input, ctx);
        return { ...d, body: d.body.replace(/^Hi [^,]+,/, 'Hi [Name],') };
      },
    };
    let calls = 0;
    const verdicts: ReviewVerdict[] = [];
    const flow = buildLeadFlow({ settings: s, sources: sources(), agents: { draft: alwaysBad }, saveDraft: (i) => { calls++; verdicts.push(i.verdict); } });
    const out = await runInProcess(flow, ycLead());
    expect(out.review).toMatchObject({ ok: true, value: { attempts: 2, verdict: { passed: false } } });
    expect(out.queue).toEqual({ ok: true, value: { queued: true, status: 'flagged' } });
    expect(calls).toBe(1);
    expect(verdicts[0].issues.map((i) => i.code)).toContain('placeholder');
  });

  it('queue stage is deterministic: the same deps give the same item (idempotent by runId:leadId)', async () => {
    const saved: QueuedDraftItem[] = [];
    const flow = buildLeadFlow({ settings: s, sources: sources(), saveDraft: (i) => void saved.push(i), now: () => new Date('2026-01-01T00:00:00Z') });
    const l = ycLead();
    const out = await runInProcess(flow, l);
    const q = stage(flow, 'queue');
    const deps = Object.fromEntries(q.needs.map((n) => [n, out[n]]));
    const ctx: StageContext = { runId: 'run-1', lead: l, deps, attempt: 2, signal: new AbortController().signal, idempotencyKey: 'k' };
    await q.run(ctx);
    expect(saved).toHaveLength(2);
    expect(saved[1]).toEqual(saved[0]);
  });

  it('runs on the real pipeline engine: several leads, fan-out, failed DNS tolerated, drafts queued', async () => {
    const leads = [
      ycLead(),
      lead({ firstName: 'Jane', lastName: 'Doe', email: 'jane@acme-widgets.com', company: 'Acme Widgets', title: 'VP Sales', categories: ['SaaS'], country: 'USA' }),
      lead({ firstName: 'Test', email: 'test@mailinator.com' }),
      lead({ company: 'Tipjoy', website: 'tipjoy.com', status: 'Dead', contacts: [{ fullName: 'Ivan Kirigin' }] }),
    ];
    const saved = new Map<string, QueuedDraftItem>();
    const flow = buildLeadFlow({ settings: s, sources: sources(), saveDraft: (i) => void saved.set(i.id, i) });
    const checkpoint = new MemoryCheckpoint(leads);
    const engine = new PipelineEngine({ flow, checkpoint, concurrency: 4, resources: { dns: { concurrency: 2 } }, random: () => 0.5 });
    const run = engine.createRun({ leadIds: leads.map((l) => l.id), runId: 'r1' });
    const done = await engine.start(run.id);
    expect(done.status).toBe('done');
    const task = (leadId: string, st: string) => checkpoint.getTask(`r1:${leadId}:${st}`)!;
    expect(task(leads[0].id, 'queue')).toMatchObject({ status: 'done', output: { queued: true, status: 'pending' } });
    expect(task(leads[1].id, 'queue')).toMatchObject({ status: 'done', output: { queued: true, status: 'pending' } });
    expect(task(leads[2].id, 'enrich.list').status).toBe('skipped');
    expect(task(leads[2].id, 'draft')).toMatchObject({ status: 'skipped', error: 'score 0 < threshold 50 (spam)' });
    expect(task(leads[3].id, 'draft')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/< threshold 50 \(wrong_fit\)$/) });
    expect([...saved.keys()].sort()).toEqual([`r1:${leads[0].id}`, `r1:${leads[1].id}`].sort());
    for (const item of saved.values()) expect(item.verdict.passed).toBe(true);
  });
});
