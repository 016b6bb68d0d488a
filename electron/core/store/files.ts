import { constants as fsConstants } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';

/** Thrown (internally) by {@link JsonDoc.read} when the file's text is not valid JSON. */
export class ParseFailure extends Error {
  /** @param reason the `JSON.parse` error message */
  constructor(reason: string) {
    super(reason);
    this.name = 'ParseFailure';
  }
}

/**
 * One JSON file written through lowdb (`Low` over a `DataFile`, i.e. steno's Writer: write `.<name>.tmp`,
 * then rename over the target = atomic replace; concurrent writes to one file are coalesced by steno).
 * It is lowdb's `JSONFile` with a caller-chosen `stringify` (so shards can be compact, one record per line)
 * and with the byte size of every text read or written recorded for the store's statistics.
 */
export class JsonDoc<T extends object> {
  /** Absolute path of the file. */
  readonly file: string;
  readonly #low: Low<T>;
  readonly #adapter: DataFile<T>;
  #lastBytes = 0;

  /**
   * @param file absolute path
   * @param initial placeholder data for lowdb's `Low` (never written unless passed to `write`)
   * @param stringify data → file text (synchronous, called once per write)
   */
  constructor(file: string, initial: T, stringify: (data: T) => string) {
    this.file = file;
    this.#adapter = new DataFile<T>(file, {
      parse: (text) => {
        this.#lastBytes = Buffer.byteLength(text, 'utf8');
        try {
          return JSON.parse(text) as T;
        } catch (err) {
          throw new ParseFailure(text.trim() === '' ? 'the file is empty' : (err as Error).message);
        }
      },
      stringify: (data) => {
        const text = stringify(data);
        this.#lastBytes = Buffer.byteLength(text, 'utf8');
        return text;
      },
    });
    this.#low = new Low<T>(this.#adapter, initial);
  }

  /**
   * Reads and parses the file.
   * @returns `{ data, bytes }` (bytes = UTF-8 size of the file text), or null when the file does not exist
   * @throws {ParseFailure} when the text is not JSON (message = parse error); fs errors other than ENOENT as is
   */
  async read(): Promise<{ data: unknown; bytes: number } | null> {
    this.#lastBytes = -1;
    const data = await this.#adapter.read();
    if (this.#lastBytes < 0) return null; // parse was never called: the file does not exist
    return { data, bytes: this.#lastBytes };
  }

  /**
   * Atomically replaces the file with `stringify(data)`. `data` is serialised synchronously, before the first
   * await, so later mutations of `data` do not affect what is written. The directory must exist.
   * @returns bytes written (UTF-8 size of the text)
   * @throws fs errors (ENOSPC, EACCES, ENOENT for a missing dir, ...) from steno's write/rename
   */
  async write(data: T): Promise<number> {
    this.#low.data = data;
    const pending = this.#low.write();
    const bytes = this.#lastBytes;
    await pending;
    return bytes;
  }
}

/**
 * Copies a corrupt file aside, leaving the original untouched.
 * @param file absolute path of the bad file
 * @param now timestamp for the name (default now)
 * @returns the backup path `<file>.corrupt-<YYYY-MM-DDTHH-MM-SS-mmmZ>.bak`, or undefined if copying failed
 */
export async function backupCorruptFile(file: string, now: Date = new Date()): Promise<string | undefined> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let i = 0; i < 100; i++) {
    const backup = `${file}.corrupt-${stamp}${i === 0 ? '' : `-${i}`}.bak`;
    try {
      await copyFile(file, backup, fsConstants.COPYFILE_EXCL);
      return backup;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      return undefined;
    }
  }
  return undefined;
}

/**
 * Flushes files and then their directories to stable storage (fsync), so completed atomic renames survive a
 * power loss. Directory fsync is skipped on Windows (not supported there).
 * @param files absolute file paths (missing files are skipped)
 * @throws fs errors from opening or fsyncing a file
 */
export async function fsyncPaths(files: Iterable<string>): Promise<void> {
  const dirs = new Set<string>();
  const list = [...files];
  await Promise.all(list.map(async (file) => {
    dirs.add(path.dirname(file));
    let handle;
    try {
      handle = await open(file, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }));
  if (process.platform === 'win32') return;
  await Promise.all([...dirs].map(async (dir) => {
    let handle;
    try {
      handle = await open(dir, 'r');
      await handle.sync();
    } catch {
      // Some filesystems refuse fsync on directories; the file data itself is already synced.
    } finally {
      await handle?.close();
    }
  }));
}
