import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import type { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { CsvError, Options } from 'csv-parse';
import iconv from 'iconv-lite';
import { ImportError } from './errors';
import type { RawRow } from './types';

/**
 * A record longer than this many characters aborts the import: it is almost always a quote that is
 * never closed, swallowing the rest of the file (and memory) into one cell.
 */
export const MAX_RECORD_CHARS = 2_000_000;

/** Read-ahead size of the file stream, in bytes. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Streams the records of a CSV/TSV file, header record first. Same as {@link readCsvBatches}, one record
 * at a time.
 * @param file path of the file
 * @param opts.encoding iconv-lite encoding name (from sniffing), e.g. `utf-8`, `windows-1252`, `utf-16le`
 * @param opts.delimiter field delimiter: `,` `;` `\t` `|`
 * @returns async iterator of `{ row, cells }` (`row` = 1-based line the record starts on)
 * @throws ImportError as {@link readCsvBatches}
 */
export async function* readCsv(file: string, opts: { encoding: string; delimiter: string }): AsyncGenerator<RawRow> {
  for await (const batch of readCsvBatches(file, opts)) yield* batch;
}

/**
 * Streams the records of a CSV/TSV file in batches (whatever the parser has ready, typically one 64 KiB
 * chunk's worth), header record first. Batching keeps the per-row cost of async iteration off the hot path.
 *
 * Bytes flow `fs.createReadStream → iconv-lite decodeStream(encoding) → csv-parse` (UTF-8 skips the
 * decoder: csv-parse reads UTF-8 bytes natively and strips the BOM itself). Parsing is lenient:
 * ragged rows are kept (`relax_column_count`), stray quotes inside unquoted cells are kept as text,
 * blank lines and rows whose cells are all blank are skipped (their lines still count), CRLF/LF/CR line
 * ends are auto-detected, spaces after a delimiter are ignored so `a, "b, c"` is two cells. A record
 * csv-parse cannot parse (e.g. a quote still open at the end of the file) is yielded as
 * `{ row, cells: [], error }` and parsing continues after it.
 *
 * Memory: one chunk (64 KiB) plus the records parsed from it, not the file. (64 KiB measured best: larger
 * chunks keep more parsed rows alive across young-generation GCs.)
 *
 * @param file path of the file
 * @param opts.encoding iconv-lite encoding name
 * @param opts.delimiter field delimiter
 * @returns async iterator of non-empty arrays of `{ row, cells }`; `row` is the 1-based line the record
 *   starts on (blank lines count; a quoted cell spanning lines moves the next record's start down)
 * @throws ImportError `unreadable` on I/O errors, `malformed` when a record exceeds {@link MAX_RECORD_CHARS} characters
 */
export async function* readCsvBatches(file: string, opts: { encoding: string; delimiter: string }): AsyncGenerator<RawRow[]> {
  /** Parse errors, with the number of records the parser had emitted before each. */
  const skips: { afterRecords: number; endLine: number; message: string }[] = [];
  let failure: unknown;
  const parser = parse({
    delimiter: opts.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false, // blank lines arrive as [''] so line numbers can be counted without `info`
    skip_records_with_error: true,
    ltrim: true,
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (err: CsvError | undefined): undefined => {
      if (!err) return undefined;
      const line = typeof err.lines === 'number' ? err.lines : 0;
      if (err.code === 'CSV_MAX_RECORD_SIZE') {
        throw new ImportError(file, 'malformed', `a record is longer than ${MAX_RECORD_CHARS} characters (probably a quote that is never closed)`, {
          row: line,
          cause: err,
        });
      }
      const afterRecords = parser.info.records;
      const last = skips[skips.length - 1];
      if (!last || last.afterRecords !== afterRecords) {
        skips.push({ afterRecords, endLine: line, message: `malformed CSV record: ${err.message.replace(/ at line \d+$/, '')}` });
      }
      return undefined;
    },
    // Object-mode buffer of parsed records (stream option passed through by csv-parse).
    readableHighWaterMark: 4096,
  } as Options);

  const input = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stages: (Readable | Transform | NodeJS.ReadWriteStream)[] = [input];
  if (!isUtf8(opts.encoding)) stages.push(iconv.decodeStream(opts.encoding));
  stages.push(parser);
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  parser.on('readable', notify);
  parser.on('end', () => {
    ended = true;
    notify();
  });
  pipeline(stages as unknown as [Readable, ...Transform[]], (err) => {
    if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') failure ??= err;
    ended = true;
    notify();
  });

  let line = 1; // line the next record starts on
  let consumed = 0; // records read from the parser (blank ones included)
  try {
    for (;;) {
      const batch: RawRow[] = [];
      let cells: string[] | null;
      while ((cells = parser.read() as string[] | null) !== null) {
        while (skips.length > 0 && skips[0].afterRecords <= consumed) {
          const s = skips.shift() as (typeof skips)[number];
          batch.push({ row: line, cells: [], error: s.message });
          line = s.endLine + 1;
        }
        consumed++;
        const row = line;
        line++;
        let blank = true;
        for (let i = 0; i < cells.length; i++) {
          let cell = cells[i];
          if (cell.length === 0) continue;
          if (cell.charCodeAt(0) === 34) cell = cells[i] = unquoteRelaxed(cell);
          for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) line++;
          if (blank && (cell.charCodeAt(0) > 32 || cell.trim() !== '')) blank = false;
        }
        if (!blank) batch.push({ row, cells });
      }
      if (failure) break;
      if (ended && parser.readableLength === 0) {
        for (const s of skips.splice(0)) {
          batch.push({ row: line, cells: [], error: s.message });
          line = s.endLine + 1;
        }
        if (batch.length > 0) yield batch;
        break;
      }
      if (batch.length > 0) yield batch;
      if (!ended && parser.readableLength === 0) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    parser.off('readable', notify);
    if (!parser.destroyed) parser.destroy();
    if (!input.destroyed) input.destroy();
  }
  if (failure instanceof ImportError) throw failure;
  if (failure) throw new ImportError(file, 'unreadable', `reading failed: ${(failure as Error).message ?? String(failure)}`, { cause: failure });
}

function isUtf8(encoding: string): boolean {
  return encoding.toLowerCase().replace(/[^a-z0-9]/g, '') === 'utf8';
}

/**
 * A cell csv-parse kept verbatim because of a relaxed quote (`"x" ` with text after the closing quote):
 * strips the outer quotes and un-doubles `""`; other cells are returned unchanged.
 */
function unquoteRelaxed(cell: string): string {
  const t = cell.trimEnd();
  if (t.length >= 2 && t.charCodeAt(t.length - 1) === 34) return t.slice(1, -1).replaceAll('""', '"');
  return cell;
}
