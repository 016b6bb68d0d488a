import type { CrmKind, CrmSyncState } from '@shared/index';
import type { Store } from '../../store/store';

/**
 * Per-lead (and per-company) CRM sync state in the store collection `crmSync`.
 *
 * - Lead records: id `${kind}:${leadId}` (the contract's {@link CrmSyncState}).
 * - Company records: id `${kind}:@account:${companyKey}`, same shape with `leadId` = `@account:${companyKey}`:
 *   one CRM account is shared by every lead at that company, so its id, hash and create intent live once.
 *   {@link isAccountState} tells them apart; `crm:leadStates` lists lead records only.
 *
 * Writes go to memory at once; {@link SyncStates.flush} makes them durable (the store's `flush`: atomic write +
 * fsync). The sync engine flushes after recording an intent and before sending the create it guards.
 */

/** `leadId` prefix of company records. */
export const ACCOUNT_PREFIX = '@account:';

/** Store id of a lead's state. */
export function leadStateId(kind: CrmKind, leadId: string): string {
  return `${kind}:${leadId}`;
}

/** Store id of a company's state. */
export function accountStateId(kind: CrmKind, companyKey: string): string {
  return `${kind}:${ACCOUNT_PREFIX}${companyKey}`;
}

/** True for a company record (not a lead's). */
export function isAccountState(s: Pick<CrmSyncState, 'leadId'>): boolean {
  return s.leadId.startsWith(ACCOUNT_PREFIX);
}

/** Typed access to one CRM's records of the `crmSync` collection. */
export class SyncStates {
  private readonly col;
  constructor(private readonly store: Store, readonly kind: CrmKind) {
    this.col = store.collection<CrmSyncState>('crmSync');
  }

  /** A lead's state, or undefined when never synced to this CRM. */
  lead(leadId: string): CrmSyncState | undefined {
    return this.col.get(leadStateId(this.kind, leadId));
  }

  /** A company's state, or undefined. */
  account(companyKey: string): CrmSyncState | undefined {
    return this.col.get(accountStateId(this.kind, companyKey));
  }

  /** A fresh (pending) lead state for `leadId`. `at` = ISO-8601 timestamp. */
  blankLead(leadId: string, at: string): CrmSyncState {
    return { id: leadStateId(this.kind, leadId), kind: this.kind, leadId, status: 'pending', associated: false, updatedAt: at };
  }

  /** A fresh (pending) company state. */
  blankAccount(companyKey: string, at: string): CrmSyncState {
    return { id: accountStateId(this.kind, companyKey), kind: this.kind, leadId: `${ACCOUNT_PREFIX}${companyKey}`, status: 'pending', associated: false, updatedAt: at };
  }

  /** Inserts or replaces a record (in memory; durable after {@link flush}). Undefined optional fields are dropped. */
  put(state: CrmSyncState): void {
    const clean = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined)) as CrmSyncState;
    this.col.put(clean);
  }

  /** Every lead record of this CRM. */
  *leads(): IterableIterator<CrmSyncState> {
    for (const s of this.col.values()) if (s.kind === this.kind && !isAccountState(s)) yield s;
  }

  /** Makes every change so far durable (atomic write + fsync). @throws the store's write error. */
  flush(): Promise<void> {
    return this.store.flush();
  }
}
