import { mkdir } from 'node:fs/promises';
import { collectionDir, COLLECTION_NAMES } from './layout';
import type { Store } from './store';

/**
 * One schema migration. `up` runs once, with the store open, loaded and locked, when the data dir's
 * schemaVersion is below `version`; afterwards the store is flushed and meta.json's schemaVersion is set to
 * `version`. A crash between the flush and the meta write re-runs `up` on the next open, so `up` must be
 * idempotent (e.g. "rewrite records still in the old shape", not "append a field blindly").
 */
export interface Migration {
  /** Target schema version: a positive integer, strictly increasing along the list. */
  version: number;
  /** One line for logs, e.g. "tasks: rename attempt → attempts". */
  description: string;
  /** Performs the migration; may read and put records through `store.collection(...)`. Errors abort `open`. */
  up(store: Store): Promise<void> | void;
}

/** The ordered migrations this build knows. Append new ones at the end; never edit or reorder released ones. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'initial layout: meta.json plus one folder of shard files per collection',
    async up(store) {
      await Promise.all(COLLECTION_NAMES.map((name) => mkdir(collectionDir(store.dataDir, name), { recursive: true })));
    },
  },
  {
    version: 2,
    description: 'crmSync: per-lead CRM sync state (CRM ids, last synced hash, write intents)',
    async up(store) {
      await mkdir(collectionDir(store.dataDir, 'crmSync'), { recursive: true });
    },
  },
];

/**
 * @param migrations a migration list
 * @returns the newest schema version in the list (0 for an empty list)
 * @throws {Error} if versions are not positive integers in strictly increasing order (a programming error)
 */
export function latestVersion(migrations: readonly Migration[]): number {
  let prev = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= prev) {
      throw new Error(`Store migrations must have strictly increasing positive integer versions; got ${m.version} after ${prev}`);
    }
    prev = m.version;
  }
  return prev;
}

/** The schema version this build writes. */
export const SCHEMA_VERSION: number = latestVersion(MIGRATIONS);
