import { queueEntryOf, type OutboxEntry, type QueueEntry, type QueueFilter, type QueuePage, type ReviewCounts, type ReviewItem } from '@shared/ipc';
import {
  DraftSchema, type Draft, type Lead, type ProspectProfile, type QueueItem, type ReviewIssue, type ReviewVerdict, type Settings,
  type Task,
} from '@shared/index';
import { ReviewStageOutputSchema, STAGES, reviewInputFor, type QueuedDraftItem } from '../agents/flow/lead-flow';
import { TemplateError } from '../agents/draft/template';
import { RuleReviewAgent } from '../agents/review/review';
import { UserFacingError } from '../api/types';
import { taskIdOf } from '../pipeline/ids';
import type { FlowDef, Outcome, StageContext } from '../pipeline/types';
import type { Store } from '../store/store';
import { leadName } from './lead-views';

/** Review issue codes that make a draft unsendable by law or policy: approval is refused while any is an error. */
export const COMPLIANCE_CODES: ReadonlySet<string> = new Set(['placeholder', 'unsubscribe_missing', 'address_missing', 'sender_missing']);

/** What {@link ReviewQueue} needs. */
export interface ReviewQueueDeps {
  store: Store;
  /** Current settings (sender, footer) for re-reviews. */
  settings: () => Settings;
  /** The lead flow for the current settings; `review:regenerate` runs its `draft` and `review` stages. */
  flow: () => FlowDef;
  /** Told which queue item ids changed (pipeline saves and rep actions), for `review:changed`. */
  onChanged: (ids: string[]) => void;
  /** Clock (tests). */
  now?: () => Date;
}

const STATUS_RANK: Record<QueueItem['status'], number> = { flagged: 0, pending: 1, approved: 2, rejected: 3 };

/** A list entry plus what the outbox and text filtering need, cached per stored item object. */
interface Cached {
  entry: QueueEntry;
  /** Lowercase `name \n company \n subject` for the text filter. */
  hay: string;
  email?: string;
}

/** Issues of a verdict that block approval (compliance codes with severity error). */
export function complianceErrors(verdict: ReviewVerdict): ReviewIssue[] {
  return verdict.issues.filter((i) => i.severity === 'error' && COMPLIANCE_CODES.has(i.code));
}

/**
 * Risk order of the review queue: flagged first, then pending, approved, rejected; within a status, failed verdicts
 * first, then lowest classification confidence, then lowest score, then id (stable).
 */
export function compareRisk(a: QueueEntry, b: QueueEntry): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    Number(a.passed) - Number(b.passed) ||
    a.confidence - b.confidence ||
    a.score - b.score ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The review queue workflow over the `drafts` collection (one QueueItem per lead, id = lead id): the list sorted by
 * risk, the full item (marks it seen), approve (optionally edited, re-reviewed; compliance errors refuse), reject,
 * reopen, regenerate, bulk approve (only drafts the rep has seen) and the outbox. Every handler throws
 * {@link UserFacingError} for unknown ids (`not_found`) and for actions the item's status does not allow
 * (`invalid_state`); compliance refusals use code `compliance`.
 */
export class ReviewQueue {
  private readonly deps: ReviewQueueDeps;
  private readonly cache = new WeakMap<QueueItem, Cached>();
  private readonly reviewer = new RuleReviewAgent();

  constructor(deps: ReviewQueueDeps) {
    this.deps = deps;
  }

  private get items() {
    return this.deps.store.collection<QueueItem>('drafts');
  }

  private now(): string {
    return (this.deps.now ? this.deps.now() : new Date()).toISOString();
  }

  /**
   * Stores a reviewed draft coming from the pipeline's `queue` stage (id = lead id). A rep's decision is never
   * overwritten: an approved or rejected item is left as is. A new draft replaces a pending/flagged one and
   * clears its seen mark and edits (the rep has not seen this text).
   */
  saveFromPipeline(item: QueuedDraftItem): void {
    const prev = this.items.get(item.leadId);
    if (prev && (prev.status === 'approved' || prev.status === 'rejected')) return;
    const now = this.now();
    this.items.put({
      id: item.leadId,
      leadId: item.leadId,
      runId: item.runId,
      status: item.verdict.passed ? 'pending' : 'flagged',
      draft: item.draft,
      verdict: item.verdict,
      draftAttempts: item.attempts,
      score: item.score,
      classification: item.classification,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    });
    this.deps.onChanged([item.leadId]);
  }

  /**
   * `review:list`: queue entries matching `filter` (status in `status`, score within [minScore, maxScore],
   * classification label in `labels`, case-insensitive `text` in name, company or subject), sorted by
   * {@link compareRisk}; the page `offset … offset + limit - 1` of them (default: every one) and the total that match.
   * O(n log n) over the queue; entries are cached per stored item.
   * @returns `{ total, offset, entries }`
   */
  list(filter: QueueFilter = {}, page: { offset?: number; limit?: number } = {}): QueuePage {
    const statuses = filter.status?.length ? new Set(filter.status) : undefined;
    const labels = filter.labels?.length ? new Set<string>(filter.labels) : undefined;
    const text = filter.text?.trim().toLowerCase() || undefined;
    const out: QueueEntry[] = [];
    for (const item of this.items.values()) {
      if (statuses && !statuses.has(item.status)) continue;
      const s = item.score.score;
      if (filter.minScore !== undefined && s < filter.minScore) continue;
      if (filter.maxScore !== undefined && s > filter.maxScore) continue;
      if (labels && !labels.has(item.classification.label)) continue;
      const c = this.cached(item);
      if (text && !c.hay.includes(text)) continue;
      out.push(c.entry);
    }
    out.sort(compareRisk);
    const offset = Math.min(page.offset ?? 0, out.length);
    const entries = offset === 0 && (page.limit === undefined || page.limit >= out.length) ? out : out.slice(offset, page.limit === undefined ? undefined : offset + page.limit);
    return { total: out.length, offset, entries };
  }

  /** `review:counts`: queue items per status. O(n) over the queue (about 0.2 ms at 10k). */
  counts(): ReviewCounts {
    const counts: ReviewCounts = { pending: 0, flagged: 0, approved: 0, rejected: 0 };
    for (const item of this.items.values()) counts[item.status]++;
    return counts;
  }

  /**
   * Builds the list entries of every stored item ahead of the first `review:list`, in slices of `slice` items with a
   * `setImmediate` break between them (never blocks the event loop for long). Resolves when done. Never rejects.
   */
  async warm(slice = 500): Promise<void> {
    let n = 0;
    for (const item of this.items.values()) {
      this.cached(item);
      if (++n % slice === 0) await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** `outbox:list`: approved entries with address and decision time, newest decision first. Nothing is ever sent from here. */
  outbox(): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const item of this.items.values()) {
      if (item.status !== 'approved') continue;
      const c = this.cached(item);
      out.push({
        ...c.entry,
        ...(c.email ? { email: c.email } : {}),
        updatedAt: item.updatedAt,
        ...(item.decidedAt ? { decidedAt: item.decidedAt } : {}),
      });
    }
    return out.sort((a, b) => ((a.decidedAt ?? '') < (b.decidedAt ?? '') ? 1 : (a.decidedAt ?? '') > (b.decidedAt ?? '') ? -1 : 0));
  }

  /**
   * `review:get`: the full item with its lead and profile. Sets `seenAt` the first time (persisted; the body is
   * now on screen, which bulk approve requires). @throws UserFacingError not_found.
   */
  get(id: string): ReviewItem {
    let item = this.require(id);
    if (!item.seenAt) {
      item = { ...item, seenAt: this.now() };
      this.items.put(item);
    }
    return this.view(item);
  }

  /**
   * `review:approve`: approves a pending or flagged draft. With `subject`/`body` that differ from the draft, the
   * edited text replaces it (`edited: true`, the agent's version kept in `originalDraft`) and the review agent runs
   * again on it; other issues stay in the verdict for the record.
   * @throws UserFacingError not_found; invalid_state when already approved/rejected; compliance when the (edited)
   *   draft has compliance errors (placeholder, unsubscribe_missing, address_missing, sender_missing) — nothing is
   *   stored then.
   */
  async approve(id: string, edits: { subject?: string; body?: string } = {}): Promise<ReviewItem> {
    const item = this.require(id);
    this.assertOpen(item, 'approve');
    let next = item;
    const subject = edits.subject ?? item.draft.subject;
    const body = edits.body ?? item.draft.body;
    if (subject !== item.draft.subject || body !== item.draft.body) {
      const draft: Draft = DraftSchema.parse({ ...item.draft, subject, body });
      const verdict = await this.review(item, draft);
      next = { ...item, draft, verdict, edited: true, originalDraft: item.originalDraft ?? item.draft };
    }
    const blocking = complianceErrors(next.verdict);
    if (blocking.length > 0) {
      throw new UserFacingError(`Cannot approve this draft: ${blocking.map((i) => `${i.code}: ${i.message}`).join('; ')}`, 'compliance');
    }
    const now = this.now();
    next = { ...next, status: 'approved', decidedAt: now, updatedAt: now };
    delete next.rejectReason;
    this.items.put(next);
    this.deps.onChanged([id]);
    return this.view(next);
  }

  /** `review:reject`: rejects a pending or flagged draft with the rep's reason. @throws UserFacingError not_found, invalid_state. */
  reject(id: string, reason: string): ReviewItem {
    const item = this.require(id);
    this.assertOpen(item, 'reject');
    const now = this.now();
    const next: QueueItem = { ...item, status: 'rejected', rejectReason: reason, decidedAt: now, updatedAt: now };
    this.items.put(next);
    this.deps.onChanged([id]);
    return this.view(next);
  }

  /**
   * `review:reopen`: puts an approved or rejected draft back to review (pending if its verdict passed, else
   * flagged), clearing the decision and reject reason. @throws UserFacingError not_found, invalid_state.
   */
  reopen(id: string): ReviewItem {
    const item = this.require(id);
    if (item.status !== 'approved' && item.status !== 'rejected') {
      throw new UserFacingError(`Only approved or rejected drafts can be reopened; this one is ${item.status}`, 'invalid_state');
    }
    const { decidedAt: _d, rejectReason: _r, ...rest } = item;
    const next: QueueItem = { ...rest, status: item.verdict.passed ? 'pending' : 'flagged', updatedAt: this.now() };
    this.items.put(next);
    this.deps.onChanged([id]);
    return this.view(next);
  }

  /**
   * `review:regenerate`: drafts and reviews again with the lead's stored profile, classification and score, using
   * the lead flow's `draft` and `review` stages for the current settings (one redraft with feedback if the first
   * fails review). The new draft is pending (passed) or flagged, not seen, not edited.
   * @throws UserFacingError not_found; invalid_state for approved/rejected items or a profile no longer stored;
   *   invalid when no template can be rendered for the profile.
   */
  async regenerate(id: string): Promise<ReviewItem> {
    const item = this.require(id);
    this.assertOpen(item, 'regenerate');
    const lead = this.requireLead(item);
    const profile = this.profileOf(item);
    if (!profile) throw new UserFacingError(`The profile of this lead is no longer stored; run the pipeline for it again`, 'invalid_state');
    const flow = this.deps.flow();
    const draftStage = flow.stages.find((s) => s.name === STAGES.draft);
    const reviewStage = flow.stages.find((s) => s.name === STAGES.review);
    if (!draftStage || !reviewStage) throw new Error('the lead flow has no draft/review stage');
    const ok = (value: unknown): Outcome => ({ ok: true, value });
    const base = { synthesize: ok(profile), classify: ok(item.classification), score: ok(item.score) };
    const ctx = (deps: Record<string, Outcome>): StageContext => ({
      runId: item.runId,
      lead,
      deps,
      attempt: 1,
      signal: new AbortController().signal,
      idempotencyKey: `${taskIdOf(item.runId, item.leadId, STAGES.review)}#regenerate`,
    });
    let reviewed;
    try {
      const draft = DraftSchema.parse(await draftStage.run(ctx(base)));
      reviewed = ReviewStageOutputSchema.parse(await reviewStage.run(ctx({ draft: ok(draft), synthesize: base.synthesize, classify: base.classify })));
    } catch (err) {
      if (err instanceof TemplateError) throw new UserFacingError(`Cannot draft for this lead: ${err.message}`, 'invalid');
      throw err;
    }
    const current = this.require(id); // the rep may have acted meanwhile
    this.assertOpen(current, 'regenerate');
    const { seenAt: _s, edited: _e, originalDraft: _o, ...rest } = current;
    const next: QueueItem = {
      ...rest,
      draft: reviewed.draft,
      verdict: reviewed.verdict,
      draftAttempts: reviewed.attempts,
      status: reviewed.verdict.passed ? 'pending' : 'flagged',
      updatedAt: this.now(),
    };
    this.items.put(next);
    this.deps.onChanged([id]);
    return this.view(next);
  }

  /**
   * `review:bulkApprove`: approves every listed pending/flagged draft the rep has seen (`review:get`) and whose
   * verdict has no compliance error; refuses the others with a reason each: "unknown draft", "never shown",
   * "already approved", "already rejected", "compliance errors: …". Duplicated ids count once.
   * @returns approved ids and refused `{ id, reason }`, in request order
   */
  bulkApprove(ids: string[]): { approved: string[]; refused: { id: string; reason: string }[] } {
    const approved: string[] = [];
    const refused: { id: string; reason: string }[] = [];
    const now = this.now();
    for (const id of new Set(ids)) {
      const item = this.items.get(id);
      let reason: string | undefined;
      if (!item) reason = 'unknown draft';
      else if (item.status === 'approved') reason = 'already approved';
      else if (item.status === 'rejected') reason = 'already rejected';
      else if (!item.seenAt) reason = 'never shown';
      else {
        const blocking = complianceErrors(item.verdict);
        if (blocking.length > 0) reason = `compliance errors: ${blocking.map((i) => i.code).join(', ')}`;
      }
      if (reason !== undefined || !item) {
        refused.push({ id, reason: reason ?? 'unknown draft' });
        continue;
      }
      const { rejectReason: _r, ...rest } = item;
      this.items.put({ ...rest, status: 'approved', decidedAt: now, updatedAt: now });
      approved.push(id);
    }
    if (approved.length > 0) this.deps.onChanged(approved);
    return { approved, refused };
  }

  // ---------------------------------------------------------------- helpers

  private require(id: string): QueueItem {
    const item = this.items.get(id);
    if (!item) throw new UserFacingError(`No draft with id ${id}`, 'not_found');
    return item;
  }

  private requireLead(item: QueueItem): Lead {
    const lead = this.deps.store.collection<Lead>('leads').get(item.leadId);
    if (!lead) throw new UserFacingError(`The lead of draft ${item.id} is no longer stored`, 'not_found');
    return lead;
  }

  private assertOpen(item: QueueItem, action: string): void {
    if (item.status === 'pending' || item.status === 'flagged') return;
    throw new UserFacingError(`Cannot ${action} a draft that is already ${item.status}; reopen it first`, 'invalid_state');
  }

  private profileOf(item: QueueItem): ProspectProfile | undefined {
    const t = this.deps.store.collection<Task>('tasks').get(taskIdOf(item.runId, item.leadId, STAGES.synthesize));
    return t?.status === 'done' ? (t.output as ProspectProfile) : undefined;
  }

  private async review(item: QueueItem, draft: Draft): Promise<ReviewVerdict> {
    const lead = this.requireLead(item);
    const profile = this.profileOf(item) ?? { leadId: item.leadId, fields: {}, sources: [], synthesizedAt: item.createdAt };
    return this.reviewer.review(reviewInputFor(draft, profile, lead, this.deps.settings()));
  }

  private view(item: QueueItem): ReviewItem {
    const lead = this.requireLead(item);
    const profile = this.profileOf(item);
    return { ...item, lead, ...(profile ? { profile } : {}), seen: item.seenAt !== undefined };
  }

  private cached(item: QueueItem): Cached {
    let c = this.cache.get(item);
    if (c) return c;
    const lead = this.deps.store.collection<Lead>('leads').get(item.leadId);
    const name = lead ? leadName(lead, item.leadId) : (item.draft.to.name ?? item.leadId);
    const company = lead?.company ?? item.draft.to.company ?? lead?.domain ?? '';
    const email = lead?.email ?? item.draft.to.email;
    const entry = queueEntryOf(item, { name, company });
    c = { entry, hay: `${name}\n${company}\n${item.draft.subject}`.toLowerCase(), ...(email ? { email } : {}) };
    this.cache.set(item, c);
    return c;
  }
}
