import type { BrowserWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import type { MainOnlyChannel } from '../core/api/types';
import { UserFacingError } from '../core/api/types';
import { saveAppConfig, type AppConfig } from './app-config';
import { writeFileAtomic } from './atomic-file';
import type { IpcHandlers } from './ipc';

/** What the main-only channels need; injected so tests can drive them with a stand-in dialog. */
export interface MainOnlyDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The app window (dialogs are modal to it), if open. */
  window: () => BrowserWindow | undefined;
  /** Absolute userData path (config.json lives there). */
  userData: string;
  /** The app config as loaded at startup (updated in place when the rep picks a data folder). */
  config: AppConfig;
  /** The data dir currently open. */
  dataDir: string;
  /** Where save dialogs start (`app.getPath('downloads')`). */
  downloadsDir: string;
  /**
   * An import's rejected rows and warnings as CSV text plus a suggested file name.
   * @throws UserFacingError for an unknown importId
   */
  importErrorsCsv: (importId: string) => Promise<{ csv: string; fileName: string }>;
}

const openDialog = (deps: MainOnlyDeps, options: OpenDialogOptions) => {
  const win = deps.window();
  return win ? deps.dialog.showOpenDialog(win, options) : deps.dialog.showOpenDialog(options);
};
const saveDialog = (deps: MainOnlyDeps, options: SaveDialogOptions) => {
  const win = deps.window();
  return win ? deps.dialog.showSaveDialog(win, options) : deps.dialog.showSaveDialog(options);
};

/**
 * Handlers of the channels only the main process can serve (they need OS dialogs or the app config):
 * - `import:pickFile` → `{ path }` of the chosen CSV/TSV/XLSX, or `{ path: null }` when cancelled;
 * - `import:exportErrors` → save dialog, writes the import's row errors as CSV → `{ saved, path? }`;
 * - `settings:chooseDataDir` → folder dialog; a writable folder other than the current one is stored in
 *   `userData/config.json` and used from the next start → `{ path, restartRequired }`.
 * @throws UserFacingError for a folder that is not writable, or a save that fails (message names the path)
 */
export function createMainOnlyHandlers(deps: MainOnlyDeps): Pick<IpcHandlers, MainOnlyChannel> {
  return {
    'import:pickFile': async () => {
      const result = await openDialog(deps, {
        title: 'Choose a lead list',
        properties: ['openFile'],
        filters: [
          { name: 'Lead lists (CSV, TSV, Excel)', extensions: ['csv', 'tsv', 'txt', 'xlsx'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      const file = result.canceled ? undefined : result.filePaths[0];
      return { path: file ?? null };
    },
    'import:exportErrors': async ({ importId }) => {
      const { csv, fileName } = await deps.importErrorsCsv(importId);
      const result = await saveDialog(deps, {
        title: 'Save row errors as CSV',
        defaultPath: path.join(deps.downloadsDir, fileName),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      });
      if (result.canceled || !result.filePath) return { saved: false };
      try {
        await writeFileAtomic(result.filePath, csv);
      } catch (err) {
        throw new UserFacingError(`Could not save ${result.filePath}: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`, 'save_failed');
      }
      return { saved: true, path: result.filePath };
    },
    'settings:chooseDataDir': async () => {
      const result = await openDialog(deps, {
        title: 'Choose the LeadForge data folder',
        defaultPath: deps.config.dataDir ?? deps.dataDir,
        properties: ['openDirectory', 'createDirectory'],
      });
      const dir = result.canceled ? undefined : result.filePaths[0];
      if (!dir) return { path: null, restartRequired: false };
      const chosen = path.resolve(dir);
      try {
        await fs.mkdir(chosen, { recursive: true });
        await fs.access(chosen, fsConstants.W_OK);
      } catch {
        throw new UserFacingError(`LeadForge cannot write to ${chosen}. Choose another folder.`, 'not_writable');
      }
      deps.config.dataDir = chosen;
      await saveAppConfig(deps.userData, deps.config);
      return { path: chosen, restartRequired: path.resolve(deps.dataDir) !== chosen };
    },
  };
}
