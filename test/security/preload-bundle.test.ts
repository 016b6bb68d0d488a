/**
 * The preload bundle as built (out/preload/index.cjs): one self-contained CommonJS file that requires nothing
 * but 'electron' (a sandboxed preload cannot load anything else, and it must not pull in zod), exposing exactly
 * one object with one method per contract channel.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS } from '@shared/ipc/channels';
import { ipcContract, ipcEvents, methodName } from '@shared/ipc';
import { PRELOAD_BUNDLE } from '../e2e/harness/paths';

describe('preload bundle', () => {
  const code = readFileSync(PRELOAD_BUNDLE, 'utf8');

  test('is CommonJS and requires only electron', () => {
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\bimport\(/);
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/\bzod\b/);
    expect(code.length).toBeLessThan(20_000);
  });

  test('run in a bare context, it exposes exactly window.leadforge with one invoke per channel', async () => {
    const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (...a: unknown[]) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => void invoked.push(args),
        on: (ch: string, fn: (...a: unknown[]) => void) => void listeners.set(ch, fn),
        removeListener: (ch: string) => void listeners.delete(ch),
      },
      webUtils: { getPathForFile: () => '/tmp/list.csv' },
    };
    const sandbox = { require: (id: string) => (id === 'electron' ? electron : (() => { throw new Error(`cannot require ${id}`); })()), module: { exports: {} }, exports: {} };
    vm.runInNewContext(code, sandbox);
    expect(Object.keys(exposed)).toEqual(['leadforge']);
    const bridge = exposed.leadforge!;
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const channel of IPC_CHANNELS) await bridge[methodName(channel)]!({ probe: channel });
    expect(invoked).toEqual(IPC_CHANNELS.map((c) => [c, { probe: c }]));
    await bridge.appInfo!();
    expect(invoked.at(-1)).toEqual(['app:info', {}]);

    const got: unknown[][] = [];
    const off = bridge.on!('pipeline:progress', (...a: unknown[]) => void got.push(a)) as () => void;
    listeners.get('pipeline:progress')!({ sender: 'ipc event' }, [{ id: 'r1' }]);
    expect(got).toEqual([[[{ id: 'r1' }]]]);
    off();
    expect(listeners.has('pipeline:progress')).toBe(false);
    expect(() => bridge.on!('crm:token', () => undefined)).toThrow(/unknown event/);
    expect(bridge.pathForFile!({})).toBe('/tmp/list.csv');
  });

  test('the name lists the preload is built from equal the contract, and method names follow area:action', () => {
    expect([...IPC_CHANNELS].sort()).toEqual(Object.keys(ipcContract).sort());
    expect([...IPC_EVENTS].sort()).toEqual(Object.keys(ipcEvents).sort());
    expect(methodName('review:bulkApprove')).toBe('reviewBulkApprove');
    expect(methodName('crm:connectOAuth')).toBe('crmConnectOAuth');
  });
});
