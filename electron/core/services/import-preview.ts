import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { ImportPreview } from '@shared/ipc';
import { LeadFieldSchema, type ColumnMapping } from '@shared/index';
import { UserFacingError } from '../api/types';
import { ImportError } from '../leads/errors';
import { previewLeads } from '../leads/import-leads';

/** File extensions the importer reads (CSV/TSV/TXT text lists, XLSX/XLSM workbooks). */
export const LEAD_FILE_EXTENSIONS: readonly string[] = ['.csv', '.tsv', '.txt', '.xlsx', '.xlsm'];

/** Rows shown in an import preview. */
export const PREVIEW_ROWS = 20;

/**
 * Checks a lead-list path the rep chose before anything reads it: it must exist, be a regular file and have a
 * supported extension ({@link LEAD_FILE_EXTENSIONS}). Content problems (binary, empty, legacy .xls…) are found
 * by the importer's sniffing.
 * @param file path (resolved against the cwd)
 * @returns the absolute path
 * @throws UserFacingError naming the file and the problem: code `not_found` (missing) or `invalid_file`
 */
export async function checkLeadFile(file: string): Promise<string> {
  const path = resolve(file);
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserFacingError(`Cannot import "${file}": the file does not exist`, 'not_found');
    throw new UserFacingError(`Cannot import "${file}": the file cannot be read (${code ?? 'error'})`, 'invalid_file');
  }
  if (st.isDirectory()) throw new UserFacingError(`Cannot import "${file}": it is a folder, not a lead list (.csv, .tsv, .txt or .xlsx)`, 'invalid_file');
  if (!st.isFile()) throw new UserFacingError(`Cannot import "${file}": it is not a regular file`, 'invalid_file');
  const ext = extname(path).toLowerCase();
  if (!LEAD_FILE_EXTENSIONS.includes(ext)) {
    throw new UserFacingError(`Cannot import "${file}": ${ext ? `"${ext}" files are` : 'a file without an extension is'} not supported; choose a .csv, .tsv, .txt or .xlsx lead list`, 'invalid_file');
  }
  return path;
}

/**
 * Turns an importer failure into a message for the rep (ImportError messages already name the file, and the row
 * and column when known); other errors pass through unchanged.
 * @returns UserFacingError (`not_found` for a missing file, else `invalid_file`), or the error itself
 */
export function importFailure(err: unknown): unknown {
  if (err instanceof ImportError) return new UserFacingError(err.message, err.code === 'not-found' ? 'not_found' : 'invalid_file');
  return err;
}

/**
 * `import:preview`: reads only the start of a lead list (streamed; never the whole file) and shows how it would
 * import: format, encoding, delimiter, headers, the auto-mapping (header synonyms), the mapping in effect
 * (`mapping` overrides over the auto-mapping), header warnings, the first ≤ 20 data rows with the reason each
 * would be rejected, and every lead field a column can map to.
 * @param file path of the list
 * @param mapping optional overrides: header → lead field, or null to ignore the column
 * @throws UserFacingError naming the file for a missing file, a folder, an unsupported extension, a binary, empty
 *   or unreadable file, or a mapping the importer refuses
 */
export async function previewImport(file: string, mapping?: ColumnMapping): Promise<ImportPreview> {
  const path = await checkLeadFile(file);
  try {
    const p = await previewLeads(path, { rows: PREVIEW_ROWS, ...(mapping ? { mapping } : {}) });
    return {
      file: path,
      fileName: basename(path),
      format: p.format,
      encoding: p.encoding,
      ...(p.delimiter !== undefined ? { delimiter: p.delimiter } : {}),
      headers: p.headers,
      autoMapping: p.autoMapping,
      mapping: p.mapping,
      headerWarnings: p.headerWarnings,
      sample: p.sample.map((r) => ({ row: r.row, cells: r.cells, ...(r.rejected !== undefined ? { rejected: r.rejected } : {}) })),
      fields: [...LeadFieldSchema.options],
    };
  } catch (err) {
    throw importFailure(err);
  }
}
