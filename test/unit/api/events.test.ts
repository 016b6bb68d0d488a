import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcEventName, IpcEventPayload, ReviewCounts, RunSummary, TaskDelta } from '@shared/ipc';
import type { PipelineEvent } from '@shared/index';
import { createCoreEvents, type CoreEventSource } from '../../../electron/core/api/events';
import type { TaskReset } from '../../../electron/core/pipeline/types';

/** A hand-driven event source: push engine events, resets and queue changes; summaries from a map. */
function fakeSource() {
  const pipeline = new Set<(e: PipelineEvent) => void>();
  const resets = new Set<(runId: string, t: TaskReset[]) => void>();
  const queue = new Set<(ids: string[]) => void>();
  const active = new Set<string>();
  const summaries = new Map<string, RunSummary>();
  const counts: ReviewCounts = { pending: 0, flagged: 0, approved: 0, rejected: 0 };
  const source: CoreEventSource = {
    onPipelineEvent: (l) => (pipeline.add(l), () => pipeline.delete(l)),
    onTasksReset: (l) => (resets.add(l), () => resets.delete(l)),
    onQueueChanged: (l) => (queue.add(l), () => queue.delete(l)),
    activeRunIds: () => [...active],
    summary: (id) => summaries.get(id),
    reviewCounts: () => ({ ...counts }),
  };
  const summary = (id: string, status: RunSummary['status'], leadsDone: number): RunSummary => ({
    id, status, stages: ['a'], leadsTotal: 10, leadsDone, leadsFailed: 0,
    counts: { total: 10, pending: 10 - leadsDone, running: 0, done: leadsDone, failed: 0, skipped: 0 },
    perStage: {}, createdAt: '2026-01-01T00:00:00.000Z', elapsedMs: 0, leadsPerSec: 0,
  });
  const at = '2026-01-01T00:00:00.000Z';
  return {
    source, active, summaries, summary, counts, listeners: { pipeline, resets, queue },
    emit: (e: PipelineEvent) => pipeline.forEach((l) => l(e)),
    started: (leadId: string, stage = 'a') => ({ type: 'task.started', runId: 'R', leadId, stage, attempt: 1, at }) as PipelineEvent,
    succeeded: (leadId: string, stage = 'a') => ({ type: 'task.succeeded', runId: 'R', leadId, stage, attempt: 1, durationMs: 3, at }) as PipelineEvent,
    failed: (leadId: string, willRetry: boolean) =>
      ({ type: 'task.failed', runId: 'R', leadId, stage: 'a', attempt: 1, error: 'boom', willRetry, durationMs: 2, at }) as PipelineEvent,
    finished: (status: 'done' | 'paused' = 'done') => ({ type: 'run.finished', runId: 'R', at, status, counts: summary('R', status, 10).counts }) as PipelineEvent,
    reset: (runId: string, t: TaskReset[]) => resets.forEach((l) => l(runId, t)),
    changed: (ids: string[]) => queue.forEach((l) => l(ids)),
  };
}

function record() {
  const got: { event: IpcEventName; payload: unknown; at: number }[] = [];
  const listener = <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => got.push({ event, payload, at: Date.now() });
  const of = <E extends IpcEventName>(event: E) => got.filter((g) => g.event === event).map((g) => ({ payload: g.payload as IpcEventPayload<E>, at: g.at }));
  return { got, listener, of };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createCoreEvents', () => {
  it('batches task deltas at most every 250 ms, coalesced per task (latest status wins)', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source);
    const r = record();
    hub.subscribe(r.listener);
    f.emit(f.started('L1'));
    f.emit(f.started('L2'));
    expect(r.of('pipeline:tasks')).toHaveLength(0); // never synchronous
    vi.advanceTimersByTime(0);
    expect(r.of('pipeline:tasks').map((b) => b.payload.map((d) => `${d.leadId}:${d.status}`))).toEqual([['L1:running', 'L2:running']]);

    // 3 000 events for 1 000 tasks inside one window: one batch of 1 000 deltas, 250 ms after the previous one.
    for (let i = 0; i < 1000; i++) f.emit(f.started(`M${i}`));
    for (let i = 0; i < 1000; i++) f.emit(f.failed(`M${i}`, true));
    for (let i = 0; i < 1000; i++) f.emit(f.succeeded(`M${i}`));
    vi.advanceTimersByTime(249);
    expect(r.of('pipeline:tasks')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const batches = r.of('pipeline:tasks');
    expect(batches).toHaveLength(2);
    expect(batches[1].at - batches[0].at).toBe(250);
    expect(batches[1].payload).toHaveLength(1000);
    expect(batches[1].payload.every((d) => d.status === 'done' && d.durationMs === 3)).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(r.of('pipeline:tasks')).toHaveLength(2); // nothing new, nothing sent
  });

  it('caps a batch and sends the rest in the following windows', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source, { maxTaskBatch: 400 });
    const r = record();
    hub.subscribe(r.listener);
    for (let i = 0; i < 1000; i++) f.emit(f.succeeded(`L${i}`));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(250);
    const sizes = r.of('pipeline:tasks').map((b) => b.payload.length);
    expect(sizes).toEqual([400, 400, 200]);
    const leads = r.of('pipeline:tasks').flatMap((b) => b.payload.map((d) => d.leadId));
    expect(new Set(leads).size).toBe(1000);
  });

  it('a failed attempt that will be retried keeps the task running; a final failure carries the error', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source);
    const r = record();
    hub.subscribe(r.listener);
    f.emit(f.failed('L1', true));
    vi.advanceTimersByTime(0);
    f.emit(f.failed('L1', false));
    vi.advanceTimersByTime(250);
    const [first, second] = r.of('pipeline:tasks').map((b) => b.payload[0]);
    expect(first).toMatchObject({ leadId: 'L1', status: 'running', error: 'boom' });
    expect(second).toMatchObject({ leadId: 'L1', status: 'failed', error: 'boom', durationMs: 2 });
  });

  it('flushes at run end: pending deltas at once, tasks still running as pending, and a final progress summary', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source);
    const r = record();
    hub.subscribe(r.listener);
    f.active.add('R');
    f.summaries.set('R', f.summary('R', 'running', 3));
    f.emit(f.started('L1'));
    vi.advanceTimersByTime(0);
    expect(r.of('pipeline:progress').map((b) => b.payload.map((s) => s.status))).toEqual([['running']]);
    f.emit(f.started('L2'));
    f.emit(f.succeeded('L1'));
    // paused: L2 was still running and went back to pending
    f.active.delete('R');
    f.summaries.set('R', f.summary('R', 'paused', 4));
    f.emit(f.finished('paused'));
    const tasks = r.of('pipeline:tasks');
    expect(tasks).toHaveLength(2); // no waiting for the 250 ms window
    expect(tasks[1].payload.map((d: TaskDelta) => `${d.leadId}:${d.status}`).sort()).toEqual(['L1:done', 'L2:pending']);
    const progress = r.of('pipeline:progress');
    expect(progress).toHaveLength(2);
    expect(progress[1].payload).toEqual([f.summary('R', 'paused', 4)]);
    vi.advanceTimersByTime(1000);
    expect(r.of('pipeline:progress')).toHaveLength(2);
  });

  it('throttles progress of runs in progress to one summary list per 250 ms', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source);
    const r = record();
    hub.subscribe(r.listener);
    f.active.add('R');
    f.summaries.set('R', f.summary('R', 'running', 0));
    for (let t = 0; t < 1000; t += 10) {
      f.emit({ type: 'run.progress', runId: 'R', at: '', counts: f.summary('R', 'running', 0).counts, perStage: {}, leadsDone: 0, leadsTotal: 10 });
      vi.advanceTimersByTime(10);
    }
    const times = r.of('pipeline:progress').map((b) => b.at);
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(times.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
  });

  it('sends tasks reset by retry-failed as pending and batches review changes by id, with the counts at send time', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source);
    const r = record();
    hub.subscribe(r.listener);
    f.reset('R', [{ leadId: 'L1', stage: 'a' }, { leadId: 'L1', stage: 'b' }]);
    f.counts.pending = 2;
    f.changed(['D1', 'D2']);
    vi.advanceTimersByTime(0);
    f.changed(['D2', 'D3']);
    f.counts.pending = 3;
    f.changed(['D1']);
    f.counts.approved = 1;
    vi.advanceTimersByTime(250);
    expect(r.of('pipeline:tasks')[0].payload).toEqual([
      { runId: 'R', leadId: 'L1', stage: 'a', status: 'pending' },
      { runId: 'R', leadId: 'L1', stage: 'b', status: 'pending' },
    ]);
    expect(r.of('review:changed').map((b) => b.payload.ids)).toEqual([['D1', 'D2'], ['D2', 'D3', 'D1']]);
    expect(r.of('review:changed').map((b) => b.payload.counts)).toEqual([
      { pending: 2, flagged: 0, approved: 0, rejected: 0 },
      { pending: 3, flagged: 0, approved: 1, rejected: 0 },
    ]);
  });

  it('subscribes to the source only while someone listens, and survives a throwing listener', () => {
    const f = fakeSource();
    const hub = createCoreEvents(f.source);
    expect(f.listeners.pipeline.size).toBe(0);
    const r = record();
    const offBad = hub.subscribe(() => {
      throw new Error('renderer gone');
    });
    const off = hub.subscribe(r.listener);
    expect(f.listeners.pipeline.size).toBe(1);
    f.emit(f.succeeded('L1'));
    vi.advanceTimersByTime(0);
    expect(r.of('pipeline:tasks')).toHaveLength(1);
    offBad();
    off();
    expect(f.listeners.pipeline.size + f.listeners.queue.size + f.listeners.resets.size).toBe(0);
    hub.emit('crm:progress', { kind: 'hubspot', phase: 'done', done: 1, total: 1 } as never);
    expect(r.got.filter((g) => g.event === 'crm:progress')).toHaveLength(0);
    hub.subscribe(r.listener);
    hub.emit('crm:progress', { kind: 'hubspot', phase: 'done', done: 1, total: 1 } as never);
    expect(r.got.filter((g) => g.event === 'crm:progress')).toHaveLength(1); // passed through at once
    hub.close();
    f.emit(f.succeeded('L2'));
    vi.advanceTimersByTime(1000);
    expect(r.of('pipeline:tasks')).toHaveLength(1);
  });
});
