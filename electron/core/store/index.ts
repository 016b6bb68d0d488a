/** Public API of the store. See store.ts for the write/flush model and layout.ts for the on-disk layout. */
export type { Collection, CollectionName, StoreStats } from './types';
export { Store, DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_MAX_FLUSH_DELAY_MS, DEFAULT_MAX_SHARD_BYTES, DEFAULT_SHARD_SIZE, DEFAULT_STALE_LOCK_MS } from './store';
export type { StoreOptions, StoreStatsDetail } from './store';
export { StoreError, StoreLockedError, StoreCorruptError, StoreVersionError, StoreRecordError, StoreClosedError } from './errors';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations';
export type { Migration } from './migrations';
export type { StoreMeta } from './meta';
export { COLLECTION_NAMES, LOCK_NAME, META_FILE } from './layout';
export { resolveDataDir, defaultDataDir, APP_NAME, DATA_DIR_ENV } from './data-dir';
export type { ResolveDataDirOptions } from './data-dir';
