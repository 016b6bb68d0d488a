import { create } from 'zustand';
import type { QueueEntry, QueueFilter, ReviewItem } from '@shared/ipc';
import type { ClassificationLabel } from '@shared/domain/classification';
import type { QueueItem } from '@shared/domain/review';
import { api, errorMessage, onEvent } from '../bridge';
import type { LoadStatus } from './runs';

export type QueueStatus = QueueItem['status'];

/** The filter form of the Review screen (turned into a QueueFilter for review:list). */
export interface ReviewFilterForm {
  status: QueueStatus[];
  labels: ClassificationLabel[];
  score: [number, number];
  text: string;
}

export const DEFAULT_FILTER: ReviewFilterForm = { status: ['pending', 'flagged'], labels: [], score: [0, 100], text: '' };

/** Form → review:list filter (omits what does not filter). */
export function toQueueFilter(f: ReviewFilterForm): QueueFilter {
  const filter: QueueFilter = {};
  if (f.status.length) filter.status = f.status;
  if (f.labels.length) filter.labels = f.labels;
  if (f.score[0] > 0) filter.minScore = f.score[0];
  if (f.score[1] < 100) filter.maxScore = f.score[1];
  if (f.text.trim()) filter.text = f.text.trim();
  return filter;
}

/** Draft statuses a rep can still decide on. */
export const OPEN_STATUSES: readonly QueueStatus[] = ['pending', 'flagged'];

interface ReviewState {
  /** The queue as review:list returns it (riskiest first); order never re-sorted here. */
  entries: QueueEntry[];
  /** id → index in `entries`. */
  index: Map<string, number>;
  /** Bumps on every completed review:list load (not on per-item updates). */
  listVersion: number;
  status: LoadStatus;
  error?: string;
  filter: ReviewFilterForm;
  selectedId: string | null;
  /** Full items fetched with review:get (the body is on screen, so the server marked them seen). */
  items: Map<string, ReviewItem>;
  itemError?: string;
  /** Ids ticked for bulk approve (only seen + open drafts can be ticked). */
  checked: Set<string>;
  /** Pending + flagged count for the navbar badge. */
  openCount: number | null;
  load: () => Promise<void>;
  setFilter: (patch: Partial<ReviewFilterForm>) => void;
  resetFilter: () => void;
  select: (id: string | null) => void;
  /** Moves the selection by `delta` entries (j = +1, k = -1). */
  move: (delta: number) => void;
  /** Re-fetches the selected item (after an error). */
  reloadItem: () => void;
  approve: (id: string, edits?: { subject: string; body: string }) => Promise<ReviewItem>;
  reject: (id: string, reason: string) => Promise<ReviewItem>;
  regenerate: (id: string) => Promise<ReviewItem>;
  reopen: (id: string) => Promise<ReviewItem>;
  toggleChecked: (id: string) => void;
  checkAllSeen: () => void;
  clearChecked: () => void;
  bulkApprove: () => Promise<{ approved: string[]; refused: { id: string; reason: string }[] }>;
  refreshOpenCount: () => Promise<void>;
  /** Applies `review:changed`: drops cached items, reloads the list (throttled). */
  changed: (ids: string[]) => void;
}

function indexOf(entries: QueueEntry[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) m.set(entries[i].id, i);
  return m;
}

/** A list entry updated from a full item (after an action or review:get). */
function entryFrom(item: ReviewItem, prev: QueueEntry | undefined): QueueEntry {
  return {
    id: item.id,
    leadId: item.leadId,
    status: item.status,
    name: prev?.name ?? item.draft.to.name ?? '',
    company: prev?.company ?? item.draft.to.company ?? '',
    email: prev?.email ?? item.draft.to.email,
    score: item.score.score,
    label: item.classification.label,
    confidence: item.classification.confidence,
    passed: item.verdict.passed,
    issueCount: item.verdict.issues.length,
    subject: item.draft.subject,
    seen: item.seen,
    edited: item.edited ?? false,
    updatedAt: item.updatedAt,
    decidedAt: item.decidedAt,
  };
}

let loadSeq = 0;
let getSeq = 0;
/** id → when review:get last resolved for it (ms); `review:changed` refetches the shown item only if older. */
const fetchedAt = new Map<string, number>();
let reloadTimer: ReturnType<typeof setTimeout> | null = null;
let lastLoadAt = 0;
let countTimer: ReturnType<typeof setTimeout> | null = null;
let lastCountAt = 0;
/** Min ms between list reloads caused by `review:changed` while the Review screen is open. */
const RELOAD_EVERY_MS = 1500;
/** Min ms between navbar-badge refreshes (each one lists the open drafts: up to 10k entries over IPC). */
const COUNT_EVERY_MS = 4000;
/** Whether the Review screen is mounted (list reloads on `review:changed` only then; it loads on mount anyway). */
let screenMounted = false;

/** Called by the Review screen on mount/unmount. */
export function setReviewScreenMounted(mounted: boolean): void {
  screenMounted = mounted;
}

export const useReview = create<ReviewState>((set, get) => {
  /** Stores an item, updates its list entry (same index) and the badge. */
  const putItem = (item: ReviewItem) => {
    fetchedAt.set(item.id, Date.now());
    const { entries, index, items } = get();
    const nextItems = new Map(items);
    nextItems.set(item.id, item);
    const i = index.get(item.id);
    if (i !== undefined) {
      const nextEntries = entries.slice();
      nextEntries[i] = entryFrom(item, entries[i]);
      set({ items: nextItems, entries: nextEntries });
    } else set({ items: nextItems });
  };

  const fetchItem = async (id: string) => {
    const seq = ++getSeq;
    try {
      const item = await api().reviewGet({ id });
      putItem(item);
      if (seq === getSeq) set({ itemError: undefined });
    } catch (e) {
      if (seq === getSeq && get().selectedId === id) set({ itemError: errorMessage(e) });
    }
  };

  /** After a decision: the next entry below (else above) the decided one. */
  const advanceFrom = (id: string) => {
    const { entries, index, selectedId } = get();
    if (selectedId !== id) return;
    const i = index.get(id);
    if (i === undefined) return;
    for (let j = i + 1; j < entries.length; j++) if (OPEN_STATUSES.includes(entries[j].status)) return get().select(entries[j].id);
    for (let j = i - 1; j >= 0; j--) if (OPEN_STATUSES.includes(entries[j].status)) return get().select(entries[j].id);
  };

  const afterAction = (item: ReviewItem, advance: boolean) => {
    putItem(item);
    if (advance) advanceFrom(item.id);
    void get().refreshOpenCount();
    return item;
  };

  return {
    entries: [],
    index: new Map(),
    listVersion: 0,
    status: 'idle',
    filter: DEFAULT_FILTER,
    selectedId: null,
    items: new Map(),
    checked: new Set(),
    openCount: null,
    load: async () => {
      const seq = ++loadSeq;
      lastLoadAt = Date.now();
      if (!get().entries.length) set({ status: 'loading', error: undefined });
      try {
        const entries = await api().reviewList({ filter: toQueueFilter(get().filter) });
        if (seq !== loadSeq) return;
        const index = indexOf(entries);
        const { selectedId, checked } = get();
        const keepChecked = new Set([...checked].filter((id) => index.has(id)));
        set({ entries, index, status: 'ready', error: undefined, checked: keepChecked, listVersion: get().listVersion + 1 });
        if (!selectedId || !index.has(selectedId)) {
          const first = entries.find((e) => OPEN_STATUSES.includes(e.status)) ?? entries[0];
          if (first && !selectedId) get().select(first.id);
        }
        const f = get().filter;
        const isDefault = f.labels.length === 0 && !f.text.trim() && f.score[0] === 0 && f.score[1] === 100
          && f.status.length === 2 && OPEN_STATUSES.every((s) => f.status.includes(s));
        if (isDefault) {
          lastCountAt = Date.now();
          set({ openCount: entries.length });
        }
      } catch (e) {
        if (seq !== loadSeq) return;
        set({ status: 'error', error: errorMessage(e) });
      }
    },
    setFilter: (patch) => {
      set({ filter: { ...get().filter, ...patch } });
      void get().load();
    },
    resetFilter: () => {
      set({ filter: DEFAULT_FILTER });
      void get().load();
    },
    select: (id) => {
      set({ selectedId: id, itemError: undefined });
      if (!id) return;
      const cached = get().items.get(id);
      if (!cached || !cached.seen) void fetchItem(id);
    },
    move: (delta) => {
      const { entries, index, selectedId } = get();
      if (!entries.length) return;
      const i = selectedId ? (index.get(selectedId) ?? -1) : -1;
      const j = Math.min(entries.length - 1, Math.max(0, i + delta));
      if (j !== i) get().select(entries[j].id);
    },
    reloadItem: () => {
      const id = get().selectedId;
      if (id) void fetchItem(id);
    },
    approve: async (id, edits) => afterAction(await api().reviewApprove(edits ? { id, ...edits } : { id }), true),
    reject: async (id, reason) => afterAction(await api().reviewReject({ id, reason }), true),
    regenerate: async (id) => afterAction(await api().reviewRegenerate({ id }), false),
    reopen: async (id) => afterAction(await api().reviewReopen({ id }), false),
    toggleChecked: (id) => {
      const { checked, entries, index } = get();
      const i = index.get(id);
      const entry = i === undefined ? undefined : entries[i];
      const next = new Set(checked);
      if (next.has(id)) next.delete(id);
      else if (entry?.seen && OPEN_STATUSES.includes(entry.status)) next.add(id);
      else return;
      set({ checked: next });
    },
    checkAllSeen: () => {
      const ids = get().entries.filter((e) => e.seen && OPEN_STATUSES.includes(e.status)).map((e) => e.id);
      set({ checked: new Set(ids) });
    },
    clearChecked: () => set({ checked: new Set() }),
    bulkApprove: async () => {
      const ids = [...get().checked];
      if (!ids.length) return { approved: [], refused: [] };
      const result = await api().reviewBulkApprove({ ids });
      set({ checked: new Set(result.refused.map((r) => r.id)) });
      await get().load();
      void get().refreshOpenCount();
      return result;
    },
    refreshOpenCount: async () => {
      lastCountAt = Date.now();
      try {
        const open = await api().reviewList({ filter: { status: ['pending', 'flagged'] } });
        set({ openCount: open.length });
      } catch {
        /* the badge is best effort */
      }
    },
    changed: (ids) => {
      if (ids.length) {
        const items = new Map(get().items);
        let dropped = false;
        for (const id of ids) if (items.get(id) && id !== get().selectedId) dropped = items.delete(id) || dropped;
        if (dropped) set({ items });
        const shown = get().selectedId;
        if (shown && ids.includes(shown) && Date.now() - (fetchedAt.get(shown) ?? 0) > 2000) get().reloadItem();
      }
      if (screenMounted && get().status !== 'idle' && !reloadTimer) {
        const wait = Math.max(0, lastLoadAt + RELOAD_EVERY_MS - Date.now());
        reloadTimer = setTimeout(() => {
          reloadTimer = null;
          if (screenMounted) void get().load();
        }, wait);
      }
      if (!countTimer) {
        const wait = Math.max(0, lastCountAt + COUNT_EVERY_MS - Date.now());
        countTimer = setTimeout(() => {
          countTimer = null;
          void get().refreshOpenCount();
        }, wait);
      }
    },
  };
});

let subscribed = false;
/** Subscribes the review store to `review:changed` once for the app's lifetime. */
export function subscribeReviewEvents(): void {
  if (subscribed) return;
  subscribed = true;
  onEvent('review:changed', ({ ids }) => useReview.getState().changed(ids));
}
