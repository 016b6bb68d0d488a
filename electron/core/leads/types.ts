/**
 * One record as read from a lead file, before mapping.
 * `row` is 1-based: the physical line where the record starts in a CSV (header = 1; blank lines count,
 * a quoted cell spanning lines makes the next record start further down), or the sheet row number in an XLSX.
 * `error` is set (and `cells` is empty) when the reader had to skip a malformed record at that row.
 */
export interface RawRow {
  row: number;
  cells: string[];
  error?: string;
}

/** What {@link sniffFile} found out about a file from its first bytes. */
export interface SniffResult {
  format: 'csv' | 'xlsx';
  /**
   * iconv-lite encoding name the text is decoded with: `utf-8`, `utf-16le`, `utf-16be`, `windows-1252`,
   * `iso-8859-1`, `iso-8859-7`, … (`binary` for XLSX, whose XML declares its own).
   */
  encoding: string;
  /** Whether the file starts with a byte-order mark (stripped while reading). */
  bom: boolean;
  /** Field delimiter for CSV: `,` `;` `\t` or `|`; undefined for XLSX. */
  delimiter?: string;
  /** File size in bytes. */
  size: number;
}
