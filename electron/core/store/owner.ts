import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/** Who holds a data-dir lock: written beside the lock dir as `<lockPath>.owner.json`. */
interface LockOwner {
  pid: number;
  hostname: string;
  at: string;
}

const ownerFile = (lockPath: string): string => `${lockPath}.owner.json`;

/** Records this process as the lock's owner (pid, hostname, ISO time). */
export async function writeLockOwner(lockPath: string): Promise<void> {
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), at: new Date().toISOString() };
  await writeFile(ownerFile(lockPath), JSON.stringify(owner));
}

/** Removes the owner record if it still names this process. Never throws. */
export async function clearLockOwner(lockPath: string): Promise<void> {
  try {
    const owner = JSON.parse(await readFile(ownerFile(lockPath), 'utf8')) as LockOwner;
    if (owner.pid === process.pid && owner.hostname === hostname()) await rm(ownerFile(lockPath), { force: true });
  } catch {
    // no owner record: nothing to clear
  }
}

/**
 * True when the lock's recorded owner was a process on this host that no longer exists (killed, crashed),
 * so the lock can be taken over at once instead of after the stale-lock timeout. False when the owner is
 * alive, on another host, or unknown.
 */
export async function lockOwnerIsDead(lockPath: string): Promise<boolean> {
  let owner: LockOwner;
  try {
    owner = JSON.parse(await readFile(ownerFile(lockPath), 'utf8')) as LockOwner;
  } catch {
    return false;
  }
  if (owner.hostname !== hostname() || !Number.isInteger(owner.pid) || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes a dead owner's lock dir and owner record. */
export async function removeDeadLock(lockPath: string): Promise<void> {
  await rm(lockPath, { recursive: true, force: true });
  await rm(ownerFile(lockPath), { force: true });
}
