import type { CrmFieldInfo, CrmKind, FieldMappingEntry, MappingIssue } from '@shared/index';
import { appFieldDef, isKnownAppField } from './app-fields';
import { isLeadforgeField } from './defaults';
import { crmValueKind, kindCompatibility } from './format';

/** What a mapping is validated against. */
export interface MappingTarget {
  kind: CrmKind;
  /**
   * describeFields of the roles in use (person, and account when the CRM mode has accounts); undefined when the
   * CRM is not connected: then only the app side is checked (app field, role, duplicates).
   */
  fields?: CrmFieldInfo[];
  /** Roles the CRM mode writes (Salesforce lead mode: person only). */
  roles: readonly ('person' | 'account')[];
  /** Fields `ensureSchema` would create when missing (HubSpot `leadforge_*` custom properties). */
  creatable?: ReadonlySet<string>;
}

const roleWord = (kind: CrmKind, role: 'person' | 'account') =>
  kind === 'hubspot' ? (role === 'person' ? 'contact' : 'company') : role === 'person' ? 'person (Lead/Contact)' : 'Account';
const crmName = (kind: CrmKind) => (kind === 'hubspot' ? 'HubSpot' : 'Salesforce');

/**
 * Validates a mapping against the CRM's fields. Input: entries (in order), the {@link MappingTarget}.
 * Output: issues with the entry `index`: errors — unknown app field, role not written in this CRM mode, CRM field
 * mapped twice, field missing in the CRM (unless LeadForge will create it), field not writable, incompatible
 * types (text/list into a number, date or boolean field; anything into a reference), enumeration missing
 * options of a finite app field (e.g. classification `wrong_fit`); warnings — free text into an enumeration
 * (values that are not options are left out), a custom field that will be created on the first sync.
 * Never throws.
 */
export function validateMapping(entries: readonly FieldMappingEntry[], target: MappingTarget): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const seen = new Map<string, number>();
  const byKey = new Map((target.fields ?? []).map((f) => [`${f.role}:${f.name.toLowerCase()}`, f]));
  entries.forEach((entry, index) => {
    const issue = (severity: MappingIssue['severity'], message: string) =>
      issues.push({ index, appField: entry.appField, crmField: entry.crmField, severity, message });
    if (!isKnownAppField(entry.appField)) issue('error', `Unknown app field "${entry.appField}"`);
    if (!target.roles.includes(entry.role)) {
      issue('error', `${crmName(target.kind)} in this mode writes no ${entry.role === 'account' ? 'account' : 'person'} records`);
      return;
    }
    const key = `${entry.role}:${entry.crmField.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) issue('error', `${entry.crmField} is already mapped (entry ${first + 1})`);
    else seen.set(key, index);
    if (!target.fields) return;
    const field = byKey.get(key);
    if (!field) {
      if (target.creatable?.has(entry.crmField)) issue('warning', `${entry.crmField} does not exist yet: LeadForge creates it on the first sync`);
      else if (isLeadforgeField(entry.crmField) && target.kind === 'salesforce') issue('error', `${entry.crmField} does not exist on the ${roleWord(target.kind, entry.role)} object: ask your Salesforce admin to add it, or remove this entry`);
      else issue('error', `${entry.crmField} is not a ${roleWord(target.kind, entry.role)} field in ${crmName(target.kind)}`);
      return;
    }
    if (!field.writable) {
      issue('error', `${field.name} is read-only in ${crmName(target.kind)}`);
      return;
    }
    const app = appFieldDef(entry.appField);
    const crm = crmValueKind(field);
    const compat = kindCompatibility(app.kind, crm);
    if (compat === 'no') {
      issue('error', `${app.label} (${app.kind}) cannot be written to ${field.name} (${field.type})`);
      return;
    }
    if (crm === 'enum' || crm === 'multi') {
      const options = (field.options ?? []).map((o) => o.toLowerCase());
      if (app.options) {
        const missing = app.options.filter((o) => !options.includes(o.toLowerCase()));
        if (missing.length) issue('error', `${field.name} has no option ${missing.map((m) => `"${m}"`).join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} in ${crmName(target.kind)} or map another field`);
      } else {
        issue('warning', `${field.name} is a list of ${options.length} options: values that are not one of them are left out`);
      }
    }
  });
  return issues;
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly MappingIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
