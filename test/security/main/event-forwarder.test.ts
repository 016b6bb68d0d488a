/**
 * The flood guard between the core's events and the window (electron/main/event-forwarder.ts): a burst
 * becomes at most one send per event name per interval, merged without losing anything.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { IpcEventName, TaskDelta } from '@shared/ipc';
import type { CoreEventListener, CoreEvents } from '../../../electron/core/api/types';
import { forwardCoreEvents } from '../../../electron/main/event-forwarder';

function hub(): CoreEvents & { emit: CoreEventListener; listeners: number } {
  const listeners = new Set<CoreEventListener>();
  return {
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: ((event, payload) => listeners.forEach((l) => l(event, payload))) as CoreEventListener,
    get listeners() {
      return listeners.size;
    },
  };
}

const delta = (leadId: string, stage: string, status: TaskDelta['status']): TaskDelta => ({ runId: 'r1', leadId, stage, status });
const counts = (pending: number) => ({ pending, flagged: 0, approved: 0, rejected: 0 });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('forwardCoreEvents', () => {
  test('10,000 task updates in one burst reach the window as a handful of sends, coalesced per task, none lost', () => {
    const events = hub();
    const sent: Array<[IpcEventName, unknown]> = [];
    forwardCoreEvents({ events, send: (e, p) => void sent.push([e, p]), minIntervalMs: 100 });
    for (let i = 0; i < 10_000; i++) events.emit('pipeline:tasks', [delta(`l${i % 5000}`, 'classify', i < 5000 ? 'running' : 'done')]);
    expect(sent).toHaveLength(1); // the first goes at once
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
    const all = sent.flatMap(([, p]) => p as TaskDelta[]);
    const latest = new Map(all.map((d) => [d.leadId, d.status]));
    expect(latest.size).toBe(5000);
    expect([...latest.values()].every((s) => s === 'done')).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  test('progress snapshots keep the latest; review ids are unioned with the latest counts; CRM progress is kept per CRM', () => {
    const events = hub();
    const sent: Array<[IpcEventName, unknown]> = [];
    forwardCoreEvents({ events, send: (e, p) => void sent.push([e, p]), minIntervalMs: 250 });
    events.emit('review:changed', { ids: ['a'], counts: counts(1) });
    events.emit('review:changed', { ids: ['b', 'a'], counts: counts(2) });
    events.emit('review:changed', { ids: ['c'], counts: counts(3) });
    events.emit('crm:progress', { kind: 'hubspot', phase: 'persons', done: 1, total: 9, failed: 0 });
    events.emit('crm:progress', { kind: 'hubspot', phase: 'persons', done: 2, total: 9, failed: 0 });
    events.emit('crm:progress', { kind: 'salesforce', phase: 'lookup', done: 0, total: 3, failed: 0 });
    events.emit('crm:progress', { kind: 'hubspot', phase: 'persons', done: 3, total: 9, failed: 0 });
    vi.advanceTimersByTime(250);
    expect(sent.filter(([e]) => e === 'review:changed').map(([, p]) => p)).toEqual([
      { ids: ['a'], counts: counts(1) },
      { ids: ['b', 'a', 'c'], counts: counts(3) },
    ]);
    expect(sent.filter(([e]) => e === 'crm:progress').map(([, p]) => p)).toEqual([
      { kind: 'hubspot', phase: 'persons', done: 1, total: 9, failed: 0 },
      { kind: 'salesforce', phase: 'lookup', done: 0, total: 3, failed: 0 },
      { kind: 'hubspot', phase: 'persons', done: 3, total: 9, failed: 0 },
    ]);
  });

  test('payloads that break the contract are dropped and reported; stop() unsubscribes and drops pending', () => {
    const events = hub();
    const sent: unknown[] = [];
    const invalid: string[] = [];
    const stop = forwardCoreEvents({ events, send: (e, p) => void sent.push([e, p]), onInvalid: (m) => void invalid.push(m) });
    events.emit('review:changed', { ids: 'nope' } as never);
    events.emit('review:changed', { ids: ['a'] } as never);
    expect(sent).toEqual([]);
    expect(invalid[0]).toMatch(/^event review:changed dropped/);
    expect(invalid[1]).toMatch(/^event review:changed dropped/);
    events.emit('review:changed', { ids: ['x'], counts: counts(1) });
    events.emit('review:changed', { ids: ['y'], counts: counts(2) });
    stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([['review:changed', { ids: ['x'], counts: counts(1) }]]);
    expect(events.listeners).toBe(0);
  });
});
