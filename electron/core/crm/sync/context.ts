import type { CrmFieldInfo, CrmKind, CrmRole, FieldMappingEntry } from '@shared/index';
import type { Store } from '../../store/store';
import type { CrmAdapter } from '../types';

/** Progress of a sync, as `crm:progress` carries it (leads done of total in the current phase). */
export interface SyncProgress {
  kind: CrmKind;
  phase: 'lookup' | 'accounts' | 'persons' | 'associations' | 'activities' | 'done';
  done: number;
  total: number;
  failed: number;
}

/**
 * CRM field metadata (`describeFields`) cached per adapter for `ttlMs` (default 5 min), and whether
 * `ensureSchema` already ran for a set of custom fields: a sync does not re-read the schema every time.
 */
export class FieldCache {
  private readonly byRole = new Map<CrmRole, { at: number; fields: Promise<CrmFieldInfo[]> }>();
  private ensured = new Set<string>();
  constructor(private readonly adapter: CrmAdapter, private readonly ttlMs = 300_000, private readonly now: () => number = Date.now) {}

  /** The role's fields (one describeFields call per TTL). @throws CrmError from the adapter (not cached). */
  async fields(role: CrmRole): Promise<CrmFieldInfo[]> {
    const hit = this.byRole.get(role);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.fields;
    const fields = this.adapter.describeFields(role);
    this.byRole.set(role, { at: this.now(), fields });
    try {
      return await fields;
    } catch (err) {
      this.byRole.delete(role);
      throw err;
    }
  }

  /** Records fields created by ensureSchema so the next `fields()` includes them without a new describe. */
  addCreated(created: CrmFieldInfo[]): void {
    for (const f of created) {
      const hit = this.byRole.get(f.role);
      if (hit) this.byRole.set(f.role, { at: hit.at, fields: hit.fields.then((list) => (list.some((x) => x.name === f.name) ? list : [...list, f])) });
    }
  }

  /** Whether ensureSchema already ran for this exact set of field names. */
  isEnsured(names: string[]): boolean {
    return this.ensured.has([...names].sort().join(','));
  }

  /** Records that ensureSchema ran for this set of field names (no request). */
  markEnsured(names: string[]): void {
    this.ensured.add([...names].sort().join(','));
  }

  /** Forgets everything (after a reconnect or a mapping change). */
  clear(): void {
    this.byRole.clear();
    this.ensured = new Set();
  }
}

/** What planSync / executeSync need. */
export interface SyncContext {
  kind: CrmKind;
  adapter: CrmAdapter;
  store: Store;
  /** Mapping entries in effect (the stored mapping, or the CRM's defaults). */
  mapping: FieldMappingEntry[];
  /** Log the lead's queued draft as an activity (settings.crm.logDraftActivity). */
  logActivities: boolean;
  /** describeFields cache (default: a fresh one per call). */
  fields?: FieldCache;
  /** Leads per chunk: planned, then written, then checkpointed (default {@link DEFAULT_CHUNK} = 1000). */
  chunkSize?: number;
  now?: () => Date;
  /** Removes secrets from a CRM message before it is stored or returned (default: identity). */
  scrub?: (text: string) => string;
  /** Aborted when LeadForge closes: the sync stops at the next chunk boundary (leads left are not synced). */
  signal?: AbortSignal;
  /** Progress callback (→ `crm:progress`); must not throw. */
  onProgress?: (p: SyncProgress) => void;
}
