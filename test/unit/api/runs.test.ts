/**
 * runs:* and leads:detail through the real core (temp store, DNS off), incl. sharing runs with the CLI's `process`,
 * background starts, pause/resume/cancel, retry failed, resume after quit, and settings taking effect.
 * Real list: Startups.csv of the Y Combinator list by Alice Corona (github.com/ali-ce/datasets), CC BY-SA 4.0.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { statusAt, type IpcEventName, type IpcEventPayload, type TaskDelta } from '@shared/ipc';
import type { Lead, QueueItem, Run, Task } from '@shared/index';
import type { LeadforgeCore } from '../../../electron/core/app';
import { UserFacingError } from '../../../electron/core/api/types';
import { importFile } from '../../../electron/core/services/import-service';
import { fileLabel, processLabel } from '../../../electron/core/services/run-service';
import { SMALL_CSV, STARTUPS_CSV, cleanupTemps, importAndRun, openCore, rejection, tempDir, waitForRun, writeCsv } from '../services/helpers';

const open: LeadforgeCore[] = [];
async function core(dataDir?: string): Promise<LeadforgeCore> {
  const c = await openCore(dataDir ? { dataDir } : {});
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  cleanupTemps();
});

describe('runs:start / runs:list', () => {
  it('starts the run in the background and reports its progress and final summary', async () => {
    const c = await core();
    const imported = await c.api['import:run']({ path: STARTUPS_CSV });
    const { runId } = await c.api['runs:start']({ importId: imported.importId });
    expect(c.pipeline.isActive(runId)).toBe(true); // returned before the run finished
    const live = (await c.api['runs:list']({})).find((r) => r.id === runId)!;
    expect(live.status).toBe('running');
    expect(live.label).toBe(fileLabel(STARTUPS_CSV));
    expect(live.leadsTotal).toBe(imported.leadCount);
    expect(live.startedAt).toBeDefined();

    await waitForRun(c, runId);
    const [s] = await c.api['runs:list']({});
    expect(s).toMatchObject({ id: runId, status: 'done', leadsTotal: 688, leadsDone: 688, leadsFailed: 0, leadsPerSec: 0 });
    expect(s.etaMs).toBeUndefined();
    expect(s.elapsedMs).toBeGreaterThan(0);
    expect(s.finishedAt).toBeDefined();
    expect(s.counts.total).toBe(688 * s.stages.length);
    expect(s.counts.pending + s.counts.running).toBe(0);
    expect(s.perStage.queue.done + s.perStage.queue.skipped).toBe(688);
    expect(s.stages).toEqual(c.engine.stages);

    // Starting the same import again finds the finished run and creates nothing.
    expect(await c.api['runs:start']({ importId: imported.importId })).toEqual({ runId });
    expect(c.store.collection('runs').size).toBe(1);
  });

  it('shares runs with `leadforge process`: the app resumes a run the CLI began and vice versa', async () => {
    const dataDir = join(tempDir(), 'data');
    const file = writeCsv(SMALL_CSV);
    // The CLI path (process command): import + processLabel under `file:<abs path>`.
    let c = await core(dataDir);
    const report = await importFile(c.store, file);
    const [cli] = await processLabel(c.engine, c.store, c.flow, `file:${file}`, report.fileLeadIds);
    expect(cli.run.status).toBe('done');
    const imported = await c.api['import:run']({ path: file });
    expect(await c.api['runs:start']({ importId: imported.importId })).toEqual({ runId: cli.run.id });
    await c.close();

    // The app begins a run for a new file and quits at once; `process` on the same file finishes that run.
    const file2 = writeCsv(SMALL_CSV.map((l, i) => (i === 0 ? l : l.replace(/@/g, '2@').replace(/^(\w+)/, '$1x'))), 'other.csv');
    c = await core(dataDir);
    const imp2 = await c.api['import:run']({ path: file2 });
    const { runId } = await c.api['runs:start']({ importId: imp2.importId });
    await c.close();
    expect(['running', 'done']).toContain(c.store.collection<Run>('runs').get(runId)!.status); // suspended, not paused
    c = await core(dataDir);
    const rep2 = await importFile(c.store, file2);
    const outcomes = await processLabel(c.engine, c.store, c.flow, `file:${file2}`, rep2.fileLeadIds);
    expect(outcomes.map((o) => o.run.id)).toEqual([runId]);
    expect(outcomes[0].run.status).toBe('done');
    expect(outcomes[0].processed).toBe(imp2.leadCount);
  });

  it('resumeInterrupted restarts the runs a quit left running', async () => {
    const dataDir = join(tempDir(), 'data');
    let c = await core(dataDir);
    const imported = await c.api['import:run']({ path: STARTUPS_CSV });
    const { runId } = await c.api['runs:start']({ importId: imported.importId });
    await new Promise((r) => setTimeout(r, 50));
    await c.close();
    const stopped = c.store.collection<Run>('runs').get(runId)!;
    expect(stopped.status).toBe('running');
    expect(stopped.elapsedMs).toBeGreaterThan(0);

    c = await core(dataDir);
    expect(await c.resumeInterrupted()).toEqual([runId]);
    const run = await waitForRun(c, runId);
    expect(run.status).toBe('done');
    const [s] = await c.api['runs:list']({});
    expect(s.leadsDone).toBe(688);
    expect(s.elapsedMs).toBeGreaterThan(stopped.elapsedMs!);
    expect(await c.resumeInterrupted()).toEqual([]);
  });

  it('a run interrupted by a quit that the rep pauses before it resumes stays paused', async () => {
    const dataDir = join(tempDir(), 'data');
    let c = await core(dataDir);
    const imported = await c.api['import:run']({ path: STARTUPS_CSV });
    const { runId } = await c.api['runs:start']({ importId: imported.importId });
    await c.close();
    c = await core(dataDir);
    expect((await c.api['runs:control']({ runId, action: 'pause' })).status).toBe('paused');
    expect(await c.resumeInterrupted()).toEqual([]);
    expect(c.pipeline.isActive(runId)).toBe(false);
  });

  it('refuses unknown ids and imports without leads', async () => {
    const c = await core();
    for (const p of [
      c.api['runs:start']({ importId: 'nope' }),
      c.api['runs:control']({ runId: 'nope', action: 'pause' }),
      c.api['runs:leads']({ runId: 'nope' }),
      c.api['leads:detail']({ leadId: 'nope' }),
    ]) {
      const err = await rejection(p);
      expect(err).toBeInstanceOf(UserFacingError);
      expect(err.code).toBe('not_found');
      expect(err.message).toMatch(/^No (run|import|lead) with id nope$/);
    }
    const file = writeCsv(['Email,Company', 'not-an-email,']);
    const imported = await c.api['import:run']({ path: file });
    expect(imported.leadCount).toBe(0);
    await expect(c.api['runs:start']({ importId: imported.importId })).rejects.toThrow(/no leads to process/);
  });
});

describe('runs:control', () => {
  it('pauses (in-flight attempts finish), resumes in the background, and cancels for good', async () => {
    const c = await core();
    const imported = await c.api['import:run']({ path: STARTUPS_CSV });
    const { runId } = await c.api['runs:start']({ importId: imported.importId });
    const paused = await c.api['runs:control']({ runId, action: 'pause' });
    expect(paused.status).toBe('paused');
    expect(paused.leadsDone).toBeLessThan(688);
    expect(paused.counts.running).toBe(0);
    expect(c.pipeline.isActive(runId)).toBe(false);

    const resumed = await c.api['runs:control']({ runId, action: 'resume' });
    expect(resumed.status).toBe('running');
    const cancelled = await c.api['runs:control']({ runId, action: 'cancel' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.finishedAt).toBeDefined();
    const err = await rejection(c.api['runs:control']({ runId, action: 'resume' }));
    expect(err).toMatchObject({ code: 'invalid_state' });
    expect(err.message).toMatch(/cancelled/);
    await expect(c.api['runs:control']({ runId, action: 'retryFailed' })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('retryFailed re-runs the leads a stage failed for', async () => {
    const c = await core();
    const imported = await c.api['import:run']({ path: writeCsv(SMALL_CSV) });
    const leads = c.store.collection<Lead>('leads');
    const victimId = c.store.collection<{ id: string; leadIds: string[] }>('imports').get(imported.importId)!.leadIds[0];
    const victim = leads.get(victimId)!;
    leads.delete(victimId); // every stage of this lead fails: "lead … not found"
    const { runId } = await c.api['runs:start']({ importId: imported.importId });
    await waitForRun(c, runId);
    let [s] = await c.api['runs:list']({});
    expect(s).toMatchObject({ status: 'done', leadsFailed: 1 });
    let row = (await c.api['runs:leads']({ runId })).rows.find((r) => r.leadId === victimId)!;
    expect(row.error).toMatch(/^classify: lead .* not found$/);

    leads.put(victim);
    const after = await c.api['runs:control']({ runId, action: 'retryFailed' });
    expect(after.status).toBe('running');
    await waitForRun(c, runId);
    [s] = await c.api['runs:list']({});
    expect(s).toMatchObject({ status: 'done', leadsFailed: 0, leadsDone: imported.leadCount });
    const page = await c.api['runs:leads']({ runId });
    row = page.rows.find((r) => r.leadId === victimId)!;
    expect(row.error).toBeUndefined();
    expect(statusAt(row.statuses, page.stages.indexOf('classify'))).toBe('done');
    const detail = await c.api['leads:detail']({ leadId: victimId });
    // The "not found" failure happened before any attempt; the retry is the first real attempt.
    expect(detail.tasks.find((t) => t.stage === 'classify')).toMatchObject({ status: 'done', attempts: 1 });
    expect(detail.profile?.leadId).toBe(victimId);
  });
});

describe('runs:leads and leads:detail', () => {
  it('gives one row per lead with stage statuses, durations, score, and a detail with profile, tasks and that lead’s audit', async () => {
    const c = await core();
    const { imported, runId } = await importAndRun(c, STARTUPS_CSV);
    const run = c.store.collection<Run>('runs').get(runId)!;
    const page = await c.api['runs:leads']({ runId });
    expect(page).toMatchObject({ runId, stages: run.stages, total: imported.leadCount, offset: 0 });
    const rows = page.rows;
    expect(rows.map((r) => r.leadId)).toEqual(run.leadIds);
    expect(rows).toHaveLength(imported.leadCount);
    const tasks = c.store.collection<Task>('tasks');
    for (const r of rows) {
      expect(r.statuses).toHaveLength(run.stages.length);
      expect(r.durationsMs).toHaveLength(run.stages.length);
      run.stages.forEach((stage, i) => {
        const t = tasks.get(`${runId}:${r.leadId}:${stage}`)!;
        expect(statusAt(r.statuses, i)).toBe(t.status);
        expect(r.durationsMs[i]).toBe(t.durationMs === undefined ? null : Math.round(t.durationMs * 10) / 10);
      });
    }
    const curebit = rows.find((r) => r.company === 'Curebit')!;
    expect(curebit.name).toBe('Allan Grant');
    expect(curebit.score).toBeGreaterThan(50);
    expect(curebit.durationsMs[run.stages.indexOf('classify')]).toBeGreaterThanOrEqual(0);
    expect(curebit.statuses.at(run.stages.indexOf('queue'))).toBe('d');

    // Pages: offset/limit slice the same rows; past the end is empty.
    const second = await c.api['runs:leads']({ runId, offset: 100, limit: 50 });
    expect(second).toMatchObject({ total: imported.leadCount, offset: 100 });
    expect(second.rows).toEqual(rows.slice(100, 150));
    expect((await c.api['runs:leads']({ runId, offset: imported.leadCount + 5 })).rows).toEqual([]);

    const d = await c.api['leads:detail']({ leadId: curebit.leadId });
    expect(d.lead.company).toBe('Curebit');
    expect(d.profile?.fields.company?.value).toBe('Curebit');
    expect(d.classification?.label).toBeDefined();
    expect(d.score?.score).toBe(curebit.score);
    expect(d.tasks.map((t) => t.stage)).toEqual(run.stages);
    expect(d.tasks.every((t) => t.status === 'done' || t.status === 'skipped')).toBe(true);
    expect(d.audit.length).toBeGreaterThanOrEqual(run.stages.length);
    expect(d.audit.every((e) => e.leadId === curebit.leadId && e.runId === runId)).toBe(true);
    expect(new Set(d.audit.map((e) => e.stage))).toEqual(new Set(run.stages));
    const sorted = [...d.audit].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    expect(d.audit).toEqual(sorted);
    expect(await c.api['leads:detail']({ leadId: curebit.leadId, runId })).toEqual(d);

    const other = await importAndRun(c, writeCsv(SMALL_CSV));
    await expect(c.api['leads:detail']({ leadId: curebit.leadId, runId: other.runId })).rejects.toThrow(/is not part of run/);
  });

  it('a lead never processed has a detail without tasks', async () => {
    const c = await core();
    const imported = await c.api['import:run']({ path: writeCsv(SMALL_CSV) });
    const id = c.store.collection<{ id: string; leadIds: string[] }>('imports').get(imported.importId)!.leadIds[0];
    const d = await c.api['leads:detail']({ leadId: id });
    expect(d).toMatchObject({ tasks: [], audit: [] });
    expect(d.profile).toBeUndefined();
  });
});

describe('settings and events', () => {
  it('a settings change never alters a running run and takes effect for the next one', async () => {
    const c = await core();
    const settings = await c.api['settings:get']({});
    expect(settings.sender.name).toBe('Alex Morgan');
    const engineBefore = c.engine;
    const yc = await c.api['import:run']({ path: STARTUPS_CSV });
    const { runId } = await c.api['runs:start']({ importId: yc.importId });
    const saved = await c.api['settings:save']({ settings: { ...settings, sender: { ...settings.sender, name: 'Zoe Quill' } } });
    expect(saved.sender.name).toBe('Zoe Quill');
    expect(c.engine).toBe(engineBefore); // a run is in progress: rebuilt at the next start
    await waitForRun(c, runId);
    const queue = [...c.store.collection<QueueItem>('drafts').values()];
    expect(queue.length).toBeGreaterThan(100);
    expect(queue.every((q) => q.draft.body.includes('Alex Morgan') && !q.draft.body.includes('Zoe Quill'))).toBe(true);

    const small = await importAndRun(c, writeCsv(SMALL_CSV));
    expect(c.engine).not.toBe(engineBefore);
    const fresh = queue.length;
    const newDrafts = [...c.store.collection<QueueItem>('drafts').values()].filter((q) => q.runId === small.runId);
    expect(newDrafts.length).toBeGreaterThan(0);
    expect(c.store.collection('drafts').size).toBe(fresh + newDrafts.length);
    expect(newDrafts.every((q) => q.draft.body.includes('Zoe Quill'))).toBe(true);
    expect((await c.api['settings:get']({})).sender.name).toBe('Zoe Quill');
  });

  it('refuses invalid settings naming the setting, and keeps the stored ones', async () => {
    const c = await core();
    const settings = await c.api['settings:get']({});
    const bad = { ...settings, icp: { ...settings.icp, qualifyThreshold: 500 } };
    const err = await rejection(c.api['settings:save']({ settings: bad }));
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.message).toMatch(/icp\.qualifyThreshold/);
    expect((await c.api['settings:get']({})).icp.qualifyThreshold).toBe(settings.icp.qualifyThreshold);
  });

  it('pushes throttled progress, coalesced task deltas ending in each task’s final status, and queue changes', async () => {
    const c = await core();
    const got: { event: IpcEventName; payload: unknown; at: number }[] = [];
    const off = c.events.subscribe(<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => got.push({ event, payload, at: Date.now() }));
    const { runId } = await importAndRun(c, STARTUPS_CSV);
    await new Promise((r) => setTimeout(r, 400));
    off();

    const final = new Map<string, TaskDelta>();
    const taskBatches = got.filter((g) => g.event === 'pipeline:tasks');
    for (const b of taskBatches) for (const d of b.payload as TaskDelta[]) final.set(`${d.leadId}:${d.stage}`, d);
    const tasks = [...c.store.collection<Task>('tasks').values()].filter((t) => t.runId === runId);
    expect(final.size).toBe(tasks.length);
    for (const t of tasks) expect(final.get(`${t.leadId}:${t.stage}`)?.status).toBe(t.status);
    // Each batch holds a task at most once, and batches are at least ~250 ms apart (except the flush at run end).
    for (const b of taskBatches) {
      const keys = (b.payload as TaskDelta[]).map((d) => `${d.leadId}:${d.stage}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const gaps = taskBatches.slice(1, -1).map((b, i) => b.at - taskBatches[i].at);
    expect(gaps.every((g) => g >= 240)).toBe(true);

    const progress = got.filter((g) => g.event === 'pipeline:progress').map((g) => g.payload as { id: string; status: string; leadsDone: number }[]);
    expect(progress.length).toBeGreaterThan(0);
    const last = progress.at(-1)!.find((s) => s.id === runId)!;
    expect(last).toMatchObject({ status: 'done', leadsDone: 688 });

    const changed = new Set(got.filter((g) => g.event === 'review:changed').flatMap((g) => (g.payload as { ids: string[] }).ids));
    expect(changed).toEqual(new Set([...c.store.collection<QueueItem>('drafts').values()].map((q) => q.id)));
  });
});
