import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ImportError } from './errors';
import type { SniffResult } from './types';

/** How many bytes of the file are inspected (64 KiB). */
export const SNIFF_BYTES = 64 * 1024;

/** Candidate CSV delimiters, in order of preference when the evidence ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const XLSX_EXTENSIONS = new Set(['.xlsx', '.xlsm']);

/**
 * Inspects the first {@link SNIFF_BYTES} bytes of a lead file and decides how to read it.
 *
 * - XLSX: ZIP magic (`PK\x03\x04`) plus an `.xlsx`/`.xlsm` extension or an `xl/` part inside.
 * - CSV/TSV/TXT: encoding = UTF-8 (BOM or valid UTF-8), UTF-16/32 LE/BE (BOM, or NUL-byte pattern for
 *   BOM-less UTF-16), else chardet's best guess restricted to encodings iconv-lite can decode
 *   (Latin-1-like guesses are decoded as windows-1252 when C1 bytes 0x80–0x9F occur). Delimiter = the one
 *   of `,` `;` tab `|` giving the most consistent field count over the first records (quotes respected).
 *
 * @param file path to the file
 * @returns format, encoding (iconv-lite name), BOM flag, delimiter (CSV only), size in bytes
 * @throws ImportError `not-found` | `is-directory` | `unreadable` | `empty` (0 bytes or only whitespace: no header row)
 *   | `binary` (NUL/control bytes, or a non-spreadsheet ZIP) | `unsupported-format` (legacy .xls, .xlsb, .ods, encrypted workbook)
 */
export async function sniffFile(file: string): Promise<SniffResult> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new ImportError(file, 'is-directory', 'it is a directory, not a file');
    if (!st.isFile()) throw new ImportError(file, 'unreadable', 'it is not a regular file');
    size = st.size;
  } catch (err) {
    throw toImportError(file, err);
  }
  if (size === 0) throw new ImportError(file, 'empty', 'the file is empty (no header row)');

  let buf = Buffer.alloc(Math.min(size, SNIFF_BYTES));
  try {
    const fh = await open(file, 'r');
    try {
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      buf = buf.subarray(0, bytesRead); // the file may have shrunk since stat
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw toImportError(file, err);
  }
  if (buf.length === 0) throw new ImportError(file, 'empty', 'the file is empty (no header row)');
  const truncated = size > buf.length;

  const container = detectContainer(buf, file);
  if (container) {
    if (container === 'xlsx') return { format: 'xlsx', encoding: 'binary', bom: false, size };
    throw new ImportError(file, container.code, container.reason);
  }

  const enc = detectEncoding(buf, truncated);
  if (!enc) throw new ImportError(file, 'binary', 'it is a binary file, not a CSV/TSV text file or an XLSX workbook');

  let text = iconv.decode(buf.subarray(enc.bomLength), enc.encoding, { stripBOM: true });
  if (truncated) {
    // Drop the last, probably cut, line so a partial record does not skew the delimiter vote.
    const nl = text.lastIndexOf('\n');
    if (nl > 0) text = text.slice(0, nl);
  }
  if (!looksLikeText(text)) throw new ImportError(file, 'binary', 'it is a binary file (control characters), not a CSV/TSV text file');
  if (!truncated && text.trim() === '') throw new ImportError(file, 'empty', 'the file has no content (no header row)');

  return { format: 'csv', encoding: enc.encoding, bom: enc.bomLength > 0, delimiter: detectDelimiter(text), size };
}

/** Maps fs errors to ImportError; passes ImportError through. */
function toImportError(file: string, err: unknown): ImportError {
  if (err instanceof ImportError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new ImportError(file, 'not-found', 'the file does not exist', { cause: err });
  if (code === 'EISDIR') return new ImportError(file, 'is-directory', 'it is a directory, not a file', { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new ImportError(file, 'unreadable', 'permission denied (the file is not readable)', { cause: err });
  return new ImportError(file, 'unreadable', `the file cannot be read (${code ?? (err as Error)?.message ?? String(err)})`, { cause: err });
}

/**
 * Recognises container formats by magic bytes.
 * @returns `'xlsx'`, an error description for other binary containers, or null for "not a container".
 */
function detectContainer(
  buf: Buffer,
  file: string,
): 'xlsx' | { code: 'binary' | 'unsupported-format'; reason: string } | null {
  const ext = extname(file).toLowerCase();
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6)) {
    const head = buf.toString('latin1');
    if (head.includes('xl/workbook.bin') || ext === '.xlsb') {
      return { code: 'unsupported-format', reason: 'binary Excel workbooks (.xlsb) are not supported; save it as .xlsx or CSV' };
    }
    if (head.includes('opendocument.spreadsheet')) {
      return { code: 'unsupported-format', reason: 'OpenDocument spreadsheets (.ods) are not supported; save it as .xlsx or CSV' };
    }
    if (XLSX_EXTENSIONS.has(ext) || head.includes('xl/') || head.includes('[Content_Types].xml')) return 'xlsx';
    return { code: 'binary', reason: 'it is a ZIP archive, not a CSV file or an XLSX workbook' };
  }
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    return {
      code: 'unsupported-format',
      reason: 'it is a legacy Excel 97-2003 (.xls) file or a password-protected workbook; save it as .xlsx or CSV (without a password)',
    };
  }
  return null;
}

/**
 * Detects the text encoding of a sample.
 * @param buf the first bytes of the file
 * @param truncated whether the file continues after `buf` (a multi-byte character may be cut at the end)
 * @returns iconv-lite encoding name and BOM length in bytes, or null when the bytes are not text (NUL bytes)
 */
export function detectEncoding(buf: Buffer, truncated = false): { encoding: string; bomLength: number } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { encoding: 'utf-32le', bomLength: 4 };
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { encoding: 'utf-32be', bomLength: 4 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };

  if (buf.includes(0)) {
    const utf16 = guessBomlessUtf16(buf);
    return utf16 ? { encoding: utf16, bomLength: 0 } : null;
  }
  if (isUtf8(buf, truncated)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: guessLegacyEncoding(buf), bomLength: 0 };
}

/** UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte. */
function guessBomlessUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZeros++;
    if (buf[i + 1] === 0) oddZeros++;
  }
  const half = n / 2;
  if (oddZeros > 0.3 * half && evenZeros < 0.02 * half) return 'utf-16le';
  if (evenZeros > 0.3 * half && oddZeros < 0.02 * half) return 'utf-16be';
  return null;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are valid UTF-8 (ignoring a multi-byte sequence cut at the end of a truncated sample). */
function isUtf8(buf: Buffer, truncated: boolean): boolean {
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      fatalUtf8.decode(buf.subarray(0, buf.length - cut));
      return true;
    } catch {
      // try a shorter sample: the cut may be inside a character
    }
  }
  return false;
}

/** Latin-1 look-alikes chardet confuses on short samples; decoded as windows-1252 (a printable superset). */
const WESTERN = new Set(['iso-8859-1', 'iso-8859-15', 'windows-1252']);

/**
 * Picks a single-/multi-byte legacy encoding with chardet, keeping only encodings iconv-lite supports.
 * Western guesses become `windows-1252` when bytes 0x80–0x9F occur (C1 controls in ISO-8859-1 are never
 * meant), otherwise `iso-8859-1`. Turkish ISO-8859-9 is only believed when a Turkish-only byte occurs.
 */
function guessLegacyEncoding(buf: Buffer): string {
  const hasC1 = buf.some((b) => b >= 0x80 && b <= 0x9f);
  const western = hasC1 ? 'windows-1252' : 'iso-8859-1';
  for (const m of chardet.analyse(buf)) {
    const name = m.name.toLowerCase();
    if (name.startsWith('utf') || name === 'ascii' || !iconv.encodingExists(name)) continue;
    if (WESTERN.has(name)) return western;
    if (name === 'iso-8859-9' || name === 'windows-1254') {
      const turkishOnly = buf.some((b) => b === 0xd0 || b === 0xdd || b === 0xde || b === 0xf0 || b === 0xfd || b === 0xfe);
      return turkishOnly && m.confidence >= 50 ? name : western;
    }
    if (m.confidence < 10) break;
    return name;
  }
  return western;
}

/**
 * Whether decoded text looks like text: no NUL and at most 1% C0 control characters other than
 * tab, LF, CR, FF and Ctrl-Z.
 */
function looksLikeText(text: string): boolean {
  let controls = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 26) {
      if (c === 0) return false;
      controls++;
    }
  }
  return controls <= n * 0.01;
}

/**
 * Chooses the delimiter: the one named by an Excel `sep=X` first line, else the one among `,` `;` tab `|`
 * whose field count per record is most consistent over the first 200 records (quoted sections are skipped, so delimiters inside quotes do not count).
 * Score = share of records having the most common field count, which must be ≥ 2; ties go to the
 * larger field count, then to the order of {@link DELIMITERS}.
 * @param text decoded sample text (whole records)
 * @returns the delimiter; `,` when no candidate splits the records (a single-column file)
 */
export function detectDelimiter(text: string): string {
  // Excel's "sep=;" hint line names the delimiter outright.
  const hint = /^sep=([^"\r\n])\r?(?:\n|$)/i.exec(text);
  if (hint) return hint[1];
  const codes = DELIMITERS.map((d) => d.charCodeAt(0));
  const perRecord: number[][] = [];
  let counts = [0, 0, 0, 0];
  let inQuotes = false;
  let nonBlank = false;
  const n = text.length;
  for (let i = 0; i < n && perRecord.length < 200; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      inQuotes = !inQuotes;
      nonBlank = true;
    } else if (inQuotes) {
      continue;
    } else if (c === 10) {
      if (nonBlank) perRecord.push(counts);
      counts = [0, 0, 0, 0];
      nonBlank = false;
    } else if (c !== 13) {
      nonBlank = true;
      for (let k = 0; k < 4; k++) if (c === codes[k]) counts[k]++;
    }
  }
  if (nonBlank) perRecord.push(counts);

  let best: { delimiter: string; score: number; fields: number } = { delimiter: ',', score: 0, fields: 1 };
  for (let k = 0; k < DELIMITERS.length; k++) {
    const freq = new Map<number, number>();
    for (const rec of perRecord) freq.set(rec[k] + 1, (freq.get(rec[k] + 1) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [fields, count] of freq) {
      if (count > modeCount || (count === modeCount && fields > mode)) {
        mode = fields;
        modeCount = count;
      }
    }
    if (mode < 2) continue;
    const score = modeCount / perRecord.length;
    if (score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && mode > best.fields)) {
      best = { delimiter: DELIMITERS[k], score, fields: mode };
    }
  }
  return best.delimiter;
}
