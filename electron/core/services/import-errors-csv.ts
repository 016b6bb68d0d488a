import { basename, extname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ImportReport } from '@shared/index';
import { UserFacingError } from '../api/types';
import type { Store } from '../store/store';

/** A stored import record (collection `imports`, id = importId). */
export type ImportRecord = ImportReport & { id: string };

/**
 * An import's row errors as CSV text (RFC 4180, CRLF line ends, via csv-stringify): header `row,field,reason`,
 * then every rejected row, then every warning with its reason prefixed `warning: `. Quotes, delimiters and
 * newlines in reasons are quoted by the writer, and cells starting with `=`, `+`, `-`, `@`, tab or CR are
 * prefixed with `'` (csv-stringify `escape_formulas`) so a spreadsheet never runs them as formulas.
 * @param importId id of a stored import (`ImportResult.importId`)
 * @returns the CSV text
 * @throws UserFacingError `not_found` for an unknown import id
 */
export function rowErrorsCsv(store: Store, importId: string): string {
  const rec = requireImport(store, importId);
  const rows: string[][] = [['row', 'field', 'reason']];
  for (const e of rec.rejected) rows.push([String(e.row), e.field ?? '', e.reason]);
  for (const w of rec.warnings ?? []) rows.push([String(w.row), w.field ?? '', `warning: ${w.reason}`]);
  return stringify(rows, { escape_formulas: true, record_delimiter: 'windows' });
}

/**
 * {@link rowErrorsCsv} plus a file name to suggest in the save dialog: `<list name>-row-errors.csv`.
 * @throws UserFacingError `not_found` for an unknown import id
 */
export function rowErrorsExport(store: Store, importId: string): { csv: string; fileName: string } {
  const rec = requireImport(store, importId);
  const name = basename(rec.file, extname(rec.file)) || 'import';
  return { csv: rowErrorsCsv(store, importId), fileName: `${name}-row-errors.csv` };
}

function requireImport(store: Store, importId: string): ImportRecord {
  const rec = store.collection<ImportRecord>('imports').get(importId);
  if (!rec) throw new UserFacingError(`No import with id ${importId}`, 'not_found');
  return rec;
}
