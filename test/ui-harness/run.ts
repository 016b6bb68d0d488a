/**
 * Renderer screenshot harness (not part of the test suite). Opens the built renderer (out/renderer/index.html)
 * in Debian's Chromium through playwright-core with a mock `window.leadforge` (test/ui-harness/mock) holding
 * realistic data from the real YC list (10k review-queue entries, a streaming 10k-lead run), visits every screen
 * and state, saves PNGs to test-results/ui-harness/, and reports console errors, CSP violations, React errors,
 * long tasks and the review timings.
 *
 * Usage: npx electron-vite build && npx tsx test/ui-harness/run.ts [--only=name,name] [--dark]
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { LeadFieldSchema, type ColumnMapping } from '@shared/domain/lead';
import { SettingsSchema } from '@shared/domain/settings';
import type { ImportPreview } from '@shared/ipc';
import { previewLeads } from '../../electron/core/leads';
import type { MockSeed, SeedCompany } from './mock/seed';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = resolve(ROOT, 'test-results/ui-harness');
const CSV = resolve(ROOT, '../shared/datasets/companies/ali-ce_yc-startups-2014/Startups.csv');
const INDEX = pathToFileURL(resolve(ROOT, 'out/renderer/index.html')).href;
const profile = process.argv.includes('--profile');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');

async function mockBundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { '@shared': resolve(ROOT, 'shared') } },
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, 'mock/entry.ts'), formats: ['iife'], name: 'LeadforgeMock', fileName: 'mock' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const o of outputs) if ('output' in o) return o.output[0].code;
  throw new Error('mock bundle: no output');
}

function money(text: string): number | undefined {
  const m = /\$\s?([\d,]+)/.exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : undefined;
}

async function companies(): Promise<SeedCompany[]> {
  const rows = parse(await readFile(CSV), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => ({
    company: r.Company,
    status: r.Satus || 'Operating',
    description: r.Description || `${r.Company} is a Y Combinator company`,
    categories: (r.Categories || '').split(',').map((s) => s.trim()).filter(Boolean),
    founders: (r.Founders || '').split(',').map((s) => s.trim()).filter(Boolean),
    city: r['Headquarters (City)'] || 'San Francisco',
    country: r['Headquarters (Country)'] || 'USA',
    website: r.Website || '',
    fundingUsd: money(r['Amounts raised in different funding rounds'] || ''),
    foundedYear: Number(r['Year Founded']) || undefined,
  }));
}

async function realPreview(path: string, mapping?: ColumnMapping): Promise<ImportPreview> {
  const p = await previewLeads(path, mapping ? { mapping } : {});
  return {
    file: path,
    fileName: p.file,
    format: p.format,
    encoding: p.encoding,
    delimiter: p.delimiter,
    headers: p.headers,
    autoMapping: p.autoMapping,
    mapping: p.mapping,
    headerWarnings: p.headerWarnings,
    sample: p.sample.map((r) => ({ row: r.row, cells: r.cells, rejected: r.rejected })),
    fields: LeadFieldSchema.options,
  };
}

const INSTRUMENT = `
  window.__lf = { csp: [], longTasks: [], errors: [] };
  document.addEventListener('securitypolicyviolation', (e) => window.__lf.csp.push(e.violatedDirective + ' ' + e.blockedURI));
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lf.longTasks.push(Math.round(e.duration)); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
`;

/** Presses j (as a document keydown) and resolves with the ms until `review:item-rendered` for the next row. */
const NEXT_DRAFT = `(async () => {
  const rows = [...document.querySelectorAll('[data-testid^="review-row-"][role="option"]')];
  const i = rows.findIndex((r) => r.dataset.selected === 'true');
  const next = rows[i + 1] && rows[i + 1].dataset.testid.replace('review-row-', '');
  performance.mark('h:j');
  const start = performance.getEntriesByName('h:j').pop().startTime;
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
  for (let n = 0; n < 200; n++) {
    const hit = performance.getEntriesByName('review:item-rendered').find((m) => m.startTime >= start && m.detail && m.detail.id === next);
    if (hit) return hit.startTime - start;
    await new Promise((r) => setTimeout(r, 2));
  }
  return -1;
})()`;

interface Problems { console: string[]; csp: string[] }

async function openApp(seed: MockSeed, bundle: string, dark = false): Promise<{ page: Page; problems: Problems; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless', '--allow-file-access-from-files'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: dark ? 'dark' : 'light' });
  const page = await context.newPage();
  const problems: Problems = { console: [], csp: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  await page.exposeFunction('__lfPreview', (path: string, mapping?: ColumnMapping) => realPreview(path, mapping));
  await page.addInitScript({ content: INSTRUMENT });
  if (dark) await page.addInitScript({ content: `localStorage.setItem('leadforge-color-scheme', 'dark');` });
  await page.addInitScript({ content: `globalThis.__LF_SEED__ = ${JSON.stringify(seed)};\n${bundle}` });
  await page.goto(INDEX);
  await page.getByTestId('app-shell').waitFor();
  current = page;
  return {
    page,
    problems,
    close: async () => {
      const lf = await page.evaluate<{ csp: string[] }>('window.__lf').catch(() => ({ csp: [] as string[] }));
      problems.csp.push(...lf.csp);
      await browser.close();
    },
  };
}

const shots: string[] = [];
async function shot(page: Page, name: string): Promise<void> {
  if (only && !only.some((o) => name.startsWith(o))) return;
  await page.mouse.move(1350, 850);
  await page.waitForTimeout(250);
  const file = resolve(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
}

async function nav(page: Page, screen: string): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await page.getByTestId(`${screen}-screen`).waitFor();
}

let current: Page | null = null;

interface CpuNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
/** Self time (ms) per script and the top functions of a CDP CPU profile. */
function summariseProfile(p: { nodes: CpuNode[]; samples?: number[]; timeDeltas?: number[] }): unknown {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  (p.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas?.[i] ?? 0) / 1000));
  const perScript = new Map<string, number>();
  const perFn = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const script = n.callFrame.url ? n.callFrame.url.split('/').pop() || '(inline)' : `(${n.callFrame.functionName || 'native'})`;
    perScript.set(script, (perScript.get(script) ?? 0) + ms);
    const fn = `${n.callFrame.functionName || '(anon)'} ${script}:${n.callFrame.lineNumber}`;
    perFn.set(fn, (perFn.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, ms]) => `${Math.round(ms)} ms ${name}`);
  return { perScript: top(perScript, 8), topFunctions: top(perFn, 25) };
}

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const [bundle, list, preview] = await Promise.all([mockBundle(), companies(), realPreview(CSV)]);
  const base: MockSeed = {
    scenario: 'fresh', crmBroken: true, queueSize: 10_000, streamLeads: 10_000, stream: false, companies: list,
    settings: SettingsSchema.parse({}), pickPath: CSV, fields: LeadFieldSchema.options, preview,
  };
  const report: Record<string, unknown> = {};
  const allProblems: Problems = { console: [], csp: [] };

  // 1. First start: every empty state; CRM backend missing.
  {
    const app = await openApp(base, bundle);
    const { page } = app;
    await shot(page, '01-import-empty');
    await nav(page, 'pipeline');
    await shot(page, '02-pipeline-empty');
    await nav(page, 'review');
    await page.getByTestId('review-empty').waitFor();
    await shot(page, '03-review-empty');
    await nav(page, 'outbox');
    await page.getByTestId('outbox-empty').waitFor();
    await shot(page, '04-outbox-empty');
    await nav(page, 'crm');
    await page.getByTestId('crm-error').waitFor();
    await shot(page, '05-crm-unavailable');
    // Import flow on the real file: preview, fix a mapping, import.
    await nav(page, 'import');
    await page.getByTestId('import-pick-file').click();
    await page.getByTestId('import-mapping-table').waitFor();
    await shot(page, '06-import-preview');
    await page.getByTestId('import-mapping-Y Combinator Year').click();
    await page.getByRole('option', { name: 'Founded year' }).click();
    await page.waitForTimeout(400);
    await page.getByTestId('import-preview-table').scrollIntoViewIfNeeded();
    await shot(page, '07-import-mapping-edited');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor();
    await shot(page, '08-import-result');
    await app.close();
    allProblems.console.push(...app.problems.console);
    allProblems.csp.push(...app.problems.csp);
  }

  // 2. A busy workspace: streaming 10k-lead run, 10k drafts, HubSpot connected.
  {
    const app = await openApp({ ...base, scenario: 'full', crmBroken: false, stream: true }, bundle);
    const { page } = app;
    await nav(page, 'pipeline');
    await page.getByTestId('pipeline-lead-table').waitFor();
    await page.evaluate('window.__lf.longTasks.length = 0');
    const cdp = profile ? await page.context().newCDPSession(page) : null;
    const metrics = async () => {
      const m = await cdp!.send('Performance.getMetrics');
      return Object.fromEntries(m.metrics.filter((x) => /Duration$|^(LayoutCount|RecalcStyleCount)$/.test(x.name)).map((x) => [x.name, x.value]));
    };
    let before: Record<string, number> = {};
    if (cdp) {
      await cdp.send('Performance.enable');
      before = await metrics();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.waitForTimeout(5000);
    if (cdp) {
      report.profile = summariseProfile((await cdp.send('Profiler.stop')).profile);
      const after = await metrics();
      report.metrics5s = Object.fromEntries(Object.keys(after).map((k) => [k, Math.round((after[k] - (before[k] ?? 0)) * (k.endsWith('Duration') ? 1000 : 1))]));
    }
    report.pipelineLongTasksWhileStreaming = await page.evaluate<number[]>('window.__lf.longTasks');
    await shot(page, '10-pipeline-streaming');
    await page.getByTestId('pipeline-lead-filter').getByText('Failed').click();
    await shot(page, '11-pipeline-failed-filter');
    await page.getByTestId('pipeline-lead-filter').getByText('All').click();
    await page.locator('[data-testid^="pipeline-lead-lead-"]').nth(3).click();
    await page.getByTestId('lead-field-company').waitFor();
    await shot(page, '12-lead-detail-profile');
    await page.getByTestId('lead-detail-tab-score').click();
    await shot(page, '13-lead-detail-score');
    await page.getByTestId('lead-detail-tab-audit').click();
    await shot(page, '14-lead-detail-audit');
    await page.keyboard.press('Escape');
    await page.getByTestId('pipeline-run-run-startups').click();
    await page.waitForTimeout(300);
    await shot(page, '15-pipeline-done-run');

    await nav(page, 'review');
    await page.getByTestId('review-body').waitFor();
    await shot(page, '20-review');
    for (let k = 0; k < 6; k++) {
      await page.keyboard.press('j');
      await page.waitForTimeout(60);
    }
    await shot(page, '21-review-after-j');
    await page.keyboard.press('e');
    await page.getByTestId('review-body-input').waitFor();
    await page.getByTestId('review-body-input').press('End');
    await page.keyboard.type('\nP.S. Happy to share a 2-minute demo video instead.');
    await shot(page, '22-review-editing');
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.getByTestId('review-reject-reason').waitFor();
    await page.getByTestId('review-reject-reason').fill('Already in touch through a partner');
    await shot(page, '23-review-reject-modal');
    await page.getByTestId('review-reject-confirm').click();
    await page.waitForTimeout(300);
    await page.keyboard.press('Shift+?');
    await page.getByTestId('review-help').waitFor();
    await shot(page, '24-review-help');
    await page.keyboard.press('Escape');
    await page.getByTestId('review-select-seen').click();
    await shot(page, '25-review-bulk-selected');
    // A flagged draft with issues.
    await page.getByTestId('review-filter-status-pending').click();
    await page.waitForTimeout(300);
    await page.locator('[data-testid^="review-row-"][role="option"]').first().click();
    await page.getByTestId('review-issues').waitFor();
    await shot(page, '26-review-flagged');

    await nav(page, 'outbox');
    await page.getByTestId('outbox-list').waitFor();
    await shot(page, '30-outbox');

    await nav(page, 'crm');
    await page.getByTestId('crm-connection').waitFor();
    await page.getByTestId('crm-test').click();
    await page.getByTestId('crm-test-result').waitFor();
    await shot(page, '40-crm-hubspot-connection');
    await page.getByTestId('crm-tab-mapping').click();
    await page.getByTestId('crm-mapping-table').waitFor();
    await shot(page, '41-crm-mapping');
    await page.getByTestId('crm-tab-sync').click();
    await page.getByTestId('crm-preview').click();
    await page.getByTestId('crm-preview-table').waitFor();
    await shot(page, '42-crm-preview');
    await page.getByTestId('crm-sync-now').click();
    await page.waitForTimeout(500);
    await shot(page, '43-crm-syncing');
    await page.getByTestId('crm-sync-result').waitFor();
    await page.getByTestId('crm-tab-leads').click();
    await page.getByTestId('crm-lead-states').waitFor();
    await shot(page, '44-crm-lead-states');
    await page.getByTestId('crm-kind').getByText('Salesforce').click();
    await page.getByTestId('crm-connection').waitFor();
    await shot(page, '45-crm-salesforce-connect');

    await nav(page, 'settings');
    await page.getByTestId('settings-sender-name').waitFor();
    await shot(page, '50-settings-sender');
    for (const tab of ['templates', 'icp', 'pipeline', 'crm', 'data'] as const) {
      await page.getByTestId(`settings-tab-${tab}`).click();
      await shot(page, `51-settings-${tab}`);
    }
    await page.getByTestId('settings-tab-crm').click();
    await page.getByLabel('Login URL').fill('login.salesforce');
    await page.getByLabel('API version').fill('62');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-errors').waitFor();
    await shot(page, '52-settings-error');
    await app.close();
    allProblems.console.push(...app.problems.console);
    allProblems.csp.push(...app.problems.csp);
  }

  // 3. Review timings as the UI benchmark measures them: 10k drafts loaded, nothing streaming.
  {
    const app = await openApp({ ...base, scenario: 'full', crmBroken: false, stream: false }, bundle);
    const { page } = app;
    // Review timings: first render and next draft (marks documented in renderer/src/testids.ts).
    await page.evaluate(`performance.clearMarks(); performance.mark('h:nav'); document.querySelector('[data-testid="nav-review"]').click();`);
    await page.waitForFunction(`performance.getEntriesByName('review:list-rendered').length > 0`);
    report.reviewFirstRenderMs = await page.evaluate<number>(`Math.round(performance.getEntriesByName('review:list-rendered')[0].startTime - performance.getEntriesByName('h:nav')[0].startTime)`);
    await page.getByTestId('review-body').waitFor();
    const nextTimes: number[] = [];
    for (let k = 0; k < 12; k++) {
      const t = await page.evaluate<number>(NEXT_DRAFT);
      nextTimes.push(Math.round(t * 10) / 10);
    }
    report.reviewNextDraftMs = nextTimes;
    await app.close();
    allProblems.console.push(...app.problems.console);
    allProblems.csp.push(...app.problems.csp);
  }

  // 4. Dark theme.
  {
    const app = await openApp({ ...base, scenario: 'full', crmBroken: false, stream: false, queueSize: 2000 }, bundle, true);
    const { page } = app;
    await nav(page, 'review');
    await page.getByTestId('review-body').waitFor();
    await shot(page, '60-dark-review');
    await nav(page, 'pipeline');
    await page.getByTestId('pipeline-lead-table').waitFor();
    await shot(page, '61-dark-pipeline');
    await app.close();
    allProblems.console.push(...app.problems.console);
    allProblems.csp.push(...app.problems.csp);
  }

  console.log(JSON.stringify({ screenshots: shots.length, out: OUT, ...report, problems: allProblems }, null, 2));
  if (allProblems.csp.length || allProblems.console.some((m) => /error/i.test(m))) process.exitCode = 1;
}

main().catch(async (e: unknown) => {
  console.error(e);
  if (current) await current.screenshot({ path: resolve(OUT, '99-failure.png') }).catch(() => undefined);
  process.exit(1);
});
