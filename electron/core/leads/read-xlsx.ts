import ExcelJS from 'exceljs';
import { ImportError } from './errors';
import type { RawRow } from './types';

/** Rows per batch yielded by {@link readXlsxBatches}. */
const BATCH_ROWS = 512;

/**
 * Streams the rows of the FIRST worksheet of an XLSX workbook, header row first, one row at a time.
 * See {@link readXlsxBatches}.
 * @param file path of the .xlsx/.xlsm file
 * @returns async iterator of `{ row, cells }`
 * @throws ImportError as {@link readXlsxBatches}
 */
export async function* readXlsx(file: string): AsyncGenerator<RawRow> {
  for await (const batch of readXlsxBatches(file)) yield* batch;
}

/**
 * Streams the rows of the FIRST worksheet of an XLSX workbook, header row first, in batches of up to 512.
 * Uses exceljs' streaming `WorkbookReader` (shared strings and styles cached, so dates are recognised;
 * the sheet XML itself is streamed). Rows whose cells are all blank are not yielded; `row` is the sheet
 * row number (1-based). Cell conversion: see {@link cellToString}.
 *
 * @param file path of the .xlsx/.xlsm file
 * @returns async iterator of non-empty arrays of `{ row, cells }`; cells are 0-based by column (A = 0),
 *   gaps filled with `''`
 * @throws ImportError `malformed` when the workbook cannot be unzipped/parsed, `empty` when it has no worksheet
 */
export async function* readXlsxBatches(file: string): AsyncGenerator<RawRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sawSheet = false;
  let batch: RawRow[] = [];
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: string[] = new Array(Math.max(0, values.length - 1));
        let blank = true;
        for (let c = 1; c < values.length; c++) {
          const s = cellToString(values[c]);
          cells[c - 1] = s;
          if (blank && s.trim() !== '') blank = false;
        }
        if (blank) continue;
        batch.push({ row: row.number, cells });
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      break; // first worksheet only
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(file, 'malformed', `the workbook cannot be read (${(err as Error)?.message ?? String(err)})`, { cause: err });
  } finally {
    (reader as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
  }
  if (batch.length > 0) yield batch;
  if (!sawSheet) throw new ImportError(file, 'empty', 'the workbook has no worksheet (no header row)');
}

/**
 * Converts an exceljs cell value to the text a user sees, never to a formula:
 * string → itself; number/boolean → `String(v)`; Date → `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM:SS`;
 * rich text → concatenated runs; hyperlink → its display text; formula / shared formula → its cached result
 * (converted the same way; `''` when the file has no cached result); error value (`#N/A`) → `''`; null → `''`.
 * @param v a value from `row.values`
 * @returns the cell as a string
 */
export function cellToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateToIso(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('formula' in o || 'sharedFormula' in o) return 'result' in o ? cellToString(o.result) : '';
    if ('error' in o) return '';
    if ('text' in o) return cellToString(o.text);
    if ('result' in o) return cellToString(o.result);
  }
  return '';
}

function dateToIso(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.slice(0, 19);
}
