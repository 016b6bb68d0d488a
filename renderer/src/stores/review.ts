import { create } from 'zustand';
import { queueEntryOf, type QueueEntry, type QueueFilter, type ReviewCounts, type ReviewItem } from '@shared/ipc';
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
  /**
   * The queue as review:list returns it (riskiest first); order never re-sorted here. Right after a fresh load it
   * holds the first page only (`complete` false) until the rest arrives.
   */
  entries: QueueEntry[];
  /** id → index in `entries`. */
  index: Map<string, number>;
  /** Entries matching the filter in all (≥ entries.length while the rest loads). */
  total: number;
  /** Whether `entries` holds every entry matching the filter. */
  complete: boolean;
  /** Bumps on every completed review:list load or page (not on per-item updates). */
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
  /** Queue items per status (review:counts, then every `review:changed`); null until known. */
  counts: ReviewCounts | null;
  /** Pending + flagged count for the navbar badge (from `counts`). */
  openCount: number | null;
  /**
   * Loads the list for the current filter: the first {@link FIRST_PAGE} entries (shown at once, first open draft
   * selected), then — once that draft is fetched — every entry. A reload of a list already shown (same filter)
   * fetches every entry in one call and swaps them in.
   */
  load: () => Promise<void>;
  /** Loads the list unless a load is already in flight (navbar click, screen mount). */
  open: () => void;
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
  /** Reads the counts (review:counts) for the navbar badge. */
  refreshCounts: () => Promise<void>;
  /** Applies `review:changed`: new counts, drops cached items, reloads the list (throttled) while the screen is open. */
  changed: (ids: string[], counts?: ReviewCounts) => void;
}

function indexOf(entries: QueueEntry[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) m.set(entries[i].id, i);
  return m;
}

/** A list entry updated from a full item (after an action or review:get). */
function entryFrom(item: ReviewItem, prev: QueueEntry | undefined): QueueEntry {
  return queueEntryOf(item, { name: prev?.name ?? item.draft.to.name ?? '', company: prev?.company ?? item.draft.to.company ?? '' });
}

const openOf = (c: ReviewCounts): number => c.pending + c.flagged;

/** Entries of the first review:list page: a screenful and more, so the list shows before the whole queue arrives. */
const FIRST_PAGE = 50;

let loadSeq = 0;
/** Whether a load is in flight (its sequence number), for {@link ReviewState.open}. */
let loading = 0;
/** The filter (as sent) of the list in `entries`. */
let loadedFilterKey: string | null = null;
let getSeq = 0;
/** The latest review:get in flight (the full list waits for it: the draft on screen comes first). */
let fetching: Promise<void> = Promise.resolve();
/** id → when review:get last resolved for it (ms); `review:changed` refetches the shown item only if older. */
const fetchedAt = new Map<string, number>();
let reloadTimer: ReturnType<typeof setTimeout> | null = null;
let lastLoadAt = 0;
/** Min ms between list reloads caused by `review:changed` while the Review screen is open. */
const RELOAD_EVERY_MS = 1500;
/** Whether the Review screen is mounted (list reloads on `review:changed` only then; it loads on mount anyway). */
let screenMounted = false;

/** Called by the Review screen on mount/unmount. */
export function setReviewScreenMounted(mounted: boolean): void {
  screenMounted = mounted;
}

export const useReview = create<ReviewState>((set, get) => {
  /** Stores an item, updates its list entry (same index). */
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
    void get().refreshCounts();
    return item;
  };

  /** Shows a list (a first page or every entry) and selects the first open draft when nothing is selected. */
  const showList = (entries: QueueEntry[], total: number, complete: boolean) => {
    const index = indexOf(entries);
    const { selectedId, checked } = get();
    const keepChecked = complete ? new Set([...checked].filter((id) => index.has(id))) : checked;
    set({ entries, index, total, complete, status: 'ready', error: undefined, checked: keepChecked, listVersion: get().listVersion + 1 });
    if (!selectedId) {
      const first = entries.find((e) => OPEN_STATUSES.includes(e.status)) ?? entries[0];
      if (first) get().select(first.id);
    }
  };

  return {
    entries: [],
    index: new Map(),
    total: 0,
    complete: false,
    listVersion: 0,
    status: 'idle',
    filter: DEFAULT_FILTER,
    selectedId: null,
    items: new Map(),
    checked: new Set(),
    counts: null,
    openCount: null,
    load: async () => {
      const seq = ++loadSeq;
      loading = seq;
      lastLoadAt = Date.now();
      const filter = toQueueFilter(get().filter);
      const key = JSON.stringify(filter);
      const reload = get().status === 'ready' && loadedFilterKey === key && get().complete;
      if (!get().entries.length) set({ status: 'loading', error: undefined });
      try {
        if (!reload) {
          const page = await api().reviewList({ filter, limit: FIRST_PAGE });
          if (seq !== loadSeq) return;
          loadedFilterKey = key;
          showList(page.entries, page.total, page.entries.length >= page.total);
          if (page.entries.length >= page.total) return;
          // The selected draft's review:get goes first; the whole queue follows.
          await fetching;
          if (seq !== loadSeq) return;
        }
        const all = await api().reviewList({ filter });
        if (seq !== loadSeq) return;
        loadedFilterKey = key;
        showList(all.entries, all.total, true);
      } catch (e) {
        if (seq !== loadSeq) return;
        set({ status: 'error', error: errorMessage(e) });
      } finally {
        if (loading === seq) loading = 0;
      }
    },
    open: () => {
      if (!loading) void get().load();
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
      if (!cached || !cached.seen) fetching = fetchItem(id);
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
      void get().refreshCounts();
      return result;
    },
    refreshCounts: async () => {
      try {
        const counts = await api().reviewCounts({});
        set({ counts, openCount: openOf(counts) });
      } catch {
        /* the badge is best effort */
      }
    },
    changed: (ids, counts) => {
      if (counts) set({ counts, openCount: openOf(counts) });
      // A run changes hundreds of drafts a second: touch the cached items only when one of them changed.
      const { items, selectedId: shown } = get();
      if (ids.length && items.size) {
        let next: Map<string, ReviewItem> | undefined;
        for (const id of ids) {
          if (id === shown || !items.has(id)) continue;
          next ??= new Map(items);
          next.delete(id);
        }
        if (next) set({ items: next });
      }
      if (shown && ids.includes(shown) && Date.now() - (fetchedAt.get(shown) ?? 0) > 2000) get().reloadItem();
      if (screenMounted && get().status !== 'idle' && !reloadTimer) {
        const wait = Math.max(0, lastLoadAt + RELOAD_EVERY_MS - Date.now());
        reloadTimer = setTimeout(() => {
          reloadTimer = null;
          if (screenMounted) void get().load();
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
  onEvent('review:changed', ({ ids, counts }) => useReview.getState().changed(ids, counts));
}
