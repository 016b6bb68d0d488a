import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonDoc } from '../../../electron/core/store/files';
import { Store, StoreClosedError } from '../../../electron/core/store/index';
import { cleanupTmpDirs, idsInFile, sleep, tmpDir } from './helpers';

interface Rec { id: string; n: number; tag?: string }

const open: Store[] = [];
async function openStore(dataDir: string, opts: Partial<Parameters<typeof Store.open>[0]> = {}): Promise<Store> {
  const s = await Store.open({ dataDir, ...opts });
  open.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
  vi.restoreAllMocks();
  await cleanupTmpDirs();
});

describe('Store: round trip', () => {
  it('puts records across shards and reads them back after reopening', async () => {
    const dir = await tmpDir();
    const s1 = await openStore(dir, { shardSize: 100 });
    const leads = s1.collection<Rec>('leads');
    for (let i = 0; i < 250; i++) leads.put({ id: `l${i}`, n: i });
    leads.put({ id: 'l7', n: 700, tag: 'updated' });
    expect(leads.delete('l8')).toBe(true);
    expect(leads.delete('nope')).toBe(false);
    s1.collection<Rec>('tasks').putMany([{ id: 't1', n: 1 }, { id: 't2', n: 2 }]);
    await s1.close();

    expect((await readdir(path.join(dir, 'leads'))).filter((f) => f.endsWith('.json')).sort())
      .toEqual(['000001.json', '000002.json', '000003.json']);
    expect(await idsInFile(path.join(dir, 'leads', '000003.json'))).toHaveLength(50);

    const s2 = await openStore(dir, { shardSize: 100 });
    const again = s2.collection<Rec>('leads');
    expect(again.size).toBe(249);
    expect(again.get('l7')).toEqual({ id: 'l7', n: 700, tag: 'updated' });
    expect(again.get('l249')).toEqual({ id: 'l249', n: 249 });
    expect(again.has('l8')).toBe(false);
    expect([...again.values()].map((r) => r.id).slice(0, 3)).toEqual(['l0', 'l1', 'l2']);
    expect(s2.collection<Rec>('tasks').get('t2')).toEqual({ id: 't2', n: 2 });
    // A new id goes to the open (last, non-full) shard after reload, then to a new one.
    const c = again as unknown as { shardOf(id: string): number | undefined };
    for (let i = 250; i < 300; i++) again.put({ id: `l${i}`, n: i });
    expect(c.shardOf('l299')).toBe(3);
    again.put({ id: 'l300', n: 300 });
    expect(c.shardOf('l300')).toBe(4);
    expect(c.shardOf('l7')).toBe(1);
  });

  it('deep-copies on put: mutating the caller object afterwards does not change the store', async () => {
    const s = await openStore(await tmpDir());
    const rec = { id: 'a', n: 1, nested: { x: [1, 2] } };
    const col = s.collection<typeof rec>('leads');
    col.put(rec);
    rec.nested.x.push(3);
    rec.n = 2;
    expect(col.get('a')).toEqual({ id: 'a', n: 1, nested: { x: [1, 2] } });
  });

  it('rejects unknown collection names and writes after close', async () => {
    const s = await openStore(await tmpDir());
    expect(() => s.collection('bogus' as never)).toThrow(/Unknown store collection "bogus"/);
    const col = s.collection<Rec>('leads');
    col.put({ id: 'x', n: 1 });
    const first = s.close();
    expect(s.close()).toBe(first);
    await first;
    expect(() => col.put({ id: 'y', n: 2 })).toThrow(StoreClosedError);
    expect(col.get('x')).toEqual({ id: 'x', n: 1 });
    await expect(s.flush()).resolves.toBeUndefined();
  });
});

describe('Store: writes', () => {
  it('rewrites only dirty shards', async () => {
    const dir = await tmpDir();
    const s = await openStore(dir, { shardSize: 100, flushIntervalMs: 60_000 });
    const leads = s.collection<Rec>('leads');
    for (let i = 0; i < 300; i++) leads.put({ id: `l${i}`, n: i });
    s.collection<Rec>('tasks').put({ id: 't', n: 0 });
    await s.flush();
    expect(s.stats().fileWrites).toBe(4);
    const files = ['000001.json', '000002.json', '000003.json'].map((f) => path.join(dir, 'leads', f));
    const before = await Promise.all(files.map((f) => stat(f)));

    leads.put({ id: 'l150', n: -150 }); // shard 2 only
    await s.flush();
    expect(s.stats().fileWrites).toBe(5);
    const after = await Promise.all(files.map((f) => stat(f)));
    // steno replaces by rename: a rewritten file has a new inode; untouched files keep theirs.
    expect(after[0]!.ino).toBe(before[0]!.ino);
    expect(after[1]!.ino).not.toBe(before[1]!.ino);
    expect(after[2]!.ino).toBe(before[2]!.ino);
    expect(JSON.parse(await readFile(files[1]!, 'utf8')).records.find((r: Rec) => r.id === 'l150').n).toBe(-150);

    await s.flush(); // nothing dirty: no write
    expect(s.stats().fileWrites).toBe(5);
    const st = s.stats();
    const onDisk = (await Promise.all([...files, path.join(dir, 'tasks', '000001.json')].map((f) => stat(f)))).reduce((a, b) => a + b.size, 0);
    expect(st.bytesOnDisk).toBe(onDisk);
  });

  it('coalesces 1000 puts made over ~100 ms into a few timed writes, without flush()', async () => {
    const dir = await tmpDir();
    const s = await openStore(dir, { shardSize: 500, flushIntervalMs: 200 });
    const leads = s.collection<Rec>('leads');
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < 100; i++) leads.put({ id: `l${batch * 100 + i}`, n: i });
      await sleep(10);
    }
    for (let i = 0; i < 1000; i++) leads.put({ id: `l${i % 50}`, n: -i }); // updates
    const deadline = Date.now() + 5000;
    while (s.stats().dirtyShards > 0 && Date.now() < deadline) await sleep(20);
    const { fileWrites } = s.stats();
    expect(s.stats().dirtyShards).toBe(0);
    expect(fileWrites).toBeGreaterThanOrEqual(2);
    expect(fileWrites).toBeLessThanOrEqual(4);
    const ids = [...(await idsInFile(path.join(dir, 'leads', '000001.json'))), ...(await idsInFile(path.join(dir, 'leads', '000002.json')))];
    expect(new Set(ids).size).toBe(1000);
  });

  it('keeps at most one write in flight per shard, and writes the latest state next', async () => {
    const dir = await tmpDir();
    const inFlight = new Map<string, number>();
    let maxPerFile = 0;
    const original = JsonDoc.prototype.write;
    vi.spyOn(JsonDoc.prototype, 'write').mockImplementation(async function (this: JsonDoc<object>, data: object) {
      const n = (inFlight.get(this.file) ?? 0) + 1;
      inFlight.set(this.file, n);
      maxPerFile = Math.max(maxPerFile, n);
      try {
        await sleep(30); // slow disk
        return await original.call(this, data);
      } finally {
        inFlight.set(this.file, (inFlight.get(this.file) ?? 1) - 1);
      }
    });
    const s = await openStore(dir, { flushIntervalMs: 10, maxFlushDelayMs: 10 });
    const col = s.collection<Rec>('runs');
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      col.put({ id: 'run', n: i });
      if (i % 5 === 0) flushes.push(s.flush());
      await sleep(3);
    }
    await Promise.all(flushes);
    await s.flush();
    expect(maxPerFile).toBe(1);
    expect(JSON.parse(await readFile(path.join(dir, 'runs', '000001.json'), 'utf8')).records).toEqual([{ id: 'run', n: 39 }]);
    expect(s.stats().fileWrites).toBeLessThan(40);
  });

  it('flush() resolves only when every earlier put is on disk', async () => {
    const dir = await tmpDir();
    const s = await openStore(dir, { flushIntervalMs: 60_000, shardSize: 50 });
    const tasks = s.collection<Rec>('tasks');
    for (let i = 0; i < 120; i++) tasks.put({ id: `t${i}`, n: i });
    const p = s.flush();
    tasks.put({ id: 'late', n: 1 }); // after the call: not required by p, but must not break it
    await p;
    const onDisk = new Set<string>();
    for (const f of ['000001.json', '000002.json', '000003.json']) for (const id of await idsInFile(path.join(dir, 'tasks', f))) onDisk.add(id);
    for (let i = 0; i < 120; i++) expect(onDisk.has(`t${i}`)).toBe(true);
    await s.flush();
    expect(await idsInFile(path.join(dir, 'tasks', '000003.json'))).toContain('late');
  });

  it('reports a failed background write through onError, rejects flush(), and recovers', async () => {
    const dir = await tmpDir();
    const errors: Error[] = [];
    const s = await openStore(dir, { flushIntervalMs: 20, maxFlushDelayMs: 20, onError: (e) => errors.push(e) });
    const col = s.collection<Rec>('drafts');
    col.put({ id: 'd', n: 1 });
    await s.flush();
    // Make the next write fail: the shard's target becomes a non-empty directory, so rename fails.
    const { mkdir, rm, writeFile } = await import('node:fs/promises');
    const shard = path.join(dir, 'drafts', '000001.json');
    await rm(shard);
    await mkdir(shard);
    await writeFile(path.join(shard, 'blocker'), 'x');
    col.put({ id: 'd', n: 2 });
    const deadline = Date.now() + 5000;
    while (errors.length === 0 && Date.now() < deadline) await sleep(20);
    expect(errors[0]?.message).toMatch(/Failed to write store file .*000001\.json/);
    await expect(s.flush()).rejects.toThrow(/Failed to write store file/);
    await rm(shard, { recursive: true });
    await s.flush();
    expect(JSON.parse(await readFile(shard, 'utf8')).records).toEqual([{ id: 'd', n: 2 }]);
  }, 30_000);
});
