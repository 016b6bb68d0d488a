import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temp folder for one app: `userData` and `data` (the data dir) inside it. */
export interface AppDirs {
  root: string;
  userData: string;
  dataDir: string;
  /** Removes the folder (best effort). */
  remove(): void;
}

/** Creates a fresh temp folder for an app launch (nothing created inside yet). */
export function makeAppDirs(prefix = 'lf-e2e-'): AppDirs {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    root,
    userData: path.join(root, 'userData'),
    dataDir: path.join(root, 'data'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
