import { afterEach, describe, expect, it } from 'vitest';
import { Store, StoreRecordError } from '../../../electron/core/store/index';
import { cleanupTmpDirs, tmpDir } from './helpers';

afterEach(cleanupTmpDirs);

class Point { constructor(public x: number) {} }

describe('Store: records must be plain JSON', () => {
  const cyclic: Record<string, unknown> = { id: 't1' };
  cyclic.self = cyclic;
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a function', { id: 't1', output: { fn: () => 1 } }, /\$\.output\.fn is a function/],
    ['a Date', { id: 't1', startedAt: new Date() }, /\$\.startedAt is a Date .*ISO/],
    ['a bigint', { id: 't1', n: 10n }, /\$\.n is a bigint/],
    ['NaN', { id: 't1', durationMs: Number.NaN }, /\$\.durationMs is NaN/],
    ['Infinity in an array', { id: 't1', xs: [1, Infinity] }, /\$\.xs\[1\] is Infinity/],
    ['undefined in an array', { id: 't1', xs: [undefined] }, /\$\.xs\[0\] is undefined/],
    ['a circular reference', cyclic, /\$\.self is a circular reference/],
    ['a class instance', { id: 't1', p: new Point(1) }, /\$\.p is a Point/],
    ['a Map', { id: 't1', m: new Map() }, /\$\.m is a Map/],
    ['a symbol', { id: 't1', s: Symbol('x') }, /\$\.s is a symbol/],
  ])('rejects %s, naming collection and id, leaving the store unchanged', async (_label, bad, re) => {
    const s = await Store.open({ dataDir: await tmpDir(), flushIntervalMs: 60_000 });
    const tasks = s.collection<{ id: string; v?: number }>('tasks');
    tasks.put({ id: 't1', v: 1 });
    await s.flush();
    const writes = s.stats().fileWrites;
    let err: unknown;
    try {
      tasks.put(bad as { id: string });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreRecordError);
    expect((err as Error).message).toMatch(/^Cannot put tasks\/t1: /);
    expect((err as Error).message).toMatch(re);
    expect(tasks.get('t1')).toEqual({ id: 't1', v: 1 });
    expect(s.stats().dirtyShards).toBe(0);
    await s.flush();
    expect(s.stats().fileWrites).toBe(writes);
    await s.close();
  });

  it('rejects a missing or empty id', async () => {
    const s = await Store.open({ dataDir: await tmpDir() });
    const leads = s.collection<{ id: string }>('leads');
    expect(() => leads.put({} as { id: string })).toThrow(/Cannot put leads\/<no id>: \$\.id must be a non-empty string/);
    expect(() => leads.put({ id: '' })).toThrow(StoreRecordError);
    expect(() => leads.put({ id: 42 } as unknown as { id: string })).toThrow(/leads\/42/);
    expect(leads.size).toBe(0);
    await s.close();
  });

  it('putMany is all-or-nothing', async () => {
    const s = await Store.open({ dataDir: await tmpDir() });
    const leads = s.collection<{ id: string; at?: unknown }>('leads');
    expect(() => leads.putMany([{ id: 'a' }, { id: 'b' }, { id: 'c', at: new Date() }])).toThrow(/leads\/c: \$\.at is a Date/);
    expect(leads.size).toBe(0);
    leads.putMany([{ id: 'a' }, { id: 'a', at: 'x' }]);
    expect(leads.get('a')).toEqual({ id: 'a', at: 'x' });
    await s.close();
  });

  it('drops undefined properties like JSON does, and keeps null', async () => {
    const dir = await tmpDir();
    const s = await Store.open({ dataDir: dir });
    s.collection<{ id: string; a?: string; b: null }>('leads').put({ id: 'x', a: undefined, b: null });
    await s.close();
    const s2 = await Store.open({ dataDir: dir });
    expect(s2.collection('leads').get('x')).toStrictEqual({ id: 'x', b: null });
    await s2.close();
  });
});
