/**
 * Errors thrown by the store. Every error extends {@link StoreError}, so callers can catch the family
 * with one `instanceof` and branch on the subclass (or on `code`) for the user-facing message.
 */

/** Base class of every error the store throws on purpose. `code` is a stable machine-readable tag. */
export class StoreError extends Error {
  /** Stable tag: 'STORE_LOCKED' | 'STORE_CORRUPT' | 'STORE_VERSION' | 'STORE_RECORD' | 'STORE_CLOSED'. */
  readonly code: string;

  /**
   * @param code stable tag (see `code`)
   * @param message human-readable message, shown to the user as is
   * @param options standard `ErrorOptions` (`cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The data dir is locked by another LeadForge process (or by another `Store` in this process),
 * or this process lost its lock (`lost: true`, see `Store.open`'s lock handling).
 */
export class StoreLockedError extends StoreError {
  /** Absolute path of the data dir. */
  readonly dataDir: string;
  /** Absolute path of the lock directory (`<dataDir>/leadforge.lock`). */
  readonly lockPath: string;
  /** `true` when this process held the lock and lost it (another process may have taken over). */
  readonly lost: boolean;

  /**
   * @param dataDir absolute data dir path
   * @param lockPath absolute lock path
   * @param opts `lost`: the lock was held and then compromised; `staleMs`: stale-lock timeout (ms) for the hint;
   *   `cause`: the underlying proper-lockfile error
   */
  constructor(dataDir: string, lockPath: string, opts: { lost?: boolean; staleMs?: number; cause?: unknown } = {}) {
    const lost = opts.lost ?? false;
    const message = lost
      ? `Lost the lock on the LeadForge data dir "${dataDir}" (lock: ${lockPath}); another LeadForge process may be ` +
        'using it now. Changes made since the last flush were NOT saved; restart LeadForge.'
      : `The LeadForge data dir "${dataDir}" is in use by another LeadForge process (lock: ${lockPath}). ` +
        'Close the other LeadForge window or command, or use a different --data-dir. If no other LeadForge ' +
        `process is running, the lock is left over from a crash and expires after ${Math.round((opts.staleMs ?? 10_000) / 1000)} s.`;
    super('STORE_LOCKED', message, { cause: opts.cause });
    this.dataDir = dataDir;
    this.lockPath = lockPath;
    this.lost = lost;
  }
}

/**
 * A store file (shard or meta.json) could not be parsed or has an invalid layout. The store refuses to open;
 * the file is left untouched in place and a copy is saved at `backupFile`.
 */
export class StoreCorruptError extends StoreError {
  /** Absolute path of the (first) corrupt file. */
  readonly file: string;
  /** Absolute path of its copy (`<file>.corrupt-<timestamp>.bak`), or undefined if the copy failed. */
  readonly backupFile: string | undefined;
  /** Every corrupt file found during this open, with its backup (the first one is `file`). */
  readonly files: ReadonlyArray<{ file: string; backupFile: string | undefined; reason: string }>;

  /**
   * @param files every corrupt file found (at least one), each with its backup path and the parse/layout error text
   * @param cause the first underlying error (e.g. the `SyntaxError` from `JSON.parse`)
   */
  constructor(files: ReadonlyArray<{ file: string; backupFile: string | undefined; reason: string }>, cause?: unknown) {
    const first = files[0]!;
    const more = files.length > 1 ? ` (and ${files.length - 1} more: ${files.slice(1).map((f) => f.file).join(', ')})` : '';
    const backup = first.backupFile ? `a copy was saved to "${first.backupFile}"` : 'a backup copy could NOT be made';
    super(
      'STORE_CORRUPT',
      `Store file "${first.file}" is corrupt: ${first.reason}${more}. The store was not opened and the file was ` +
        `left in place untouched; ${backup}. Repair or remove the file, then start LeadForge again.`,
      { cause },
    );
    this.file = first.file;
    this.backupFile = first.backupFile;
    this.files = files;
  }
}

/** meta.json says the data was written by a newer LeadForge (schema version unknown to this build). */
export class StoreVersionError extends StoreError {
  /** Schema version found in meta.json. */
  readonly found: number;
  /** Newest schema version this build knows. */
  readonly supported: number;

  /**
   * @param dataDir absolute data dir path (for the message)
   * @param found schema version in meta.json
   * @param supported newest version this build knows
   */
  constructor(dataDir: string, found: number, supported: number) {
    super(
      'STORE_VERSION',
      `The LeadForge data dir "${dataDir}" has schema version ${found}, but this LeadForge build only knows up to ` +
        `version ${supported}. It was written by a newer LeadForge; update LeadForge (no files were changed).`,
    );
    this.found = found;
    this.supported = supported;
  }
}

/** A record was refused by `put`/`putMany` (bad id, or not JSON-serialisable). The store is unchanged. */
export class StoreRecordError extends StoreError {
  /** Collection the record was put into. */
  readonly collection: string;
  /** The record's id (stringified for display; `undefined` if it had none). */
  readonly id: string | undefined;
  /** JSON path of the offending value, e.g. `$.output.when`. */
  readonly path: string;

  /**
   * @param collection collection name
   * @param id record id as given (may be missing or not a string)
   * @param path JSON path of the offending value
   * @param reason what is wrong with it
   */
  constructor(collection: string, id: unknown, path: string, reason: string) {
    const idText = typeof id === 'string' ? id : id === undefined ? undefined : String(id);
    super('STORE_RECORD', `Cannot put ${collection}/${idText ?? '<no id>'}: ${path} ${reason}. The store was not changed.`);
    this.collection = collection;
    this.id = idText;
    this.path = path;
  }
}

/** An operation was attempted on a store after `close()`. */
export class StoreClosedError extends StoreError {
  /** @param what the attempted operation, e.g. `put tasks/abc` */
  constructor(what: string) {
    super('STORE_CLOSED', `Cannot ${what}: the store is closed.`);
  }
}
