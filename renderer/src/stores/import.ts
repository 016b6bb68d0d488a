import { create } from 'zustand';
import type { ImportPreview, ImportResult } from '@shared/ipc';
import type { ColumnMapping, LeadField } from '@shared/domain/lead';
import { api, errorMessage } from '../bridge';

export type ImportStep = 'choose' | 'preview' | 'result';

interface ImportState {
  step: ImportStep;
  path: string | null;
  preview: ImportPreview | null;
  /** The mapping the rep sees (preview.mapping plus edits not yet re-previewed). */
  mapping: ColumnMapping;
  /** import:preview in flight (first load or a re-preview after a mapping change). */
  previewing: boolean;
  running: boolean;
  starting: boolean;
  result: ImportResult | null;
  error?: string;
  /** Previews a file (import:preview); `mapping` overrides the auto-mapping. */
  open: (path: string) => Promise<void>;
  /** Changes one column's field (null = ignore) and re-previews. */
  setField: (header: string, field: LeadField | null) => Promise<void>;
  /** Restores the auto-detected mapping. */
  resetMapping: () => Promise<void>;
  /** import:run with the mapping in effect. */
  run: () => Promise<ImportResult | null>;
  /** runs:start for the last import; resolves with the run id. */
  start: () => Promise<string>;
  reset: () => void;
  clearError: () => void;
}

let previewSeq = 0;

/** The Import screen's wizard: choose a file → map columns and preview → import → start the run. */
export const useImport = create<ImportState>((set, get) => {
  const preview = async (path: string, mapping?: ColumnMapping) => {
    const seq = ++previewSeq;
    set({ previewing: true, error: undefined });
    try {
      const p = await api().importPreview(mapping ? { path, mapping } : { path });
      if (seq !== previewSeq) return;
      set({ preview: p, mapping: p.mapping, previewing: false, step: 'preview', path });
    } catch (e) {
      if (seq !== previewSeq) return;
      set({ previewing: false, error: errorMessage(e) });
    }
  };

  return {
    step: 'choose',
    path: null,
    preview: null,
    mapping: {},
    previewing: false,
    running: false,
    starting: false,
    result: null,
    open: async (path) => {
      set({ path, preview: null, result: null, mapping: {} });
      await preview(path);
    },
    setField: async (header, field) => {
      const { path } = get();
      if (!path) return;
      const mapping = { ...get().mapping, [header]: field };
      set({ mapping });
      await preview(path, mapping);
    },
    resetMapping: async () => {
      const { path, preview: p } = get();
      if (!path || !p) return;
      set({ mapping: p.autoMapping });
      await preview(path, p.autoMapping);
    },
    run: async () => {
      const { path, mapping } = get();
      if (!path) return null;
      set({ running: true, error: undefined });
      try {
        const result = await api().importRun({ path, mapping });
        set({ result, running: false, step: 'result' });
        return result;
      } catch (e) {
        set({ running: false, error: errorMessage(e) });
        return null;
      }
    },
    start: async () => {
      const result = get().result;
      if (!result) throw new Error('Import a file first');
      set({ starting: true });
      try {
        const { runId } = await api().runsStart({ importId: result.importId });
        return runId;
      } finally {
        set({ starting: false });
      }
    },
    reset: () => {
      previewSeq++;
      set({ step: 'choose', path: null, preview: null, mapping: {}, result: null, error: undefined, previewing: false });
    },
    clearError: () => set({ error: undefined }),
  };
});

/** Human labels of the lead fields a column can map onto. */
export const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name', lastName: 'Last name', fullName: 'Full name', email: 'Email', title: 'Job title',
  phone: 'Phone', company: 'Company', website: 'Website', domain: 'Domain', industry: 'Industry',
  categories: 'Categories', description: 'Description', city: 'City', country: 'Country', employees: 'Employees',
  fundingUsd: 'Funding (USD)', status: 'Company status', foundedYear: 'Founded year', linkedinUrl: 'LinkedIn URL',
  contacts: 'Contacts (people)',
};
