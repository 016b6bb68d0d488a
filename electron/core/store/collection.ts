import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { StoreRecordError } from './errors';
import { JsonDoc, ParseFailure } from './files';
import { cloneJsonSized, NotJsonError } from './json';
import { collectionDir, parseShardFileName, shardFileName } from './layout';
import type { Collection, CollectionName } from './types';

/** What a shard file holds. */
export interface ShardData<T> {
  records: T[];
}

/** In-memory state of one shard file. Internal to the store (exported for the store and its tests). */
export interface Shard<T> {
  /** Shard number (file `<6-digit no>.json`). */
  readonly no: number;
  readonly doc: JsonDoc<ShardData<T>>;
  /** Records by id, in insertion order. */
  readonly records: Map<string, T>;
  /** Estimated JSON size in bytes of records put in this session (loaded ones count `loadAvgBytes`). */
  readonly sizes: Map<string, number>;
  /** Estimated total JSON size of the shard's records, in bytes. */
  estBytes: number;
  /** Average record size of the file when loaded (bytes), used for records not put in this session. */
  loadAvgBytes: number;
  /** Count of mutations applied so far (monotonic). */
  version: number;
  /** `version` captured by the last completed write (or the load). Dirty when `version > writtenVersion`. */
  writtenVersion: number;
  /** Epoch ms of the oldest mutation not yet written (0 when clean). */
  dirtySince: number;
  /** Mutations since the snapshot of the last completed write. */
  opsSinceWrite: number;
  /** Size in bytes of the shard file as last read or written (0 if never written). */
  bytesOnDisk: number;
  /** The write in flight, if any (never rejects; resolves after `writing` is reset to null). */
  writing: Promise<void> | null;
  /** Consecutive failed writes (for retry backoff). */
  failures: number;
  /** Epoch ms before which a failed shard is not retried by the timer. */
  retryAfter: number;
}

/** A corrupt file found while loading. */
export interface CorruptFinding {
  file: string;
  reason: string;
  cause: unknown;
}

/** Callbacks from a collection to the store that owns it. */
export interface CollectionHost {
  /** @throws {StoreClosedError} when the store is closed (`what` names the operation for the message) */
  assertWritable(what: string): void;
  /** A shard became dirty: make sure a flush is scheduled. */
  shardDirtied(): void;
}

/** Shard file text: `{"records":[` + one record per line + `]}` — valid JSON, diff- and grep-friendly. */
function stringifyShard<T>(data: ShardData<T>): string {
  if (data.records.length === 0) return '{"records":[]}\n';
  let out = '{"records":[\n';
  for (let i = 0; i < data.records.length; i++) {
    out += JSON.stringify(data.records[i]);
    out += i === data.records.length - 1 ? '\n' : ',\n';
  }
  return out + ']}\n';
}

function layoutProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'expected an object {"records": [...]}';
  const records = (data as { records?: unknown }).records;
  if (!Array.isArray(records)) return 'expected a "records" array';
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return `records[${i}] is not an object`;
    const id = (r as { id?: unknown }).id;
    if (typeof id !== 'string' || id === '') return `records[${i}] has no string "id"`;
  }
  return undefined;
}

/**
 * A collection partitioned into shard files `<dataDir>/<name>/<shard>.json`. A NEW id goes into the open
 * (highest-numbered) shard until that holds `shardSize` records (or about `maxShardBytes` of JSON), then a new
 * shard is opened; an existing id
 * stays in its shard for life. A pipeline run that inserts and updates records roughly in order therefore dirties
 * only a few shards at a time, and only dirty shards are rewritten (by the owning `Store`).
 */
export class ShardedCollection<T extends { id: string }> implements Collection<T> {
  /** Collection name. */
  readonly name: CollectionName;
  /** Absolute folder of the shard files. */
  readonly dir: string;
  readonly #shardSize: number;
  readonly #maxShardBytes: number;
  readonly #host: CollectionHost;
  readonly #shards: Shard<T>[] = [];
  readonly #byId = new Map<string, Shard<T>>();

  /**
   * @param dataDir absolute data dir
   * @param name collection name
   * @param shardSize max records per shard (positive integer)
   * @param maxShardBytes soft size cap of a shard in bytes: no new ids go to a shard whose records' estimated
   *   JSON size reached it (existing records still grow by updates)
   * @param host the owning store's callbacks
   */
  constructor(dataDir: string, name: CollectionName, shardSize: number, maxShardBytes: number, host: CollectionHost) {
    this.name = name;
    this.dir = collectionDir(dataDir, name);
    this.#shardSize = shardSize;
    this.#maxShardBytes = maxShardBytes;
    this.#host = host;
  }

  /**
   * Loads every shard file of the collection (a missing folder = empty collection). Duplicated ids (possible only
   * after a crash between two shard writes) resolve to the copy in the higher shard; the lower shard is marked
   * dirty so the next flush cleans it.
   * @returns the corrupt files found (the collection must then not be used); empty when all loaded
   * @throws fs errors other than a missing folder
   */
  async load(): Promise<CorruptFinding[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const numbers = entries.map(parseShardFileName).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
    const corrupt: CorruptFinding[] = [];
    const loaded: Array<{ no: number; doc: JsonDoc<ShardData<T>>; records: T[]; bytes: number }> = [];
    const CONCURRENCY = 16;
    for (let i = 0; i < numbers.length; i += CONCURRENCY) {
      await Promise.all(numbers.slice(i, i + CONCURRENCY).map(async (no) => {
        const doc = this.#newDoc(no);
        try {
          const result = await doc.read();
          if (result === null) return; // removed meanwhile
          const problem = layoutProblem(result.data);
          if (problem) {
            corrupt.push({ file: doc.file, reason: `invalid shard layout: ${problem}`, cause: undefined });
            return;
          }
          loaded.push({ no, doc, records: (result.data as ShardData<T>).records, bytes: result.bytes });
        } catch (err) {
          if (!(err instanceof ParseFailure)) throw err;
          corrupt.push({ file: doc.file, reason: `invalid JSON: ${err.message}`, cause: err });
        }
      }));
    }
    if (corrupt.length > 0) return corrupt;
    loaded.sort((a, b) => a.no - b.no);
    for (const l of loaded) {
      const shard = this.#newShard(l.no, l.doc);
      shard.bytesOnDisk = l.bytes;
      shard.estBytes = l.bytes;
      shard.loadAvgBytes = l.records.length > 0 ? Math.round(l.bytes / l.records.length) : 0;
      for (const rec of l.records) {
        const prev = this.#byId.get(rec.id);
        if (prev && prev !== shard) {
          prev.records.delete(rec.id);
          prev.estBytes -= prev.loadAvgBytes;
          this.#touch(prev, Date.now());
        } else if (prev === shard) {
          shard.records.delete(rec.id); // duplicate inside one file: keep the last, in its position
          this.#touch(shard, Date.now());
        }
        shard.records.set(rec.id, rec);
        this.#byId.set(rec.id, shard);
      }
      this.#shards.push(shard);
    }
    return [];
  }

  /**
   * @param id record id
   * @returns the stored record (treat it as read-only: to change it, `put` a modified copy), or undefined
   */
  get(id: string): T | undefined {
    return this.#byId.get(id)?.records.get(id);
  }

  /**
   * @param id record id
   * @returns whether a record with this id exists
   */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /**
   * Inserts or replaces a record by `id`. The record is deep-copied, so later changes to `item` do not reach
   * the store. In memory at once; on disk after the next scheduled flush or after `Store.flush()` resolves.
   * @param item a plain-JSON object with a non-empty string `id`
   * @throws {StoreRecordError} if `id` is not a non-empty string or a value is not JSON-serialisable
   *   (the store is unchanged)
   * @throws {StoreClosedError} after `Store.close()`
   */
  put(item: T): void {
    this.#host.assertWritable(`put ${this.name}/${String((item as { id?: unknown } | null)?.id)}`);
    const { value, bytes } = this.#prepare(item);
    this.#insert(value, bytes, Date.now());
  }

  /**
   * Inserts or replaces many records; all or nothing: every record is validated before any is stored.
   * For duplicate ids in `items` the last one wins.
   * @param items plain-JSON objects with non-empty string ids
   * @throws {StoreRecordError} naming the first bad record (the store is unchanged)
   * @throws {StoreClosedError} after `Store.close()`
   */
  putMany(items: Iterable<T>): void {
    this.#host.assertWritable(`put into ${this.name}`);
    const prepared: Array<{ value: T; bytes: number }> = [];
    for (const item of items) prepared.push(this.#prepare(item));
    const now = Date.now();
    for (const p of prepared) this.#insert(p.value, p.bytes, now);
  }

  /**
   * Removes a record (its shard is rewritten at the next flush; shard files are never deleted).
   * @param id record id
   * @returns true if a record was removed, false if there was none
   * @throws {StoreClosedError} after `Store.close()`
   */
  delete(id: string): boolean {
    this.#host.assertWritable(`delete ${this.name}/${id}`);
    const shard = this.#byId.get(id);
    if (!shard) return false;
    shard.records.delete(id);
    shard.estBytes -= shard.sizes.get(id) ?? shard.loadAvgBytes;
    shard.sizes.delete(id);
    this.#byId.delete(id);
    this.#touch(shard, Date.now());
    return true;
  }

  /**
   * @returns an iterator over all records, shard by shard (roughly insertion order). Records put during the
   *   iteration may or may not be visited.
   */
  *values(): IterableIterator<T> {
    for (const shard of this.#shards) yield* shard.records.values();
  }

  /** Number of records. */
  get size(): number {
    return this.#byId.size;
  }

  /** @returns the shards, in shard-number order (internal: used by the store's flusher and stats) */
  shards(): readonly Shard<T>[] {
    return this.#shards;
  }

  /** @returns the shard number holding `id`, or undefined (for tests and diagnostics) */
  shardOf(id: string): number | undefined {
    return this.#byId.get(id)?.no;
  }

  #prepare(item: T): { value: T; bytes: number } {
    const id = (item as { id?: unknown } | null | undefined)?.id;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new StoreRecordError(this.name, id, '$', 'is not an object');
    }
    if (typeof id !== 'string' || id === '') {
      throw new StoreRecordError(this.name, id, '$.id', 'must be a non-empty string');
    }
    try {
      return cloneJsonSized(item);
    } catch (err) {
      if (err instanceof NotJsonError) throw new StoreRecordError(this.name, id, err.path, err.reason);
      throw err;
    }
  }

  #insert(rec: T, bytes: number, now: number): void {
    let shard = this.#byId.get(rec.id);
    if (!shard) {
      shard = this.#openShard();
      this.#byId.set(rec.id, shard);
    } else {
      shard.estBytes -= shard.sizes.get(rec.id) ?? shard.loadAvgBytes;
    }
    shard.records.set(rec.id, rec);
    shard.sizes.set(rec.id, bytes);
    shard.estBytes += bytes;
    this.#touch(shard, now);
  }

  #openShard(): Shard<T> {
    const last = this.#shards[this.#shards.length - 1];
    if (last && last.records.size < this.#shardSize && last.estBytes < this.#maxShardBytes) return last;
    const no = last ? last.no + 1 : 1;
    const shard = this.#newShard(no, this.#newDoc(no));
    this.#shards.push(shard);
    return shard;
  }

  #touch(shard: Shard<T>, now: number): void {
    if (shard.version === shard.writtenVersion) shard.dirtySince = now;
    shard.version++;
    shard.opsSinceWrite++;
    this.#host.shardDirtied();
  }

  #newDoc(no: number): JsonDoc<ShardData<T>> {
    return new JsonDoc<ShardData<T>>(path.join(this.dir, shardFileName(no)), { records: [] }, stringifyShard);
  }

  #newShard(no: number, doc: JsonDoc<ShardData<T>>): Shard<T> {
    return {
      no, doc, records: new Map(), sizes: new Map(), estBytes: 0, loadAvgBytes: 0, version: 0, writtenVersion: 0, dirtySince: 0, opsSinceWrite: 0,
      bytesOnDisk: 0, writing: null, failures: 0, retryAfter: 0,
    };
  }
}
