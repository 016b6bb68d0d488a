import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LeadSchema } from '@shared/index';
import { generateLeadCsv } from '../../../electron/core/leads/generate';
import { cleanupTemp, importAll, tempDir } from './helpers';

afterAll(cleanupTemp);

// The 100k-row throughput/memory check lives in the benchmark (test/bench), not here; this only checks
// that the generator writes a plausible, importable, deterministic file.
describe('generateLeadCsv', () => {
  it('writes ~150 bytes per row of distinct, valid leads, the same every time', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    await generateLeadCsv(a, 2000);
    await generateLeadCsv(b, 2000);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const perRow = statSync(a).size / 2000;
    expect(perRow).toBeGreaterThan(120);
    expect(perRow).toBeLessThan(180);

    const { report, leads } = await importAll(a);
    expect(report).toMatchObject({ rows: 2000, imported: 2000, duplicates: 0, rejected: [], warnings: [] });
    for (const lead of leads) LeadSchema.parse(lead);
    expect(leads.every((l) => l.email && l.domain && l.company && l.firstName && l.lastName && l.title && l.website)).toBe(true);
    expect(new Set(leads.map((l) => l.company)).size).toBeGreaterThan(300);
  });

  it('writes a header-only file for 0 rows', async () => {
    const file = join(tempDir(), 'empty.csv');
    await generateLeadCsv(file, 0);
    expect(readFileSync(file, 'utf8')).toBe('First Name,Last Name,Email,Title,Company,Website,Phone,City,Country,Employees,Industry\n');
  });

  it('rejects when the directory does not exist', async () => {
    await expect(generateLeadCsv(join(tempDir(), 'no', 'such', 'dir.csv'), 10)).rejects.toThrow(/ENOENT/);
  });
});
