import { ClassificationLabelSchema, type CrmFieldInfo, type CrmKind, type CrmRole, type FieldMappingEntry, type OverwritePolicy } from '@shared/index';
import type { CustomFieldSpec } from '../types';
import { SENIORITY_OPTIONS } from './app-fields';

/**
 * Default field mappings per CRM, the custom fields LeadForge writes, and the fields a CRM requires on create.
 *
 * Policies: the rep's own CRM fields (name, title, phone, company, …) default to `if_empty`, so a value the rep
 * typed in the CRM is never replaced; LeadForge's own fields (score, reasons, classification, seniority) default
 * to `always` (nobody edits them by hand and they must follow the latest scoring); identity fields
 * (`leadforge_lead_id`, `leadforge_company_key`) are `if_empty` (set once, never moved to another lead).
 */

/** Salesforce person object mode (settings.crm.salesforce.mode). */
export type SalesforceMode = 'lead' | 'contact_account';

const e = (appField: string, role: CrmRole, crmField: string, policy: OverwritePolicy = 'if_empty'): FieldMappingEntry => ({ appField, role, crmField, policy });

/**
 * HubSpot defaults. Contacts: https://knowledge.hubspot.com/properties/hubspots-default-contact-properties;
 * companies: https://knowledge.hubspot.com/properties/hubspot-s-default-company-properties.
 */
export const HUBSPOT_DEFAULT_MAPPING: readonly FieldMappingEntry[] = [
  e('email', 'person', 'email'),
  e('firstName', 'person', 'firstname'),
  e('lastName', 'person', 'lastname'),
  e('title', 'person', 'jobtitle'),
  e('phone', 'person', 'phone'),
  e('company', 'person', 'company'),
  e('website', 'person', 'website'),
  e('city', 'person', 'city'),
  e('country', 'person', 'country'),
  e('industry', 'person', 'industry'),
  e('score', 'person', 'leadforge_score', 'always'),
  e('scoreReasons', 'person', 'leadforge_score_reasons', 'always'),
  e('classification', 'person', 'leadforge_classification', 'always'),
  e('seniority', 'person', 'leadforge_seniority', 'always'),
  e('leadId', 'person', 'leadforge_lead_id'),
  e('company', 'account', 'name'),
  e('domain', 'account', 'domain'),
  e('website', 'account', 'website'),
  e('city', 'account', 'city'),
  e('country', 'account', 'country'),
  e('industry', 'account', 'industry'),
  e('employees', 'account', 'numberofemployees'),
  e('description', 'account', 'description'),
  e('companyKey', 'account', 'leadforge_company_key'),
];

/** Salesforce Lead mode (Lead object: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm). */
export const SALESFORCE_LEAD_MAPPING: readonly FieldMappingEntry[] = [
  e('email', 'person', 'Email'),
  e('firstName', 'person', 'FirstName'),
  e('lastName', 'person', 'LastName'),
  e('title', 'person', 'Title'),
  e('phone', 'person', 'Phone'),
  e('company', 'person', 'Company'),
  e('website', 'person', 'Website'),
  e('city', 'person', 'City'),
  e('country', 'person', 'Country'),
  e('industry', 'person', 'Industry'),
  e('employees', 'person', 'NumberOfEmployees'),
  e('description', 'person', 'Description'),
  e('score', 'person', 'LeadForge_Score__c', 'always'),
  e('scoreReasons', 'person', 'LeadForge_Score_Reasons__c', 'always'),
  e('classification', 'person', 'LeadForge_Classification__c', 'always'),
  e('seniority', 'person', 'LeadForge_Seniority__c', 'always'),
  e('leadId', 'person', 'LeadForge_Lead_Id__c'),
];

/**
 * Salesforce Contact + Account mode (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm,
 * …/sforce_api_objects_account.htm).
 */
export const SALESFORCE_CONTACT_ACCOUNT_MAPPING: readonly FieldMappingEntry[] = [
  e('email', 'person', 'Email'),
  e('firstName', 'person', 'FirstName'),
  e('lastName', 'person', 'LastName'),
  e('title', 'person', 'Title'),
  e('phone', 'person', 'Phone'),
  e('city', 'person', 'MailingCity'),
  e('country', 'person', 'MailingCountry'),
  e('score', 'person', 'LeadForge_Score__c', 'always'),
  e('scoreReasons', 'person', 'LeadForge_Score_Reasons__c', 'always'),
  e('classification', 'person', 'LeadForge_Classification__c', 'always'),
  e('seniority', 'person', 'LeadForge_Seniority__c', 'always'),
  e('leadId', 'person', 'LeadForge_Lead_Id__c'),
  e('company', 'account', 'Name'),
  e('website', 'account', 'Website'),
  e('city', 'account', 'BillingCity'),
  e('country', 'account', 'BillingCountry'),
  e('industry', 'account', 'Industry'),
  e('employees', 'account', 'NumberOfEmployees'),
  e('description', 'account', 'Description'),
  e('companyKey', 'account', 'LeadForge_Company_Key__c'),
];

/** True for a field LeadForge itself defines (HubSpot `leadforge_*`, Salesforce `LeadForge_*__c`). */
export function isLeadforgeField(crmField: string): boolean {
  return /^leadforge_/i.test(crmField);
}

/**
 * The default mapping of a CRM. Salesforce custom fields cannot be created through the REST API, so when the
 * org's fields are known (`fields`), LeadForge custom fields that do not exist are left out of the Salesforce
 * defaults; HubSpot's are kept (`ensureSchema` creates them on the first sync).
 * Input: kind, Salesforce mode, optional describeFields of both roles. Output: a fresh array of entries.
 */
export function defaultMapping(kind: CrmKind, opts: { salesforceMode?: SalesforceMode; fields?: CrmFieldInfo[] } = {}): FieldMappingEntry[] {
  if (kind === 'hubspot') return HUBSPOT_DEFAULT_MAPPING.map((x) => ({ ...x }));
  const base = (opts.salesforceMode ?? 'lead') === 'lead' ? SALESFORCE_LEAD_MAPPING : SALESFORCE_CONTACT_ACCOUNT_MAPPING;
  const fields = opts.fields;
  return base
    .filter((x) => !fields || !isLeadforgeField(x.crmField) || fields.some((f) => f.role === x.role && f.name === x.crmField))
    .map((x) => ({ ...x }));
}

/**
 * The custom fields LeadForge writes, as `CustomFieldSpec`s for `adapter.ensureSchema` (HubSpot creates the
 * missing ones in the property group `leadforge`; Salesforce only reports them missing). Only the specs of
 * fields named by `entries` are returned. Input: kind, the mapping entries in effect. Output: specs.
 */
export function customFieldSpecs(kind: CrmKind, entries: readonly FieldMappingEntry[]): CustomFieldSpec[] {
  const all = kind === 'hubspot' ? HUBSPOT_SPECS : SALESFORCE_SPECS;
  return all.filter((s) => entries.some((x) => x.role === s.role && x.crmField === s.name));
}

const classificationOptions = [...ClassificationLabelSchema.options];
const seniorityOptions = [...SENIORITY_OPTIONS];

/** HubSpot custom properties (https://developers.hubspot.com/docs/api/crm/properties). */
const HUBSPOT_SPECS: readonly CustomFieldSpec[] = [
  { role: 'person', name: 'leadforge_score', label: 'LeadForge score', type: 'number', fieldType: 'number', description: 'Lead score 0-100 computed by LeadForge' },
  { role: 'person', name: 'leadforge_score_reasons', label: 'LeadForge score reasons', type: 'string', fieldType: 'textarea', description: 'The factors behind the LeadForge score, one a line' },
  { role: 'person', name: 'leadforge_classification', label: 'LeadForge classification', type: 'enumeration', fieldType: 'select', options: classificationOptions },
  { role: 'person', name: 'leadforge_seniority', label: 'LeadForge seniority', type: 'enumeration', fieldType: 'select', options: seniorityOptions },
  { role: 'person', name: 'leadforge_lead_id', label: 'LeadForge lead id', type: 'string', fieldType: 'text', unique: true, description: 'Identifies the LeadForge lead this contact was synced from' },
  { role: 'account', name: 'leadforge_company_key', label: 'LeadForge company key', type: 'string', fieldType: 'text', unique: true, description: 'Identifies the company for LeadForge (domain or name)' },
];

/** Salesforce custom fields an admin may add (Setup → Object Manager); LeadForge uses them when present. */
const SALESFORCE_SPECS: readonly CustomFieldSpec[] = [
  { role: 'person', name: 'LeadForge_Score__c', label: 'LeadForge Score', type: 'number', fieldType: 'number' },
  { role: 'person', name: 'LeadForge_Score_Reasons__c', label: 'LeadForge Score Reasons', type: 'string', fieldType: 'textarea' },
  { role: 'person', name: 'LeadForge_Classification__c', label: 'LeadForge Classification', type: 'enumeration', fieldType: 'select', options: classificationOptions },
  { role: 'person', name: 'LeadForge_Seniority__c', label: 'LeadForge Seniority', type: 'enumeration', fieldType: 'select', options: seniorityOptions },
  { role: 'person', name: 'LeadForge_Lead_Id__c', label: 'LeadForge Lead Id', type: 'string', fieldType: 'text', unique: true },
  { role: 'account', name: 'LeadForge_Company_Key__c', label: 'LeadForge Company Key', type: 'string', fieldType: 'text', unique: true },
];

/**
 * Fields a CRM requires on create and the app fields to fill them from, in order, with a literal last resort
 * (Salesforce Lead: LastName and Company; Contact: LastName; Account: Name). Keyed by CRM object API name.
 */
export const REQUIRED_ON_CREATE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Lead: { LastName: ['lastName', 'fullName', 'company', '=Unknown'], Company: ['company', 'domain', '=Unknown'] },
  Contact: { LastName: ['lastName', 'fullName', 'company', '=Unknown'] },
  Account: { Name: ['company', 'domain', '=Unknown'] },
};
