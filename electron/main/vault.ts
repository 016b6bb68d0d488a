import { UserFacingError } from '../core/api/types';
import type { SecretStore } from '../core/secrets';
import { z } from 'zod';
import { promises as fs } from 'node:fs';
import { readJsonFile, writeFileAtomic } from './atomic-file';

/** The part of Electron's `safeStorage` the vault uses (https://www.electronjs.org/docs/latest/api/safe-storage). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: the OS password store in use; `basic_text` means a hard-coded key, i.e. plain text. */
  getSelectedStorageBackend(): string;
}

/** `userData/vault.json`: secret name → base64 of safeStorage ciphertext. Never holds a plain value. */
const VaultFileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)) });
type VaultFile = z.infer<typeof VaultFileSchema>;

const NAME = /^[a-z][A-Za-z0-9._-]{0,99}$/;
/** Values shorter than this are not redacted from logs (too likely to collide with ordinary text). */
const MIN_REDACT_LENGTH = 8;

/** The SecretStore of the desktop app, plus a redactor for the main log. */
export interface Vault extends SecretStore {
  /** Replaces every secret value this process has stored or read with `[redacted]`. */
  redact(text: string): string;
}

/**
 * A {@link SecretStore} on Electron's safeStorage (OS keychain / DPAPI / libsecret-kwallet key): each value is
 * encrypted with `safeStorage.encryptString` and stored base64-encoded in `file` (atomic writes, mode 0600).
 * Refuses to store or read anything when encryption is unavailable, or on Linux when the selected backend is
 * `basic_text` (Chromium's fallback with a hard-coded key, i.e. plain text on disk) or `unknown` (before ready).
 * Secrets stay in the main process: no IPC channel returns one.
 *
 * @param opts.file absolute path of `vault.json` (in userData)
 * @param opts.safeStorage Electron's `safeStorage`
 * @param opts.platform `process.platform` (the backend check applies on linux)
 * @throws (from get/set/delete) UserFacingError `vault_unavailable` when refused; Error on an invalid name
 */
export function createVault(opts: { file: string; safeStorage: SafeStorageLike; platform: NodeJS.Platform }): Vault {
  const known = new Set<string>();
  let cache: VaultFile | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const assertAvailable = (): void => {
    if (!opts.safeStorage.isEncryptionAvailable()) {
      throw new UserFacingError('Secure storage is not available on this computer, so LeadForge will not store credentials.', 'vault_unavailable');
    }
    if (opts.platform === 'linux') {
      const backend = opts.safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        throw new UserFacingError(
          'No OS keyring found (Electron would store credentials as plain text). Install and unlock GNOME Keyring or KWallet, then restart LeadForge.',
          'vault_unavailable',
        );
      }
    }
  };
  const assertName = (name: string): void => {
    if (!NAME.test(name)) throw new Error(`vault: invalid secret name "${name.slice(0, 40)}"`);
  };
  const remember = (value: string): void => {
    if (value.length >= MIN_REDACT_LENGTH) known.add(value);
  };
  const load = async (): Promise<VaultFile> => {
    if (cache) return cache;
    let raw: unknown;
    try {
      raw = await readJsonFile(opts.file);
    } catch {
      raw = null;
    }
    const parsed = raw === undefined ? { success: true as const, data: { version: 1 as const, entries: {} } } : VaultFileSchema.safeParse(raw);
    if (!parsed.success) {
      // Unreadable: set it aside (never overwrite what we cannot read) and start empty; the rep reconnects.
      await fs.rename(opts.file, `${opts.file}.corrupt-${Date.now()}`).catch(() => undefined);
      cache = { version: 1, entries: {} };
    } else cache = parsed.data;
    return cache;
  };
  // One operation at a time: reads see the latest write, writes never interleave.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const persist = (data: VaultFile): Promise<void> => writeFileAtomic(opts.file, `${JSON.stringify(data, null, 2)}\n`);

  return {
    get: (name) =>
      serial(async () => {
        assertName(name);
        assertAvailable();
        const b64 = (await load()).entries[name];
        if (b64 === undefined) return undefined;
        let value: string;
        try {
          value = opts.safeStorage.decryptString(Buffer.from(b64, 'base64'));
        } catch {
          throw new UserFacingError(`A stored credential (${name}) could not be decrypted (the OS keyring changed?). Reconnect to store it again.`, 'vault_decrypt');
        }
        remember(value);
        return value;
      }),
    set: (name, value) =>
      serial(async () => {
        assertName(name);
        assertAvailable();
        const data = await load();
        const cipher = opts.safeStorage.encryptString(value);
        remember(value);
        const next: VaultFile = { version: 1, entries: { ...data.entries, [name]: cipher.toString('base64') } };
        await persist(next);
        cache = next;
      }),
    delete: (name) =>
      serial(async () => {
        assertName(name);
        const data = await load();
        if (!(name in data.entries)) return;
        const entries = { ...data.entries };
        delete entries[name];
        const next: VaultFile = { version: 1, entries };
        await persist(next);
        cache = next;
      }),
    redact(text) {
      let out = text;
      for (const value of known) if (out.includes(value)) out = out.split(value).join('[redacted]');
      return out;
    },
  };
}
