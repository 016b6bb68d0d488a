import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from './atomic-file';

/** A rectangle in screen coordinates (px). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Window bounds and maximized flag, remembered in `userData/window-state.json`. */
export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(200).max(100_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WINDOW = { width: 960, height: 640 };
/** How much of the window (px) must lie on a display for saved x/y to be reused. */
const VISIBLE_MARGIN = { width: 120, height: 60 };

/**
 * Validates saved window state against the current displays: unknown shape → defaults; size clamped to
 * [MIN_WINDOW, largest work area]; x/y dropped (the OS centres the window) unless the window's top strip lies on
 * a display's work area (so a window saved on a now-unplugged monitor reappears on screen).
 * @param raw the parsed JSON of window-state.json (or undefined)
 * @param workAreas work areas of every display (`screen.getAllDisplays().map(d => d.workArea)`)
 * @returns a state safe to pass to `new BrowserWindow`
 */
export function sanitizeWindowState(raw: unknown, workAreas: Rect[]): WindowState {
  const parsed = WindowStateSchema.safeParse(raw);
  const state = parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  const maxW = Math.max(MIN_WINDOW.width, ...workAreas.map((a) => a.width));
  const maxH = Math.max(MIN_WINDOW.height, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(state.width, MIN_WINDOW.width), maxW);
  const height = Math.min(Math.max(state.height, MIN_WINDOW.height), maxH);
  const out: WindowState = { width, height, maximized: state.maximized };
  if (state.x !== undefined && state.y !== undefined) {
    const top: Rect = { x: state.x, y: state.y, width, height: VISIBLE_MARGIN.height };
    if (workAreas.some((a) => overlap(top, a).width >= Math.min(VISIBLE_MARGIN.width, width) && overlap(top, a).height >= VISIBLE_MARGIN.height / 2)) {
      out.x = state.x;
      out.y = state.y;
    }
  }
  return out;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Reads and validates `file` ({@link sanitizeWindowState}); a missing or unreadable file gives the defaults.
 * @param file absolute path of window-state.json
 * @param workAreas the displays' work areas
 */
export async function loadWindowState(file: string, workAreas: Rect[]): Promise<WindowState> {
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch {
    raw = undefined;
  }
  return sanitizeWindowState(raw, workAreas);
}

/** The BrowserWindow methods the tracker uses. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  isDestroyed(): boolean;
  isMaximized(): boolean;
  getNormalBounds(): Rect;
}

/**
 * Saves the window's normal bounds and maximized flag to `file`: 500 ms after the last move/resize, and at once
 * when the window closes. Write errors are reported to `onError` and otherwise ignored.
 * @returns `flush()`: writes the current state now (awaitable; used on quit)
 */
export function trackWindowState(win: TrackedWindow, file: string, onError: (err: unknown) => void): { flush(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let last: WindowState | undefined;
  const capture = (): void => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    last = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
  };
  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    capture();
    if (last) await writeFileAtomic(file, `${JSON.stringify(last)}\n`).catch(onError);
  };
  const schedule = (): void => {
    capture();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), 500);
    timer.unref?.();
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
  win.on('close', () => void flush());
  return { flush };
}
