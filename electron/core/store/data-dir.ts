import os from 'node:os';
import path from 'node:path';

/** App name Electron derives from package.json `name`; its userData folder is `<appData>/<APP_NAME>`. */
export const APP_NAME = 'leadforge';

/** Environment variable that overrides the data dir when no `--data-dir` flag is given. */
export const DATA_DIR_ENV = 'LEADFORGE_DATA_DIR';

/** Options of {@link resolveDataDir}. `platform` and `homeDir` exist for tests; they default to the running OS. */
export interface ResolveDataDirOptions {
  /** Value of the `--data-dir` flag, if given (relative paths resolve against the current directory). */
  flag?: string;
  /** Environment to read `LEADFORGE_DATA_DIR`, `XDG_CONFIG_HOME` and `APPDATA` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** OS to compute the default for (default `process.platform`). */
  platform?: NodeJS.Platform;
  /** Home directory (default `os.homedir()`). */
  homeDir?: string;
}

/**
 * The folder Electron's `app.getPath('userData')` returns for app name `leadforge`, computed without importing
 * electron: Windows `%APPDATA%\leadforge` (fallback `<home>\AppData\Roaming\leadforge`); macOS
 * `~/Library/Application Support/leadforge`; Linux and others `$XDG_CONFIG_HOME/leadforge` (if absolute) else
 * `~/.config/leadforge`.
 *
 * @param opts `env`, `platform`, `homeDir` (see {@link ResolveDataDirOptions})
 * @returns absolute path (not created)
 */
export function defaultDataDir(opts: Omit<ResolveDataDirOptions, 'flag'> = {}): string {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = opts.homeDir ?? os.homedir();
  if (platform === 'win32') {
    const appData = env.APPDATA && env.APPDATA.trim() ? env.APPDATA : path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says relative values are invalid and must be ignored (Electron/Chromium do the same).
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, APP_NAME);
}

/**
 * Where the store lives, by precedence: the `--data-dir` flag, else `$LEADFORGE_DATA_DIR`, else the Electron
 * userData folder for app `leadforge` ({@link defaultDataDir}). Empty/blank values count as absent.
 *
 * @param opts `flag` (the `--data-dir` value), `env` (default `process.env`), plus test overrides
 * @returns an absolute path (flag/env values are resolved against `process.cwd()`); the dir is not created
 */
export function resolveDataDir(opts: ResolveDataDirOptions = {}): string {
  const env = opts.env ?? process.env;
  if (opts.flag !== undefined && opts.flag.trim() !== '') return path.resolve(opts.flag);
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return path.resolve(fromEnv);
  return defaultDataDir({ env, platform: opts.platform, homeDir: opts.homeDir });
}
