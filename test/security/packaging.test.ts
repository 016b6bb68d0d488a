/**
 * Packaging config (cannot be built here: no Electron binary, no signing identities): electron-builder.yml is
 * valid for electron-builder's own schema and says what issue 3 asks; the afterPack hook (build/fuses.cjs)
 * holds the required fuse settings and, run on a stand-in binary carrying an Electron fuse wire, flips exactly
 * those bits (read back with @electron/fuses).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as Fuses from '@electron/fuses';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../e2e/harness/paths';

const require = createRequire(import.meta.url);
// electron-builder's own loader and schema validator (app-builder-lib ships with electron-builder).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { resolveFunction } = require('app-builder-lib/out/util/resolve') as {
  resolveFunction<T>(type: string | undefined, executor: unknown, name: string, rootSearchDir: string): Promise<T>;
};
const fuses = require('@electron/fuses') as typeof Fuses;
const hook = require(path.join(REPO_ROOT, 'build/fuses.cjs')) as ((ctx: unknown) => Promise<void>) & {
  FUSES: Record<string, unknown>;
  electronBinaryPath(ctx: unknown): string;
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lf-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('electron-builder.yml', () => {
  test('passes electron-builder schema validation', async () => {
    const config = await getConfig(REPO_ROOT, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // …and the validator is real: a wrong type is refused.
    await expect(validateConfiguration({ ...config, asar: 'yes please' }, new DebugLogger(false))).rejects.toThrow(/asar/);
  });

  test('app identity, files, asar, targets and the fuse hook', async () => {
    const config = await getConfig(REPO_ROOT, 'electron-builder.yml', null);
    expect(config).toMatchObject({
      appId: 'com.leadforge.desktop',
      productName: 'LeadForge',
      asar: true,
      afterPack: './build/fuses.cjs',
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
    });
    expect(JSON.stringify(config.files)).toBe(JSON.stringify([{ filter: ['out/**', 'package.json'] }]));
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });

  test('electron-builder resolves the afterPack hook to build/fuses.cjs', async () => {
    const config = await getConfig(REPO_ROOT, 'electron-builder.yml', null);
    const cwd = process.cwd();
    process.chdir(REPO_ROOT); // electron-builder runs from the project folder
    try {
      expect(await resolveFunction(undefined, config.afterPack, 'afterPack', REPO_ROOT)).toBe(hook);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('fuses (build/fuses.cjs)', () => {
  const O = fuses.FuseV1Options;

  test('the settings issue 3 asks for, every fuse decided (strict)', () => {
    expect(hook.FUSES).toMatchObject({
      version: fuses.FuseVersion.V1,
      strictlyRequireAllFuses: true,
      [O.RunAsNode]: false,
      [O.EnableCookieEncryption]: true,
      [O.EnableNodeOptionsEnvironmentVariable]: false,
      [O.EnableNodeCliInspectArguments]: false,
      [O.EnableEmbeddedAsarIntegrityValidation]: true,
      [O.OnlyLoadAppFromAsar]: true,
    });
    const fuseIds = Object.values(O).filter((v): v is number => typeof v === 'number');
    for (const id of fuseIds) expect(typeof hook.FUSES[id], `fuse ${O[id]}`).toBe('boolean');
  });

  test('the binary path per platform', () => {
    const packager = { appInfo: { productFilename: 'LeadForge' }, executableName: 'leadforge' };
    expect(hook.electronBinaryPath({ electronPlatformName: 'linux', appOutDir: '/o', packager })).toBe('/o/leadforge');
    expect(hook.electronBinaryPath({ electronPlatformName: 'win32', appOutDir: '/o', packager })).toBe('/o/LeadForge.exe');
    expect(hook.electronBinaryPath({ electronPlatformName: 'darwin', appOutDir: '/o', packager })).toBe('/o/LeadForge.app');
  });

  test('afterPack flips the fuse wire of the packaged binary as configured', async () => {
    // A stand-in Linux binary: filler, Electron's fuse sentinel, wire version 1, 8 fuses all "enabled" ('1').
    const binary = path.join(tmp, 'leadforge');
    const wire = Buffer.concat([Buffer.from('ELF-ish filler '), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('11111111'), Buffer.from(' tail')]);
    writeFileSync(binary, wire);
    await hook({ electronPlatformName: 'linux', arch: 1, appOutDir: tmp, packager: { appInfo: { productFilename: 'LeadForge' }, executableName: 'leadforge' } });
    const state = await fuses.getCurrentFuseWire(binary);
    const ENABLE = 49;
    const DISABLE = 48;
    expect({ ...state }).toMatchObject({
      [O.RunAsNode]: DISABLE,
      [O.EnableCookieEncryption]: ENABLE,
      [O.EnableNodeOptionsEnvironmentVariable]: DISABLE,
      [O.EnableNodeCliInspectArguments]: DISABLE,
      [O.EnableEmbeddedAsarIntegrityValidation]: ENABLE,
      [O.OnlyLoadAppFromAsar]: ENABLE,
      [O.LoadBrowserProcessSpecificV8Snapshot]: DISABLE,
      [O.GrantFileProtocolExtraPrivileges]: ENABLE,
    });
  });

  test('an Electron with a fuse this config does not decide fails the build (strict mode)', async () => {
    const binary = path.join(tmp, 'leadforge');
    writeFileSync(binary, Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 9]), Buffer.from('111111111')]));
    await expect(hook({ electronPlatformName: 'linux', arch: 1, appOutDir: tmp, packager: { appInfo: { productFilename: 'LeadForge' }, executableName: 'leadforge' } })).rejects.toThrow(/strictlyRequireAllFuses/);
  });
});
