import type { z } from 'zod';
import { appChannels, appEvents } from './ipc/app';
import type { IPC_CHANNELS, IPC_EVENTS, MethodName } from './ipc/channels';
import { crmChannels, crmEvents } from './ipc/crm';

export * from './ipc/app';
export * from './ipc/crm';
export { IPC_CHANNELS, IPC_EVENTS, methodName, type MethodName } from './ipc/channels';

/**
 * The IPC contract between renderer and main. Every channel declares its request and response zod schema;
 * main validates every request before the handler runs (and checks the sender frame), and the preload exposes
 * one named method per channel on `window.leadforge` (see `LeadforgeBridge`). Push events use `ipcEvents`.
 */
export const ipcContract = { ...appChannels, ...crmChannels } as const;

/** Push events from main to renderer (throttled in main). */
export const ipcEvents = { ...appEvents, ...crmEvents } as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['response']>;
/** A request after validation in main (defaults applied). */
export type IpcParsedRequest<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['request']>;
export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.infer<(typeof ipcEvents)[E]>;

// Compile-time check: the preload's name lists equal the contract's keys (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<(typeof IPC_CHANNELS)[number], IpcChannel> = true;
const eventsMatch: Same<(typeof IPC_EVENTS)[number], IpcEventName> = true;
void channelsMatch;
void eventsMatch;

/**
 * The object the preload exposes as `window.leadforge`: one method per channel, event subscription, and
 * `pathForFile` (Electron's webUtils.getPathForFile, for files dropped on the Import screen).
 */
export type LeadforgeBridge = {
  [C in IpcChannel as MethodName<C>]: (request: IpcRequest<C>) => Promise<IpcResponse<C>>;
} & {
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  /** Absolute path of a File dropped on the page ('' when it has none). */
  pathForFile(file: File): string;
};
