import { z, type ZodType } from 'zod';
import {
  ClassificationSchema, DraftSchema, EnrichmentResultSchema, LeadScoreSchema, ProspectProfileSchema, ReviewVerdictSchema,
  type Classification, type Draft, type Lead, type LeadScore, type ProspectProfile, type ReviewVerdict, type Settings,
} from '@shared/index';
import type { FlowDef, RetryPolicy, StageContext, StageDef } from '../../pipeline/types';
import { RuleClassifyAgent, type ClassifyAgent } from '../classify/classify-agent';
import { RuleDraftAgent, type DraftAgent } from '../draft/draft-agent';
import { TemplateError } from '../draft/template';
import { DnsMxSource } from '../enrich/dns-mx-source';
import { EmailDomainSource } from '../enrich/email-domain-source';
import { RowSource } from '../enrich/row-source';
import type { EnrichmentSource } from '../enrich/types';
import { RuleReviewAgent, type ReviewAgent, type ReviewInput } from '../review/review';
import { RuleScoreAgent, type ScoreAgent } from '../score/score';
import { RuleSynthesizeAgent, type SynthesizeAgent } from '../synthesize/synthesize';
import type { AgentContext } from '../types';
import { fact } from '../util/profile';

/** Name of the flow built by {@link buildLeadFlow}. */
export const LEAD_FLOW_NAME = 'lead';

/** Stage names of the lead flow (enrichment stages are `enrich.<source name>`). */
export const STAGES = {
  classify: 'classify',
  synthesize: 'synthesize',
  score: 'score',
  draft: 'draft',
  review: 'review',
  queue: 'queue',
} as const;

/** The agents a flow runs; any of them can be swapped (e.g. for an LLM implementation). */
export interface LeadFlowAgents {
  classify: ClassifyAgent;
  synthesize: SynthesizeAgent;
  score: ScoreAgent;
  draft: DraftAgent;
  review: ReviewAgent;
}

/** What `saveDraft` receives; `id` = `${runId}:${leadId}` (idempotency key: saving twice replaces). */
export interface QueuedDraftItem {
  id: string;
  runId: string;
  leadId: string;
  draft: Draft;
  verdict: ReviewVerdict;
  attempts: number;
  classification: Classification;
  score: LeadScore;
  profile: ProspectProfile;
}

/** What {@link buildLeadFlow} needs: settings, the queue writer, and optional sources/agents to swap in. */
export interface LeadFlowDeps {
  settings: Settings;
  /** Enrichment sources, one stage each (default: list, email-domain, dns). */
  sources?: EnrichmentSource[];
  agents?: Partial<LeadFlowAgents>;
  /** Persists a reviewed draft into the review queue; must be idempotent by `item.id`. May be async. */
  saveDraft: (item: QueuedDraftItem) => void | Promise<void>;
  /**
   * Whether the review queue holds an item for this lead (any status). Lets the engine re-run a `queue` task
   * checkpointed done whose queue write was lost to a kill (see StageDef.effectCommitted). Omit to trust the
   * checkpoint.
   */
  hasDraft?: (leadId: string) => boolean;
  /** Clock for timestamps (tests). */
  now?: () => Date;
  /**
   * Extra stages appended to the flow (e.g. the CRM `sync` stage after `score`); their `needs` name stages of
   * this flow. Validated with the flow (unknown needs, cycles, duplicate names throw).
   */
  extraStages?: StageDef[];
}

/** Output of the review stage: the draft that went to the queue, its verdict, and how many drafts were made (1-2). */
export const ReviewStageOutputSchema = z.object({
  draft: DraftSchema,
  verdict: ReviewVerdictSchema,
  attempts: z.number().int().min(1).max(2),
});
/** Output type of the review stage. */
export type ReviewStageOutput = z.infer<typeof ReviewStageOutputSchema>;

/** Output of the queue stage. */
export const QueueStageOutputSchema = z.object({ queued: z.literal(true), status: z.enum(['pending', 'flagged']) });
/** Output type of the queue stage. */
export type QueueStageOutput = z.infer<typeof QueueStageOutputSchema>;

/** The default sources: the list row, the email/title analysis, and DNS MX. */
export function defaultSources(): EnrichmentSource[] {
  return [new RowSource(), new EmailDomainSource(), new DnsMxSource()];
}

/** Per-attempt timeout of an enrichment source on the `crm` resource (the CRM history), in ms. */
export const CRM_SOURCE_TIMEOUT_MS = 120_000;

const RETRY_ONCE: RetryPolicy = { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000, factor: 2, jitter: true };
const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** Reads and validates the value of an ok need; throws a clear error if it is missing or malformed. */
function need<T>(ctx: StageContext, stage: string, schema: ZodType<T>): T {
  const o = ctx.deps[stage];
  if (!o) throw new Error(`stage input "${stage}" is missing`);
  if (!o.ok) throw new Error(`stage input "${stage}" ${o.status}: ${o.error}`);
  return schema.parse(o.value);
}

function okValue<T>(ctx: StageContext, stage: string, schema: ZodType<T>): T | undefined {
  const o = ctx.deps[stage];
  if (!o?.ok) return undefined;
  const r = schema.safeParse(o.value);
  return r.success ? r.data : undefined;
}

/**
 * Builds the review-gate input for a draft: recipient from the profile (falling back to the lead), the draft's
 * facts plus the settings texts the drafter may use verbatim (pitch, unsubscribe line), the sender and the
 * footer requirements from settings. Output: a {@link ReviewInput}. Never throws.
 */
export function reviewInputFor(draft: Draft, profile: ProspectProfile, lead: Pick<Lead, 'firstName' | 'lastName' | 'email' | 'company' | 'title'>, settings: Settings): ReviewInput {
  const pick = (field: string, fallback?: string) => fact(profile, field)?.text ?? fallback;
  const recipient: ReviewInput['lead'] = {};
  const firstName = pick('firstName', lead.firstName);
  const lastName = pick('lastName', lead.lastName);
  const email = pick('email', lead.email);
  const company = pick('company', lead.company);
  const title = pick('title', lead.title);
  if (firstName) recipient.firstName = firstName;
  if (lastName) recipient.lastName = lastName;
  if (email) recipient.email = email;
  if (company) recipient.company = company;
  if (title) recipient.title = title;
  return {
    lead: recipient,
    facts: [
      ...draft.facts.map((f) => ({ text: f.text, source: f.source })),
      { text: settings.pitch, source: 'settings.pitch' },
      { text: settings.footer.unsubscribeText, source: 'settings.footer' },
    ],
    draft: { subject: draft.subject, body: draft.body },
    sender: { name: settings.sender.name, company: settings.sender.company, ...(settings.sender.address ? { address: settings.sender.address } : {}) },
    requireUnsubscribe: settings.footer.requireUnsubscribe,
    requireAddress: settings.footer.requireAddress,
  };
}

/**
 * Builds the lead flow (a DAG for the pipeline engine).
 *
 * Stages: `classify` → `enrich.<source>` per source (needs classify; skipped for spam; the `dns` source uses
 * resource 'dns', a timeout of 2×dnsTimeoutMs+500 ms and no retry, is skipped when DNS is disabled; others retry once)
 * → `synthesize` (needs every enrich stage, tolerates failed/skipped ones) → `score` (classify, synthesize)
 * → `draft` (score, synthesize, classify; skipped unless qualified: "score 34 < threshold 50")
 * → `review` (draft, synthesize, classify: review; on failure one redraft with the issues as feedback and a
 * second review; output {draft, verdict, attempts}) → `queue` (review, classify, score, synthesize: calls
 * `saveDraft` with id `${runId}:${leadId}`; output {queued: true, status: 'pending' | 'flagged'}).
 * Extra stages (`deps.extraStages`) are appended: the CRM runtime contributes `sync` (needs classify, synthesize,
 * score and queue; see crm/sync/stage.ts) and the `crm` history source (stage `enrich.crm`, resource `crm`, a
 * per-attempt timeout of {@link CRM_SOURCE_TIMEOUT_MS}) while a CRM is active.
 * Input: {@link LeadFlowDeps}. Output: FlowDef named "lead". Throws if two sources share a name.
 */
export function buildLeadFlow(deps: LeadFlowDeps): FlowDef {
  const { settings } = deps;
  const agents: LeadFlowAgents = {
    classify: deps.agents?.classify ?? new RuleClassifyAgent(),
    synthesize: deps.agents?.synthesize ?? new RuleSynthesizeAgent(),
    score: deps.agents?.score ?? new RuleScoreAgent(),
    draft: deps.agents?.draft ?? new RuleDraftAgent(),
    review: deps.agents?.review ?? new RuleReviewAgent(),
  };
  const sources = deps.sources ?? defaultSources();
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name)) throw new Error(`two enrichment sources are named "${s.name}"`);
    names.add(s.name);
  }
  const actx = (ctx: StageContext): AgentContext => ({ settings, signal: ctx.signal, ...(deps.now ? { now: deps.now } : {}) });

  const classify: StageDef<Classification> = {
    name: STAGES.classify,
    needs: [],
    output: ClassificationSchema,
    retry: RETRY_ONCE,
    run: (ctx) => agents.classify.classify(ctx.lead, actx(ctx)),
  };

  const enrichStages: StageDef[] = sources.map((source) => {
    const isDns = source.name === 'dns';
    const many = typeof (source as { runAll?: unknown }).runAll === 'function';
    const output: ZodType = many ? z.array(EnrichmentResultSchema) : EnrichmentResultSchema;
    const stage: StageDef = {
      name: `enrich.${source.name}`,
      needs: [STAGES.classify],
      output,
      retry: isDns ? NO_RETRY : RETRY_ONCE,
      // A CRM source's calls queue behind the CRM's rate limit (shared with the sync stage): give them longer.
      timeoutMs: isDns ? settings.pipeline.dnsTimeoutMs * 2 + 500 : source.resource === 'crm' ? CRM_SOURCE_TIMEOUT_MS : 30_000,
      ...(source.resource ? { resource: source.resource } : {}),
      skipIf: (ctx) => {
        const c = okValue(ctx, STAGES.classify, ClassificationSchema);
        if (c?.label === 'spam') return `spam: ${c.reasons.map((r) => r.message).join('; ') || 'classified as spam'}`;
        if (isDns && !settings.pipeline.dnsEnabled) return 'DNS lookups are disabled in settings';
        return null;
      },
      run: (ctx) =>
        many
          ? (source as EnrichmentSource & { runAll(lead: Lead, c: AgentContext): Promise<unknown> }).runAll(ctx.lead, actx(ctx))
          : source.run(ctx.lead, actx(ctx)),
    };
    return stage;
  });

  const synthesize: StageDef<ProspectProfile> = {
    name: STAGES.synthesize,
    needs: enrichStages.map((s) => s.name),
    tolerateFailedNeeds: true,
    output: ProspectProfileSchema,
    run: (ctx) => {
      const outcomes = Object.fromEntries(enrichStages.filter((s) => s.name in ctx.deps).map((s) => [s.name, ctx.deps[s.name]]));
      return agents.synthesize.synthesize({ leadId: ctx.lead.id, outcomes }, actx(ctx));
    },
  };

  const score: StageDef<LeadScore> = {
    name: STAGES.score,
    needs: [STAGES.classify, STAGES.synthesize],
    output: LeadScoreSchema,
    run: (ctx) =>
      agents.score.score(
        { profile: need(ctx, STAGES.synthesize, ProspectProfileSchema), classification: need(ctx, STAGES.classify, ClassificationSchema) },
        actx(ctx),
      ),
  };

  const draft: StageDef<Draft> = {
    name: STAGES.draft,
    needs: [STAGES.score, STAGES.synthesize, STAGES.classify],
    output: DraftSchema,
    skipIf: (ctx) => {
      const s = okValue(ctx, STAGES.score, LeadScoreSchema);
      if (!s) return 'no score';
      if (s.qualified) return null;
      const c = okValue(ctx, STAGES.classify, ClassificationSchema);
      const label = c && (c.label === 'spam' || c.label === 'wrong_fit') ? ` (${c.label})` : '';
      return `score ${s.score} < threshold ${settings.icp.qualifyThreshold}${label}`;
    },
    run: (ctx) =>
      agents.draft.draft(
        {
          profile: need(ctx, STAGES.synthesize, ProspectProfileSchema),
          classification: need(ctx, STAGES.classify, ClassificationSchema),
          score: need(ctx, STAGES.score, LeadScoreSchema),
          attempt: 1,
        },
        actx(ctx),
      ),
  };

  const review: StageDef<ReviewStageOutput> = {
    name: STAGES.review,
    needs: [STAGES.draft, STAGES.synthesize, STAGES.classify],
    output: ReviewStageOutputSchema,
    run: async (ctx) => {
      const first = need(ctx, STAGES.draft, DraftSchema);
      const profile = need(ctx, STAGES.synthesize, ProspectProfileSchema);
      const classification = need(ctx, STAGES.classify, ClassificationSchema);
      const v1 = await agents.review.review(reviewInputFor(first, profile, ctx.lead, settings), { signal: ctx.signal });
      if (v1.passed) return { draft: first, verdict: v1, attempts: 1 };
      let second: Draft;
      try {
        second = await agents.draft.draft({ profile, classification, feedback: v1.issues, attempt: 2 }, actx(ctx));
      } catch (err) {
        if (err instanceof TemplateError) return { draft: first, verdict: v1, attempts: 1 };
        throw err;
      }
      const v2 = await agents.review.review(reviewInputFor(second, profile, ctx.lead, settings), { signal: ctx.signal });
      return { draft: second, verdict: v2, attempts: 2 };
    },
  };

  const queue: StageDef<QueueStageOutput> = {
    name: STAGES.queue,
    needs: [STAGES.review, STAGES.classify, STAGES.score, STAGES.synthesize],
    output: QueueStageOutputSchema,
    ...(deps.hasDraft ? { effectCommitted: ({ leadId }: { leadId: string }) => deps.hasDraft!(leadId) } : {}),
    run: async (ctx) => {
      const r = need(ctx, STAGES.review, ReviewStageOutputSchema);
      const item: QueuedDraftItem = {
        id: `${ctx.runId}:${ctx.lead.id}`,
        runId: ctx.runId,
        leadId: ctx.lead.id,
        draft: r.draft,
        verdict: r.verdict,
        attempts: r.attempts,
        classification: need(ctx, STAGES.classify, ClassificationSchema),
        score: need(ctx, STAGES.score, LeadScoreSchema),
        profile: need(ctx, STAGES.synthesize, ProspectProfileSchema),
      };
      await deps.saveDraft(item);
      return { queued: true as const, status: r.verdict.passed ? ('pending' as const) : ('flagged' as const) };
    },
  };

  return { name: LEAD_FLOW_NAME, stages: [classify, ...enrichStages, synthesize, score, draft, review, queue, ...(deps.extraStages ?? [])] as StageDef[] };
}
