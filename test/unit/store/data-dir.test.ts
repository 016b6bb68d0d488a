import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../electron/core/store/index';

describe('resolveDataDir', () => {
  const home = '/home/rep';
  it('prefers the --data-dir flag over the env var and the default', () => {
    expect(resolveDataDir({ flag: '/data/flag', env: { LEADFORGE_DATA_DIR: '/data/env' }, platform: 'linux', homeDir: home })).toBe(path.resolve('/data/flag'));
  });
  it('resolves a relative flag against the current directory', () => {
    expect(resolveDataDir({ flag: 'rel/dir', env: {} })).toBe(path.join(process.cwd(), 'rel/dir'));
  });
  it('uses LEADFORGE_DATA_DIR when no flag (or a blank flag) is given', () => {
    expect(resolveDataDir({ env: { LEADFORGE_DATA_DIR: '/data/env' }, platform: 'linux', homeDir: home })).toBe(path.resolve('/data/env'));
    expect(resolveDataDir({ flag: '  ', env: { LEADFORGE_DATA_DIR: '/data/env' }, platform: 'linux', homeDir: home })).toBe(path.resolve('/data/env'));
  });
  it('falls back to the Electron userData folder of app "leadforge"', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homeDir: home })).toBe('/home/rep/.config/leadforge');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', homeDir: home })).toBe('/xdg/leadforge');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: 'relative' }, platform: 'linux', homeDir: home })).toBe('/home/rep/.config/leadforge');
    expect(resolveDataDir({ env: { LEADFORGE_DATA_DIR: '' }, platform: 'darwin', homeDir: '/Users/rep' })).toBe('/Users/rep/Library/Application Support/leadforge');
    expect(resolveDataDir({ env: { APPDATA: 'C:\\Users\\rep\\AppData\\Roaming' }, platform: 'win32', homeDir: 'C:\\Users\\rep' })).toBe('C:\\Users\\rep\\AppData\\Roaming\\leadforge');
    expect(resolveDataDir({ env: {}, platform: 'win32', homeDir: 'C:\\Users\\rep' })).toBe('C:\\Users\\rep\\AppData\\Roaming\\leadforge');
  });
  it('defaults to process.env and the real home dir', () => {
    const saved = { ...process.env };
    try {
      delete process.env.LEADFORGE_DATA_DIR;
      delete process.env.XDG_CONFIG_HOME;
      delete process.env.APPDATA;
      const got = resolveDataDir();
      expect(got.startsWith(os.homedir()) || process.platform === 'win32').toBe(true);
      expect(path.basename(got)).toBe('leadforge');
      process.env.LEADFORGE_DATA_DIR = '/tmp/from-env';
      expect(resolveDataDir()).toBe(path.resolve('/tmp/from-env'));
    } finally {
      process.env = saved;
    }
  });
});
