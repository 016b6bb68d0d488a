import { describe, expect, it, beforeAll } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, runCli, sharedDatasets, tempDir } from '../helpers/cli';

// The real lists are read from ../shared/datasets (attribution: Alice Corona, github.com/ali-ce/datasets, CC BY-SA 4.0).
const startups = join(sharedDatasets, 'companies/ali-ce_yc-startups-2014/Startups.csv');
const withDomain = join(sharedDatasets, 'companies/derived_companies_with_domain/companies_with_domain.csv');

interface Summary {
  rows: number; imported: number; rejected: { row: number; field?: string; reason: string }[]; duplicates: number;
  processed: number; failed: number; drafts: number; notQualified: number; runIds: string[]; durationMs: number;
}

const smallCsv = [
  'First Name,Last Name,Email,Company,Website,Job Title,Industry,City,Country,Employees',
  'Maria,Garcia,maria.garcia@acmeanalytics.io,Acme Analytics,https://www.acmeanalytics.io,VP of Sales,B2B SaaS analytics,San Francisco,United States,120',
  'John,Smith,john@gmail.com,,,,,,,',
  'Priya,Patel,priya@brightledger.com,Bright Ledger,brightledger.com,Chief Financial Officer,Fintech software,New York,United States,45',
  'Test,Test,asdf@mailinator.com,asdf,,,,,,',
  'Maria,Garcia,MARIA.GARCIA@acmeanalytics.io,Acme Analytics,acmeanalytics.io,VP of Sales,B2B SaaS analytics,San Francisco,United States,120',
  'Chen,Wei,not-an-email,,,,,,,',
].join('\n');

describe('leadforge CLI', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = tempDir();
    file = join(dir, 'leads.csv');
    writeFileSync(file, smallCsv);
  });

  it('process --json imports, dedupes, rejects with row numbers and drafts the qualified leads', () => {
    const r = runCli(['process', file, '--data-dir', join(dir, 'data'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = json<Summary>(r);
    expect(s.rows).toBe(6);
    expect(s.duplicates).toBe(1);
    expect(s.rejected.map((e) => e.row)).toContain(7);
    expect(s.imported).toBe(6 - 1 - s.rejected.length);
    expect(s.processed).toBe(s.imported);
    expect(s.failed).toBe(0);
    expect(s.drafts).toBeGreaterThanOrEqual(2);
    expect(s.drafts + s.notQualified).toBe(s.processed);

    const drafts = json<{ company?: string; subject: string; body: string; score: number; factors: unknown[]; verdict: { passed: boolean } }[]>(
      runCli(['drafts', '--data-dir', join(dir, 'data'), '--json']),
    );
    expect(drafts).toHaveLength(s.drafts);
    const acme = drafts.find((d) => d.company === 'Acme Analytics');
    expect(acme?.body).toContain('Maria');
    expect(acme?.body).not.toMatch(/\{\{|\}\}/);
    expect(acme?.factors.length).toBeGreaterThan(0);
  });

  it('running process again resumes nothing new and duplicates nothing', () => {
    const dataDir = join(dir, 'data');
    const before = json<{ leads: number; runs: { id: string }[]; queue: Record<string, number> }>(runCli(['status', '--data-dir', dataDir, '--json']));
    const r = runCli(['process', file, '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = json<Summary>(r);
    expect(s.imported).toBe(0);
    const after = json<{ leads: number; runs: { id: string }[]; queue: Record<string, number> }>(runCli(['status', '--data-dir', dataDir, '--json']));
    expect(after.leads).toBe(before.leads);
    expect(after.runs.map((x) => x.id)).toEqual(before.runs.map((x) => x.id));
    expect(after.queue).toEqual(before.queue);
  });

  it('bad input: a clear message naming the file, non-zero exit, and the stored data intact', () => {
    const dataDir = join(dir, 'data');
    const before = runCli(['drafts', '--data-dir', dataDir, '--json']).stdout;
    const missing = runCli(['process', join(dir, 'nope.csv'), '--data-dir', dataDir]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('nope.csv');
    const bin = join(dir, 'image.csv');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    const binary = runCli(['process', bin, '--data-dir', dataDir]);
    expect(binary.code).not.toBe(0);
    expect(binary.stderr).toContain('image.csv');
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const e = runCli(['process', empty, '--data-dir', dataDir]);
    expect(e.code).not.toBe(0);
    expect(e.stderr).toContain('empty.csv');
    expect(runCli(['drafts', '--data-dir', dataDir, '--json']).stdout).toBe(before);
  });

  it('review --input checks drafts given as JSON and names the bad item', () => {
    const input = join(dir, 'review.json');
    const lead = { firstName: 'Maria', lastName: 'Garcia', email: 'maria@acme.io', company: 'Acme', title: 'VP Sales' };
    const sender = { name: 'Alex Morgan', company: 'LeadForge', address: '548 Market St, San Francisco, CA 94104' };
    const goodBody = [
      'Hi Maria,',
      '',
      'I noticed Acme works on B2B analytics for finance teams, and as VP Sales you likely own how new pipeline gets qualified.',
      'We help teams like yours turn inbound lists into qualified pipeline without extra headcount.',
      'Would a short call next week be useful to see if it fits?',
      '',
      'Best,',
      'Alex Morgan, LeadForge',
      '548 Market St, San Francisco, CA 94104',
      'Not interested? Reply "unsubscribe" and I will not contact you again.',
    ].join('\n');
    writeFileSync(input, JSON.stringify([
      { id: 'good', lead, facts: [{ text: 'B2B analytics for finance teams', source: 'list' }, { text: 'VP Sales', source: 'list' }], draft: { subject: 'Qualifying pipeline at Acme', body: goodBody }, sender, requireUnsubscribe: true },
      { id: 'bad', lead, facts: [], draft: { subject: 'ACT NOW!!!', body: 'Hi {{firstName}}, you raised $5M last year. Click here for a 100% free trial!!!' }, sender, requireUnsubscribe: true },
    ]));
    const r = runCli(['review', '--input', input, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json<{ id: string; passed: boolean; issues: { code: string; severity: string; message: string }[] }[]>(r);
    expect(out.map((o) => o.id)).toEqual(['good', 'bad']);
    expect(out[0]!.passed, JSON.stringify(out[0]!.issues)).toBe(true);
    expect(out[1]!.passed).toBe(false);
    const codes = out[1]!.issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['placeholder', 'untraceable_claim', 'spam_trigger', 'unsubscribe_missing']));

    writeFileSync(input, JSON.stringify([{ id: 'x', lead, facts: [], draft: { subject: 'Hi' } }]));
    const bad = runCli(['review', '--input', input, '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/review\.json: item 0, field draft\.body/);
  });

  it('a second process on the same data dir is refused with a clear message', async () => {
    const { startCli } = await import('../helpers/cli');
    const dataDir = join(dir, 'locked');
    const big = join(dir, 'big.csv');
    const rows = ['Company,Website,Industry'];
    for (let i = 0; i < 3000; i++) rows.push(`Company ${i},https://company${i}.example.com,B2B SaaS`);
    writeFileSync(big, rows.join('\n'));
    const first = startCli(['process', big, '--data-dir', dataDir, '--json']);
    // wait until the first process holds the lock (its data dir has appeared)
    for (let i = 0; i < 200 && !safeList(dataDir).length; i++) await new Promise((r) => setTimeout(r, 50));
    const second = runCli(['status', '--data-dir', dataDir]);
    first.kill('SIGKILL');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use/i);
    expect(second.stderr).toContain(dataDir);
  });
});

describe('real lead lists', () => {
  it.each([
    ['Startups.csv', startups],
    ['companies_with_domain.csv', withDomain],
  ])('%s runs to completion offline with a reviewed draft for every qualified lead', (_name, file) => {
    const dataDir = tempDir();
    const r = runCli(['process', file, '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = json<Summary>(r);
    expect(s.imported).toBeGreaterThan(s.rows * 0.8);
    expect(s.processed).toBe(s.imported);
    expect(s.failed).toBe(0);
    expect(s.drafts).toBeGreaterThan(0);
    expect(s.drafts + s.notQualified).toBe(s.processed);
    const drafts = json<{ body: string; verdict: { passed: boolean } }[]>(runCli(['drafts', '--data-dir', dataDir, '--json']));
    expect(drafts).toHaveLength(s.drafts);
    for (const d of drafts) expect(d.body).not.toMatch(/\{\{|\}\}/);
    expect(drafts.filter((d) => d.verdict.passed).length).toBeGreaterThan(drafts.length * 0.9);
  });
});

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
