import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { ColumnMapping, PipelineEvent, RowError } from '@shared/index';
import { ColumnMappingSchema } from '@shared/index';
import { importFile } from '../../services/import-service';
import { processLabel, watch } from '../../services/run-service';
import { CliError } from '../errors';
import { withCore } from '../open-core';
import { formatMs, printJson, printLines } from '../output';

/** The `process --json` summary (a CLI contract: keep stable). */
export interface ProcessSummary {
  file: string;
  dataDir: string;
  rows: number;
  imported: number;
  rejected: RowError[];
  duplicates: number;
  processed: number;
  failed: number;
  drafts: number;
  notQualified: number;
  flagged: number;
  runIds: string[];
  durationMs: number;
}

/**
 * `leadforge process <file>`: imports the list (deduped) and runs/resumes the lead pipeline over every lead
 * of the file. Re-running on the same data dir resumes an unfinished run and does nothing new once finished.
 * @throws CliError for a missing/unreadable file or an invalid `--mapping` JSON
 */
export async function processCommand(file: string, opts: { dataDir?: string; json?: boolean; mapping?: string }): Promise<void> {
  const started = performance.now();
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`${file}: no such file`);
  if (statSync(path).isDirectory()) throw new CliError(`${file}: is a directory, expected a .csv or .xlsx lead list`);
  const mapping = opts.mapping ? parseMapping(opts.mapping) : undefined;
  const tty = !opts.json && process.stderr.isTTY;

  await withCore(opts.dataDir, async (core) => {
    const report = await importFile(core.store, path, { mapping });
    if (!opts.json) {
      printLines(
        `Imported ${report.imported} of ${report.rows} rows from ${file} (${report.duplicates} duplicates, ${report.rejected.length} rejected)`,
        ...report.rejected.slice(0, 10).map((e) => `  row ${e.row}${e.field ? ` [${e.field}]` : ''}: ${e.reason}`),
        ...(report.rejected.length > 10 ? [`  … and ${report.rejected.length - 10} more rejected rows (use --json for all)`] : []),
      );
    }
    const bar = tty
      ? new cliProgress.SingleBar(
          { format: 'Processing {bar} {value}/{total} leads | {percentage}% | ETA {eta_formatted} | {stage}', hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    let barStarted = false;
    const unwatch = watch(core.engine, (e: PipelineEvent) => {
      if (!bar || e.type !== 'run.progress') return;
      if (!barStarted) {
        bar.start(e.leadsTotal, e.leadsDone, { stage: '' });
        barStarted = true;
      }
      const busy = Object.entries(e.perStage).find(([, c]) => c.running > 0)?.[0] ?? '';
      bar.update(e.leadsDone, { stage: busy });
    });
    let outcomes;
    try {
      outcomes = await processLabel(core.engine, core.store, core.flow, `file:${path}`, report.fileLeadIds);
    } finally {
      unwatch();
      if (barStarted) bar?.stop();
    }
    const queue = core.store.collection<{ id: string; runId: string; status: string }>('drafts');
    const runIds = new Set(outcomes.map((o) => o.run.id));
    let flagged = 0;
    for (const item of queue.values()) if (runIds.has(item.runId) && item.status === 'flagged') flagged++;
    const summary: ProcessSummary = {
      file: path,
      dataDir: core.dataDir,
      rows: report.rows,
      imported: report.imported,
      rejected: report.rejected,
      duplicates: report.duplicates,
      processed: outcomes.reduce((n, o) => n + o.processed, 0),
      failed: outcomes.reduce((n, o) => n + o.failed, 0),
      drafts: outcomes.reduce((n, o) => n + o.drafts, 0),
      notQualified: outcomes.reduce((n, o) => n + o.notQualified, 0),
      flagged,
      runIds: [...runIds],
      durationMs: Math.round(performance.now() - started),
    };
    if (opts.json) {
      printJson(summary);
      return;
    }
    const failures = outcomes.flatMap((o) => o.failures);
    printLines(
      `Processed ${summary.processed} leads in ${formatMs(summary.durationMs)}: ${summary.drafts} drafts (${flagged} flagged for attention), ${summary.notQualified} not qualified, ${summary.failed} failed`,
      ...failures.slice(0, 10).map((f) => `  lead ${f.leadId} failed at ${f.stage}: ${f.error}`),
      `Review the queue with: npx leadforge drafts${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}`,
    );
  });
}

function parseMapping(text: string): ColumnMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(existsSync(text) ? readFileSync(text, 'utf8') : text);
  } catch (err) {
    throw new CliError(`--mapping: not valid JSON (${(err as Error).message}); expected {"Header": "field" | null}`);
  }
  const parsed = ColumnMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`--mapping: column "${issue?.path.join('.')}": ${issue?.message}`);
  }
  return parsed.data;
}
