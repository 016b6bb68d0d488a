import { basename } from 'node:path';
import type { ImportResult, LeadDetail, RunSummary } from '@shared/ipc';
import type { ImportReport, Lead, Run, Settings } from '@shared/index';
import { EngineError } from '../pipeline/errors';
import { importFile } from '../services/import-service';
import { checkLeadFile, importFailure, previewImport } from '../services/import-preview';
import { leadDetail, leadRows, RunLeadIndex } from '../services/lead-views';
import type { PipelineService } from '../services/pipeline-service';
import type { ReviewQueue } from '../services/review-queue';
import type { TaskIndex } from '../services/task-index';
import { fileLabel } from '../services/run-service';
import type { Store } from '../store/store';
import { UserFacingError, type AppApi } from './types';

export { rowErrorsCsv, rowErrorsExport } from '../services/import-errors-csv';

/** What {@link createAppApi} needs from the composed core (see `createCore` in app.ts). */
export interface AppApiCore {
  dataDir: string;
  /** App version shown by `app:info` (main passes `app.getVersion()`). */
  version: string;
  store: Store;
  pipeline: PipelineService;
  review: ReviewQueue;
  /** Task grid per run, for the lead table. */
  taskIndex: TaskIndex;
  /** Current effective settings. */
  settings(): Settings;
  /**
   * Validates and stores the rep's settings; they take effect for runs started afterwards.
   * @throws UserFacingError naming the invalid setting
   */
  saveSettings(settings: Settings): Settings;
}

type ImportRecord = ImportReport & { id: string };

/**
 * Builds the handlers of every app channel (`shared/ipc/app.ts`, main-only channels excepted). Each receives the
 * request already validated by main and resolves with the response (validated again by main).
 * Errors: {@link UserFacingError} for what the rep asked that cannot be done — unknown ids (`not_found`: "No run
 * with id …", "No draft with id …", "No lead with id …", "No import with id …"), bad files (`not_found` /
 * `invalid_file`, naming the file), actions the state does not allow (`invalid_state`), compliance refusals
 * (`compliance`), invalid settings (`invalid`). Anything else is an internal error that main reports generically.
 * @returns one async handler per app channel
 */
export function createAppApi(core: AppApiCore): AppApi {
  const runLeads = new RunLeadIndex(core.store);
  const runs = () => core.store.collection<Run>('runs');

  const requireRun = (runId: string): Run => {
    const run = runs().get(runId);
    if (!run) throw new UserFacingError(`No run with id ${runId}`, 'not_found');
    return run;
  };
  const summaryOf = (runId: string): RunSummary => {
    const s = core.pipeline.summary(runId);
    if (!s) throw new UserFacingError(`No run with id ${runId}`, 'not_found');
    return s;
  };
  /** Engine errors about a run the rep acted on (cancelled, in progress) become user-facing. */
  const engineFailure = (err: unknown): unknown => (err instanceof EngineError ? new UserFacingError(err.message, 'invalid_state') : err);

  return {
    'app:info': async () => ({ name: 'LeadForge', version: core.version, dataDir: core.dataDir, platform: process.platform }),

    'import:preview': async ({ path, mapping }) => previewImport(path, mapping),

    'import:run': async ({ path, mapping }): Promise<ImportResult> => {
      const file = await checkLeadFile(path);
      try {
        const r = await importFile(core.store, file, mapping ? { mapping } : {});
        return {
          importId: r.importId,
          file,
          rows: r.rows,
          imported: r.imported,
          duplicates: r.duplicates,
          rejected: r.rejected,
          warnings: r.warnings,
          leadCount: r.fileLeadIds.length,
        };
      } catch (err) {
        throw importFailure(err);
      }
    },

    'runs:start': async ({ importId }) => {
      const rec = core.store.collection<ImportRecord>('imports').get(importId);
      if (!rec) throw new UserFacingError(`No import with id ${importId}`, 'not_found');
      const { runs: all, created } = await core.pipeline.ensureRuns(fileLabel(rec.file), rec.leadIds);
      if (all.length === 0) throw new UserFacingError(`The import of "${basename(rec.file)}" has no leads to process`, 'invalid_state');
      const current = all.map((r) => runs().get(r.id) ?? r);
      const unfinished = current.filter((r) => r.status !== 'done' && r.status !== 'cancelled');
      for (const r of unfinished) core.pipeline.start(r.id);
      return { runId: (created ?? unfinished[0] ?? current[current.length - 1]).id };
    },

    'runs:list': async () => core.pipeline.summaries(),

    'runs:control': async ({ runId, action }) => {
      const run = requireRun(runId);
      try {
        switch (action) {
          case 'pause':
            await core.pipeline.pause(runId);
            break;
          case 'cancel':
            await core.pipeline.cancel(runId);
            break;
          case 'resume':
            if (run.status === 'cancelled') throw new UserFacingError('This run was cancelled; it cannot be resumed', 'invalid_state');
            core.pipeline.start(runId);
            break;
          case 'retryFailed':
            if (run.status === 'cancelled') throw new UserFacingError('This run was cancelled; its failed leads cannot be retried', 'invalid_state');
            await core.pipeline.retryFailed(runId);
            break;
        }
      } catch (err) {
        throw engineFailure(err);
      }
      return summaryOf(runId);
    },

    'runs:leads': async ({ runId, offset, limit }) => leadRows(core.store, core.taskIndex, requireRun(runId), { offset, limit }),

    'leads:detail': async ({ leadId, runId }): Promise<LeadDetail> => {
      const lead = core.store.collection<Lead>('leads').get(leadId);
      if (!lead) throw new UserFacingError(`No lead with id ${leadId}`, 'not_found');
      let run: Run | undefined;
      if (runId !== undefined) {
        run = requireRun(runId);
        if (!runLeads.includes(run, leadId)) throw new UserFacingError(`Lead ${leadId} is not part of run ${runId}`, 'not_found');
      } else run = runLeads.newestRunOf(leadId);
      return leadDetail(core.store, lead, run);
    },

    'review:list': async ({ filter, offset, limit }) => core.review.list(filter, { offset, limit }),
    'review:counts': async () => core.review.counts(),
    'review:get': async ({ id }) => core.review.get(id),
    'review:approve': async ({ id, subject, body }) =>
      core.review.approve(id, { ...(subject !== undefined ? { subject } : {}), ...(body !== undefined ? { body } : {}) }),
    'review:reject': async ({ id, reason }) => core.review.reject(id, reason),
    'review:regenerate': async ({ id }) => core.review.regenerate(id),
    'review:reopen': async ({ id }) => core.review.reopen(id),
    'review:bulkApprove': async ({ ids }) => core.review.bulkApprove(ids),
    'outbox:list': async () => core.review.outbox(),

    'settings:get': async () => core.settings(),
    'settings:save': async ({ settings }) => core.saveSettings(settings),
  };
}
