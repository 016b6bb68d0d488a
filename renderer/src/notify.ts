import type { ReactNode } from 'react';
import { notifications } from '@mantine/notifications';

/** How long a toast stays, per kind (ms); errors stay until the rep dismisses them. */
export const TOAST_MS = { success: 3000, info: 3500, warning: 7000 } as const;

/** At most this many toasts show at once (older ones queue). Passed to `<Notifications limit>` in main.tsx. */
export const TOAST_LIMIT = 3;

export type ToastKind = 'success' | 'info' | 'warning' | 'error';

const COLOR: Record<ToastKind, string> = { success: 'teal', info: 'indigo', warning: 'orange', error: 'red' };

/** Success/info/warning toasts showing (id → when shown, ms), so a screen change can drop the stale ones. */
const transient = new Map<string, number>();

/**
 * Shows a toast (Mantine notifications) with the app's policy: success and info close by themselves after a few
 * seconds ({@link TOAST_MS}), warnings a little later, errors stay until dismissed; leaving a screen drops the
 * non-error toasts shown more than a moment before ({@link dismissStaleToasts}).
 * @param kind success | info | warning | error (sets the colour and how long it stays)
 * @param toast.message the text; `title` optional; `color` overrides the kind's colour (e.g. gray for "Run cancelled")
 * @returns the notification id
 */
export function notify(kind: ToastKind, toast: { message: ReactNode; title?: ReactNode; color?: string }): string {
  const id = notifications.show({
    color: toast.color ?? COLOR[kind],
    title: toast.title,
    message: toast.message,
    autoClose: kind === 'error' ? false : TOAST_MS[kind],
    withCloseButton: true,
    onClose: () => transient.delete(id),
  });
  if (kind !== 'error') transient.set(id, Date.now());
  return id;
}

/**
 * Hides the success/info/warning toasts shown at least `minAgeMs` ago (called when the screen changes: they were
 * about the screen left behind; a toast shown with the navigation itself, such as "Processing started" on the way to
 * Pipeline, stays). Errors stay until dismissed.
 * @param minAgeMs age in ms from which a toast counts as stale (default 1500)
 */
export function dismissStaleToasts(minAgeMs = 1500): void {
  const now = Date.now();
  for (const [id, at] of transient) {
    if (now - at < minAgeMs) continue;
    transient.delete(id);
    notifications.hide(id);
  }
}
