import { create } from 'zustand';
import { SettingsSchema, type Settings } from '@shared/domain/settings';
import { api, errorMessage } from '../bridge';
import type { LoadStatus } from './runs';

interface SettingsState {
  /** As stored (settings:get / the last successful settings:save). */
  saved: Settings | null;
  /** The form's working copy. */
  draft: Settings | null;
  status: LoadStatus;
  error?: string;
  saving: boolean;
  /** Errors of the last save, each naming the setting (path: message). */
  saveErrors: string[];
  load: () => Promise<void>;
  /** Replaces the working copy (the form calls this on every edit). */
  edit: (update: (draft: Settings) => Settings) => void;
  discard: () => void;
  /** settings:save of the working copy; resolves true when stored. */
  save: () => Promise<boolean>;
  /** Saves one change right away (CRM screen toggles), keeping other unsaved edits of the form. */
  patchAndSave: (update: (s: Settings) => Settings) => Promise<Settings>;
}

/** Settings (settings:get / settings:save). */
export const useSettings = create<SettingsState>((set, get) => ({
  saved: null,
  draft: null,
  status: 'idle',
  saving: false,
  saveErrors: [],
  load: async () => {
    if (!get().saved) set({ status: 'loading', error: undefined });
    try {
      const s = await api().settingsGet({});
      const dirty = get().draft !== get().saved;
      set({ saved: s, draft: dirty && get().draft ? get().draft : s, status: 'ready', error: undefined });
    } catch (e) {
      set({ status: 'error', error: errorMessage(e) });
    }
  },
  edit: (update) => {
    const d = get().draft;
    if (d) set({ draft: update(d) });
  },
  discard: () => set({ draft: get().saved, saveErrors: [] }),
  save: async () => {
    const d = get().draft;
    if (!d) return false;
    const checked = SettingsSchema.safeParse(d);
    if (!checked.success) {
      set({ saveErrors: checked.error.issues.map((i) => `${settingPath(i.path)}: ${i.message}`) });
      return false;
    }
    set({ saving: true, saveErrors: [] });
    try {
      const stored = await api().settingsSave({ settings: d });
      set({ saved: stored, draft: stored, saving: false });
      return true;
    } catch (e) {
      set({ saving: false, saveErrors: errorMessage(e).split(/;\s*/).filter(Boolean) });
      return false;
    }
  },
  patchAndSave: async (update) => {
    const base = get().saved ?? (await api().settingsGet({}));
    const stored = await api().settingsSave({ settings: update(base) });
    const draft = get().draft;
    set({ saved: stored, draft: draft && draft !== get().saved ? update(draft) : stored });
    return stored;
  },
}));

/** A zod issue path as the rep knows the setting: ["icp", "industries", 2, "points"] → "icp.industries[3].points". */
export function settingPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key + 1}]` : acc ? `${acc}.${String(key)}` : String(key)), '') || 'settings';
}
