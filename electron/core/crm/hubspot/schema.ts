import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate';
import type { CrmFieldInfo, CrmRole } from '@shared/index';
import { CrmError, type CustomFieldSpec } from '../types';
import type { HubSpotSdk } from './client';
import { ACTIVITY_KEY_PROPERTY, COMPANY_KEY_PROPERTY, LEADFORGE_GROUP, LEAD_ID_PROPERTY } from './constants';

/**
 * Schema helpers over the properties API v3 (https://developers.hubspot.com/docs/api/crm/properties): property
 * metadata → {@link CrmFieldInfo}, and creating the `leadforge` group and properties.
 */

/** The fields of a property definition the adapter reads (the SDK's `Property`). */
export interface PropertyInfo {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName?: string;
  options?: { label: string; value: string; hidden?: boolean }[];
  hasUniqueValue?: boolean;
  hubspotDefined?: boolean;
  calculated?: boolean;
  archived?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

/**
 * A property as {@link CrmFieldInfo}: writable = not `modificationMetadata.readOnlyValue` and not calculated;
 * unique = `hasUniqueValue` (and contact `email`, which HubSpot keeps unique though its metadata says otherwise);
 * custom = not `hubspotDefined`; options = the values of visible enumeration options.
 */
export function toFieldInfo(role: CrmRole, object: string, p: PropertyInfo): CrmFieldInfo {
  const options = p.type === 'enumeration' && p.options?.length ? p.options.filter((o) => !o.hidden).map((o) => o.value) : undefined;
  return {
    role,
    name: p.name,
    label: p.label,
    type: p.type,
    writable: !(p.modificationMetadata?.readOnlyValue ?? false) && !(p.calculated ?? false),
    unique: (p.hasUniqueValue ?? false) || (object === 'contacts' && p.name === 'email'),
    custom: !(p.hubspotDefined ?? false),
    ...(options ? { options } : {}),
  };
}

type SchemaObject = 'contacts' | 'companies' | 'notes' | 'tasks';

interface Spec {
  name: string;
  label: string;
  type: CustomFieldSpec['type'];
  fieldType: CustomFieldSpec['fieldType'];
  options?: string[];
  unique?: boolean;
  description?: string;
}

/** The adapter's own key properties (see constants.ts). */
function builtins(activity: 'notes' | 'tasks'): [SchemaObject, Spec][] {
  return [
    ['contacts', { name: LEAD_ID_PROPERTY, label: 'LeadForge lead id', type: 'string', fieldType: 'text', unique: true, description: 'The LeadForge lead this contact was synced from.' }],
    ['companies', { name: COMPANY_KEY_PROPERTY, label: 'LeadForge company key', type: 'string', fieldType: 'text', unique: true, description: 'LeadForge key of this company (its domain, or name:<name>).' }],
    [activity, { name: ACTIVITY_KEY_PROPERTY, label: 'LeadForge activity key', type: 'string', fieldType: 'text', description: 'Idempotency key of the LeadForge draft logged here.' }],
  ];
}

function createBody(s: Spec): PropertyCreate {
  // HubSpot's valid type/fieldType pairs: datetime→date, number→number, enumeration→select, string→text|textarea.
  const fieldType = s.type === 'datetime' ? 'date' : s.type === 'number' ? 'number' : s.type === 'enumeration' ? 'select' : s.fieldType === 'textarea' ? 'textarea' : 'text';
  return {
    name: s.name,
    label: s.label,
    type: s.type as PropertyCreate['type'],
    fieldType: fieldType as PropertyCreate['fieldType'],
    groupName: LEADFORGE_GROUP.name,
    ...(s.description ? { description: s.description } : {}),
    ...(s.type === 'enumeration' ? { options: (s.options ?? []).map((v, i) => ({ label: v, value: v, displayOrder: i, hidden: false })) } : {}),
    ...(s.unique ? { hasUniqueValue: true } : {}),
    formField: false,
  };
}

function isConflict(err: unknown): boolean {
  return err instanceof CrmError && err.info.status === 409;
}

/**
 * Creates the group and the missing properties. Idempotent: 409 answers (made meanwhile) count as present.
 * @param fields the CustomFieldSpecs (person → contacts, account → companies)
 * @param activity the activity object (`notes` or `tasks`)
 * @param deps.call runs one SDK call under the request policy; deps.properties reads an object's properties (fresh)
 * @returns created names, and missing ones (refused by HubSpot, or existing without the required `hasUniqueValue`)
 * @throws CrmError when a call fails for another reason than a refusal (network, 5xx after retries, auth)
 */
export async function ensureHubSpotSchema(
  fields: CustomFieldSpec[],
  activity: 'notes' | 'tasks',
  deps: {
    call<T>(label: string, fn: (sdk: HubSpotSdk) => Promise<T>): Promise<T>;
    properties(object: SchemaObject): Promise<Map<string, PropertyInfo>>;
  },
): Promise<{ created: string[]; missing: string[] }> {
  const wanted = new Map<SchemaObject, Spec[]>();
  const add = (o: SchemaObject, s: Spec): void => {
    const list = wanted.get(o) ?? [];
    if (!list.some((x) => x.name === s.name)) list.push(s);
    wanted.set(o, list);
  };
  for (const [o, s] of builtins(activity)) add(o, s);
  for (const f of fields) add(f.role === 'person' ? 'contacts' : 'companies', f);

  const created: string[] = [];
  const missing: string[] = [];
  for (const [object, specs] of wanted) {
    const groups = await deps.call(`${object} property groups read`, (sdk) => sdk.properties.groupsApi.getAll(object, sdk.opts));
    if (!groups.results.some((g) => g.name === LEADFORGE_GROUP.name)) {
      try {
        await deps.call(`${object} property group create`, (sdk) => sdk.properties.groupsApi.create(object, { name: LEADFORGE_GROUP.name, label: LEADFORGE_GROUP.label }, sdk.opts));
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    const existing = await deps.properties(object);
    for (const s of specs) {
      const have = existing.get(s.name);
      if (have) {
        if (s.unique && !have.hasUniqueValue) missing.push(s.name);
        continue;
      }
      try {
        await deps.call(`${object} property create`, (sdk) => sdk.properties.coreApi.create(object, createBody(s), sdk.opts));
        created.push(s.name);
      } catch (err) {
        if (isConflict(err)) continue;
        if (err instanceof CrmError && err.info.retryable === false && (err.info.status ?? 0) >= 400 && (err.info.status ?? 0) < 500 && err.info.status !== 401 && err.info.status !== 403) {
          missing.push(s.name);
          continue;
        }
        throw err;
      }
    }
  }
  return { created, missing };
}
