import { ipcEvents, type IpcEventName, type IpcEventPayload, type TaskDelta } from '@shared/ipc';
import type { CoreEvents } from '../core/api/types';

/** Collects the payloads of one event name while it waits for its next slot (linear in what it receives). */
interface Pending<E extends IpcEventName> {
  add(payload: IpcEventPayload<E>): void;
  /** The payloads to send now (merged), emptying the buffer. */
  drain(): IpcEventPayload<E>[];
}

/** Snapshots: only the latest matters. */
const latest = <E extends IpcEventName>(): Pending<E> => {
  let last: IpcEventPayload<E> | undefined;
  return {
    add: (p) => void (last = p),
    drain: () => {
      const out = last === undefined ? [] : [last];
      last = undefined;
      return out;
    },
  };
};

/** Merge rules: snapshots keep the latest, task deltas coalesce per task (latest status wins), id sets union (with the latest counts). */
const PENDING: { [E in IpcEventName]: () => Pending<E> } = {
  'pipeline:progress': latest,
  'pipeline:tasks': () => {
    const byTask = new Map<string, TaskDelta>();
    return {
      add: (deltas) => deltas.forEach((d) => byTask.set(`${d.runId}\u0000${d.leadId}\u0000${d.stage}`, d)),
      drain: () => {
        const out = byTask.size ? [[...byTask.values()]] : [];
        byTask.clear();
        return out;
      },
    };
  },
  // Ids union; the counts are a snapshot (the latest wins).
  'review:changed': () => {
    const ids = new Set<string>();
    let counts: IpcEventPayload<'review:changed'>['counts'] | undefined;
    return {
      add: (p) => {
        p.ids.forEach((id) => ids.add(id));
        counts = p.counts;
      },
      drain: () => {
        const out = counts ? [{ ids: [...ids], counts }] : [];
        ids.clear();
        counts = undefined;
        return out;
      },
    };
  },
  // One pending payload per CRM, so progress of HubSpot never hides Salesforce's (latest last).
  'crm:progress': () => {
    const byKind = new Map<string, IpcEventPayload<'crm:progress'>>();
    return {
      add: (p) => {
        byKind.delete(p.kind);
        byKind.set(p.kind, p);
      },
      drain: () => {
        const out = [...byKind.values()];
        byKind.clear();
        return out;
      },
    };
  },
};

/**
 * Forwards the core's push events to the renderer with a flood guard: each event name is sent at most once per
 * `minIntervalMs`; payloads arriving in between are merged (see MERGE) and sent in the next slot, so a burst
 * (10k task updates) becomes a few batches and nothing is lost; buffering is linear in the events received. Payloads are validated against the contract's
 * event schemas first (an invalid one is dropped and reported).
 * @param opts.events the core's events (already throttled by the core; this is a second guard)
 * @param opts.send delivers to the window (`webContents.send`); not called once stopped
 * @param opts.minIntervalMs minimum gap between two sends of the same event name (default 100 ms)
 * @param opts.onInvalid receives a description of a dropped payload
 * @returns stop(): unsubscribes and drops anything pending
 */
export function forwardCoreEvents(opts: {
  events: CoreEvents;
  send: <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => void;
  minIntervalMs?: number;
  onInvalid?: (message: string) => void;
}): () => void {
  const minInterval = opts.minIntervalMs ?? 100;
  const lastSent = new Map<IpcEventName, number>();
  const pending = new Map<IpcEventName, Pending<IpcEventName>>();
  const bufferOf = <E extends IpcEventName>(event: E): Pending<E> => {
    let buffer = pending.get(event) as Pending<E> | undefined;
    if (!buffer) pending.set(event, (buffer = PENDING[event]() as Pending<E>) as unknown as Pending<IpcEventName>);
    return buffer;
  };
  const timers = new Map<IpcEventName, NodeJS.Timeout>();
  let stopped = false;

  const flush = (event: IpcEventName): void => {
    timers.delete(event);
    const payloads = pending.get(event)?.drain() ?? [];
    if (stopped || payloads.length === 0) return;
    lastSent.set(event, Date.now());
    for (const payload of payloads) opts.send(event, payload as IpcEventPayload<typeof event>);
  };

  const onEvent = <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void => {
    if (stopped) return;
    const schema = ipcEvents[event];
    if (!schema) return opts.onInvalid?.(`unknown event ${String(event)}`);
    const checked = schema.safeParse(payload);
    if (!checked.success) return opts.onInvalid?.(`event ${event} dropped: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    bufferOf(event).add(checked.data as IpcEventPayload<E>);
    if (timers.has(event)) return;
    const wait = (lastSent.get(event) ?? 0) + minInterval - Date.now();
    if (wait <= 0) flush(event);
    else timers.set(event, setTimeout(() => flush(event), wait));
  };

  const unsubscribe = opts.events.subscribe(onEvent);
  return () => {
    stopped = true;
    unsubscribe();
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    pending.clear();
  };
}
