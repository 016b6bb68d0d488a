/**
 * The IPC wrapper's error handling (electron/main/ipc.ts), called directly with stand-in events: what reaches
 * the renderer for a user-facing error, an internal error (generic message + log reference, never internals
 * or secrets), a response breaking the contract; every contract channel needs a handler.
 */
import { describe, expect, test } from 'vitest';
import { ipcContract, type IpcChannel } from '@shared/ipc';
import { UserFacingError } from '../../../electron/core/api/types';
import { createIpcListener, registerIpcHandlers, senderRefusal, type IpcHandlers } from '../../../electron/main/ipc';
import type { MainLog } from '../../../electron/main/log';

function memoryLog(): MainLog & { lines: string[] } {
  const lines: string[] = [];
  let n = 0;
  return {
    lines,
    info: (m) => void lines.push(`INFO ${m}`),
    warn: (m) => void lines.push(`WARN ${m}`),
    error(context, err) {
      const ref = `E-TEST${++n}`;
      lines.push(`ERROR [${ref}] ${context}: ${err instanceof Error ? err.stack : String(err)}`);
      return ref;
    },
    close: async () => undefined,
  };
}

const trusted = () => undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const event = {} as any;

describe('createIpcListener', () => {
  test('a UserFacingError passes its message unchanged', async () => {
    const log = memoryLog();
    const listener = createIpcListener('review:get', async () => {
      throw new UserFacingError('No draft with id d1', 'not_found');
    }, { checkSender: trusted, log });
    await expect(listener(event, { id: 'd1' })).rejects.toThrow(/^No draft with id d1$/);
    expect(log.lines).toEqual([]);
  });

  test('any other error becomes a generic message with a log reference; the details (and secrets) stay in the log', async () => {
    const log = memoryLog();
    const listener = createIpcListener('crm:test', async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:443 while sending Bearer pat-na1-SECRET-TOKEN at /srv/app/crm.ts:12');
    }, { checkSender: trusted, log });
    const err = await listener(event, { kind: 'hubspot' }).catch((e: Error) => e);
    expect((err as Error).message).toBe('Something went wrong in LeadForge (crm:test). Reference E-TEST1: the details are in the app log.');
    expect((err as Error).message).not.toMatch(/SECRET|ECONNREFUSED|\/srv/);
    expect(log.lines[0]).toMatch(/\[E-TEST1\] IPC crm:test: Error: connect ECONNREFUSED/);
  });

  test('a response that breaks the contract is refused (generic message), not passed on', async () => {
    const log = memoryLog();
    const handler = (async () => ({ name: 'LeadForge', version: 1 })) as unknown as IpcHandlers['app:info'];
    const listener = createIpcListener('app:info', handler, { checkSender: trusted, log });
    await expect(listener(event, {})).rejects.toThrow(/Something went wrong in LeadForge \(app:info\)\. Reference E-TEST1/);
    expect(log.lines[0]).toMatch(/response does not match the contract: .*version/);
  });

  test('the validated request (defaults applied, unknown keys refused) is what the handler receives', async () => {
    const seen: unknown[] = [];
    const listener = createIpcListener('review:list', async (req) => {
      seen.push(req);
      return { total: 0, offset: 0, entries: [] };
    }, { checkSender: trusted, log: memoryLog() });
    await listener(event, { filter: { minScore: 50 } });
    await listener(event);
    expect(seen).toEqual([{ filter: { minScore: 50 } }, {}]);
    await expect(listener(event, { filter: { minScore: 500 } })).rejects.toThrow(/^Invalid request to review:list: filter\.minScore: /);
    await expect(listener(event, {}, 'second argument')).rejects.toThrow(/expected one argument, got 2/);
    expect(seen).toHaveLength(2);
  });

  test('a refused sender never reaches validation or the handler', async () => {
    let ran = false;
    const log = memoryLog();
    const listener = createIpcListener('app:info', async () => {
      ran = true;
      return { name: 'x', version: '1', dataDir: '/', platform: 'linux' };
    }, { checkSender: () => 'sender is not the main frame (file:///x)', log });
    await expect(listener(event, { not: 'even valid' })).rejects.toThrow('LeadForge refused this request: it did not come from the app window.');
    expect(ran).toBe(false);
    expect(log.lines).toEqual(['WARN IPC app:info refused: sender is not the main frame (file:///x)']);
  });
});

describe('senderRefusal', () => {
  const mainFrame = { url: 'file:///app/out/renderer/index.html#/review', parent: null };
  const sender = { mainFrame };
  const opts = { isTrustedContents: (c: unknown) => c === sender, isAppUrl: (u: string) => u.startsWith('file:///app/out/renderer/index.html') };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ev = (e: unknown) => e as any;

  test('accepts the app page in the main frame of the app window only', () => {
    expect(senderRefusal(ev({ sender, senderFrame: mainFrame }), opts)).toBeUndefined();
    expect(senderRefusal(ev({ sender, senderFrame: null }), opts)).toMatch(/gone/);
    expect(senderRefusal(ev({ sender: { mainFrame }, senderFrame: mainFrame }), opts)).toMatch(/not the app window/);
    const child = { url: mainFrame.url, parent: mainFrame };
    expect(senderRefusal(ev({ sender, senderFrame: child }), opts)).toMatch(/not the main frame/);
    const navigated = { url: 'https://evil.test/', parent: null };
    expect(senderRefusal(ev({ sender: { mainFrame: navigated }, senderFrame: navigated }), { ...opts, isTrustedContents: () => true })).toMatch(/not the app page/);
  });
});

describe('registerIpcHandlers', () => {
  test('refuses to start when a contract channel has no handler', () => {
    const handlers = Object.fromEntries((Object.keys(ipcContract) as IpcChannel[]).filter((c) => c !== 'crm:sync').map((c) => [c, async () => ({})]));
    const registered: string[] = [];
    expect(() =>
      registerIpcHandlers({
        ipcMain: { handle: (c) => void registered.push(c), removeHandler: () => undefined },
        handlers: handlers as unknown as IpcHandlers,
        checkSender: trusted,
        log: memoryLog(),
      }),
    ).toThrow('IPC handlers missing for: crm:sync');
    expect(registered).toEqual([]);
  });
});
