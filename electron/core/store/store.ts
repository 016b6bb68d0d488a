import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { clearLockOwner, lockOwnerIsDead, removeDeadLock, writeLockOwner } from './owner';
import { ShardedCollection, type CorruptFinding, type Shard } from './collection';
import { StoreClosedError, StoreCorruptError, StoreLockedError, StoreVersionError } from './errors';
import { backupCorruptFile, fsyncPaths, ParseFailure } from './files';
import { COLLECTION_NAMES, isCollectionName, LOCK_NAME, META_FILE } from './layout';
import { metaDoc, metaProblem, type StoreMeta } from './meta';
import { latestVersion, MIGRATIONS, type Migration } from './migrations';
import type { Collection, CollectionName, StoreStats } from './types';

/** Default max records per shard file. See the write-amplification notes on {@link Store}. */
export const DEFAULT_SHARD_SIZE = 500;
/** Default soft cap of a shard's size in bytes (256 KiB): bounds the cost of one shard rewrite. */
export const DEFAULT_MAX_SHARD_BYTES = 256 * 1024;
/** Default flush timer period in ms: the shortest time a put waits before its shard is written. */
export const DEFAULT_FLUSH_INTERVAL_MS = 200;
/** Default longest time in ms a dirty shard waits for its write (bounds data loss on a crash). */
export const DEFAULT_MAX_FLUSH_DELAY_MS = 2000;
/** Default stale-lock threshold in ms: a lock not refreshed for this long is taken over (crashed owner). */
export const DEFAULT_STALE_LOCK_MS = 10_000;
/**
 * A dirty shard is written early (before `maxFlushDelayMs`) once at least 1/CHANGE_DIVISOR of its records
 * changed since its last write; so each early rewrite of an N-record shard pays for ≥ N/CHANGE_DIVISOR changes
 * (a shard filled slowly is rewritten at ×1.5 growth steps: ≤ 3× its final size). Measured on the 10k-lead
 * workload: divisor 8 → 5.0×, 2 → 3.1×, 1 → 2.3× for a 16 leads/s run; ≈ 1.0× for all three on a 5 s run.
 */
const CHANGE_DIVISOR = 2;

/** Options of {@link Store.open}. */
export interface StoreOptions {
  /** Data dir (absolute or relative to cwd); created if missing. See `resolveDataDir`. */
  dataDir: string;
  /** Flush timer period in ms (default 200); also the minimum age of a change before its shard is written. */
  flushIntervalMs?: number;
  /**
   * Max delay in ms before a dirty shard is written even if little of it changed (default 2000; raised to
   * `flushIntervalMs` if lower). Bounds what a crash can lose without `flush()`.
   */
  maxFlushDelayMs?: number;
  /** Max records per shard file (default 500). */
  shardSize?: number;
  /**
   * Soft cap of a shard file's size in bytes (default 256 KiB): new ids go to a new shard once the open one's
   * records reach it (updates may still grow a shard past it).
   */
  maxShardBytes?: number;
  /** Stale-lock threshold in ms (default 10 000, min 2000); the lock is refreshed every staleLockMs/2. */
  staleLockMs?: number;
  /** Migration list (default: the built-in {@link MIGRATIONS}; override only in tests). */
  migrations?: readonly Migration[];
  /**
   * Receives errors that happen in the background: a failed timed write (retried with backoff; `flush()`
   * rejects with it) or the loss of the data-dir lock (a {@link StoreLockedError} with `lost: true`).
   * Default: `console.error`. Must not throw.
   */
  onError?: (err: Error) => void;
}

/** {@link StoreStats} plus counters for diagnostics. */
export interface StoreStatsDetail extends StoreStats {
  /** Records across all collections. */
  records: number;
  /** Shards (files, including not yet written ones) across all collections. */
  shards: number;
  /** Shards with changes not yet written. */
  dirtyShards: number;
  /** Shard writes in flight. */
  writesInFlight: number;
}

type AnyShard = Shard<{ id: string }>;
type AnyCollection = ShardedCollection<{ id: string }>;

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`Store.open: ${name} must be a positive integer, got ${value}`);
  return v;
}

function isDirty(s: AnyShard): boolean {
  return s.version > s.writtenVersion;
}

/**
 * Reads meta.json without locking or writing anything, so a store written by a newer LeadForge is refused
 * before any file (even the lock) is touched. Unreadable/corrupt meta is left for the locked open to report.
 */
async function precheckVersion(dataDir: string, latest: number): Promise<void> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, META_FILE), 'utf8');
  } catch {
    return;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return;
  }
  if (metaProblem(data) === undefined && (data as StoreMeta).schemaVersion > latest) {
    throw new StoreVersionError(dataDir, (data as StoreMeta).schemaVersion, latest);
  }
}

async function reportCorrupt(findings: CorruptFinding[]): Promise<never> {
  const now = new Date();
  const files = [];
  for (const f of findings) files.push({ file: f.file, backupFile: await backupCorruptFile(f.file, now), reason: f.reason });
  throw new StoreCorruptError(files, findings[0]!.cause);
}

/**
 * The LeadForge store: collections of JSON records held in memory and persisted as shard files under one
 * data dir, which exactly one process may have open (an exclusive lock).
 *
 * Writes: `put` changes memory at once and marks the record's shard dirty. A timer (every `flushIntervalMs`)
 * writes dirty shards that are due: changed at least `flushIntervalMs` ago AND either ≥ 1/2 of the shard changed
 * or the oldest change is `maxFlushDelayMs` old. At most one write per shard is in flight; changes made meanwhile
 * are written by the next write. Each write is an atomic replace (lowdb/steno: temp file + rename); `flush()`
 * additionally fsyncs. Only dirty shards are ever written.
 */
export class Store {
  /** Absolute data dir. */
  readonly dataDir: string;
  readonly #collections = new Map<CollectionName, AnyCollection>();
  readonly #flushIntervalMs: number;
  readonly #maxFlushDelayMs: number;
  readonly #onError: (err: Error) => void;
  readonly #ensuredDirs = new Set<string>();
  readonly #unsynced = new Set<string>();
  #release: (() => Promise<void>) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #closing: Promise<void> | null = null;
  #lockLost: StoreLockedError | null = null;
  #schemaVersion = 0;
  #bytesWritten = 0;
  #fileWrites = 0;

  private constructor(dataDir: string, o: { flushIntervalMs: number; maxFlushDelayMs: number; shardSize: number; maxShardBytes: number; onError: (err: Error) => void }) {
    this.dataDir = dataDir;
    this.#flushIntervalMs = o.flushIntervalMs;
    this.#maxFlushDelayMs = o.maxFlushDelayMs;
    this.#onError = o.onError;
    const host = {
      assertWritable: (what: string) => {
        if (this.#closed) throw new StoreClosedError(what);
      },
      shardDirtied: () => this.#ensureTimer(),
    };
    for (const name of COLLECTION_NAMES) this.#collections.set(name, new ShardedCollection(dataDir, name, o.shardSize, o.maxShardBytes, host));
  }

  /**
   * Opens (creating if needed) the store in `opts.dataDir`: creates the dir, takes the exclusive lock
   * `<dataDir>/leadforge.lock` (proper-lockfile; a lock not refreshed for `staleLockMs` is considered left over
   * from a crash and taken over), reads meta.json, loads every shard of every collection, runs pending migrations.
   *
   * @param opts see {@link StoreOptions}
   * @returns the open store; call `close()` when done (it flushes and releases the lock)
   * @throws {StoreVersionError} meta.json has a schemaVersion newer than this build knows (checked before
   *   anything is written, lock included)
   * @throws {StoreLockedError} another process, or another open `Store` in this process, holds the data dir
   * @throws {StoreCorruptError} meta.json or a shard is not valid JSON / has an invalid layout; every such file is
   *   copied to `<file>.corrupt-<timestamp>.bak`, the original is left untouched, and the lock is released
   * @throws {RangeError} for invalid numeric options; fs errors (EACCES, ENOSPC, ...) as is; errors from a
   *   migration's `up` (the lock is released in every failure case)
   */
  static async open(opts: StoreOptions): Promise<Store> {
    const dataDir = path.resolve(opts.dataDir);
    const migrations = opts.migrations ?? MIGRATIONS;
    const latest = latestVersion(migrations);
    const flushIntervalMs = positiveInt('flushIntervalMs', opts.flushIntervalMs, DEFAULT_FLUSH_INTERVAL_MS);
    const maxFlushDelayMs = Math.max(flushIntervalMs, positiveInt('maxFlushDelayMs', opts.maxFlushDelayMs, DEFAULT_MAX_FLUSH_DELAY_MS));
    const shardSize = positiveInt('shardSize', opts.shardSize, DEFAULT_SHARD_SIZE);
    const maxShardBytes = positiveInt('maxShardBytes', opts.maxShardBytes, DEFAULT_MAX_SHARD_BYTES);
    const staleMs = Math.max(2000, positiveInt('staleLockMs', opts.staleLockMs, DEFAULT_STALE_LOCK_MS));
    const onError = opts.onError ?? ((err: Error) => console.error(`[leadforge store] ${err.message}`));

    await precheckVersion(dataDir, latest);
    await mkdir(dataDir, { recursive: true });

    const lockPath = path.join(dataDir, LOCK_NAME);
    const lockState: { lost: StoreLockedError | null; store: Store | null } = { lost: null, store: null };
    let release: () => Promise<void>;
    const takeLock = () =>
      lockfile.lock(dataDir, {
        lockfilePath: lockPath,
        stale: staleMs,
        retries: 0,
        realpath: true,
        onCompromised: (err: Error) => {
          // Never throw here (proper-lockfile calls this from a timer): stop writing and report instead.
          const lost = new StoreLockedError(dataDir, lockPath, { lost: true, staleMs, cause: err });
          lockState.lost = lost;
          if (lockState.store) lockState.store.#lockCompromised(lost);
        },
      });
    try {
      try {
        release = await takeLock();
      } catch (err) {
        // A lock left by a process of this host that no longer exists (SIGKILL, crash) is taken over at once.
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || !(await lockOwnerIsDead(lockPath))) throw err;
        await removeDeadLock(lockPath);
        release = await takeLock();
      }
      await writeLockOwner(lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new StoreLockedError(dataDir, lockPath, { staleMs, cause: err });
      throw err;
    }

    let store: Store | null = null;
    try {
      const meta = metaDoc(dataDir);
      const corrupt: CorruptFinding[] = [];
      let current: StoreMeta | null = null;
      try {
        const read = await meta.read();
        if (read) {
          const problem = metaProblem(read.data);
          if (problem) corrupt.push({ file: meta.file, reason: `invalid meta layout: ${problem}`, cause: undefined });
          else current = read.data as StoreMeta;
        }
      } catch (err) {
        if (!(err instanceof ParseFailure)) throw err;
        corrupt.push({ file: meta.file, reason: `invalid JSON: ${err.message}`, cause: err });
      }
      if (current && current.schemaVersion > latest) throw new StoreVersionError(dataDir, current.schemaVersion, latest);

      store = new Store(dataDir, { flushIntervalMs, maxFlushDelayMs, shardSize, maxShardBytes, onError });
      store.#release = release;
      lockState.store = store;
      for (const c of store.#collections.values()) corrupt.push(...(await c.load()));
      if (corrupt.length > 0) await reportCorrupt(corrupt);
      if (lockState.lost) throw lockState.lost;

      const base: StoreMeta = current ?? { schemaVersion: 0, createdAt: new Date().toISOString(), app: 'leadforge' };
      store.#schemaVersion = base.schemaVersion;
      const pending = migrations.filter((m) => m.version > base.schemaVersion);
      for (const m of pending) {
        await m.up(store);
        await store.flush();
        await meta.write({ ...base, schemaVersion: m.version });
        await fsyncPaths([meta.file]);
        store.#schemaVersion = m.version;
      }
      if (!current && pending.length === 0) {
        await meta.write(base);
        await fsyncPaths([meta.file]);
      }
      return store;
    } catch (err) {
      if (store) {
        store.#closed = true;
        store.#clearTimer();
      }
      await release().catch(() => undefined);
      throw err;
    }
  }

  /** Schema version of the open data (after migrations). */
  get schemaVersion(): number {
    return this.#schemaVersion;
  }

  /**
   * @param name one of `COLLECTION_NAMES`
   * @returns the collection (the same object on every call); its records are typed as `T` by the caller's say-so
   *   (the store checks only that records are plain JSON with a string `id`, not their schema)
   * @throws {TypeError} for an unknown collection name
   */
  collection<T extends { id: string }>(name: CollectionName): Collection<T> {
    if (!isCollectionName(name)) throw new TypeError(`Unknown store collection "${String(name)}"; expected one of ${COLLECTION_NAMES.join(', ')}`);
    return this.#collections.get(name) as unknown as Collection<T>;
  }

  /**
   * Writes every shard changed by puts/deletes made before the call (waiting for writes in flight first) and
   * fsyncs the written files and their folders.
   * @returns resolves once all those changes are durable on disk
   * @throws the first write/fsync error (fs errors such as ENOSPC/EACCES; affected shards stay dirty and are
   *   retried); {@link StoreLockedError} (`lost: true`) if the data-dir lock was lost; after `close()` it returns
   *   the close promise
   */
  async flush(): Promise<void> {
    if (this.#closing) return this.#closing;
    return this.#flushAll();
  }

  /**
   * Flushes and releases the lock. Idempotent: every call returns the same promise. After the call, puts and
   * deletes throw {@link StoreClosedError}; reads keep working on the in-memory data.
   * @returns resolves when all data is durable and the lock is released
   * @throws the flush error, if the final flush failed (the lock is released anyway)
   */
  close(): Promise<void> {
    this.#closing ??= this.#doClose();
    return this.#closing;
  }

  /**
   * Byte counters. `bytesWritten`/`fileWrites` count shard-file writes made by this `Store` instance (meta.json
   * excluded); `bytesOnDisk` is the current total size of all shard files (as last loaded or written).
   * @returns counters in bytes / number of writes, plus diagnostics
   */
  stats(): StoreStatsDetail {
    let bytesOnDisk = 0;
    let records = 0;
    let shards = 0;
    let dirtyShards = 0;
    let writesInFlight = 0;
    for (const c of this.#collections.values()) {
      records += c.size;
      for (const s of c.shards()) {
        shards++;
        bytesOnDisk += s.bytesOnDisk;
        if (isDirty(s)) dirtyShards++;
        if (s.writing) writesInFlight++;
      }
    }
    return { bytesWritten: this.#bytesWritten, fileWrites: this.#fileWrites, bytesOnDisk, records, shards, dirtyShards, writesInFlight };
  }

  async #doClose(): Promise<void> {
    this.#closed = true;
    let failure: unknown;
    try {
      await this.#flushAll();
    } catch (err) {
      failure = err;
    }
    this.#clearTimer();
    const release = this.#release;
    this.#release = null;
    if (release) {
      await clearLockOwner(path.join(this.dataDir, LOCK_NAME));
      await release().catch(() => undefined); // ERELEASED after a compromised lock
    }
    if (failure !== undefined) throw failure;
  }

  async #flushAll(): Promise<void> {
    if (this.#lockLost) throw this.#lockLost;
    const targets: Array<{ c: AnyCollection; s: AnyShard; version: number }> = [];
    for (const c of this.#collections.values()) {
      for (const s of c.shards()) if (isDirty(s)) targets.push({ c, s, version: s.version });
    }
    await Promise.all(targets.map(async ({ c, s, version }) => {
      while (s.writtenVersion < version) {
        if (this.#lockLost) throw this.#lockLost;
        if (s.writing) await s.writing;
        else await this.#writeShard(c, s);
      }
    }));
    if (this.#unsynced.size > 0) {
      const files = [...this.#unsynced];
      await fsyncPaths(files);
      for (const f of files) this.#unsynced.delete(f);
    }
  }

  /** Writes the shard's current records; the returned promise rejects on failure, `s.writing` never does. */
  #writeShard(c: AnyCollection, s: AnyShard): Promise<void> {
    const version = s.version;
    const ops = s.opsSinceWrite;
    const snapshotAt = Date.now();
    const data = { records: Array.from(s.records.values()) };
    const run = (async () => {
      if (!this.#ensuredDirs.has(c.dir)) {
        await mkdir(c.dir, { recursive: true });
        this.#ensuredDirs.add(c.dir);
      }
      let bytes: number;
      try {
        bytes = await s.doc.write(data);
      } catch (err) {
        s.failures++;
        s.retryAfter = Date.now() + Math.min(30_000, 250 * 2 ** s.failures);
        throw new Error(`Failed to write store file ${s.doc.file}: ${(err as Error).message}`, { cause: err });
      }
      this.#bytesWritten += bytes;
      this.#fileWrites++;
      this.#unsynced.add(s.doc.file);
      s.bytesOnDisk = bytes;
      s.failures = 0;
      s.retryAfter = 0;
      s.writtenVersion = Math.max(s.writtenVersion, version);
      s.opsSinceWrite -= ops;
      s.dirtySince = isDirty(s) ? snapshotAt : 0;
    })();
    s.writing = run.then(() => undefined, () => undefined).then(() => {
      s.writing = null;
      if (isDirty(s)) this.#ensureTimer();
    });
    return run;
  }

  #ensureTimer(): void {
    if (this.#timer || this.#lockLost || this.#closing) return;
    this.#timer = setTimeout(() => this.#tick(), this.#flushIntervalMs);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    this.#timer = null;
    if (this.#lockLost || this.#closing) return;
    const now = Date.now();
    let pending = false;
    for (const c of this.#collections.values()) {
      for (const s of c.shards()) {
        if (!isDirty(s) || s.writing) continue;
        const age = now - s.dirtySince;
        const due = now >= s.retryAfter && age >= this.#flushIntervalMs &&
          (s.opsSinceWrite * CHANGE_DIVISOR >= s.records.size || age >= this.#maxFlushDelayMs);
        if (due) this.#writeShard(c, s).catch((err: Error) => this.#report(err));
        else pending = true;
      }
    }
    if (pending) this.#ensureTimer();
  }

  #lockCompromised(err: StoreLockedError): void {
    this.#lockLost = err;
    this.#clearTimer();
    this.#report(err);
  }

  #report(err: Error): void {
    try {
      this.#onError(err);
    } catch {
      // onError must not throw; never let a background error crash the process.
    }
  }
}
