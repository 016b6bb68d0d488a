import { SettingsSchema, type Settings } from '@shared/index';
import type { Store } from '../store/store';

type SettingsRecord = { id: 'default'; value: unknown };

/**
 * Reads the rep's settings from the store (collection `settings`, record `default`), filling defaults.
 * @throws Error naming the failing setting path when the stored settings do not validate.
 */
export function loadSettings(store: Store): Settings {
  const rec = store.collection<SettingsRecord>('settings').get('default');
  const parsed = SettingsSchema.safeParse(rec?.value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid setting "${issue?.path.join('.')}": ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Validates and stores settings (a partial object is merged over the current settings, one level deep).
 * @returns the stored Settings. @throws Error naming the failing setting path; the stored settings are unchanged.
 */
export function saveSettings(store: Store, patch: Partial<Settings>): Settings {
  const next = SettingsSchema.safeParse({ ...loadSettings(store), ...patch });
  if (!next.success) {
    const issue = next.error.issues[0];
    throw new Error(`Invalid setting "${issue?.path.join('.')}": ${issue?.message}`);
  }
  store.collection<SettingsRecord>('settings').put({ id: 'default', value: next.data });
  return next.data;
}
