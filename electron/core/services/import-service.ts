import { randomUUID } from 'node:crypto';
import type { ColumnMapping, ImportReport, Lead } from '@shared/index';
import { importLeads } from '../leads/import-leads';
import type { Store } from '../store/store';

/** An import report plus every lead id the file's rows resolve to (new leads and duplicates of stored ones). */
export interface ImportOutcome extends ImportReport {
  /** Lead ids of all rows of the file that are stored now (imported in this call or already known), in file order, unique. */
  fileLeadIds: string[];
}

/**
 * Imports a CSV/XLSX lead list into the store: streams the file, dedupes against stored leads by dedupe key,
 * stores each new lead. Re-importing the same file stores nothing new (all rows count as duplicates).
 * @param file path to a .csv/.tsv/.txt/.xlsx file
 * @throws ImportError (from the importer) naming the file/row/field for unreadable, binary or empty files;
 *   nothing already stored is modified in that case.
 */
export async function importFile(
  store: Store,
  file: string,
  opts: { mapping?: ColumnMapping; onProgress?: (rowsRead: number) => void } = {},
): Promise<ImportOutcome> {
  const leads = store.collection<Lead>('leads');
  const byKey = new Map<string, string>();
  for (const lead of leads.values()) byKey.set(lead.dedupeKey, lead.id);
  const fileLeadIds = new Set<string>();
  const report = await importLeads(file, {
    mapping: opts.mapping,
    importId: randomUUID(),
    isKnown: (key) => {
      const id = byKey.get(key);
      if (id) fileLeadIds.add(id);
      return id !== undefined;
    },
    onLead: (lead) => {
      leads.put(lead);
      byKey.set(lead.dedupeKey, lead.id);
      fileLeadIds.add(lead.id);
    },
    onProgress: opts.onProgress,
  });
  const ids = [...fileLeadIds];
  // The import record keeps every lead id of the file (new and already known), so a run can be started for it later.
  store.collection<ImportReport & { id: string }>('imports').put({ ...report, id: report.importId, leadIds: ids });
  return { ...report, fileLeadIds: ids };
}
