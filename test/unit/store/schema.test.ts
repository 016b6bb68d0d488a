import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES, MIGRATIONS, SCHEMA_VERSION, Store, StoreVersionError, type Migration } from '../../../electron/core/store/index';
import { cleanupTmpDirs, tmpDir } from './helpers';

afterEach(cleanupTmpDirs);

async function readMeta(dir: string): Promise<{ schemaVersion: number; createdAt: string; app: string }> {
  return JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { '.': `dir mtime ${(await stat(dir)).mtimeMs}` };
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = path.join(e.parentPath, e.name);
    const st = await stat(p);
    out[path.relative(dir, p)] = e.isFile() ? `${st.mtimeMs}:${await readFile(p, 'utf8')}` : 'dir';
  }
  return out;
}

describe('Store: schema version and migrations', () => {
  it('initialises a new dir with meta.json and migration 1 (a folder per collection)', async () => {
    const dir = await tmpDir();
    const s = await Store.open({ dataDir: dir });
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    await s.close();
    const meta = await readMeta(dir);
    expect(meta).toMatchObject({ schemaVersion: SCHEMA_VERSION, app: 'leadforge' });
    expect(Number.isNaN(Date.parse(meta.createdAt))).toBe(false);
    const entries = await readdir(dir);
    for (const c of COLLECTION_NAMES) expect(entries).toContain(c);
    expect(MIGRATIONS[0]).toMatchObject({ version: 1 });
  });

  it('refuses a store written by a newer version without touching any file', async () => {
    const dir = await tmpDir();
    const s = await Store.open({ dataDir: dir });
    s.collection<{ id: string }>('leads').put({ id: 'a' });
    await s.close();
    const meta = await readMeta(dir);
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, schemaVersion: SCHEMA_VERSION + 5 }));
    const before = await snapshot(dir);
    const err = await Store.open({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreVersionError);
    expect((err as Error).message).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect((err as Error).message).toContain(dir);
    expect(await snapshot(dir)).toEqual(before); // no lock dir, no rewrite
  });

  it('runs each pending migration once, in order, then bumps the version', async () => {
    const dir = await tmpDir();
    const v1 = await Store.open({ dataDir: dir, migrations: MIGRATIONS.slice(0, 1) });
    v1.collection<{ id: string; name: string }>('leads').putMany([{ id: 'a', name: 'Ada' }, { id: 'b', name: 'Bob' }]);
    await v1.close();
    expect((await readMeta(dir)).schemaVersion).toBe(1);
    const createdAt = (await readMeta(dir)).createdAt;

    const calls: number[] = [];
    const migrations: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
      {
        version: 2,
        description: 'leads: name → fullName',
        up(store) {
          calls.push(2);
          const leads = store.collection<{ id: string; name?: string; fullName?: string }>('leads');
          for (const l of [...leads.values()]) {
            if (l.name !== undefined) leads.put({ id: l.id, fullName: l.name });
          }
        },
      },
      { version: 3, description: 'marker', up: () => { calls.push(3); } },
    ];
    const v3 = await Store.open({ dataDir: dir, migrations });
    expect(calls).toEqual([2, 3]);
    expect(v3.schemaVersion).toBe(3);
    expect(v3.collection('leads').get('a')).toEqual({ id: 'a', fullName: 'Ada' });
    await v3.close();
    expect(await readMeta(dir)).toMatchObject({ schemaVersion: 3, createdAt });

    const again = await Store.open({ dataDir: dir, migrations });
    expect(calls).toEqual([2, 3]); // not re-run
    expect(again.collection('leads').get('b')).toEqual({ id: 'b', fullName: 'Bob' });
    await again.close();
  });

  it('does not bump the version when a migration fails, and releases the lock', async () => {
    const dir = await tmpDir();
    await (await Store.open({ dataDir: dir })).close();
    const boom: Migration = { version: SCHEMA_VERSION + 1, description: 'fails', up: () => { throw new Error('boom'); } };
    await expect(Store.open({ dataDir: dir, migrations: [...MIGRATIONS, boom] })).rejects.toThrow('boom');
    expect((await readMeta(dir)).schemaVersion).toBe(SCHEMA_VERSION);
    const s = await Store.open({ dataDir: dir }); // lock was released
    await s.close();
  });

  it('rejects a migration list that is not strictly increasing', async () => {
    const dir = await tmpDir();
    const bad: Migration[] = [{ version: 2, description: 'a', up: () => undefined }, { version: 2, description: 'b', up: () => undefined }];
    await expect(Store.open({ dataDir: dir, migrations: bad })).rejects.toThrow(/strictly increasing/);
  });
});
