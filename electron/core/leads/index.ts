/**
 * Lead import (CSV/TSV/XLSX → validated, normalised, deduplicated `Lead`s). Public surface:
 * - {@link importLeads} / {@link previewLeads} — the entry points (import-leads.ts)
 * - {@link ImportError} — every file-level failure
 * - {@link generateLeadCsv} — synthetic lists for benchmarks and integration tests
 * - helpers other modules may reuse: {@link escapeFormula} (for any later CSV/XLSX export),
 *   {@link dedupeKeyOf} / {@link leadIdOf} (lead identity), {@link autoMap} (column suggestions)
 */
export { importLeads, previewLeads, MAX_WARNINGS, PROGRESS_EVERY_ROWS } from './import-leads';
export type { ImportOptions, LeadPreview, PreviewRow } from './import-leads';
export { ImportError } from './errors';
export type { ImportErrorCode } from './errors';
export { generateLeadCsv } from './generate';
export { escapeFormula, isFormulaLike, MAX_CELL_CHARS } from './normalise';
export { dedupeKeyOf, leadIdOf, normaliseCompanyName } from './dedupe';
export { autoMap, resolveMapping, uniqueHeaders, normaliseHeader } from './mapping';
export { sniffFile } from './sniff';
export { readCsv } from './read-csv';
export { readXlsx } from './read-xlsx';
export type { RawRow, SniffResult } from './types';
