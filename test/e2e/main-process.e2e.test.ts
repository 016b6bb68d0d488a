/**
 * What the main process serves itself, on the REAL built app: the row-error CSV export (save dialog), choosing
 * another data folder (folder dialog → userData/config.json → used after restart), quitting mid-run (the core is
 * flushed on before-quit and the run resumed at the next start), and the remembered window state.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateLeadCsv } from '../../electron/core/leads/generate';
import { callBridge } from './harness/bridge';
import { launchApp, type LaunchedApp } from './harness/launch';
import { goTo, screenshot } from './harness/screens';
import { makeAppDirs, type AppDirs } from './harness/temp';

let dirs: AppDirs;
let app: LaunchedApp;

beforeAll(async () => {
  dirs = makeAppDirs('lf-main-');
  app = await launchApp({ userData: dirs.userData, dataDir: dirs.dataDir });
});

afterAll(async () => {
  await app?.quit();
  dirs?.remove();
});

describe('main-process features', () => {
  test('row errors of an import are saved as CSV through the save dialog', async () => {
    const { page } = app;
    const csv = path.join(dirs.root, 'messy.csv');
    writeFileSync(
      csv,
      [
        'First Name,Last Name,Email,Company',
        'Ada,Lovelace,ada@analytical.io,Analytical Engines',
        'Grace,Hopper,,',
        'Alan,Turing,alan@bletchley.uk,Bletchley Park',
        ',,not-an-email,',
      ].join('\n'),
    );
    await goTo(page, 'import', ['ready', 'empty']);
    app.stub.queueOpenDialog([csv]);
    await page.getByTestId('import-pick-file').click();
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-result-rejected').textContent()).toBe('2');
    await page.getByTestId('import-error-list').waitFor();
    await screenshot(page, '30-import-row-errors');

    // Cancelled: nothing written.
    app.stub.queueSaveDialog(null);
    await page.getByTestId('import-export-errors').click();
    await expect.poll(() => app.record.dialogCalls.filter((c) => c.kind === 'save').length).toBe(1);

    const out = path.join(dirs.root, 'exported', 'errors.csv');
    app.stub.queueSaveDialog(out);
    await page.getByTestId('import-export-errors').click();
    await expect.poll(() => existsSync(out)).toBe(true);
    const save = app.record.dialogCalls.filter((c) => c.kind === 'save').at(-1)!;
    expect((save.options as { defaultPath: string }).defaultPath).toMatch(/messy-row-errors\.csv$/);
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,field,reason');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '5']);
  });

  test('another data folder is remembered in userData/config.json and used after a restart', async () => {
    const { page } = app;
    const other = path.join(dirs.root, 'other-data');
    await goTo(page, 'settings');
    await page.getByTestId('settings-tab-data').click();
    await expect.poll(() => page.getByTestId('settings-data-dir').textContent()).toBe(dirs.dataDir);
    app.stub.queueOpenDialog([other]);
    await page.getByTestId('settings-choose-data-dir').click();
    await expect.poll(() => JSON.parse(readFileSync(path.join(dirs.userData, 'config.json'), 'utf8')).dataDir).toBe(other);
    expect((await callBridge(page, 'app:info', {})).dataDir).toBe(dirs.dataDir); // until restart
    await screenshot(page, '31-settings-data-folder');

    await app.quit();
    app = await launchApp({ userData: dirs.userData }); // no override: the app reads config.json
    expect((await callBridge(app.page, 'app:info', {})).dataDir).toBe(other);
    expect(existsSync(other)).toBe(true);
    // Cancelling the dialog changes nothing.
    app.stub.queueOpenDialog(null);
    expect(await callBridge(app.page, 'settings:chooseDataDir', {})).toEqual({ path: null, restartRequired: false });
  });

  test('quitting mid-run flushes the run; the next start resumes it to the end, one draft per lead', async () => {
    const { page } = app;
    const csv = path.join(dirs.root, 'leads-1500.csv');
    await generateLeadCsv(csv, 1500);
    const settings = await callBridge(page, 'settings:get', {});
    await callBridge(page, 'settings:save', { settings: { ...settings, pipeline: { ...settings.pipeline, dnsEnabled: false, concurrency: 2 } } });
    const imported = await callBridge(page, 'import:run', { path: csv });
    const { runId } = await callBridge(page, 'runs:start', { importId: imported.importId });
    await expect.poll(async () => (await callBridge(page, 'runs:list', {})).find((r) => r.id === runId)!.leadsDone, { timeout: 60_000, interval: 100 }).toBeGreaterThan(50);
    await app.quit(); // before-quit: the core suspends the run and flushes
    app = await launchApp({ userData: dirs.userData });
    const afterQuit = (await callBridge(app.page, 'runs:list', {})).find((r) => r.id === runId)!;
    expect(afterQuit.leadsDone).toBeGreaterThan(50);
    expect(afterQuit.leadsDone).toBeLessThan(1500);
    // resumeInterrupted() at start-up picked it up:
    await expect.poll(async () => (await callBridge(app.page, 'runs:list', {})).find((r) => r.id === runId)!.status, { timeout: 120_000, interval: 500 }).toBe('done');
    const done = (await callBridge(app.page, 'runs:list', {})).find((r) => r.id === runId)!;
    expect(done).toMatchObject({ leadsTotal: 1500, leadsDone: 1500, leadsFailed: 0 });
    const table = await callBridge(app.page, 'runs:leads', { runId, limit: 1500 });
    expect(table.total).toBe(1500);
    const perLead = new Set(table.rows.map((l) => l.leadId));
    expect(perLead.size).toBe(1500);
    const drafts = (await callBridge(app.page, 'review:list', {})).entries.filter((e) => perLead.has(e.id));
    expect(drafts.length).toBeGreaterThan(0);
    expect(new Set(drafts.map((d) => d.id)).size).toBe(drafts.length);
  });

  test('window bounds and the maximized flag survive a restart', async () => {
    app.window!.setBounds({ x: 60, y: 40, width: 1100, height: 700 });
    app.window!.maximize();
    await app.quit();
    const saved = JSON.parse(readFileSync(path.join(dirs.userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ x: 60, y: 40, width: 1100, height: 700, maximized: true });

    app = await launchApp({ userData: dirs.userData });
    expect(app.record.windowOptions[0]).toMatchObject({ x: 60, y: 40, width: 1100, height: 700 });
    expect(app.window!.isMaximized()).toBe(true);
    await app.quit();

    // A state saved on a monitor that is gone: the window comes back on screen (x/y dropped), size kept.
    writeFileSync(path.join(dirs.userData, 'window-state.json'), JSON.stringify({ x: 5000, y: 3000, width: 1000, height: 700, maximized: false }));
    app = await launchApp({ userData: dirs.userData });
    expect(app.record.windowOptions[0]).toMatchObject({ width: 1000, height: 700 });
    expect(app.record.windowOptions[0]!.x).toBeUndefined();
  });
});
