/**
 * The emulator's data model: object types, their default properties (the subset of HubSpot's default properties
 * LeadForge reads or writes, with HubSpot's names, types, fieldTypes and read-only flags) and the HUBSPOT_DEFINED
 * association type ids.
 *
 * Docs: properties https://developers.hubspot.com/docs/api/crm/properties (type/fieldType pairs,
 * modificationMetadata, hasUniqueValue); default contact properties
 * https://knowledge.hubspot.com/properties/hubspots-default-contact-properties; association type ids
 * https://developers.hubspot.com/docs/api/crm/associations/associations-v4#association-type-id-values.
 */

export type ObjectType = 'contacts' | 'companies' | 'deals' | 'notes' | 'tasks';
export const OBJECT_TYPES: ObjectType[] = ['contacts', 'companies', 'deals', 'notes', 'tasks'];

/** objectTypeId ↔ name (the v3/v4 APIs accept both, and the singular names). */
const TYPE_ALIASES: Record<string, ObjectType> = {
  contacts: 'contacts', contact: 'contacts', '0-1': 'contacts',
  companies: 'companies', company: 'companies', '0-2': 'companies',
  deals: 'deals', deal: 'deals', '0-3': 'deals',
  notes: 'notes', note: 'notes', '0-46': 'notes',
  tasks: 'tasks', task: 'tasks', '0-27': 'tasks',
};
export function objectTypeOf(name: string): ObjectType | undefined {
  return TYPE_ALIASES[name.toLowerCase()];
}
export const OBJECT_TYPE_ID: Record<ObjectType, string> = { contacts: '0-1', companies: '0-2', deals: '0-3', notes: '0-46', tasks: '0-27' };
/** HubSpot's object names in its messages ("Contact already exists"). */
export const OBJECT_LABEL: Record<ObjectType, string> = { contacts: 'Contact', companies: 'Company', deals: 'Deal', notes: 'Note', tasks: 'Task' };

/** Objects whose custom properties may be unique (hasUniqueValue); engagements (notes, tasks) may not. */
export const UNIQUE_CAPABLE: ObjectType[] = ['contacts', 'companies', 'deals'];

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** A property definition as GET /crm/v3/properties/{objectType} returns it. */
export interface PropertyDef {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  formField: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PropertyGroupDef {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

const EPOCH = '2019-08-06T02:43:01.185Z';

const opts = (values: [string, string][]): PropertyOption[] =>
  values.map(([value, label], i) => ({ label, value, displayOrder: i, hidden: false }));

interface Spec {
  name: string;
  label: string;
  type: PropertyDef['type'];
  fieldType: string;
  group: string;
  readOnly?: boolean;
  unique?: boolean;
  calculated?: boolean;
  options?: PropertyOption[];
}

function def(s: Spec, i: number): PropertyDef {
  return {
    name: s.name,
    label: s.label,
    type: s.type,
    fieldType: s.fieldType,
    description: '',
    groupName: s.group,
    options: s.options ?? (s.type === 'bool' ? opts([['true', 'Yes'], ['false', 'No']]) : []),
    displayOrder: i,
    calculated: s.calculated ?? false,
    externalOptions: false,
    hasUniqueValue: s.unique ?? false,
    hidden: false,
    hubspotDefined: true,
    formField: !s.readOnly,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: s.readOnly ?? false },
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
  };
}

const LIFECYCLE = opts([
  ['subscriber', 'Subscriber'], ['lead', 'Lead'], ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'], ['opportunity', 'Opportunity'], ['customer', 'Customer'],
  ['evangelist', 'Evangelist'], ['other', 'Other'],
]);
/** A subset of HubSpot's company `industry` options (an enumeration: free text is refused with INVALID_OPTION). */
const INDUSTRY = opts([
  ['COMPUTER_SOFTWARE', 'Computer Software'], ['INTERNET', 'Internet'], ['INFORMATION_TECHNOLOGY_AND_SERVICES', 'Information Technology and Services'],
  ['FINANCIAL_SERVICES', 'Financial Services'], ['MARKETING_AND_ADVERTISING', 'Marketing and Advertising'],
  ['HOSPITAL_HEALTH_CARE', 'Hospital & Health Care'], ['RETAIL', 'Retail'], ['EDUCATION_MANAGEMENT', 'Education Management'],
]);
const LEAD_STATUS = opts([
  ['NEW', 'New'], ['OPEN', 'Open'], ['IN_PROGRESS', 'In Progress'], ['OPEN_DEAL', 'Open Deal'], ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'], ['CONNECTED', 'Connected'], ['BAD_TIMING', 'Bad Timing'],
]);
const DEAL_STAGES = opts([
  ['appointmentscheduled', 'Appointment Scheduled'], ['qualifiedtobuy', 'Qualified To Buy'], ['presentationscheduled', 'Presentation Scheduled'],
  ['decisionmakerboughtin', 'Decision Maker Bought-In'], ['contractsent', 'Contract Sent'], ['closedwon', 'Closed Won'], ['closedlost', 'Closed Lost'],
]);
export const CLOSED_DEAL_STAGES = new Set(['closedwon', 'closedlost']);

const common = (group: string): Spec[] => [
  { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', group, readOnly: true },
  { name: 'hubspot_owner_id', label: 'Owner', type: 'enumeration', fieldType: 'select', group },
];

const SPECS: Record<ObjectType, Spec[]> = {
  contacts: [
    { name: 'email', label: 'Email', type: 'string', fieldType: 'text', group: 'contactinformation', unique: false },
    { name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'company', label: 'Company Name', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'website', label: 'Website URL', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber', group: 'contactinformation' },
    { name: 'city', label: 'City', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'state', label: 'State/Region', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'industry', label: 'Industry', type: 'string', fieldType: 'text', group: 'contactinformation' },
    { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', group: 'contactinformation', options: LIFECYCLE },
    { name: 'hs_lead_status', label: 'Lead Status', type: 'enumeration', fieldType: 'radio', group: 'sales_properties', options: LEAD_STATUS },
    { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', group: 'contactinformation', readOnly: true },
    { name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', group: 'contactinformation', readOnly: true },
    { name: 'notes_last_updated', label: 'Last Activity Date', type: 'datetime', fieldType: 'date', group: 'contact_activity', readOnly: true, calculated: true },
    { name: 'hs_last_sales_activity_timestamp', label: 'Last Engagement Date', type: 'datetime', fieldType: 'date', group: 'sales_properties', readOnly: true, calculated: true },
    { name: 'associatedcompanyid', label: 'Primary Associated Company ID', type: 'number', fieldType: 'number', group: 'contactinformation', readOnly: true },
    ...common('contactinformation'),
  ],
  companies: [
    { name: 'name', label: 'Company name', type: 'string', fieldType: 'text', group: 'companyinformation' },
    { name: 'domain', label: 'Company Domain Name', type: 'string', fieldType: 'text', group: 'companyinformation' },
    { name: 'website', label: 'Website URL', type: 'string', fieldType: 'text', group: 'companyinformation' },
    { name: 'industry', label: 'Industry', type: 'enumeration', fieldType: 'select', group: 'companyinformation', options: INDUSTRY },
    { name: 'description', label: 'Description', type: 'string', fieldType: 'textarea', group: 'companyinformation' },
    { name: 'city', label: 'City', type: 'string', fieldType: 'text', group: 'companyinformation' },
    { name: 'state', label: 'State/Region', type: 'string', fieldType: 'text', group: 'companyinformation' },
    { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text', group: 'companyinformation' },
    { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber', group: 'companyinformation' },
    { name: 'numberofemployees', label: 'Number of Employees', type: 'number', fieldType: 'number', group: 'companyinformation' },
    { name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number', group: 'companyinformation' },
    { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', group: 'companyinformation', options: LIFECYCLE },
    { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', group: 'companyinformation', readOnly: true },
    { name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', group: 'companyinformation', readOnly: true },
    { name: 'notes_last_updated', label: 'Last Activity Date', type: 'datetime', fieldType: 'date', group: 'company_activity', readOnly: true, calculated: true },
    ...common('companyinformation'),
  ],
  deals: [
    { name: 'dealname', label: 'Deal Name', type: 'string', fieldType: 'text', group: 'dealinformation' },
    { name: 'dealstage', label: 'Deal Stage', type: 'enumeration', fieldType: 'radio', group: 'dealinformation', options: DEAL_STAGES },
    { name: 'pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', group: 'dealinformation', options: opts([['default', 'Sales Pipeline']]) },
    { name: 'amount', label: 'Amount', type: 'number', fieldType: 'number', group: 'dealinformation' },
    { name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date', group: 'dealinformation' },
    { name: 'hs_is_closed', label: 'Is Deal Closed?', type: 'bool', fieldType: 'booleancheckbox', group: 'dealinformation', readOnly: true, calculated: true },
    { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', group: 'dealinformation', readOnly: true },
    { name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', group: 'dealinformation', readOnly: true },
    ...common('dealinformation'),
  ],
  notes: [
    { name: 'hs_note_body', label: 'Note body', type: 'string', fieldType: 'html', group: 'engagement' },
    { name: 'hs_timestamp', label: 'Activity date', type: 'datetime', fieldType: 'date', group: 'engagement' },
    { name: 'hs_attachment_ids', label: 'Attached file IDs', type: 'enumeration', fieldType: 'checkbox', group: 'engagement' },
    { name: 'hs_createdate', label: 'Create date', type: 'datetime', fieldType: 'date', group: 'engagement', readOnly: true },
    { name: 'hs_lastmodifieddate', label: 'Last modified date', type: 'datetime', fieldType: 'date', group: 'engagement', readOnly: true },
    ...common('engagement'),
  ],
  tasks: [
    { name: 'hs_task_subject', label: 'Task Title', type: 'string', fieldType: 'text', group: 'task' },
    { name: 'hs_task_body', label: 'Notes', type: 'string', fieldType: 'html', group: 'task' },
    { name: 'hs_task_status', label: 'Task Status', type: 'enumeration', fieldType: 'select', group: 'task', options: opts([['NOT_STARTED', 'Not started'], ['IN_PROGRESS', 'In progress'], ['WAITING', 'Waiting'], ['COMPLETED', 'Completed'], ['DEFERRED', 'Deferred']]) },
    { name: 'hs_task_priority', label: 'Priority', type: 'enumeration', fieldType: 'select', group: 'task', options: opts([['NONE', 'None'], ['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High']]) },
    { name: 'hs_task_type', label: 'Task Type', type: 'enumeration', fieldType: 'select', group: 'task', options: opts([['TODO', 'To-do'], ['EMAIL', 'Email'], ['CALL', 'Call'], ['LINKED_IN', 'LinkedIn']]) },
    { name: 'hs_timestamp', label: 'Due date', type: 'datetime', fieldType: 'date', group: 'task' },
    { name: 'hs_createdate', label: 'Create date', type: 'datetime', fieldType: 'date', group: 'task', readOnly: true },
    { name: 'hs_lastmodifieddate', label: 'Last modified date', type: 'datetime', fieldType: 'date', group: 'task', readOnly: true },
    ...common('task'),
  ],
};

/** Fresh default property definitions for one object type. */
export function defaultProperties(type: ObjectType): PropertyDef[] {
  return SPECS[type].map(def);
}

export function defaultGroups(type: ObjectType): PropertyGroupDef[] {
  const names = [...new Set(SPECS[type].map((s) => s.group))];
  return names.map((name, i) => ({ name, label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), displayOrder: i, archived: false }));
}

/** Properties a search or read returns when the request names none (https://developers.hubspot.com/docs/api/crm/search). */
export const DEFAULT_READ_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** The "last modified" property name per object. */
export const MODIFIED_PROPERTY: Record<ObjectType, string> = {
  contacts: 'lastmodifieddate', companies: 'hs_lastmodifieddate', deals: 'hs_lastmodifieddate', notes: 'hs_lastmodifieddate', tasks: 'hs_lastmodifieddate',
};
export const CREATED_PROPERTY: Record<ObjectType, string> = {
  contacts: 'createdate', companies: 'createdate', deals: 'createdate', notes: 'hs_createdate', tasks: 'hs_createdate',
};

/**
 * HUBSPOT_DEFINED association type ids (from → to) for the unlabeled ("default") association
 * (https://developers.hubspot.com/docs/api/crm/associations/associations-v4#association-type-id-values).
 */
export const DEFAULT_ASSOCIATION_TYPE: Partial<Record<ObjectType, Partial<Record<ObjectType, number>>>> = {
  contacts: { companies: 279, deals: 4, notes: 201, tasks: 203 },
  companies: { contacts: 280, deals: 342, notes: 189, tasks: 191 },
  deals: { contacts: 3, companies: 341, notes: 213, tasks: 215 },
  notes: { contacts: 202, companies: 190, deals: 214 },
  tasks: { contacts: 204, companies: 192, deals: 216 },
};
/** Primary company association (contact → company 1, company → contact 2). */
export const PRIMARY_ASSOCIATION_TYPE = { contactToCompany: 1, companyToContact: 2 };

/** The (from, to) type ids that are valid HUBSPOT_DEFINED types, for association payload validation. */
export function validAssociationType(from: ObjectType, to: ObjectType, typeId: number): boolean {
  if (DEFAULT_ASSOCIATION_TYPE[from]?.[to] === typeId) return true;
  if (from === 'contacts' && to === 'companies' && typeId === 1) return true;
  if (from === 'companies' && to === 'contacts' && typeId === 2) return true;
  return false;
}

/** The type id of the reverse direction. */
export function reverseAssociationType(from: ObjectType, to: ObjectType, typeId: number): number {
  if (from === 'contacts' && to === 'companies' && typeId === 1) return 2;
  if (from === 'companies' && to === 'contacts' && typeId === 2) return 1;
  return DEFAULT_ASSOCIATION_TYPE[to]?.[from] ?? typeId;
}
