/**
 * import:preview, import:run and the row-errors CSV, through the real core on a temp store.
 * Real list: Startups.csv of the Y Combinator list by Alice Corona (github.com/ali-ce/datasets), CC BY-SA 4.0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadFieldSchema } from '@shared/index';
import type { LeadforgeCore } from '../../../electron/core/app';
import { rowErrorsCsv } from '../../../electron/core/api/app-api';
import { UserFacingError } from '../../../electron/core/api/types';
import { SMALL_CSV, STARTUPS_CSV, cleanupTemps, openCore, rejection, tempDir, writeCsv } from '../services/helpers';

let core: LeadforgeCore;
beforeAll(async () => {
  core = await openCore();
});
afterAll(async () => {
  await core.close();
  cleanupTemps();
});

describe('app:info', () => {
  it('names the app, its version, the data folder and the platform', async () => {
    expect(await core.api['app:info']({})).toEqual({ name: 'LeadForge', version: '9.9.9-test', dataDir: core.dataDir, platform: process.platform });
  });
});

describe('import:preview', () => {
  it('reads headers, auto-mapping and the first 20 rows of the real YC list, and lists every lead field', async () => {
    const p = await core.api['import:preview']({ path: STARTUPS_CSV });
    expect(p.file).toBe(STARTUPS_CSV);
    expect(p.fileName).toBe('Startups.csv');
    expect(p.format).toBe('csv');
    expect(p.encoding).toBe('utf-8');
    expect(p.delimiter).toBe(',');
    expect(p.headers[0]).toBe('Company');
    expect(p.headers).toContain('Founders');
    expect(p.autoMapping.Company).toBe('company');
    expect(p.autoMapping.Website).toBe('website');
    expect(p.mapping).toEqual({ ...p.mapping, ...p.autoMapping });
    expect(p.sample).toHaveLength(20);
    expect(p.sample[0]).toMatchObject({ row: 2 });
    expect(p.sample[0].cells[0]).toBe('Curebit');
    expect(p.sample[0].rejected).toBeUndefined();
    expect(p.fields).toEqual(LeadFieldSchema.options);
  });

  it('applies mapping overrides over the auto-mapping and shows the rejection each sample row would get', async () => {
    const file = writeCsv(SMALL_CSV);
    const auto = await core.api['import:preview']({ path: file });
    expect(auto.mapping.Email).toBe('email');
    expect(auto.sample.find((r) => r.row === 7)?.rejected).toMatch(/email|company|name/i);
    expect(auto.sample.find((r) => r.row === 2)?.rejected).toBeUndefined();

    // Ignoring Email, Company and Website leaves rows with nothing to identify the lead by: every row is refused.
    const over = await core.api['import:preview']({ path: file, mapping: { Email: null, Company: null, Website: null } });
    expect(over.autoMapping.Email).toBe('email');
    expect(over.mapping.Email).toBeNull();
    expect(over.mapping.Company).toBeNull();
    expect(over.sample.length).toBe(6);
    expect(over.sample.every((r) => typeof r.rejected === 'string')).toBe(true);
  });

  it('refuses bad files with a UserFacingError naming the file and the problem', async () => {
    const dir = tempDir();
    const missing = join(dir, 'nope.csv');
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    const binary = join(dir, 'data.csv');
    writeFileSync(binary, Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x10, 0x00, 0x00, 0x7f, 0x00, 0x05]));
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const pdf = join(dir, 'list.pdf');
    writeFileSync(pdf, 'Company,Website\nAcme,acme.com\n');

    const cases: [string, RegExp, string][] = [
      [missing, /does not exist/, 'not_found'],
      [folder, /folder/, 'invalid_file'],
      [binary, /binary/, 'invalid_file'],
      [empty, /empty/, 'invalid_file'],
      [pdf, /"\.pdf" files are not supported/, 'invalid_file'],
    ];
    for (const [path, problem, code] of cases) {
      for (const channel of ['import:preview', 'import:run'] as const) {
        const err = await rejection(core.api[channel]({ path }));
        expect(err, `${channel} ${path}`).toBeInstanceOf(UserFacingError);
        expect(err.message).toContain(path);
        expect(err.message).toMatch(problem);
        expect(err.code).toBe(code);
        expect(err.message).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
    expect(core.store.collection('leads').size).toBe(0); // nothing stored by the refused imports
  });
});

describe('import:run', () => {
  it('imports, dedupes within the file and against the store, and counts the leads of the file', async () => {
    const file = writeCsv(SMALL_CSV);
    const first = await core.api['import:run']({ path: file });
    expect(first.file).toBe(file);
    expect(first.rows).toBe(6);
    expect(first.duplicates).toBe(1);
    expect(first.rejected.map((e) => e.row)).toContain(7);
    expect(first.imported).toBe(6 - 1 - first.rejected.length);
    expect(first.leadCount).toBe(first.imported);

    const again = await core.api['import:run']({ path: file });
    expect(again.importId).not.toBe(first.importId);
    expect(again.imported).toBe(0);
    expect(again.duplicates).toBe(first.imported + 1);
    expect(again.leadCount).toBe(first.imported); // already-known leads still belong to this import
  });

  it('keeps the rejected rows and warnings for the row-errors CSV', async () => {
    const file = writeCsv(SMALL_CSV);
    const r = await core.api['import:run']({ path: file });
    const rows = parse(rowErrorsCsv(core.store, r.importId)) as string[][];
    expect(rows[0]).toEqual(['row', 'field', 'reason']);
    const rejected = rows.slice(1).filter((x) => !x[2].startsWith('warning: '));
    expect(rejected.map((x) => Number(x[0]))).toEqual(r.rejected.map((e) => e.row));
    expect(rows.length - 1).toBe(r.rejected.length + r.warnings.length);
  });
});

describe('rowErrorsCsv', () => {
  it('quotes delimiters, quotes and newlines and defuses formula-leading cells', async () => {
    core.store.collection<{ id: string }>('imports').put({
      id: 'imp-tricky',
      importId: 'imp-tricky',
      file: '/tmp/tricky.csv',
      format: 'csv',
      encoding: 'utf-8',
      headers: [],
      mapping: {},
      rows: 3,
      imported: 0,
      duplicates: 0,
      rejected: [
        { row: 2, field: 'email', reason: '=HYPERLINK("http://evil.example","click")' },
        { row: 3, reason: 'line one\nline two, with "quotes"' },
      ],
      warnings: [{ row: 4, field: 'website', reason: '+1 dropped' }],
      leadIds: [],
    } as { id: string });
    const text = rowErrorsCsv(core.store, 'imp-tricky');
    const rows = parse(text) as string[][];
    expect(rows).toEqual([
      ['row', 'field', 'reason'],
      ['2', 'email', `'=HYPERLINK("http://evil.example","click")`],
      ['3', '', 'line one\nline two, with "quotes"'],
      ['4', 'website', 'warning: +1 dropped'],
    ]);
    expect(text).toContain('"line one\nline two, with ""quotes"""');
    const exported = await core.importErrorsCsv('imp-tricky');
    expect(exported).toEqual({ csv: text, fileName: 'tricky-row-errors.csv' });
  });

  it('refuses an unknown import id', async () => {
    expect(() => rowErrorsCsv(core.store, 'nope')).toThrow(UserFacingError);
    expect(() => rowErrorsCsv(core.store, 'nope')).toThrow('No import with id nope');
    await expect(core.importErrorsCsv('nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
