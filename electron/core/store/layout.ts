import path from 'node:path';
import type { CollectionName } from './types';

/**
 * On-disk layout of a data dir:
 * ```
 * <dataDir>/meta.json                    { schemaVersion, createdAt, app: 'leadforge' }
 * <dataDir>/leadforge.lock/              proper-lockfile lock (a directory; exists while a process has the store open)
 * <dataDir>/<collection>/<shard>.json    { "records": [ ...one record per line... ] }, shard = 6-digit number from 000001
 * ```
 * Files named `.<name>.tmp` are steno's in-progress atomic writes; `*.corrupt-<timestamp>.bak` are copies of
 * files that failed to parse. Anything else in the data dir is ignored (it is also Electron's userData folder).
 */

/** Every collection of the store, in load order. */
export const COLLECTION_NAMES: readonly CollectionName[] = ['settings', 'imports', 'leads', 'runs', 'tasks', 'audit', 'drafts', 'crmSync'];

/** File name of the schema/identity file in the data dir. */
export const META_FILE = 'meta.json';

/** Name of the lock directory created inside the data dir. */
export const LOCK_NAME = 'leadforge.lock';

const SHARD_RE = /^(\d+)\.json$/;

/**
 * @param name a string to check
 * @returns true when `name` is one of {@link COLLECTION_NAMES}
 */
export function isCollectionName(name: string): name is CollectionName {
  return (COLLECTION_NAMES as readonly string[]).includes(name);
}

/**
 * @param dataDir absolute data dir
 * @param collection collection name
 * @returns absolute path of the collection's folder
 */
export function collectionDir(dataDir: string, collection: CollectionName): string {
  return path.join(dataDir, collection);
}

/**
 * @param shard shard number (positive integer)
 * @returns the shard's file name, e.g. `000001.json`
 */
export function shardFileName(shard: number): string {
  return `${String(shard).padStart(6, '0')}.json`;
}

/**
 * @param fileName a directory entry name
 * @returns the shard number if `fileName` is a shard file (`<digits>.json`), else undefined
 */
export function parseShardFileName(fileName: string): number | undefined {
  const m = SHARD_RE.exec(fileName);
  return m ? Number(m[1]) : undefined;
}
