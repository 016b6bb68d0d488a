import path from 'node:path';
import { z } from 'zod';
import { DATA_DIR_ENV, resolveDataDir } from '../core/store/data-dir';
import { readJsonFile, writeFileAtomic } from './atomic-file';

/** `userData/config.json`: settings of the app itself that must be known before the data dir is opened. */
export const AppConfigSchema = z.object({
  /** Data folder the rep chose in Settings (absolute); absent = the default. */
  dataDir: z.string().min(1).max(4096).refine((p) => path.isAbsolute(p), 'must be an absolute path').optional(),
});
export type AppConfig = z.infer<typeof AppConfigSchema>;

/** Path of the app config in a userData folder. */
export const appConfigFile = (userData: string): string => path.join(userData, 'config.json');

/**
 * Reads `userData/config.json`; a missing or invalid file (wrong shape, relative path) gives `{}` and a warning.
 * @param userData absolute userData path
 * @param warn receives a one-line description of a rejected file
 */
export async function loadAppConfig(userData: string, warn: (message: string) => void): Promise<AppConfig> {
  const file = appConfigFile(userData);
  try {
    const raw = await readJsonFile(file);
    if (raw === undefined) return {};
    const parsed = AppConfigSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    warn(`${file}: ignored (${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')})`);
  } catch (err) {
    warn(`${file}: ignored (${(err as Error).message})`);
  }
  return {};
}

/**
 * Stores the app config (atomic write).
 * @throws the fs error when it cannot be written
 */
export async function saveAppConfig(userData: string, config: AppConfig): Promise<void> {
  await writeFileAtomic(appConfigFile(userData), `${JSON.stringify(AppConfigSchema.parse(config), null, 2)}\n`);
}

/**
 * The data dir the app opens, by precedence: `$LEADFORGE_DATA_DIR` (explicit for this launch, as for the CLI),
 * else the folder chosen in Settings (config.json), else the default app-data folder (same as the CLI's default).
 * @param config the app config
 * @param env the environment
 * @returns an absolute path
 */
export function chooseDataDir(config: AppConfig, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolveDataDir({ env });
  if (config.dataDir) return config.dataDir;
  return resolveDataDir({ env });
}
