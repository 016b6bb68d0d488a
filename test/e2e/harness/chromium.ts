import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run when missing); never a Playwright-downloaded browser. */
export const CHROMIUM_PATH = process.env.LEADFORGE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium flags of the harness. The first five keep a headless CI run quiet and offline-friendly;
 * `--allow-file-access-from-files` gives file:// pages what Electron grants its file:// pages (loading the
 * renderer's `<script type="module" crossorigin>` from disk; stock Chromium blocks that as a CORS request from
 * origin "null"); `--disable-dev-shm-usage` avoids crashes where /dev/shm is small (containers).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-file-access-from-files',
  '--disable-dev-shm-usage',
];

/** Launches headless Debian Chromium with {@link CHROMIUM_ARGS}. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
