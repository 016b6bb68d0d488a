import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './paths';

/**
 * Saves a full-window screenshot to test-results/e2e/<name>.png, with the pointer parked off the content (no
 * stray hover tooltips; bottom-left, on the navbar's edge: the bottom-right corner is where toasts show, and a
 * pointer over a toast pauses its auto-close) and animations settled.
 * @returns the file path
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const size = page.viewportSize();
  await page.mouse.move(1, (size?.height ?? 800) - 1);
  await page.waitForTimeout(250);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** The screen root `<screen>-screen` once its `data-state` is `ready` (or `empty`, when allowed). */
export async function waitForScreen(page: Page, screen: string, states: string[] = ['ready']): Promise<Locator> {
  const root = page.getByTestId(`${screen}-screen`);
  await root.waitFor({ state: 'visible' });
  await page.waitForFunction(
    ([id, ok]) => {
      const el = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector(`[data-testid="${id}"]`);
      const state = el?.getAttribute('data-state');
      return state === null || state === undefined ? true : ok.includes(state);
    },
    [`${screen}-screen`, states] as const,
    { timeout: 60_000 },
  );
  return root;
}

/** Clicks a navbar link and waits for that screen. */
export async function goTo(page: Page, screen: 'import' | 'pipeline' | 'review' | 'outbox' | 'crm' | 'settings', states?: string[]): Promise<Locator> {
  await page.getByTestId(`nav-${screen}`).click();
  return waitForScreen(page, screen, states);
}
