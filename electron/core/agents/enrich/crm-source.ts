import type { CrmHistory, CrmKind, EnrichmentResult, Lead } from '@shared/index';
import type { CrmAdapter } from '../../crm/types';
import { throwIfAborted, type AgentContext } from '../types';
import { hostOf } from '../util/text';
import { failedResult, makeResult, type EnrichmentSource } from './types';

/** Confidence of what the CRM itself records (owner, lifecycle stage, deals). */
export const CRM_CONFIDENCE = 0.95;

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
 * Enrichment source "crm": what the connected CRM already knows about the lead (HubSpot / Salesforce via
 * `CrmAdapter.history`: the person by email or LeadForge lead id, else the company by domain).
 *
 * Output (source `crm:<kind>`, confidence 0.95): `crmOwner` (owner name, else id), `crmOwnedByOther` (an owner is
 * set and it is not the connected user; when the CRM does not say who is connected, any owner counts),
 * `crmLifecycleStage`, `crmLastActivityAt` (ISO-8601), `crmOpenDeals` (number), `crmIsCustomer` (boolean). The
 * score agent reads `crmIsCustomer` / `crmOwnedByOther` to keep existing customers and other reps' leads out of
 * prospecting (factors `crm_customer`, `crm_owned`). Status 'empty' when the CRM knows neither; 'skipped' (with
 * the reason) when no CRM is active or connected; 'failed' with the CRM's message when the call fails — the
 * source fails soft and never sinks the lead. Rejects only when `ctx.signal` is aborted.
 */
export class CrmHistorySource implements EnrichmentSource {
  readonly name = 'crm';
  /** Engine resource limiter shared with the `sync` stage. */
  readonly resource = 'crm';
  constructor(private readonly connection: CrmConnectionLookup) {}

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
      h = await conn.adapter.history({ leadId: lead.id, ...(email ? { email } : {}), ...(domain ? { domain } : {}) });
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
}
