import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';

/** The main process's log: one line per entry, secrets redacted before anything is written. */
export interface MainLog {
  info(message: string): void;
  warn(message: string): void;
  /**
   * Logs an error with a fresh short reference (shown to the rep instead of internals).
   * @returns the reference, e.g. `E-3F9A1C`
   */
  error(context: string, err: unknown): string;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Rotates `main.log` to `main.old.log` at startup once it exceeds this many bytes. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Opens `<dir>/main.log` (append; rotated past 5 MB) and mirrors entries to stderr.
 * @param opts.dir folder of the log (`<userData>/logs`)
 * @param opts.redact replaces secret values in a line (the vault's redactor); applied to every line
 * @param opts.stderr also write to process.stderr (default true)
 */
export function openMainLog(opts: { dir: string; redact: (text: string) => string; stderr?: boolean }): MainLog {
  const file = path.join(opts.dir, 'main.log');
  let stream: WriteStream | undefined;
  try {
    mkdirSync(opts.dir, { recursive: true });
    try {
      if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, path.join(opts.dir, 'main.old.log'));
    } catch {
      // no log yet
    }
    stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
    stream.on('error', () => (stream = undefined));
  } catch {
    stream = undefined;
  }
  const write = (level: string, text: string): void => {
    const line = `${new Date().toISOString()} ${level} ${opts.redact(text)}\n`;
    stream?.write(line);
    if (opts.stderr !== false) process.stderr.write(line);
  };
  return {
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error(context, err) {
      const ref = `E-${randomBytes(3).toString('hex').toUpperCase()}`;
      const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
      write('ERROR', `[${ref}] ${context}: ${detail}`);
      return ref;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!stream) return resolve();
        stream.end(() => resolve());
        stream = undefined;
      }),
  };
}
