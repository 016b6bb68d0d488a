/** Names of the store's partitioned collections. `crmSync` = per-lead CRM sync state (`${kind}:${leadId}`). */
export type CollectionName = 'leads' | 'imports' | 'runs' | 'tasks' | 'audit' | 'drafts' | 'settings' | 'crmSync';

/**
 * An in-memory collection of records keyed by `id`, persisted in shard files under the data dir.
 * Reads are synchronous; writes mark the record's shard dirty and schedule a coalesced atomic write.
 */
export interface Collection<T extends { id: string }> {
  get(id: string): T | undefined;
  has(id: string): boolean;
  /** Insert or replace by id. */
  put(item: T): void;
  putMany(items: Iterable<T>): void;
  delete(id: string): boolean;
  values(): IterableIterator<T>;
  readonly size: number;
}

/** Byte counters for write-amplification measurements. */
export interface StoreStats {
  /** Bytes written to disk by all flushes so far. */
  bytesWritten: number;
  /** Number of shard files written. */
  fileWrites: number;
  /** Current total size in bytes of the store's data files. */
  bytesOnDisk: number;
}
