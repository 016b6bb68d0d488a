import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors';
import { draftsCommand } from './commands/drafts';
import { processCommand } from './commands/process';
import { reviewCommand } from './commands/review';
import { statusCommand } from './commands/status';
import { syncCommand } from './commands/sync';

/**
 * The `leadforge` command line: process, drafts, review, status, sync. Every command takes `--data-dir DIR`
 * (else LEADFORGE_DATA_DIR, else the OS app-data folder). Exit codes: 0 ok, 1 failure, 2 usage error.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('leadforge')
    .description('Local lead pipeline: import a list, classify, enrich, score, draft and review every lead.')
    .exitOverride()
    .showHelpAfterError();
  const dataDirOpt = ['--data-dir <dir>', 'data folder (default: $LEADFORGE_DATA_DIR or the app data folder)'] as const;

  program
    .command('process')
    .argument('<file>', 'lead list (.csv, .tsv, .xlsx)')
    .description('import a lead list and run the pipeline over every lead (resumes an unfinished run)')
    .option(...dataDirOpt)
    .option('--mapping <json>', 'column mapping override: JSON {"Header": "field" | null} or a path to such a file')
    .option('--json', 'print one JSON summary')
    .action((file: string, o) => processCommand(file, o));
  program
    .command('drafts')
    .description('show the review queue (riskiest first)')
    .option(...dataDirOpt)
    .option('--status <status>', 'only pending | flagged | approved | rejected')
    .option('--json', 'print JSON')
    .action((o) => draftsCommand(o));
  program
    .command('review')
    .description('run the review agent on drafts given as a JSON array')
    .requiredOption('--input <file>', 'JSON array of { id, lead, facts, draft, sender?, requireUnsubscribe? }')
    .option(...dataDirOpt)
    .option('--json', 'print JSON')
    .action((o) => reviewCommand(o));
  program
    .command('status')
    .description('show stored leads, runs and the review queue')
    .option(...dataDirOpt)
    .option('--json', 'print JSON')
    .action((o) => statusCommand(o));
  program
    .command('sync')
    .description('sync the processed leads to a CRM (credentials from HUBSPOT_ACCESS_TOKEN, or SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN)')
    .addOption(new Option('--crm <crm>', 'the CRM to sync to').choices(['hubspot', 'salesforce']).makeOptionMandatory())
    .option(...dataDirOpt)
    .option('--dry-run', 'print the preview (creates, updates, associations, activities) and write nothing')
    .option('--json', 'print JSON (the SyncPreview with --dry-run, else the SyncResult)')
    .action((o) => syncCommand(o));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError) {
      process.stderr.write(`leadforge: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`leadforge: ${e.message ?? String(err)}\n`);
    if (process.env.LEADFORGE_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
