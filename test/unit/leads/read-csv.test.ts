import { readFileSync, readdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../electron/core/leads/errors';
import { MAX_RECORD_CHARS, readCsv } from '../../../electron/core/leads/read-csv';
import { sniffFile } from '../../../electron/core/leads/sniff';
import type { RawRow } from '../../../electron/core/leads/types';
import { cleanupTemp, data, tempFile } from './helpers';

afterAll(cleanupTemp);

async function readAll(file: string): Promise<RawRow[]> {
  const s = await sniffFile(file);
  const out: RawRow[] = [];
  for await (const r of readCsv(file, { encoding: s.encoding, delimiter: s.delimiter ?? ',' })) out.push(r);
  return out;
}

// csv-spectrum (github.com/maxogden/csv-spectrum, BSD-2-Clause): every CSV has a JSON file with the expected records.
describe('readCsv against csv-spectrum', () => {
  const dir = data('csv/csv-spectrum/csvs');
  const names = readdirSync(dir).filter((f) => f.endsWith('.csv'));

  it.each(names)('%s parses as its JSON says', async (name) => {
    const rows = await readAll(`${dir}/${name}`);
    const [header, ...body] = rows;
    const expected = JSON.parse(readFileSync(data(`csv/csv-spectrum/json/${name.replace('.csv', '.json')}`), 'utf8')) as Record<string, string>[];
    const got = body.map((r) => Object.fromEntries(header.cells.map((h, i) => [h, r.cells[i] ?? ''])));
    expect(got).toEqual(expected);
  });

  it('numbers rows by the line they start on (header = 1), multi-line cells included, LF and CRLF alike', async () => {
    expect((await readAll(`${dir}/newlines.csv`)).map((r) => r.row)).toEqual([1, 2, 3, 5]);
    expect((await readAll(`${dir}/newlines_crlf.csv`)).map((r) => r.row)).toEqual([1, 2, 3, 5]);
    expect((await readAll(`${dir}/quotes_and_newlines.csv`)).map((r) => r.row)).toEqual([1, 2, 5]);
  });
});

describe('readCsv on messy files', () => {
  it('skips blank lines but counts them (frictionless blank-rows-no-fields.csv)', async () => {
    const rows = await readAll(data('csv/frictionless-py-data/blank-rows-no-fields.csv'));
    expect(rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['id', 'name', 'age']],
      [2, ['1101', 'John', '30']],
      [4, ['1102', 'Julie', '26']],
    ]);
  });

  it('keeps ragged rows (papaparse malformed.tsv) and skips rows of empty cells', async () => {
    const rows = await readAll(data('csv/papaparse/docs_resources_files_malformed.tsv'));
    expect(rows[0].cells).toHaveLength(8);
    expect(rows.some((r) => r.cells.length === 9)).toBe(true);
    expect(rows.find((r) => r.cells[0] === 'MSS')?.cells).toHaveLength(7);
    const blanks = await readAll(tempFile('blanks.csv', 'a,b\n,\n , \n1,2\n'));
    expect(blanks.map((r) => r.row)).toEqual([1, 4]);
  });

  it('reads quoted values after a space (frictionless escaping.csv)', async () => {
    const rows = await readAll(data('csv/frictionless-py-data/escaping.csv'));
    expect(rows[1].cells).toEqual(['1', 'Test line 1']);
    expect(rows[2].cells).toEqual(['2', 'Test " line 2']);
    expect(rows).toHaveLength(4);
  });

  it('reads long quoted cells with commas and CRLF line ends (frictionless issue-1066-largecellsize.csv)', async () => {
    const rows = await readAll(data('csv/frictionless-py-data/issue-1066-largecellsize.csv'));
    expect(rows[0].cells).toEqual(['Description', 'status']);
    expect(rows).toHaveLength(20);
    expect(rows.slice(1).every((r) => r.cells.length === 2 && r.cells[0].length === 5587)).toBe(true);
    // cells span lines: records start on lines 1, 2, 11, … 164 (checked independently)
    expect(rows.map((r) => r.row).slice(0, 3)).toEqual([1, 2, 11]);
    expect(rows[19].row).toBe(164);
  });

  it('decodes Latin-1 and UTF-16 through iconv-lite', async () => {
    const latin1 = tempFile('l1.csv', iconv.encode('Company;City\nCafé Noir;Zürich\nSociété Générale;Paris\n', 'latin1'));
    expect((await readAll(latin1)).map((r) => r.cells)).toEqual([
      ['Company', 'City'],
      ['Café Noir', 'Zürich'],
      ['Société Générale', 'Paris'],
    ]);
    const u16 = tempFile('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Company\tCity\r\nÅre AB\tÅre\r\n', 'utf-16le')]));
    expect((await readAll(u16)).map((r) => r.cells)).toEqual([
      ['Company', 'City'],
      ['Åre AB', 'Åre'],
    ]);
  });

  it('reports a quote left open at the end of the file as a malformed record, keeping the rows before it', async () => {
    const rows = await readAll(tempFile('open.csv', 'a,b\n1,2\n3,"never closed\n4,5\n'));
    expect(rows.slice(0, 2).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(rows[2]).toMatchObject({ row: 3, cells: [] });
    expect(rows[2].error).toMatch(/malformed CSV record: Quote Not Closed/);
  });

  it('aborts with ImportError on a record larger than the limit (a runaway quote)', async () => {
    const file = tempFile('runaway.csv', `a,b\n1,"${'x'.repeat(MAX_RECORD_CHARS + 10)}`);
    const err = await readAll(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe('malformed');
    expect((err as ImportError).message).toContain('runaway.csv');
  });

  it('can be stopped early without leaking (for previews)', async () => {
    const s = await sniffFile(data('csv/papaparse/docs_resources_files_normal.csv'));
    let n = 0;
    for await (const r of readCsv(data('csv/papaparse/docs_resources_files_normal.csv'), { encoding: s.encoding, delimiter: ',' })) {
      expect(r.cells.length).toBe(9);
      if (++n === 5) break;
    }
    expect(n).toBe(5);
  });
});
