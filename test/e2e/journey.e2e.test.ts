/**
 * The rep's main journey, end to end, on the REAL built app: main (out/main/index.js) running in Node with the
 * electron stand-in, the real preload and renderer in Debian Chromium (test/e2e/harness). Steps share one app
 * (and, after the restart, the same userData and data dir), so they run in order:
 * settings → import the real YC list (picker, fixed mapping) → run to completion → lead detail → keyboard review
 * (j/k/a/r/e) → Outbox → restart → everything still there. Screenshots of each screen go to test-results/e2e/.
 *
 * Data: Startups.csv, Y Combinator startups 2014, by Alice Corona (github.com/ali-ce/datasets), CC BY-SA 4.0,
 * read from ../shared/datasets (never copied into the repo).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callBridge } from './harness/bridge';
import { launchApp, type LaunchedApp } from './harness/launch';
import { STARTUPS_CSV } from './harness/paths';
import { goTo, screenshot, waitForScreen } from './harness/screens';
import { makeAppDirs, type AppDirs } from './harness/temp';

const STARTUPS_ROWS = 688;

let dirs: AppDirs;
let app: LaunchedApp;
/** What the review steps decided, checked again after the restart. */
const decided: { approved: string[]; edited?: { id: string; body: string }; rejected?: { id: string; reason: string } } = { approved: [] };

beforeAll(async () => {
  expect(existsSync(STARTUPS_CSV), `${STARTUPS_CSV} (../shared beside the repo)`).toBe(true);
  dirs = makeAppDirs('lf-journey-');
  app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir });
});

afterAll(async () => {
  await app?.quit();
  dirs?.remove();
});

/** The id shown in the review editor. */
const shownDraft = () => app.page.getByTestId('review-editor').getAttribute('data-id');

describe('the rep journey', () => {
  test('settings: turn DNS lookups off (deterministic, offline) and save', async () => {
    const { page } = app;
    await goTo(page, 'settings');
    await page.getByTestId('settings-tab-pipeline').click();
    const dns = page.getByTestId('settings-dns-enabled');
    await expect.poll(() => dns.isChecked()).toBe(true);
    await dns.setChecked(false, { force: true });
    await page.getByTestId('settings-save').click();
    await expect.poll(async () => (await callBridge(page, 'settings:get', {})).pipeline.dnsEnabled).toBe(false);
    await screenshot(page, '01-settings');
  });

  test('import: pick Startups.csv, fix a column mapping, import every row', async () => {
    const { page } = app;
    await goTo(page, 'import', ['ready', 'empty']);
    await screenshot(page, '02-import-empty');
    app.stub.queueOpenDialog([STARTUPS_CSV]);
    await page.getByTestId('import-pick-file').click();
    await expect.poll(() => page.getByTestId('import-file-info').textContent()).toBe('Startups.csv');
    expect(app.record.dialogCalls.at(-1)).toMatchObject({ kind: 'open', options: { properties: ['openFile'] } });

    // The auto-mapping took "Categories" as categories; the rep decides it is the industry.
    await page.getByTestId('import-mapping-auto-Categories').waitFor();
    const select = page.getByTestId('import-mapping-Categories');
    await select.click();
    await page.getByRole('option', { name: 'Industry', exact: true }).click();
    await expect.poll(() => select.inputValue()).toBe('Industry');
    await page.getByTestId('import-mapping-auto-Categories').waitFor({ state: 'detached' });
    await page.getByTestId('import-preview-table').waitFor();
    await screenshot(page, '03-import-preview');

    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor();
    await expect.poll(() => page.getByTestId('import-result-imported').textContent()).toBe(String(STARTUPS_ROWS));
    expect(await page.getByTestId('import-result-duplicates').textContent()).toBe('0');
    await screenshot(page, '04-import-result');
  });

  test('pipeline: start the run and watch it to completion', async () => {
    const { page } = app;
    await page.getByTestId('import-start-run').click();
    await waitForScreen(page, 'pipeline');
    await page.getByTestId('pipeline-progress').waitFor();
    await screenshot(page, '05-pipeline-running');
    await expect.poll(() => page.getByTestId('pipeline-status').getAttribute('data-status'), { timeout: 180_000, interval: 500 }).toBe('done');
    await expect.poll(() => page.getByTestId('pipeline-leads-done').textContent()).toContain(`${STARTUPS_ROWS}`);
    const runs = await callBridge(page, 'runs:list', {});
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'done', leadsTotal: STARTUPS_ROWS, leadsDone: STARTUPS_ROWS, leadsFailed: 0 });
    await screenshot(page, '06-pipeline-done');
  });

  test("lead detail: a lead's profile (with the fixed mapping), score and audit trail", async () => {
    const { page } = app;
    const firstRow = page.locator('[data-testid^="pipeline-lead-"][data-status]').first();
    await firstRow.click();
    const detail = page.getByTestId('lead-detail');
    await detail.waitFor();
    await page.getByTestId('lead-field-industry').waitFor();
    await screenshot(page, '07-lead-detail');
    await page.getByTestId('lead-detail-tab-score').click();
    await page.getByTestId('lead-detail-score').waitFor();
    await page.getByTestId('lead-detail-tab-audit').click();
    await page.getByTestId('lead-detail-audit').waitFor();
    await screenshot(page, '08-lead-detail-audit');
    await page.getByTestId('lead-detail-close').click();
    await detail.waitFor({ state: 'detached' });
  });

  test('review with the keyboard: j/k move, a approves, e edits then approves, r rejects with a reason', async () => {
    const { page } = app;
    await goTo(page, 'review');
    const rows = page.locator('[data-testid^="review-row-"]:not([data-testid^="review-row-check-"])');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    await expect.poll(shownDraft).not.toBeNull();
    const first = (await shownDraft())!;
    await screenshot(page, '09-review');

    await page.keyboard.press('j');
    await expect.poll(shownDraft).not.toBe(first);
    const second = (await shownDraft())!;
    await page.keyboard.press('k');
    await expect.poll(shownDraft).toBe(first);

    // a: approve the first draft (its body is on screen).
    await page.getByTestId('review-body').waitFor();
    await page.keyboard.press('a');
    await expect.poll(() => callBridge(page, 'review:get', { id: first }).then((i) => i.status)).toBe('approved');
    decided.approved.push(first);
    // The navbar badge follows the queue's counts (review:counts / review:changed), never a list fetch.
    const counts = await callBridge(page, 'review:counts', {});
    await expect.poll(() => page.getByTestId('nav-review-badge').textContent()).toBe(String(counts.pending + counts.flagged));

    // e: edit the next open draft, then approve with the edits.
    await page.getByTestId(`review-row-${second}`).click();
    await expect.poll(shownDraft).toBe(second);
    await page.keyboard.press('e');
    const body = page.getByTestId('review-body-input');
    await body.waitFor();
    const edited = `${await body.inputValue()}\n\nP.S. Happy to send a two-minute video instead.`;
    await body.fill(edited);
    await screenshot(page, '10-review-editing');
    await page.getByTestId('review-save-approve').click();
    await expect.poll(() => callBridge(page, 'review:get', { id: second }).then((i) => [i.status, i.edited, i.draft.body])).toEqual(['approved', true, edited]);
    decided.approved.push(second);
    decided.edited = { id: second, body: edited };

    // r: reject another one with a reason.
    const open = (await callBridge(page, 'review:list', {})).entries.find((e) => e.status === 'pending' && !decided.approved.includes(e.id))!;
    await page.getByTestId(`review-row-${open.id}`).click();
    await expect.poll(shownDraft).toBe(open.id);
    await page.keyboard.press('r');
    const reason = page.getByTestId('review-reject-reason');
    await reason.waitFor();
    await reason.fill('Not a fit: they build in-house.');
    await screenshot(page, '11-review-reject');
    await page.getByTestId('review-reject-confirm').click();
    await expect.poll(() => callBridge(page, 'review:get', { id: open.id }).then((i) => [i.status, i.rejectReason])).toEqual(['rejected', 'Not a fit: they build in-house.']);
    decided.rejected = { id: open.id, reason: 'Not a fit: they build in-house.' };

    // ?: the shortcut help.
    await page.keyboard.press('?');
    await page.getByTestId('review-help').waitFor();
    await screenshot(page, '12-review-help');
    await page.keyboard.press('Escape');
  });

  test('outbox: the approved drafts, and only those', async () => {
    const { page } = app;
    await goTo(page, 'outbox');
    for (const id of decided.approved) await page.getByTestId(`outbox-row-${id}`).waitFor();
    await page.getByTestId(`outbox-row-${decided.rejected!.id}`).waitFor({ state: 'detached' });
    expect((await callBridge(page, 'outbox:list', {})).map((e) => e.id).sort()).toEqual([...decided.approved].sort());
    await screenshot(page, '13-outbox');
  });

  test('restart: quit, start again on the same folders, and everything is still there', async () => {
    await app.quit();
    app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir });
    const { page } = app;
    expect((await callBridge(page, 'app:info', {})).dataDir).toBe(dirs.dataDir);
    expect((await callBridge(page, 'settings:get', {})).pipeline.dnsEnabled).toBe(false);

    await goTo(page, 'pipeline');
    await expect.poll(() => page.getByTestId('pipeline-status').getAttribute('data-status')).toBe('done');
    expect((await callBridge(page, 'runs:list', {}))[0]).toMatchObject({ status: 'done', leadsDone: STARTUPS_ROWS });

    await goTo(page, 'outbox');
    for (const id of decided.approved) await page.getByTestId(`outbox-row-${id}`).waitFor();
    const edited = await callBridge(page, 'review:get', { id: decided.edited!.id });
    expect([edited.status, edited.draft.body]).toEqual(['approved', decided.edited!.body]);
    const rejected = await callBridge(page, 'review:get', { id: decided.rejected!.id });
    expect([rejected.status, rejected.rejectReason]).toEqual(['rejected', decided.rejected!.reason]);
    await screenshot(page, '14-after-restart-outbox');
    expect(app.pageErrors).toEqual([]);
    expect(existsSync(path.join(dirs.userData, 'window-state.json'))).toBe(true);
  });
});
