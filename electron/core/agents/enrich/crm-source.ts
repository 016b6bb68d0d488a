import type { CrmHistory, CrmKind, EnrichmentResult, Lead } from '@shared/index';
import { MicroBatcher } from '../../crm/sync/batcher';
import type { CrmAdapter, HistoryQuery } from '../../crm/types';
import { throwIfAborted, type AgentContext } from '../types';
import { hostOf } from '../util/text';
import { failedResult, makeResult, type EnrichmentSource } from './types';

/** Confidence of what the CRM itself records (owner, lifecycle stage, deals). */
export const CRM_CONFIDENCE = 0.95;

/**
 * Leads per `CrmAdapter.histories` call: HubSpot's batch size (batch reads and search IN lists take 100). The engine
 * resource the source runs on should let this many attempts wait at once (see `CRM_RESOURCE` in crm/runtime.ts).
 */
export const CRM_HISTORY_BATCH = 100;
/**
 * How long the first lead of a batch waits for others, in ms. The leads of the engine's window reach the source as
 * their `classify` stage finishes, spread over the CPU time of classifying ~200 leads (≈ 80-120 ms measured on a
 * 2-core machine with the store checkpoint): a 50 ms linger sent the first batch with ~10 leads. Later batches fill
 * while the previous one is in flight, so the linger only delays the first and the last batch of a run.
 */
export const CRM_HISTORY_LINGER_MS = 250;

/** The connection the source asks: the active CRM's adapter, or why there is none. */
export type CrmConnectionLookup = () => Promise<
  | { adapter: CrmAdapter; kind: CrmKind; /** The connected CRM user (testConnection's `user`), when known. */ user?: string }
  | { skip: string }
>;

/**
 * Profile fields from a CRM history (see {@link CrmHistorySource}). Input: the history and the connected user.
 * Output: field → value; empty when the CRM knows neither the person nor the company.
 */
export function crmHistoryFields(h: CrmHistory, user?: string): Record<string, string | number | boolean | undefined> {
  if (!h.personId && !h.accountId) return {};
  const owner = h.ownerName ?? h.ownerId;
  const mine = !!user && !!owner && [h.ownerName, h.ownerId].some((o) => o && o.toLowerCase() === user.toLowerCase());
  return {
    crmOwner: owner,
    crmOwnedByOther: owner ? !mine : undefined,
    crmLifecycleStage: h.lifecycleStage,
    crmLastActivityAt: h.lastActivityAt,
    crmOpenDeals: h.openDeals,
    crmIsCustomer: h.isCustomer,
  };
}

/**
 * Enrichment source "crm": what the connected CRM already knows about the lead (HubSpot / Salesforce: the person by
 * email or LeadForge lead id, else the company by domain).
 *
 * Batching: the engine runs the source once per lead; concurrent runs are gathered into one
 * `CrmAdapter.histories` call per adapter ({@link MicroBatcher}: up to {@link CRM_HISTORY_BATCH} leads, sent when full
 * or {@link CRM_HISTORY_LINGER_MS} after the first; one batch in flight at a time, so leads arriving meanwhile make
 * the next batch fuller). A few requests then serve 100 leads instead of several per lead.
 *
 * Output (source `crm:<kind>`, confidence 0.95): `crmOwner` (owner name, else id), `crmOwnedByOther` (an owner is
 * set and it is not the connected user; when the CRM does not say who is connected, any owner counts),
 * `crmLifecycleStage`, `crmLastActivityAt` (ISO-8601), `crmOpenDeals` (number), `crmIsCustomer` (boolean). The
 * score agent reads `crmIsCustomer` / `crmOwnedByOther` to keep existing customers and other reps' leads out of
 * prospecting (factors `crm_customer`, `crm_owned`). Status 'empty' when the CRM knows neither; 'skipped' (with
 * the reason) when no CRM is active or connected; 'failed' with the CRM's message when the call fails (every lead of
 * that batch gets it) — the source fails soft and never sinks the lead. Rejects only when `ctx.signal` is aborted
 * (at once, even while the lead waits for its batch; a lead not yet sent is left out of the batch).
 */
export class CrmHistorySource implements EnrichmentSource {
  readonly name = 'crm';
  /** Engine resource limiter shared with the `sync` stage. */
  readonly resource = 'crm';
  private readonly batchers = new WeakMap<CrmAdapter, MicroBatcher<HistoryQuery, CrmHistory>>();

  /**
   * @param connection the active CRM's adapter, or why there is none
   * @param opts.maxBatch leads per `histories` call (default {@link CRM_HISTORY_BATCH});
   *   opts.lingerMs wait for more leads after the first, in ms (default {@link CRM_HISTORY_LINGER_MS})
   */
  constructor(
    private readonly connection: CrmConnectionLookup,
    private readonly opts: { maxBatch?: number; lingerMs?: number } = {},
  ) {}

  async run(lead: Lead, ctx: AgentContext): Promise<EnrichmentResult> {
    throwIfAborted(ctx.signal);
    const started = Date.now();
    let conn: Awaited<ReturnType<CrmConnectionLookup>>;
    try {
      conn = await this.connection();
    } catch (err) {
      return failedResult('crm', `CRM unavailable: ${(err as Error).message}`, ctx, 'failed', started);
    }
    if ('skip' in conn) return failedResult('crm', conn.skip, ctx, 'skipped', started);
    const email = lead.email?.toLowerCase();
    const domain = lead.domain ?? hostOf(lead.website);
    let h: CrmHistory;
    try {
      h = await this.batcherFor(conn.adapter).submit({ leadId: lead.id, ...(email ? { email } : {}), ...(domain ? { domain } : {}) }, ctx.signal);
    } catch (err) {
      throwIfAborted(ctx.signal);
      return failedResult(`crm:${conn.kind}`, (err as Error).message, ctx, 'failed', started);
    }
    throwIfAborted(ctx.signal);
    return makeResult({
      source: `crm:${conn.kind}`,
      fields: crmHistoryFields(h, conn.user),
      confidence: CRM_CONFIDENCE,
      ref: h.personId ? `${conn.kind}:person:${h.personId}` : h.accountId ? `${conn.kind}:account:${h.accountId}` : undefined,
      ctx,
      startedAt: started,
    });
  }

  /** One batcher per adapter (a reconnect makes a new adapter, and with it a new batcher). */
  private batcherFor(adapter: CrmAdapter): MicroBatcher<HistoryQuery, CrmHistory> {
    let b = this.batchers.get(adapter);
    if (!b) {
      b = new MicroBatcher((queries) => adapter.histories(queries), {
        maxBatch: this.opts.maxBatch ?? CRM_HISTORY_BATCH,
        windowMs: this.opts.lingerMs ?? CRM_HISTORY_LINGER_MS,
        maxInFlight: 1,
      });
      this.batchers.set(adapter, b);
    }
    return b;
  }
}
