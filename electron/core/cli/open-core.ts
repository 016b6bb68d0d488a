import { resolve } from 'node:path';
import { createCore, type LeadforgeCore } from '../app';
import { envSecrets } from '../secrets';
import { resolveDataDir } from '../store/data-dir';

/**
 * Opens the core on the data dir chosen by `--data-dir`, else LEADFORGE_DATA_DIR, else the OS app-data folder,
 * runs `fn`, and always closes the core (flush + unlock), also on SIGINT/SIGTERM. CRM credentials come from the
 * environment (HUBSPOT_ACCESS_TOKEN, SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN): when the data dir's
 * settings name an active CRM, `process` then syncs in the pipeline as the desktop app does.
 */
export async function withCore<T>(dataDirFlag: string | undefined, fn: (core: LeadforgeCore) => Promise<T>): Promise<T> {
  const dataDir = resolve(resolveDataDir({ flag: dataDirFlag, env: process.env }));
  const core = await createCore({ dataDir, secrets: envSecrets(process.env) });
  const onSignal = (sig: NodeJS.Signals): void => {
    process.stderr.write(`\nleadforge: ${sig} received, saving progress…\n`);
    for (const run of core.store.collection<{ id: string; status: string }>('runs').values()) {
      if (run.status === 'running') core.engine.pause(run.id);
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(core);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await core.close();
  }
}
