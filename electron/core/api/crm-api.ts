import type { CrmService } from '../crm/service';
import type { CrmApi } from './types';

/**
 * The `crm:*` IPC handlers (shared/ipc/crm.ts) over the {@link CrmService}. Requests arrive validated by main's
 * IPC wrapper; responses never contain a secret. Errors the rep should see (not connected, the CRM refused the
 * token, the CRM's own message) are UserFacingErrors, scrubbed of every known secret; `crm:test` never throws.
 * Input: the service. Output: one handler per CRM channel.
 */
export function createCrmApi(service: CrmService): CrmApi {
  return {
    'crm:status': async () => Promise.all([service.status('hubspot'), service.status('salesforce')]),
    'crm:connectToken': async (req) => service.connectToken(req),
    'crm:connectOAuth': async (req) => service.connectOAuth(req.kind),
    'crm:saveClientSecret': async (req) => service.saveClientSecret(req.kind, req.secret),
    'crm:disconnect': async (req) => service.disconnect(req.kind),
    'crm:test': async (req) => service.test(req.kind),
    'crm:fields': async (req) => service.fields(req.kind),
    'crm:mappingGet': async (req) => service.mappingGet(req.kind),
    'crm:mappingSave': async (req) => service.mappingSave(req.kind, req.entries),
    'crm:preview': async (req) => service.preview(req.kind, req.leadIds),
    'crm:sync': async (req) => service.sync(req.kind, req.leadIds),
    'crm:leadStates': async (req) => service.leadStates(req.kind),
  };
}
