import { create } from 'zustand';
import type { CrmConnection, CrmKind } from '@shared/domain/crm';
import type { IpcEventPayload } from '@shared/ipc';
import { api, errorMessage, onEvent } from '../bridge';
import type { LoadStatus } from './runs';

type CrmProgress = IpcEventPayload<'crm:progress'>;

interface CrmState {
  kind: CrmKind;
  status: LoadStatus;
  error?: string;
  connections: Partial<Record<CrmKind, CrmConnection>>;
  /** Latest `crm:progress` per CRM while a sync runs. */
  progress: Partial<Record<CrmKind, CrmProgress>>;
  setKind: (kind: CrmKind) => void;
  /** crm:status for both CRMs. */
  load: () => Promise<void>;
  /** Stores a connection returned by connect/disconnect. */
  put: (c: CrmConnection) => void;
}

/** CRM screen state: which CRM is shown, both connections, sync progress. */
export const useCrm = create<CrmState>((set, get) => ({
  kind: 'hubspot',
  status: 'idle',
  connections: {},
  progress: {},
  setKind: (kind) => set({ kind }),
  load: async () => {
    if (!Object.keys(get().connections).length) set({ status: 'loading', error: undefined });
    try {
      const list = await api().crmStatus({});
      const connections: Partial<Record<CrmKind, CrmConnection>> = {};
      for (const c of list) connections[c.kind] = c;
      set({ connections, status: 'ready', error: undefined });
    } catch (e) {
      set({ status: 'error', error: errorMessage(e) });
    }
  },
  put: (c) => set({ connections: { ...get().connections, [c.kind]: c } }),
}));

let subscribed = false;
/** Subscribes to `crm:progress` once. */
export function subscribeCrmEvents(): void {
  if (subscribed) return;
  subscribed = true;
  onEvent('crm:progress', (p) => useCrm.setState({ progress: { ...useCrm.getState().progress, [p.kind]: p } }));
}

/** CRM record names per role, as the CRM calls them. */
export function roleName(kind: CrmKind, role: 'person' | 'account', sfMode: 'lead' | 'contact_account' = 'lead'): string {
  if (kind === 'hubspot') return role === 'person' ? 'Contact' : 'Company';
  return role === 'person' ? (sfMode === 'lead' ? 'Lead' : 'Contact') : 'Account';
}

export const CRM_NAME: Record<CrmKind, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };
