import { access, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_NAME, Store, StoreLockedError } from '../../../electron/core/store/index';
import { cleanupTmpDirs, sleep, spawnChild, tmpDir } from './helpers';

afterEach(cleanupTmpDirs);

const exists = (p: string) => access(p).then(() => true, () => false);

describe('Store: data-dir lock', () => {
  it('refuses a second open of the same dir in the same process, naming the dir', async () => {
    const dir = await tmpDir();
    const s = await Store.open({ dataDir: dir });
    const err = await Store.open({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockedError);
    expect((err as Error).message).toContain(dir);
    expect((err as Error).message).toMatch(/in use by another LeadForge process/);
    expect(await exists(path.join(dir, LOCK_NAME))).toBe(true);
    await s.close();
    expect(await exists(path.join(dir, LOCK_NAME))).toBe(false);
    const again = await Store.open({ dataDir: dir });
    await again.close();
    await again.close(); // idempotent
  });

  it('refuses to open while another process holds the dir, and opens once it exits', async () => {
    const dir = await tmpDir();
    const child = spawnChild(['hold', dir]);
    try {
      await child.waitFor(/^READY$/);
      await expect(Store.open({ dataDir: dir })).rejects.toBeInstanceOf(StoreLockedError);
      child.proc.stdin.end('close\n');
      await child.waitFor(/^CLOSED$/);
      expect(await child.exited).toBe(0);
      const s = await Store.open({ dataDir: dir });
      await s.close();
    } finally {
      child.proc.kill('SIGKILL');
    }
  });

  it('makes another process fail with StoreLockedError while this process holds the dir', async () => {
    const dir = await tmpDir();
    const s = await Store.open({ dataDir: dir });
    try {
      const child = spawnChild(['try', dir]);
      const line = await child.waitFor(/^\{/);
      expect(JSON.parse(line)).toMatchObject({ ok: false, name: 'StoreLockedError', code: 'STORE_LOCKED' });
      expect(JSON.parse(line).message).toContain(dir);
    } finally {
      await s.close();
    }
    const child = spawnChild(['try', dir]);
    expect(JSON.parse(await child.waitFor(/^\{/))).toEqual({ ok: true });
  });

  it('keeps data flushed before a SIGKILL, loses unflushed data, and takes over the dead owner\'s lock at once', async () => {
    const dir = await tmpDir();
    const child = spawnChild(['write-and-hang', dir, '300']);
    await child.waitFor(/^FLUSHED$/);
    child.proc.kill('SIGKILL');
    await child.exited;
    // The lock's owner process is gone: the lock is taken over without waiting for the stale threshold.
    const t0 = Date.now();
    const store = await Store.open({ dataDir: dir, staleLockMs: 60_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const leads = store.collection<{ id: string; n: number }>('leads');
    expect(leads.size).toBe(300);
    expect(leads.get('lead_299')).toEqual({ id: 'lead_299', n: 299 });
    expect(leads.has('after_flush')).toBe(false);
    await store.close();
  }, 40_000);

  it('survives losing its lock: reports it via onError, stops writing, flush rejects', async () => {
    const dir = await tmpDir();
    const errors: Error[] = [];
    const s = await Store.open({ dataDir: dir, staleLockMs: 2000, onError: (e) => errors.push(e) });
    s.collection<{ id: string }>('runs').put({ id: 'r1' });
    await s.flush();
    await rm(path.join(dir, LOCK_NAME), { recursive: true }); // someone removed our lock
    const deadline = Date.now() + 10_000;
    while (errors.length === 0 && Date.now() < deadline) await sleep(100);
    expect(errors[0]).toBeInstanceOf(StoreLockedError);
    expect((errors[0] as StoreLockedError).lost).toBe(true);
    s.collection<{ id: string }>('runs').put({ id: 'r2' });
    await expect(s.flush()).rejects.toBeInstanceOf(StoreLockedError);
    await expect(s.close()).rejects.toBeInstanceOf(StoreLockedError);
    expect(await readdir(path.join(dir, 'runs'))).toEqual(['000001.json']);
  }, 30_000);
});
