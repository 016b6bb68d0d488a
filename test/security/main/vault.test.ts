/**
 * The safeStorage vault (electron/main/vault.ts) with a stand-in safeStorage doing real AES-256-GCM: refuses
 * plain-text backends, writes only ciphertext, survives restarts with the same keyring, redacts what it knows.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createVault, type SafeStorageLike } from '../../../electron/main/vault';

function fakeSafeStorage(opts: { available?: boolean; backend?: string; key?: Buffer } = {}): SafeStorageLike {
  const key = opts.key ?? randomBytes(32);
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(buf) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const tmp = () => (dir = mkdtempSync(path.join(os.tmpdir(), 'lf-vault-')));

describe('vault', () => {
  test('stores only ciphertext, reads it back, and a restart with the same keyring still reads it', async () => {
    const file = path.join(tmp(), 'vault.json');
    const key = randomBytes(32);
    const vault = createVault({ file, safeStorage: fakeSafeStorage({ key }), platform: 'linux' });
    await vault.set('hubspot.accessToken', TOKEN);
    expect(await vault.get('hubspot.accessToken')).toBe(TOKEN);
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain(Buffer.from(TOKEN).toString('base64'));
    expect(JSON.parse(raw)).toMatchObject({ version: 1, entries: { 'hubspot.accessToken': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } });
    expect(readdirSync(dir)).toEqual(['vault.json']); // atomic write left no temp file behind

    const again = createVault({ file, safeStorage: fakeSafeStorage({ key }), platform: 'linux' });
    expect(await again.get('hubspot.accessToken')).toBe(TOKEN);
    await again.delete('hubspot.accessToken');
    expect(await again.get('hubspot.accessToken')).toBeUndefined();
  });

  test.each([
    ['basic_text', true],
    ['unknown', true],
  ])('refuses the %s backend on Linux: nothing is written', async (backend) => {
    const file = path.join(tmp(), 'vault.json');
    const vault = createVault({ file, safeStorage: fakeSafeStorage({ backend }), platform: 'linux' });
    await expect(vault.set('hubspot.accessToken', TOKEN)).rejects.toMatchObject({ name: 'UserFacingError', code: 'vault_unavailable' });
    await expect(vault.get('hubspot.accessToken')).rejects.toThrow(/keyring/);
    expect(existsSync(file)).toBe(false);
  });

  test('refuses when encryption is unavailable (any OS); basic_text only matters on Linux', async () => {
    const file = path.join(tmp(), 'vault.json');
    const off = createVault({ file, safeStorage: fakeSafeStorage({ available: false }), platform: 'darwin' });
    await expect(off.set('salesforce.accessToken', TOKEN)).rejects.toThrow(/Secure storage is not available/);
    expect(existsSync(file)).toBe(false);
    const mac = createVault({ file, safeStorage: fakeSafeStorage({ backend: 'basic_text' }), platform: 'darwin' });
    await mac.set('salesforce.accessToken', TOKEN);
    expect(await mac.get('salesforce.accessToken')).toBe(TOKEN);
  });

  test('a different keyring cannot decrypt: a clear error, no garbage returned', async () => {
    const file = path.join(tmp(), 'vault.json');
    await createVault({ file, safeStorage: fakeSafeStorage(), platform: 'linux' }).set('hubspot.refreshToken', TOKEN);
    const other = createVault({ file, safeStorage: fakeSafeStorage(), platform: 'linux' });
    await expect(other.get('hubspot.refreshToken')).rejects.toMatchObject({ code: 'vault_decrypt' });
  });

  test('an unreadable vault file is set aside, never overwritten', async () => {
    const file = path.join(tmp(), 'vault.json');
    writeFileSync(file, '{"version": 1, "entries": {"x": "not base64 !!"}}');
    const vault = createVault({ file, safeStorage: fakeSafeStorage(), platform: 'linux' });
    expect(await vault.get('x')).toBeUndefined();
    await vault.set('hubspot.accessToken', TOKEN);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^vault\.json\.corrupt-\d+$/);
    expect(readFileSync(path.join(dir, files[1]!), 'utf8')).toContain('not base64 !!');
  });

  test('redacts every secret value it has stored or read, and rejects odd names', async () => {
    const vault = createVault({ file: path.join(tmp(), 'vault.json'), safeStorage: fakeSafeStorage(), platform: 'linux' });
    await vault.set('hubspot.accessToken', TOKEN);
    expect(vault.redact(`Authorization: Bearer ${TOKEN} (again ${TOKEN})`)).toBe('Authorization: Bearer [redacted] (again [redacted])');
    await expect(vault.set('../etc/passwd', 'x')).rejects.toThrow(/invalid secret name/);
  });
});
