/**
 * Channel and event names only (no zod), for the sandboxed preload, which must stay a small self-contained
 * bundle. `shared/ipc.ts` checks at compile time that these lists equal the contract's keys.
 */
export const IPC_CHANNELS = [
  'app:info', 'import:pickFile', 'import:preview', 'import:run', 'import:exportErrors',
  'runs:start', 'runs:list', 'runs:control', 'runs:leads', 'leads:detail',
  'review:list', 'review:get', 'review:approve', 'review:reject', 'review:regenerate', 'review:reopen', 'review:bulkApprove',
  'outbox:list', 'settings:get', 'settings:save', 'settings:chooseDataDir',
  'crm:status', 'crm:connectToken', 'crm:connectOAuth', 'crm:saveClientSecret', 'crm:disconnect', 'crm:test', 'crm:fields',
  'crm:mappingGet', 'crm:mappingSave', 'crm:preview', 'crm:sync', 'crm:leadStates',
] as const;

export const IPC_EVENTS = ['pipeline:progress', 'pipeline:tasks', 'review:changed', 'crm:progress'] as const;
