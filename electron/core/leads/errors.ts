/**
 * A file-level import failure: the file is missing, a directory, unreadable, binary, empty, not a
 * spreadsheet we can read, or had too many bad rows. Row-level problems are NOT thrown; they are
 * collected in the import report (`rejected` / `warnings`).
 *
 * The message always names the file, and the row (1-based line, header = 1) and field when known,
 * so it can be shown to the user verbatim, e.g.
 * `Cannot import "leads.csv": the file is empty (no header row)`.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  /** Path of the file being imported, as given by the caller. */
  readonly file: string;
  /** 1-based row (line in a CSV, sheet row in an XLSX; header = 1), when the failure is tied to a row. */
  readonly row?: number;
  /** Column header or lead field the failure is tied to, when known. */
  readonly field?: string;
  /** Stable machine-readable reason, for callers that branch on it (UI hints, CLI exit codes). */
  readonly code: ImportErrorCode;

  /**
   * @param file path of the file being imported
   * @param code machine-readable reason
   * @param detail human text without the file name (it is prefixed here)
   * @param where optional row/field (and the underlying error as `cause`)
   */
  constructor(
    file: string,
    code: ImportErrorCode,
    detail: string,
    where: { row?: number; field?: string; cause?: unknown } = {},
  ) {
    const loc = [where.row !== undefined ? `row ${where.row}` : '', where.field !== undefined ? `column "${where.field}"` : '']
      .filter(Boolean)
      .join(', ');
    super(`Cannot import "${file}"${loc ? ` (${loc})` : ''}: ${detail}`, where.cause !== undefined ? { cause: where.cause } : undefined);
    this.file = file;
    this.code = code;
    if (where.row !== undefined) this.row = where.row;
    if (where.field !== undefined) this.field = where.field;
  }
}

/** Machine-readable reasons an {@link ImportError} carries. */
export type ImportErrorCode =
  | 'not-found'
  | 'is-directory'
  | 'unreadable'
  | 'binary'
  | 'unsupported-format'
  | 'empty'
  | 'malformed'
  | 'too-many-errors'
  | 'bad-mapping';
