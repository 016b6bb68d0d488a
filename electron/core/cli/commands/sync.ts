import cliProgress from 'cli-progress';
import type { CrmKind, Settings, SyncOp, SyncPreview, SyncResult } from '@shared/index';
import { createCrmRuntime, type CrmRuntime } from '../../crm/runtime';
import type { AdapterFactory } from '../../crm/adapters';
import { envSecrets } from '../../secrets';
import { CliError } from '../errors';
import { withCore } from '../open-core';
import { formatMs, printJson, printLines } from '../output';

/** Environment variables each CRM needs for a headless sync (documented in the README). */
export const CRM_ENV = {
  hubspot: { required: ['HUBSPOT_ACCESS_TOKEN'], optional: ['HUBSPOT_BASE_URL'] },
  salesforce: { required: ['SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN'], optional: [] },
} as const;

const name = (k: CrmKind) => (k === 'hubspot' ? 'HubSpot' : 'Salesforce');

/** Options of `leadforge sync`. `adapters` is a test seam. */
export interface SyncCommandOptions {
  crm: CrmKind;
  dataDir?: string;
  dryRun?: boolean;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  adapters?: AdapterFactory;
}

/**
 * `leadforge sync --crm hubspot|salesforce [--data-dir DIR] [--dry-run] [--json]`: syncs the data dir's
 * processed leads (score done) to the CRM, or with `--dry-run` prints the preview (writes nothing).
 * Credentials come from the environment: HUBSPOT_ACCESS_TOKEN (+ optional HUBSPOT_BASE_URL), or
 * SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN. Output: a table, or with `--json` the SyncPreview /
 * SyncResult object. Exit code 1 when credentials are missing, the CRM refuses them, or any lead failed.
 * @throws CliError (exit 1) with a message naming the missing variables or the CRM's own error
 */
export async function syncCommand(opts: SyncCommandOptions): Promise<void> {
  const env = opts.env ?? process.env;
  const kind = opts.crm;
  const missing = CRM_ENV[kind].required.filter((v) => !env[v]?.trim());
  if (missing.length) {
    throw new CliError(`${name(kind)} credentials missing: set ${missing.join(' and ')}${kind === 'hubspot' ? ' (and optionally HUBSPOT_BASE_URL)' : ''} in the environment`);
  }
  const tty = !opts.json && process.stderr.isTTY;
  await withCore(opts.dataDir, async (core) => {
    const effective = (): Settings => {
      const s = core.settings;
      const base = env.HUBSPOT_BASE_URL?.trim();
      return kind === 'hubspot' && base ? { ...s, crm: { ...s.crm, hubspot: { ...s.crm.hubspot, baseUrl: base } } } : s;
    };
    let bar: cliProgress.SingleBar | undefined;
    const runtime: CrmRuntime = createCrmRuntime({
      store: core.store,
      settings: effective,
      secrets: envSecrets(env),
      openExternal: async (url) => void process.stderr.write(`Open this URL to sign in: ${url}\n`),
      emit: (event, payload) => {
        if (!tty || event !== 'crm:progress') return;
        const p = payload as { phase: string; done: number; total: number };
        if (!bar) {
          bar = new cliProgress.SingleBar({ format: `Syncing to ${name(kind)} {bar} {value}/{total} leads | {phase}`, hideCursor: true }, cliProgress.Presets.shades_classic);
          bar.start(p.total, p.done, { phase: p.phase });
        }
        bar.update(p.done, { phase: p.phase });
      },
      ...(opts.adapters ? { adapters: opts.adapters } : {}),
    });
    try {
      if (opts.dryRun) {
        const preview = await runOrExplain(() => runtime.api['crm:preview']({ kind }));
        if (opts.json) printJson(preview);
        else printPreview(preview);
        return;
      }
      const result = await runOrExplain(() => runtime.api['crm:sync']({ kind }));
      bar?.stop();
      if (opts.json) printJson(result);
      else printResult(result);
      if (result.failed > 0) throw new CliError(`${result.failed} of ${result.leads} leads failed to sync to ${name(kind)}${opts.json ? '' : ' (see above)'}`);
    } finally {
      bar?.stop();
      await runtime.close();
    }
  });
}

async function runOrExplain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as Error).name === 'UserFacingError') throw new CliError((err as Error).message);
    throw err;
  }
}

const LIMIT = 200;

function opLine(o: SyncOp): string {
  const role = o.role === 'person' ? 'person' : o.role === 'account' ? 'company' : o.role;
  const props = Object.keys(o.properties);
  const what = o.action === 'create' || o.action === 'update'
    ? props.slice(0, 5).join(', ') + (props.length > 5 ? ` (+${props.length - 5})` : '')
    : (o.reason ?? '');
  const kept = o.kept.length ? `; kept ${o.kept.map((k) => k.crmField).join(', ')}` : '';
  return `${o.action.toUpperCase().padEnd(9)} ${role.padEnd(11)} ${o.object.padEnd(20)} ${o.label.slice(0, 36).padEnd(36)} ${o.crmId ? `#${o.crmId} ` : ''}${what}${kept}`;
}

function printPreview(p: SyncPreview): void {
  const c = p.counts;
  printLines(
    `Sync preview for ${name(p.kind)} (dry run, nothing written): ${p.leads} leads`,
    `  ${c.create} creates, ${c.update} updates, ${c.associate} associations, ${c.activity} activities, ${c.noop} unchanged, ${c.skip} skipped`,
    '',
    ...p.ops.slice(0, LIMIT).map(opLine),
    ...(p.ops.length > LIMIT ? [`… and ${p.ops.length - LIMIT} more operations (use --json for all)`] : []),
  );
}

function printResult(r: SyncResult): void {
  printLines(
    `Synced ${r.leads} leads to ${name(r.kind)} in ${formatMs(r.durationMs)}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.associations} associations, ${r.activities} activities, ${r.failed} failed`,
    `  ${r.requests} requests, ${r.retries} retried (rate limits / server errors)`,
    ...r.errors.slice(0, 20).map((e) => `  failed ${e.leadId}: ${e.message}${e.code ? ` [${e.code}]` : ''}`),
    ...(r.errors.length > 20 ? [`  … and ${r.errors.length - 20} more failures (use --json for all)`] : []),
  );
}
