import { create } from 'zustand';
import { notify } from '../../notify';
import { errorMessage } from '../../bridge';
import { formatCount } from '../../stores/format';
import { OPEN_STATUSES, useReview } from '../../stores/review';

export type ReviewAction = 'approve' | 'reject' | 'regenerate' | 'reopen';

export interface EditState {
  id: string;
  subject: string;
  body: string;
}

interface ReviewUiState {
  /** The draft being edited (subject/body working copy), or null. */
  edit: EditState | null;
  busy: ReviewAction | null;
  bulkBusy: boolean;
  rejecting: boolean;
  help: boolean;
  confirmBulk: boolean;
}

/**
 * UI state of the Review screen (editing, busy action, open modals), kept outside React components so keyboard
 * shortcuts read it at call time and a j/k move re-renders only the draft and context panels.
 */
export const useReviewUi = create<ReviewUiState>(() => ({
  edit: null,
  busy: null,
  bulkBusy: false,
  rejecting: false,
  help: false,
  confirmBulk: false,
}));

const ui = () => useReviewUi.getState();
const set = (patch: Partial<ReviewUiState>) => useReviewUi.setState(patch);

/** The selected draft's full item, when loaded. */
function selectedItem() {
  const s = useReview.getState();
  return s.selectedId ? s.items.get(s.selectedId) : undefined;
}

function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** True while a modal of the screen is open (shortcuts other than its own are off). */
export function modalOpen(): boolean {
  const u = ui();
  return u.rejecting || u.help || u.confirmBulk;
}

async function run(action: ReviewAction, fn: () => Promise<unknown>, success?: string): Promise<boolean> {
  set({ busy: action });
  try {
    await fn();
    if (success) notify('success', { message: success, ...(action === 'approve' ? {} : { color: 'gray' }) });
    return true;
  } catch (e) {
    notify('error', { title: `Could not ${action} the draft`, message: errorMessage(e) });
    return false;
  } finally {
    set({ busy: null });
  }
}

/** Approve the shown draft as is (a). */
export function approve(): void {
  const item = selectedItem();
  if (!item || ui().busy || !isOpen(item.status)) return;
  const name = item.draft.to.name || item.draft.to.company || 'Draft';
  void run('approve', () => useReview.getState().approve(item.id), `${name}: approved`);
}

/** Start editing the shown draft (e). */
export function startEdit(): void {
  const item = selectedItem();
  if (item && isOpen(item.status)) set({ edit: { id: item.id, subject: item.draft.subject, body: item.draft.body } });
}

export function cancelEdit(): void {
  if (ui().edit) set({ edit: null });
}

export function setEdit(edit: EditState): void {
  set({ edit });
}

/** Approve with the edits (Ctrl/⌘ Enter, or `a` outside the inputs while editing). */
export function saveApprove(): void {
  const item = selectedItem();
  const edit = ui().edit;
  if (!item || !edit || edit.id !== item.id || ui().busy) return;
  if (!edit.subject.trim() || !edit.body.trim()) {
    notify('warning', { message: 'Subject and body cannot be empty.' });
    return;
  }
  const changed = edit.subject !== item.draft.subject || edit.body !== item.draft.body;
  void run(
    'approve',
    () => useReview.getState().approve(item.id, changed ? { subject: edit.subject, body: edit.body } : undefined),
    changed ? 'Edited and approved' : 'Approved',
  ).then((ok) => {
    if (ok) set({ edit: null });
  });
}

/** Open the reject modal (r). */
export function askReject(): void {
  const item = selectedItem();
  if (item && isOpen(item.status)) set({ rejecting: true });
}

export function closeReject(): void {
  set({ rejecting: false });
}

export function confirmReject(reason: string): void {
  const item = selectedItem();
  if (!item) return;
  void run('reject', () => useReview.getState().reject(item.id, reason), 'Draft rejected').then((ok) => {
    if (!ok) return;
    // Leave the closing modal's textarea at once, so the next shortcut (j, a…) is not swallowed as typing.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    set({ rejecting: false, edit: null });
  });
}

export function regenerate(): void {
  const item = selectedItem();
  if (item) void run('regenerate', () => useReview.getState().regenerate(item.id), 'Draft regenerated');
}

export function reopen(): void {
  const item = selectedItem();
  if (item) void run('reopen', () => useReview.getState().reopen(item.id), 'Back in the queue');
}

export function showHelp(open: boolean): void {
  set({ help: open });
}

export function askBulk(open: boolean): void {
  set({ confirmBulk: open });
}

export async function bulkApprove(): Promise<void> {
  set({ bulkBusy: true });
  try {
    const r = await useReview.getState().bulkApprove();
    notify(r.refused.length ? 'warning' : 'success', {
      title: `${formatCount(r.approved.length)} approved`,
      message: r.refused.length ? `${r.refused.length} refused: ${r.refused[0].reason}` : 'They are in the Outbox.',
    });
  } catch (e) {
    notify('error', { title: 'Bulk approve failed', message: errorMessage(e) });
  } finally {
    set({ bulkBusy: false, confirmBulk: false });
  }
}

/** Leaving a draft (j/k, click) drops unsaved edits of another draft. */
useReview.subscribe((s, prev) => {
  if (s.selectedId !== prev.selectedId) {
    const edit = ui().edit;
    if (edit && edit.id !== s.selectedId) set({ edit: null });
  }
});
