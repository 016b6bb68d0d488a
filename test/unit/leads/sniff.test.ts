import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../electron/core/leads/errors';
import { detectDelimiter, detectEncoding, sniffFile } from '../../../electron/core/leads/sniff';
import { cleanupTemp, data, tempDir, tempFile } from './helpers';

afterAll(cleanupTemp);

// A 1x1 PNG (the file signature and IHDR/IDAT/IEND chunks).
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000185d30a0d0000000049454e44ae426082',
  'hex',
);

async function sniffError(file: string): Promise<ImportError> {
  const err = await sniffFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('sniffFile: encodings', () => {
  it('reads plain UTF-8 (csv-spectrum utf8.csv) and UTF-8 with BOM (frictionless bom.csv, papaparse utf-8-bom-sample.csv)', async () => {
    expect(await sniffFile(data('csv/csv-spectrum/csvs/utf8.csv'))).toMatchObject({ format: 'csv', encoding: 'utf-8', bom: false, delimiter: ',' });
    expect(await sniffFile(data('csv/frictionless-py-data/bom.csv'))).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ',' });
    expect(await sniffFile(data('csv/papaparse/tests_utf-8-bom-sample.csv'))).toMatchObject({ encoding: 'utf-8', bom: true });
  });

  it('detects UTF-16 LE/BE by BOM and BOM-less UTF-16 LE by its NUL pattern', async () => {
    const text = 'Company,Email\nCafé Noir,anne@cafenoir.fr\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
    expect(await sniffFile(tempFile('le.csv', le))).toMatchObject({ encoding: 'utf-16le', bom: true, delimiter: ',' });
    expect(await sniffFile(tempFile('be.csv', be))).toMatchObject({ encoding: 'utf-16be', bom: true, delimiter: ',' });
    expect(detectEncoding(iconv.encode(text, 'utf-16le'))).toEqual({ encoding: 'utf-16le', bomLength: 0 });
  });

  // The frictionless SOURCE.txt lists latin1.csv / table-infer-iso-8859-7.csv, but this snapshot lacks them,
  // so equivalent files are encoded here.
  it('falls back to chardet for legacy 8-bit text: ISO-8859-1, windows-1252, ISO-8859-7', async () => {
    const latin1 = iconv.encode('Company;City;Country\nCafé Noir;Zürich;Schweiz\nSociété Générale;Paris;France\nMüller GmbH;München;Deutschland\n', 'latin1');
    expect(await sniffFile(tempFile('latin1.csv', latin1))).toMatchObject({ encoding: 'iso-8859-1', delimiter: ';' });
    const cp1252 = iconv.encode('Company,Notes\nAcme,“smart quotes” – dash €100\nBeta,naïve café\n', 'windows-1252');
    expect(await sniffFile(tempFile('cp1252.csv', cp1252))).toMatchObject({ encoding: 'windows-1252' });
    const greek = iconv.encode('Εταιρεία,Πόλη\nΑθηναϊκή Ζυθοποιία,Αθήνα\nΚωτσόβολος,Θεσσαλονίκη\nΠαπαστράτος,Ασπρόπυργος\n', 'iso-8859-7');
    expect(await sniffFile(tempFile('greek.csv', greek))).toMatchObject({ encoding: 'iso-8859-7' });
  });

  it('does not believe a short Latin-1 sample is Turkish', () => {
    expect(detectEncoding(iconv.encode('a,b\n1,é\n', 'latin1'))?.encoding).toBe('iso-8859-1');
  });
});

describe('sniffFile: delimiters', () => {
  it.each([
    ['csv/frictionless-py-data/delimiter.csv', ';'],
    ['csv/frictionless-py-data/table-delimiter.csv', ';'],
    ['csv/frictionless-py-data/accent.csv', ';'],
    ['csv/frictionless-py-data/table.tsv', '\t'],
    ['csv/papaparse/docs_resources_files_malformed.tsv', '\t'],
    ['csv/papaparse/docs_resources_files_normal.csv', ','],
    ['csv/csv-spectrum/csvs/comma_in_quotes.csv', ','],
    ['csv/csv-spectrum/csvs/json.csv', ','],
    ['companies/ali-ce_yc-startups-2014/Startups.csv', ','],
    ['csv/frictionless-py-data/leading-zeros.csv', ','], // one column: the default
  ])('%s → %j', async (rel, delimiter) => {
    expect((await sniffFile(data(rel))).delimiter).toBe(delimiter);
  });

  it('finds | and ignores delimiters inside quotes', () => {
    expect(detectDelimiter('Company|Notes\nAcme|big, fast; cheap\nBeta|"a|b", c\n')).toBe('|');
    expect(detectDelimiter('a;b\n"1,2,3";4\n"5,6,7";8\n')).toBe(';');
    // European export: ';' separated with decimal commas
    expect(detectDelimiter('Name;Rate;Share\nAcme;1,5;2,25\nBeta;3,5;4,75\n')).toBe(';');
  });
});

describe('sniffFile: what is not a CSV', () => {
  it('rejects a missing file, a directory and an empty file, naming the file', async () => {
    const dir = tempDir();
    const missing = await sniffError(join(dir, 'nope.csv'));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('nope.csv');
    mkdirSync(join(dir, 'folder.csv'));
    expect((await sniffError(join(dir, 'folder.csv'))).code).toBe('is-directory');
    const empty = await sniffError(data('csv/frictionless-py-data/empty.csv'));
    expect(empty.code).toBe('empty');
    expect(empty.message).toMatch(/empty\.csv.*no header row/);
    expect((await sniffError(tempFile('blank.csv', '\n\n  \r\n'))).code).toBe('empty');
  });

  it('rejects binary files: a PNG, random bytes, a zip that is not a workbook, a legacy .xls', async () => {
    const png = await sniffError(tempFile('logo.png', PNG));
    expect(png.code).toBe('binary');
    expect(png.message).toContain('logo.png');
    let seed = 7;
    const random = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff));
    expect((await sniffError(tempFile('leads.csv', random))).code).toBe('binary');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('notes.txt')]);
    expect((await sniffError(tempFile('archive.csv', zip))).code).toBe('binary');
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    expect((await sniffError(tempFile('old.xls', ole))).code).toBe('unsupported-format');
  });

  it('rejects text with many control characters as binary', async () => {
    const junk = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? 0x01 : 0x41)));
    expect((await sniffError(tempFile('junk.csv', junk))).code).toBe('binary');
  });

  it('recognises an XLSX by its zip magic and extension', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['Company']);
    const file = join(tempDir(), 'list.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await sniffFile(file)).toMatchObject({ format: 'xlsx' });
    // Same bytes without the extension: the xl/ parts give it away
    const renamed = tempFile('list.bin', readFileSync(file));
    expect(await sniffFile(renamed)).toMatchObject({ format: 'xlsx' });
  });
});
