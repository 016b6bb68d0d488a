/**
 * sObject metadata of the Salesforce emulator: the standard objects LeadForge touches (Lead, Contact, Account,
 * Task, Opportunity, User) with realistic field metadata as the describe resource reports it
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm;
 * field properties per the DescribeFieldResult of the SOAP API reference,
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm),
 * plus configurable custom fields (`__c`).
 */

export type FieldType =
  | 'id' | 'string' | 'email' | 'url' | 'phone' | 'textarea' | 'picklist' | 'combobox' | 'reference' | 'boolean'
  | 'date' | 'datetime' | 'int' | 'double' | 'currency';

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  createable: boolean;
  updateable: boolean;
  /** false = required on create (unless defaultedOnCreate or boolean). */
  nillable: boolean;
  unique?: boolean;
  externalId?: boolean;
  idLookup?: boolean;
  custom?: boolean;
  defaultedOnCreate?: boolean;
  /** Usable in WHERE (long text areas are not). */
  filterable?: boolean;
  picklist?: string[];
  defaultValue?: string;
  referenceTo?: string[];
  relationshipName?: string;
  calculated?: boolean;
}

export interface SObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldSpec[];
}

type Opts = Partial<Omit<FieldSpec, 'name' | 'label' | 'type'>>;
const f = (name: string, label: string, type: FieldType, opts: Opts = {}): FieldSpec => ({
  name,
  label,
  type,
  createable: true,
  updateable: true,
  nillable: true,
  filterable: type !== 'textarea' || (opts.length ?? 255) <= 255,
  ...opts,
});
const ro = (name: string, label: string, type: FieldType, opts: Opts = {}): FieldSpec =>
  f(name, label, type, { createable: false, updateable: false, ...opts });

const systemFields = (prefixLabel: string): FieldSpec[] => [
  ro('Id', `${prefixLabel} ID`, 'id', { length: 18, nillable: false, idLookup: true, defaultedOnCreate: true }),
  ro('IsDeleted', 'Deleted', 'boolean', { nillable: false, defaultedOnCreate: true }),
  f('OwnerId', 'Owner ID', 'reference', { length: 18, nillable: false, defaultedOnCreate: true, referenceTo: ['User'], relationshipName: 'Owner' }),
  ro('CreatedDate', 'Created Date', 'datetime', { nillable: false, defaultedOnCreate: true }),
  ro('CreatedById', 'Created By ID', 'reference', { length: 18, nillable: false, defaultedOnCreate: true, referenceTo: ['User'], relationshipName: 'CreatedBy' }),
  ro('LastModifiedDate', 'Last Modified Date', 'datetime', { nillable: false, defaultedOnCreate: true }),
  ro('LastModifiedById', 'Last Modified By ID', 'reference', { length: 18, nillable: false, defaultedOnCreate: true, referenceTo: ['User'], relationshipName: 'LastModifiedBy' }),
  ro('SystemModstamp', 'System Modstamp', 'datetime', { nillable: false, defaultedOnCreate: true }),
];

const INDUSTRIES = ['Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

export const STANDARD_OBJECTS: SObjectSpec[] = [
  {
    name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q',
    fields: [
      ...systemFields('Lead'),
      f('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
      f('FirstName', 'First Name', 'string', { length: 40 }),
      ro('Name', 'Full Name', 'string', { length: 121, nillable: false, calculated: false }),
      f('Title', 'Title', 'string', { length: 128 }),
      f('Company', 'Company', 'string', { length: 255, nillable: false }),
      f('Email', 'Email', 'email', { length: 80, idLookup: true }),
      f('Phone', 'Phone', 'phone', { length: 40 }),
      f('Website', 'Website', 'url', { length: 255 }),
      f('Industry', 'Industry', 'picklist', { length: 255, picklist: INDUSTRIES }),
      f('LeadSource', 'Lead Source', 'picklist', { length: 255, picklist: LEAD_SOURCES }),
      f('Status', 'Status', 'picklist', { length: 255, nillable: false, defaultedOnCreate: true, defaultValue: 'Open - Not Contacted', picklist: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] }),
      f('NumberOfEmployees', 'Employees', 'int'),
      f('AnnualRevenue', 'Annual Revenue', 'currency'),
      f('City', 'City', 'string', { length: 40 }),
      f('State', 'State/Province', 'string', { length: 80 }),
      f('Country', 'Country', 'string', { length: 80 }),
      f('Description', 'Description', 'textarea', { length: 32000 }),
      ro('IsConverted', 'Converted', 'boolean', { nillable: false, defaultedOnCreate: true }),
      ro('LastActivityDate', 'Last Activity', 'date'),
    ],
  },
  {
    name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003',
    fields: [
      ...systemFields('Contact'),
      f('AccountId', 'Account ID', 'reference', { length: 18, referenceTo: ['Account'], relationshipName: 'Account' }),
      f('LastName', 'Last Name', 'string', { length: 80, nillable: false }),
      f('FirstName', 'First Name', 'string', { length: 40 }),
      ro('Name', 'Full Name', 'string', { length: 121, nillable: false }),
      f('Title', 'Title', 'string', { length: 128 }),
      f('Department', 'Department', 'string', { length: 80 }),
      f('Email', 'Email', 'email', { length: 80, idLookup: true }),
      f('Phone', 'Business Phone', 'phone', { length: 40 }),
      f('LeadSource', 'Lead Source', 'picklist', { length: 255, picklist: LEAD_SOURCES }),
      f('MailingCity', 'Mailing City', 'string', { length: 40 }),
      f('MailingCountry', 'Mailing Country', 'string', { length: 80 }),
      f('Description', 'Contact Description', 'textarea', { length: 32000 }),
      ro('LastActivityDate', 'Last Activity', 'date'),
    ],
  },
  {
    name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001',
    fields: [
      ...systemFields('Account'),
      f('Name', 'Account Name', 'string', { length: 255, nillable: false, idLookup: true }),
      f('Type', 'Account Type', 'picklist', { length: 255, picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'] }),
      f('Website', 'Website', 'url', { length: 255 }),
      f('Industry', 'Industry', 'picklist', { length: 255, picklist: INDUSTRIES }),
      f('NumberOfEmployees', 'Employees', 'int'),
      f('AnnualRevenue', 'Annual Revenue', 'currency'),
      f('BillingCity', 'Billing City', 'string', { length: 40 }),
      f('BillingCountry', 'Billing Country', 'string', { length: 80 }),
      f('Description', 'Account Description', 'textarea', { length: 32000 }),
      ro('LastActivityDate', 'Last Activity', 'date'),
    ],
  },
  {
    name: 'Task', label: 'Task', labelPlural: 'Tasks', keyPrefix: '00T',
    fields: [
      ...systemFields('Activity'),
      f('WhoId', 'Name ID', 'reference', { length: 18, referenceTo: ['Contact', 'Lead'], relationshipName: 'Who' }),
      f('WhatId', 'Related To ID', 'reference', { length: 18, referenceTo: ['Account', 'Opportunity'], relationshipName: 'What' }),
      f('Subject', 'Subject', 'combobox', { length: 255, picklist: ['Call', 'Send Letter', 'Send Quote', 'Other'] }),
      f('ActivityDate', 'Due Date Only', 'date'),
      f('Status', 'Status', 'picklist', { length: 255, nillable: false, defaultedOnCreate: true, defaultValue: 'Not Started', picklist: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] }),
      f('Priority', 'Priority', 'picklist', { length: 40, nillable: false, defaultedOnCreate: true, defaultValue: 'Normal', picklist: ['High', 'Normal', 'Low'] }),
      f('TaskSubtype', 'Task Subtype', 'picklist', { length: 40, updateable: false, picklist: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'] }),
      f('Description', 'Description', 'textarea', { length: 32000 }),
      ro('IsClosed', 'Closed', 'boolean', { nillable: false, defaultedOnCreate: true, calculated: true }),
    ],
  },
  {
    name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', keyPrefix: '006',
    fields: [
      ...systemFields('Opportunity'),
      f('AccountId', 'Account ID', 'reference', { length: 18, referenceTo: ['Account'], relationshipName: 'Account' }),
      f('Name', 'Name', 'string', { length: 120, nillable: false }),
      f('StageName', 'Stage', 'picklist', { length: 255, nillable: false, picklist: ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'] }),
      f('CloseDate', 'Close Date', 'date', { nillable: false }),
      f('Amount', 'Amount', 'currency'),
      ro('IsClosed', 'Closed', 'boolean', { nillable: false, defaultedOnCreate: true, calculated: true }),
      ro('IsWon', 'Won', 'boolean', { nillable: false, defaultedOnCreate: true, calculated: true }),
    ],
  },
  {
    name: 'User', label: 'User', labelPlural: 'Users', keyPrefix: '005',
    fields: [
      ro('Id', 'User ID', 'id', { length: 18, nillable: false, idLookup: true, defaultedOnCreate: true }),
      ro('Username', 'Username', 'string', { length: 80, nillable: false, idLookup: true, unique: true }),
      ro('Name', 'Full Name', 'string', { length: 121, nillable: false }),
      ro('Email', 'Email', 'email', { length: 128, nillable: false }),
      ro('IsActive', 'Active', 'boolean', { nillable: false }),
    ],
  },
];

/** LeadForge's custom fields as an admin would add them (matching core/crm/mapping's Salesforce specs). */
const leadforgePersonFields = (): FieldSpec[] => [
  f('LeadForge_Lead_Id__c', 'LeadForge Lead Id', 'string', { length: 64, custom: true, externalId: true, unique: true, idLookup: true }),
  f('LeadForge_Score__c', 'LeadForge Score', 'double', { custom: true }),
  f('LeadForge_Score_Reasons__c', 'LeadForge Score Reasons', 'textarea', { length: 32768, custom: true }),
  f('LeadForge_Classification__c', 'LeadForge Classification', 'picklist', { length: 255, custom: true, picklist: ['high_intent', 'low_intent', 'spam', 'wrong_fit'] }),
  f('LeadForge_Seniority__c', 'LeadForge Seniority', 'picklist', { length: 255, custom: true, picklist: ['c_level', 'founder', 'vp', 'director', 'manager', 'individual'] }),
];

/** The default custom fields of the emulated org (tests may pass others, e.g. none, to see them reported missing). */
export const DEFAULT_CUSTOM_FIELDS: Record<string, FieldSpec[]> = {
  Lead: leadforgePersonFields(),
  Contact: leadforgePersonFields(),
  Account: [f('LeadForge_Company_Key__c', 'LeadForge Company Key', 'string', { length: 255, custom: true, externalId: true, unique: true, idLookup: true })],
};

/** Builds a custom field spec (for tests). */
export function customField(name: string, type: FieldType, opts: Opts & { label?: string } = {}): FieldSpec {
  const { label, ...rest } = opts;
  return f(name, label ?? name.replace(/__c$/, '').replace(/_/g, ' '), type, { custom: true, ...rest });
}

/** A schema: sObject name → spec with a case-insensitive field index. */
export class Schema {
  private readonly objects = new Map<string, SObjectSpec & { index: Map<string, FieldSpec> }>();

  constructor(custom: Record<string, FieldSpec[]> = DEFAULT_CUSTOM_FIELDS) {
    for (const o of STANDARD_OBJECTS) {
      const fields = [...o.fields, ...(custom[o.name] ?? [])];
      this.objects.set(o.name.toLowerCase(), { ...o, fields, index: new Map(fields.map((x) => [x.name.toLowerCase(), x])) });
    }
  }

  /** The object spec (case-insensitive name), or undefined. */
  object(name: string): (SObjectSpec & { index: Map<string, FieldSpec> }) | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(object: string, field: string): FieldSpec | undefined {
    return this.object(object)?.index.get(field.toLowerCase());
  }

  /** The object whose key prefix starts this id. */
  objectForId(id: string): string | undefined {
    for (const o of this.objects.values()) if (id.startsWith(o.keyPrefix)) return o.name;
    return undefined;
  }

  /** The describe resource's body for one object. */
  describe(name: string, version: string): unknown {
    const o = this.object(name)!;
    const base = `/services/data/v${version}/sobjects/${o.name}`;
    return {
      name: o.name,
      label: o.label,
      labelPlural: o.labelPlural,
      keyPrefix: o.keyPrefix,
      custom: false,
      createable: o.name !== 'User',
      updateable: o.name !== 'User',
      deletable: o.name !== 'User',
      queryable: true,
      searchable: true,
      urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
      fields: o.fields.map((x) => ({
        name: x.name,
        label: x.label,
        type: x.type,
        length: x.type === 'id' || x.type === 'reference' ? 18 : (x.length ?? 0),
        byteLength: (x.length ?? 0) * 3,
        precision: x.type === 'double' ? 18 : x.type === 'currency' ? 18 : 0,
        scale: x.type === 'double' || x.type === 'currency' ? 2 : 0,
        digits: x.type === 'int' ? 8 : 0,
        createable: x.createable,
        updateable: x.updateable,
        nillable: x.nillable,
        unique: x.unique ?? false,
        externalId: x.externalId ?? false,
        idLookup: x.idLookup ?? false,
        custom: x.custom ?? false,
        calculated: x.calculated ?? false,
        defaultedOnCreate: x.defaultedOnCreate ?? false,
        defaultValue: x.defaultValue ?? null,
        filterable: x.filterable ?? true,
        sortable: x.filterable ?? true,
        groupable: x.type !== 'textarea' && x.type !== 'double' && x.type !== 'currency',
        caseSensitive: false,
        picklistValues: (x.picklist ?? []).map((v) => ({ active: true, defaultValue: v === x.defaultValue, label: v, validFor: null, value: v })),
        restrictedPicklist: false,
        referenceTo: x.referenceTo ?? [],
        relationshipName: x.relationshipName ?? null,
        soapType: soapType(x.type),
      })),
    };
  }

  /** All object names. */
  names(): string[] {
    return [...this.objects.values()].map((o) => o.name);
  }
}

function soapType(t: FieldType): string {
  switch (t) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
      return 'xsd:double';
    default:
      return 'xsd:string';
  }
}

/** Salesforce ids: 15 case-sensitive characters + a 3-character case-checksum suffix (18 total). */
export function toId18(id15: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let mask = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i]!;
      if (c >= 'A' && c <= 'Z') mask |= 1 << i;
    }
    suffix += alphabet[mask];
  }
  return id15 + suffix;
}

/** Normalises a 15- or 18-character id to 18 characters; undefined when malformed. */
export function normaliseId(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{18}$/.test(id)) return toId18(id.slice(0, 15)) === id ? id : toId18(id.slice(0, 15));
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return toId18(id);
  return undefined;
}
