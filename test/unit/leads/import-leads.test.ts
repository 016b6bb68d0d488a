import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportReportSchema, LeadSchema } from '@shared/index';
import type { Lead } from '@shared/index';
import { ImportError, importLeads, previewLeads } from '../../../electron/core/leads/import-leads';
import { cleanupTemp, data, importAll, tempDir, tempFile } from './helpers';

afterAll(cleanupTemp);

const STARTUPS = data('companies/ali-ce_yc-startups-2014/Startups.csv');
const WITH_DOMAIN = data('companies/derived_companies_with_domain/companies_with_domain.csv');

async function importError(file: string, opts: Parameters<typeof importAll>[1] = {}): Promise<ImportError> {
  const err = await importAll(file, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('importLeads: the YC list (Startups.csv, ali-ce/datasets, CC BY-SA 4.0)', () => {
  it('imports all 688 companies with domains, founders as contacts, status and HQ', async () => {
    const { report, leads } = await importAll(STARTUPS, { importId: 'imp-yc' });
    expect(report).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', rows: 688, imported: 688, duplicates: 0, rejected: [], warnings: [] });
    expect(report.leadIds).toHaveLength(688);
    expect(new Set(report.leadIds).size).toBe(688);
    expect(() => ImportReportSchema.parse(report)).not.toThrow();
    for (const lead of leads) LeadSchema.parse(lead); // the contract holds for every lead

    const curebit = leads.find((l) => l.company === 'Curebit') as Lead;
    expect(curebit).toMatchObject({
      website: 'https://www.talkable.com',
      domain: 'talkable.com',
      status: 'Operating',
      foundedYear: 2010,
      city: 'San Francisco',
      country: 'USA',
      fundingUsd: 1_200_000,
      categories: ['E-Commerce', 'Analytics', 'Internet', 'Marketing', 'Social Media'],
      fullName: 'Allan Grant',
      firstName: 'Allan',
      lastName: 'Grant',
      title: 'Founder',
      dedupeKey: 'company:talkable.com|curebit',
      source: { file: 'Startups.csv', row: 2, importId: 'imp-yc' },
    });
    expect(curebit.contacts.map((c) => c.fullName)).toEqual(['Allan Grant', 'Dominic Coryell', 'Jeff Yee', 'Nori Yoshida']);
    expect(curebit.extra).toMatchObject({ 'Y Combinator Year': '2011', 'Headquarters (US State)': 'California' });
    expect(curebit.id).toMatch(/^L_[0-9a-f]{16}$/);

    expect(leads.filter((l) => l.status === 'Operating')).toHaveLength(523);
    expect(leads.filter((l) => l.status === 'Dead')).toHaveLength(85);
    // 110 rows have no website; two point at twitter.com and one at facebook.com: no company domain for those,
    // while Product Hunt's producthunt.com is its own
    expect(leads.filter((l) => l.website)).toHaveLength(578);
    expect(leads.filter((l) => l.domain)).toHaveLength(575);
    expect(leads.filter((l) => l.website?.includes('twitter.com')).every((l) => l.domain === undefined)).toBe(true);
    expect(leads.find((l) => l.website === 'http://www.producthunt.com')?.domain).toBe('producthunt.com');
    expect(leads.find((l) => l.company === 'Goldbely')?.fundingUsd).toBe(3_000_000);
  });

  it('gives the same ids on re-import and imports nothing new when the store knows the keys', async () => {
    const first = await importAll(STARTUPS);
    const known = new Set(first.leads.map((l) => l.dedupeKey));
    const second = await importAll(STARTUPS, { isKnown: (k) => known.has(k) });
    expect(second.report).toMatchObject({ rows: 688, imported: 0, duplicates: 688, leadIds: [] });
    const third = await importAll(STARTUPS);
    expect(third.report.leadIds).toEqual(first.report.leadIds);
  });

  it('applies an explicit mapping over the auto-mapping', async () => {
    const { report, leads } = await importAll(STARTUPS, {
      mapping: { 'Mapping Location': 'city', 'Headquarters (City)': null, Founders: null, Investors: 'contacts' },
    });
    expect(report.mapping).toMatchObject({ 'Mapping Location': 'city', 'Headquarters (City)': null, Founders: null, Investors: 'contacts', Company: 'company' });
    const curebit = leads.find((l) => l.company === 'Curebit') as Lead;
    expect(curebit.city).toBe('San Francisco - California - USA');
    expect(curebit.extra['Headquarters (City)']).toBeUndefined(); // ignored columns are dropped
    expect(curebit.contacts[0]).toEqual({ fullName: '500 Startups' });
  });
});

describe('importLeads: companies_with_domain.csv (1,606 rows, derived from ali-ce/datasets, CC BY-SA 4.0)', () => {
  it('imports 1,581 companies and counts the 25 repeated domain+name pairs as duplicates', async () => {
    const { report, leads } = await importAll(WITH_DOMAIN);
    expect(report).toMatchObject({ rows: 1606, imported: 1581, duplicates: 25, rejected: [] });
    expect(leads.find((l) => l.company === 'Curebit')?.domain).toBe('talkable.com');
    // the "domain" column names a profile platform for a few rows (twitter.com for NowBox): kept in extra, with a warning
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(report.warnings.every((w) => w.field === 'domain' && /is a profile\/link platform/.test(w.reason))).toBe(true);
    expect(leads.find((l) => l.company === 'ProductHunt')?.domain).toBe('producthunt.com');
    expect(new Set(leads.map((l) => l.dedupeKey)).size).toBe(1581);
  });
});

describe('importLeads: small and broken files', () => {
  it('imports a 1-row file', async () => {
    const file = tempFile('one.csv', 'First Name,Last Name,Email,Company\nJane,Doe,JANE@Acme.com,"Acme, Inc."\n');
    const { report, leads } = await importAll(file);
    expect(report).toMatchObject({ rows: 1, imported: 1 });
    expect(leads[0]).toMatchObject({
      firstName: 'Jane', lastName: 'Doe', fullName: 'Jane Doe', email: 'jane@acme.com', company: 'Acme, Inc.', domain: 'acme.com',
      dedupeKey: 'email:jane@acme.com', source: { file: 'one.csv', row: 2 },
    });
  });

  it('treats a header-only file as a valid import of 0 rows (frictionless without-rows.csv)', async () => {
    const { report } = await importAll(data('csv/frictionless-py-data/without-rows.csv'));
    expect(report).toMatchObject({ rows: 0, imported: 0, headers: ['id', 'name'] });
    expect(report.warnings).toContainEqual({ row: 1, reason: 'the file has a header row but no data rows' });
  });

  it('rejects an empty file with "no header row"', async () => {
    const err = await importError(data('csv/frictionless-py-data/empty.csv'));
    expect(err.code).toBe('empty');
    expect(err.message).toMatch(/empty\.csv.*no header row/);
  });

  it('rejects missing files, directories and binary files with the file name in the message', async () => {
    const dir = tempDir();
    expect((await importError(join(dir, 'missing.csv'))).message).toContain('missing.csv');
    mkdirSync(join(dir, 'dir.csv'));
    expect((await importError(join(dir, 'dir.csv'))).code).toBe('is-directory');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const bin = await importError(tempFile('photo.csv', png));
    expect(bin.code).toBe('binary');
    expect(bin.file).toContain('photo.csv');
  });

  it('imports UTF-16 and Latin-1 files', async () => {
    const text = 'Company\tWebsite\tCity\nÅre Skidor AB\tare.se\tÅre\n';
    const u16 = tempFile('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
    const a = await importAll(u16);
    expect(a.report).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', imported: 1 });
    expect(a.leads[0]).toMatchObject({ company: 'Åre Skidor AB', domain: 'are.se', city: 'Åre' });
    const l1 = tempFile('l1.csv', iconv.encode('Société;Ville\nCafé Noir;Zürich\nMüller GmbH;München\n', 'latin1'));
    const b = await importAll(l1, { mapping: { Société: 'company', Ville: 'city' } });
    expect(b.report.encoding).toBe('iso-8859-1');
    expect(b.leads.map((l) => [l.company, l.city])).toEqual([
      ['Café Noir', 'Zürich'],
      ['Müller GmbH', 'München'],
    ]);
  });

  it('imports a European Excel export: sep= hint, windows-1252, semicolons, CRLF, decimal commas', async () => {
    const csv = 'sep=;\r\nFirma;Website;Mitarbeiter;Umsatz\r\nMüller GmbH;www.mueller.de;1.200;€2,5 Mio\r\n"Gebrüder Öhler; KG";oehler.at;11-50;\r\n';
    const { report, leads } = await importAll(tempFile('export.csv', iconv.encode(csv, 'windows-1252')), {
      mapping: { Firma: 'company', Mitarbeiter: 'employees', Umsatz: 'fundingUsd' },
    });
    expect(report).toMatchObject({ encoding: 'windows-1252', delimiter: ';', headers: ['Firma', 'Website', 'Mitarbeiter', 'Umsatz'], rows: 2, imported: 2 });
    expect(leads[0]).toMatchObject({ company: 'Müller GmbH', domain: 'mueller.de', employees: 1200, fundingUsd: 2_500_000, source: { row: 3 } });
    expect(leads[1]).toMatchObject({ company: 'Gebrüder Öhler; KG', domain: 'oehler.at', employees: 11 });
  });

  it('imports pipe-delimited and ISO-8859-7 (Greek) files', async () => {
    const pipe = tempFile('pipe.txt', 'Company|Website|Tags\nAcme, Inc.|acme.com|SaaS; B2B\n');
    const a = await importAll(pipe);
    expect(a.report.delimiter).toBe('|');
    expect(a.leads[0]).toMatchObject({ company: 'Acme, Inc.', domain: 'acme.com', categories: ['SaaS', 'B2B'] });
    const greek = tempFile('el.csv', iconv.encode('Εταιρεία,Πόλη,Website\nΑθηναϊκή Ζυθοποιία,Αθήνα,athenianbrewery.gr\nΚωτσόβολος,Θεσσαλονίκη,kotsovolos.gr\nΠαπαστράτος,Ασπρόπυργος,papastratos.gr\n', 'iso-8859-7'));
    const b = await importAll(greek, { mapping: { Εταιρεία: 'company', Πόλη: 'city' } });
    expect(b.report.encoding).toBe('iso-8859-7');
    expect(b.leads[0]).toMatchObject({ company: 'Αθηναϊκή Ζυθοποιία', city: 'Αθήνα', domain: 'athenianbrewery.gr' });
  });

  it('renames blank and duplicate headers and reports it (frictionless blank-headers / duplicate-headers)', async () => {
    const blank = await importAll(data('csv/frictionless-py-data/blank-headers.csv'), { mapping: { column_2: 'company' } });
    expect(blank.report.headers).toEqual(['id', 'column_2', 'age']);
    expect(blank.report.warnings[0]).toMatchObject({ row: 1, field: 'column_2' });
    expect(blank.leads.map((l) => l.company)).toEqual(['John', 'Julie']);
    const dup = await importAll(data('csv/frictionless-py-data/duplicate-headers.csv'), { mapping: { name: 'company' } });
    expect(dup.report.headers).toEqual(['id', 'name', 'id (2)', 'age', 'id (3)']);
    expect(dup.leads[0].extra).toEqual({ id: '1101', 'id (2)': '0', age: '30', 'id (3)': '001101' });
  });
});

describe('importLeads: validation, normalisation and dedupe', () => {
  it('keeps formula-like cells as inert text and never evaluates them', async () => {
    const file = tempFile(
      'inject.csv',
      'Company,Email,Website,Notes\n' +
        `"=HYPERLINK(""http://evil.example"",""click"")",=1+1,@acme.com,"=cmd|' /C calc'!A0"\n` +
        '+Plus Corp,-bad@x,https://plus.example.com,@SUM(A1)\n',
    );
    const { report, leads } = await importAll(file);
    expect(report.imported).toBe(2);
    expect(leads[0].company).toBe('=HYPERLINK("http://evil.example","click")');
    expect(leads[0].extra.Notes).toBe("=cmd|' /C calc'!A0");
    expect(leads[0].extra.Email).toBe('=1+1'); // invalid email kept as data, with a warning
    expect(leads[1].company).toBe('+Plus Corp');
    expect(report.warnings.filter((w) => w.field === 'email')).toHaveLength(2);
  });

  it('keeps a row with an invalid email as a company lead and rejects rows with no identity', async () => {
    const file = tempFile(
      'mixed.csv',
      'Full Name,Email,Company,Phone\n' +
        'Jane Doe,jane(at)acme.com,Acme,+1 555\n' + // row 2: kept as company lead
        'John Roe,,,\n' + // row 3: a person alone
        ',not-an-email,,\n' + // row 4: nothing usable
        'Ann Lee,ann@beta.io,,\n', // row 5: email is enough; domain from it
    );
    const { report, leads } = await importAll(file);
    expect(report).toMatchObject({ rows: 4, imported: 2 });
    expect(leads[0]).toMatchObject({ company: 'Acme', fullName: 'Jane Doe', firstName: 'Jane', lastName: 'Doe' });
    expect(leads[0].email).toBeUndefined();
    expect(leads[0].extra.Email).toBe('jane(at)acme.com');
    expect(report.warnings).toContainEqual({ row: 2, field: 'email', reason: 'invalid email "jane(at)acme.com"; kept in extra["Email"]' });
    expect(leads[1]).toMatchObject({ email: 'ann@beta.io', domain: 'beta.io' });
    expect(report.rejected).toEqual([
      { row: 3, reason: 'row has a person name ("John Roe") but no company, domain or email' },
      { row: 4, reason: 'row has no company, domain, email or person name (invalid email "not-an-email")' },
    ]);
  });

  it('dedupes within the file: same email, same company (legal forms ignored), but not two colleagues', async () => {
    const file = tempFile(
      'dupes.csv',
      'Name,Company,Email,Website\n' +
        'Jane Doe,Acme,jane@acme.com,acme.com\n' +
        'Jane D.,Acme,JANE@ACME.COM,acme.com\n' + // same email
        'John Roe,Acme,,acme.com\n' + // colleague without email
        'Max Muster,Acme,,acme.com\n' + // another colleague
        ',"Acme, Inc.",,https://www.acme.com/\n' + // the company itself
        ',Acme Corp,,http://acme.com\n' + // same company again
        ',Acme,,\n', // no domain: a different key
    );
    const { report, leads } = await importAll(file);
    expect(report).toMatchObject({ rows: 7, imported: 5, duplicates: 2 });
    expect(leads.map((l) => l.dedupeKey)).toEqual([
      'email:jane@acme.com',
      'person:acme.com|acme|john roe',
      'person:acme.com|acme|max muster',
      'company:acme.com|acme',
      'company:|acme',
    ]);
  });

  it('counts rows the store already has (isKnown) as duplicates', async () => {
    const file = tempFile('known.csv', 'Company,Website\nAcme,acme.com\nBeta,beta.io\n');
    const asked: string[] = [];
    const { report, leads } = await importAll(file, { isKnown: (k) => (asked.push(k), k === 'company:acme.com|acme') });
    expect(asked).toEqual(['company:acme.com|acme', 'company:beta.io|beta']);
    expect(report).toMatchObject({ imported: 1, duplicates: 1 });
    expect(leads.map((l) => l.company)).toEqual(['Beta']);
  });

  it('truncates overlong cells and keeps extra cells of ragged rows, with warnings', async () => {
    const file = tempFile('long.csv', `Company,Description\nAcme,${'x'.repeat(12_000)}\nBeta,short,surplus\n`);
    const { report, leads } = await importAll(file);
    expect(leads[0].description).toHaveLength(10_000);
    expect(leads[1].extra).toEqual({ column_3: 'surplus' });
    expect(report.warnings.map((w) => [w.row, w.field])).toEqual([
      [2, 'Description'],
      [3, 'column_3'],
    ]);
  });

  it('rejects a mapping onto an unknown field, naming the column', async () => {
    const err = await importError(STARTUPS, { mapping: { Company: 'companyName' as never } });
    expect(err).toMatchObject({ code: 'bad-mapping', field: 'Company' });
    expect(err.message).toMatch(/Startups\.csv.*column "Company"/);
  });

  it('aborts after maxRowErrors rejected rows', async () => {
    const file = tempFile('bad.csv', `Full Name\n${Array.from({ length: 10 }, (_, i) => `Person ${i}`).join('\n')}\n`);
    const err = await importError(file, { maxRowErrors: 3 });
    expect(err.code).toBe('too-many-errors');
    expect(err.row).toBe(5);
    expect(err.message).toMatch(/bad\.csv.*row 5.*more than 3 rows were rejected/);
  });

  it('awaits an async onLead in order and reports progress', async () => {
    const seen: string[] = [];
    const progress: number[] = [];
    const report = await importLeads(WITH_DOMAIN, {
      onLead: async (l) => {
        await new Promise((r) => setImmediate(r));
        seen.push(l.id);
      },
      onProgress: (n) => progress.push(n),
    });
    expect(seen).toEqual(report.leadIds);
    expect(progress).toEqual([1000, 1606]);
  });
});

describe('importLeads: XLSX', () => {
  it('imports the first sheet of a workbook with a formula cell and a date', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Leads');
    ws.addRow(['Company', 'Website', 'Founded', 'Employees', 'Contact Email', 'Founders']);
    ws.addRow(['Acme', { text: 'www.acme.com', hyperlink: 'https://www.acme.com' }, new Date(Date.UTC(2012, 5, 1)), { formula: '10*5', result: 50 }, 'jane@acme.com', 'Jane Doe and John Roe']);
    ws.addRow(['=SUM(1,2)', 'evil.example', 2001, '11-50', '', '']);
    wb.addWorksheet('Other').addRow(['Company']);
    const file = join(tempDir(), 'leads.xlsx');
    await wb.xlsx.writeFile(file);

    const { report, leads } = await importAll(file);
    expect(report).toMatchObject({ format: 'xlsx', rows: 2, imported: 2 });
    expect(report.delimiter).toBeUndefined();
    expect(leads[0]).toMatchObject({
      company: 'Acme', website: 'https://www.acme.com', domain: 'acme.com', foundedYear: 2012, employees: 50,
      email: 'jane@acme.com', fullName: 'Jane Doe', title: 'Founder', contacts: [{ fullName: 'Jane Doe', title: 'Founder' }, { fullName: 'John Roe', title: 'Founder' }],
      source: { file: 'leads.xlsx', row: 2 },
    });
    expect(leads[1]).toMatchObject({ company: '=SUM(1,2)', employees: 11, foundedYear: 2001 });

    const preview = await previewLeads(file, { rows: 1 });
    expect(preview).toMatchObject({ format: 'xlsx', headers: ['Company', 'Website', 'Founded', 'Employees', 'Contact Email', 'Founders'] });
    expect(preview.sample).toHaveLength(1);
    expect(preview.sample[0].cells[3]).toBe('50');
  });
});

describe('previewLeads', () => {
  it('returns headers, the auto-mapping and the first rows with the leads they become', async () => {
    const p = await previewLeads(STARTUPS, { rows: 3 });
    expect(p).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', file: 'Startups.csv' });
    expect(p.headers).toHaveLength(19);
    expect(p.autoMapping.Satus).toBe('status');
    expect(p.sample.map((s) => s.row)).toEqual([2, 3, 4]);
    expect(p.sample[0].cells[0]).toBe('Curebit');
    expect(p.sample[0].lead).toMatchObject({ company: 'Curebit', source: { importId: 'preview' } });
  });

  it('shows the effect of an explicit mapping and flags unknown columns', async () => {
    const p = await previewLeads(STARTUPS, { rows: 1, mapping: { Company: null, Nope: 'email' } });
    expect(p.mapping.Company).toBeNull();
    expect(p.autoMapping.Company).toBe('company');
    expect(p.headerWarnings).toHaveLength(1);
    expect(p.sample[0].lead?.company).toBeUndefined();
    expect(p.sample[0].lead?.domain).toBe('talkable.com');
  });
});
