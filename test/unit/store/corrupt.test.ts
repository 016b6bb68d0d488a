import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_NAME, Store, StoreCorruptError } from '../../../electron/core/store/index';
import { cleanupTmpDirs, tmpDir } from './helpers';

afterEach(cleanupTmpDirs);

const exists = (p: string) => access(p).then(() => true, () => false);

async function seed(dir: string): Promise<void> {
  const s = await Store.open({ dataDir: dir, shardSize: 10 });
  const leads = s.collection<{ id: string }>('leads');
  for (let i = 0; i < 25; i++) leads.put({ id: `l${i}` });
  await s.close();
}

describe('Store: corrupt files', () => {
  it('refuses to open a store with an unparseable shard, backs it up, leaves it untouched', async () => {
    const dir = await tmpDir();
    await seed(dir);
    const bad = path.join(dir, 'leads', '000002.json');
    const garbage = '{"records":[{"id":"l10"},{"id":"l1'; // truncated
    await writeFile(bad, garbage);

    const err = await Store.open({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    const e = err as StoreCorruptError;
    expect(e.file).toBe(bad);
    expect(e.message).toContain(bad);
    expect(e.message).toMatch(/invalid JSON: .*(Unterminated|Unexpected end|JSON)/);
    expect(e.backupFile).toMatch(/000002\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.bak$/);
    expect(await readFile(bad, 'utf8')).toBe(garbage); // original untouched, in place
    expect(await readFile(e.backupFile!, 'utf8')).toBe(garbage);
    expect(await exists(path.join(dir, LOCK_NAME))).toBe(false); // lock released

    // Still refused on the next try (never silently overwritten), with a second backup.
    await expect(Store.open({ dataDir: dir })).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await readFile(bad, 'utf8')).toBe(garbage);
    expect((await readdir(path.join(dir, 'leads'))).filter((f) => f.endsWith('.bak')).length).toBeGreaterThanOrEqual(1);
  });

  it('treats an empty shard and a shard with a bad layout as corrupt, and lists every bad file', async () => {
    const dir = await tmpDir();
    await seed(dir);
    await writeFile(path.join(dir, 'leads', '000001.json'), '');
    await writeFile(path.join(dir, 'leads', '000003.json'), '{"records":[{"noId":1}]}');
    const e = (await Store.open({ dataDir: dir }).catch((x: unknown) => x)) as StoreCorruptError;
    expect(e).toBeInstanceOf(StoreCorruptError);
    expect(e.files.map((f) => path.basename(f.file)).sort()).toEqual(['000001.json', '000003.json']);
    expect(e.files.find((f) => f.file.endsWith('000001.json'))!.reason).toMatch(/empty/);
    expect(e.files.find((f) => f.file.endsWith('000003.json'))!.reason).toMatch(/records\[0\] has no string "id"/);
    expect(await readFile(path.join(dir, 'leads', '000003.json'), 'utf8')).toBe('{"records":[{"noId":1}]}');
  });

  it('refuses a corrupt meta.json the same way', async () => {
    const dir = await tmpDir();
    await seed(dir);
    const meta = path.join(dir, 'meta.json');
    await writeFile(meta, '{"schemaVersion": 1, ');
    const e = (await Store.open({ dataDir: dir }).catch((x: unknown) => x)) as StoreCorruptError;
    expect(e).toBeInstanceOf(StoreCorruptError);
    expect(e.file).toBe(meta);
    expect(await readFile(meta, 'utf8')).toBe('{"schemaVersion": 1, ');
    expect(await readFile(e.backupFile!, 'utf8')).toBe('{"schemaVersion": 1, ');
  });

  it('refuses a meta.json that belongs to something else', async () => {
    const dir = await tmpDir();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'meta.json'), '{"schemaVersion":1,"createdAt":"x","app":"other"}');
    await expect(Store.open({ dataDir: dir })).rejects.toThrow(/not a LeadForge store/);
  });

  it('ignores steno temp files and backups when loading', async () => {
    const dir = await tmpDir();
    await seed(dir);
    await writeFile(path.join(dir, 'leads', '.000001.json.tmp'), '{"records":[{"id":"half');
    await writeFile(path.join(dir, 'leads', '000001.json.corrupt-2024.bak'), 'garbage');
    const s = await Store.open({ dataDir: dir });
    expect(s.collection('leads').size).toBe(25);
    await s.close();
  });
});
