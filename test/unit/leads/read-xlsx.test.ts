import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../electron/core/leads/errors';
import { cellToString, readXlsx } from '../../../electron/core/leads/read-xlsx';
import type { RawRow } from '../../../electron/core/leads/types';
import { cleanupTemp, tempDir, tempFile } from './helpers';

afterAll(cleanupTemp);

async function readAll(file: string): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of readXlsx(file)) out.push(r);
  return out;
}

describe('readXlsx', () => {
  it('streams the first sheet as strings: formulas give their cached result, dates ISO, rich text and links their text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Leads');
    ws.addRow(['Company', 'Website', 'Founded', 'Revenue', 'Notes', 'Rich', 'Flag', 'Err']);
    ws.addRow([
      'Acme',
      { text: 'acme.com', hyperlink: 'https://acme.com' },
      new Date(Date.UTC(2010, 4, 3)),
      { formula: 'B9*2', result: 42 },
      '=1+1', // a string that looks like a formula stays a string
      { richText: [{ text: 'Bold ', font: { bold: true } }, { text: 'plain' }] },
      true,
      { error: '#N/A' },
    ]);
    ws.addRow([]);
    ws.addRow(['Beta', 'beta.io', new Date(Date.UTC(2011, 0, 1, 12, 30)), { formula: 'CONCAT("a","b")', result: 'ab' }]);
    wb.addWorksheet('Second').addRow(['ignored']);
    const file = join(tempDir(), 'leads.xlsx');
    await wb.xlsx.writeFile(file);

    const rows = await readAll(file);
    expect(rows).toEqual([
      { row: 1, cells: ['Company', 'Website', 'Founded', 'Revenue', 'Notes', 'Rich', 'Flag', 'Err'] },
      { row: 2, cells: ['Acme', 'acme.com', '2010-05-03', '42', '=1+1', 'Bold plain', 'TRUE', ''] },
      { row: 4, cells: ['Beta', 'beta.io', '2011-01-01T12:30:00', 'ab'] },
    ]);
  });

  it('fills gaps before the first used column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('C1').value = 'Company';
    ws.getCell('C2').value = 'Acme';
    const file = join(tempDir(), 'gaps.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['', '', 'Company'] },
      { row: 2, cells: ['', '', 'Acme'] },
    ]);
  });

  it('throws ImportError for a broken workbook', async () => {
    const file = tempFile('broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]));
    const err = await readAll(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toContain('broken.xlsx');
  });
});

describe('cellToString', () => {
  it('never returns a formula', () => {
    expect(cellToString({ formula: 'SUM(A1:A3)', result: 6 })).toBe('6');
    expect(cellToString({ sharedFormula: 'A2', result: 'x' })).toBe('x');
    expect(cellToString({ formula: 'NOW()' })).toBe('');
    expect(cellToString({ formula: 'A1', result: { error: '#REF!' } })).toBe('');
    expect(cellToString({ formula: 'TODAY()', result: new Date(Date.UTC(2024, 1, 29)) })).toBe('2024-02-29');
  });

  it('converts scalars and empties', () => {
    expect(cellToString(null)).toBe('');
    expect(cellToString(undefined)).toBe('');
    expect(cellToString(1200.5)).toBe('1200.5');
    expect(cellToString(false)).toBe('FALSE');
    expect(cellToString({ text: { richText: [{ text: 'a' }, { text: 'b' }] }, hyperlink: 'x' })).toBe('ab');
  });
});
