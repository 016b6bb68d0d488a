import type { CrmFieldInfo, FieldMappingEntry } from '@shared/index';
import { isEmptyCrmValue, sameCrmValue } from './format';

/** A mapped field left out of a write, and why. */
export interface KeptField {
  crmField: string;
  reason: string;
}

/** One desired value: the CRM field, its formatted value, and the entry's overwrite policy. */
export interface DesiredValue {
  crmField: string;
  value: string;
  policy: FieldMappingEntry['policy'];
}

/**
 * Applies overwrite policies against the CRM record's current values.
 *
 * Input: the desired values; `current` = the record's current properties, or undefined for a create; field
 * metadata by name (for value comparison). Output: `properties` to write and `kept` fields left out with a reason.
 * On a create every value is written (`never` means "set on create only"). On an update: `always` writes a
 * differing value; `if_empty` writes only when the CRM field is empty (else kept: "HubSpot has a value"), so a
 * rep's CRM edits are never clobbered by default; `never` is kept. Values equal to the CRM's are left out
 * silently (nothing to write). Never throws.
 */
export function applyOverwritePolicies(
  desired: readonly DesiredValue[],
  current: Record<string, string | null> | undefined,
  fields: ReadonlyMap<string, CrmFieldInfo>,
  crmLabel = 'the CRM',
): { properties: Record<string, string>; kept: KeptField[] } {
  const properties: Record<string, string> = {};
  const kept: KeptField[] = [];
  for (const d of desired) {
    if (!current) {
      properties[d.crmField] = d.value;
      continue;
    }
    const now = current[d.crmField];
    if (sameCrmValue(now, d.value, fields.get(d.crmField))) continue;
    if (d.policy === 'always') properties[d.crmField] = d.value;
    else if (d.policy === 'never') kept.push({ crmField: d.crmField, reason: 'policy "never": set on create only' });
    else if (isEmptyCrmValue(now)) properties[d.crmField] = d.value;
    else kept.push({ crmField: d.crmField, reason: `${crmLabel} has a value ("${String(now).slice(0, 60)}"), policy "if_empty"` });
  }
  return { properties, kept };
}
