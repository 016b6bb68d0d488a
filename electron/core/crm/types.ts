import type { CrmFieldInfo, CrmHistory, CrmKind, CrmRole } from '@shared/index';

/**
 * The seam between the sync engine and one CRM. Implementations: `hubspot/` (@hubspot/api-client) and
 * `salesforce/` (jsforce). Every call goes through the adapter's {@link RequestPolicy} (rate limits, retries of
 * 429/5xx honouring the CRM's limit window, circuit breaker): the SDKs' own retries are turned off.
 *
 * Batch methods take any number of items, split them into the CRM's batch size (HubSpot 100, Salesforce 200),
 * and return one result per input item, in input order, matched by `key`. A per-record rejection is a result
 * with `ok: false` (never a throw); a throw means the whole call failed after the policy's retries
 * ({@link CrmError}).
 */
export interface CrmAdapter {
  readonly kind: CrmKind;
  /**
   * CRM object API names in use: person (`contacts` | `Lead` | `Contact`), account (`companies` | `Account`;
   * undefined in Salesforce lead mode), activity (`notes` | `tasks` | `Task`).
   */
  readonly objects: { person: string; account?: string; activity: string };
  /** Counters since construction: HTTP requests sent and retries made. */
  readonly stats: { requests: number; retries: number };

  /** Checks the credentials. @returns a label of the account (portal / org id) and user. @throws CrmError. */
  testConnection(): Promise<{ account: string; user?: string }>;
  /** Field metadata of the person or account object (HubSpot properties API / Salesforce describe). */
  describeFields(role: CrmRole): Promise<CrmFieldInfo[]>;
  /**
   * Makes sure LeadForge's custom fields exist (HubSpot: property group `leadforge` and its properties, created
   * when missing; Salesforce: checked only, custom fields need the Metadata API). @returns created and missing names.
   */
  ensureSchema(fields: CustomFieldSpec[]): Promise<{ created: string[]; missing: string[] }>;
  /** Existing persons by email (keys lowercased); properties = the fields to read back. */
  findPersonsByEmail(emails: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Existing persons by LeadForge lead id (HubSpot unique property `leadforge_lead_id`, Salesforce external id / SOQL). */
  findPersonsByLeadId(leadIds: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Existing accounts by domain (keys lowercased, no `www.`). Empty map in Salesforce lead mode. */
  findAccountsByDomain(domains: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /** Records by id (current values, to apply overwrite policies). Missing ids are absent from the map. */
  getRecords(role: CrmRole, ids: string[], properties: string[]): Promise<Map<string, CrmRecord>>;
  /**
   * Creates or updates persons. A write with `id` updates that record; without `id` it is an idempotent upsert
   * when the adapter can (HubSpot batch/upsert by `email`, or by `leadforge_lead_id` for persons without email;
   * Salesforce upsert by the external-ID field), else a create.
   */
  writePersons(writes: CrmWrite[]): Promise<CrmWriteResult[]>;
  /** Creates or updates accounts (HubSpot: upsert by the unique `leadforge_company_key` for creates). */
  writeAccounts(writes: CrmWrite[]): Promise<CrmWriteResult[]>;
  /** Associates persons with accounts (HubSpot associations v4 default type; Salesforce Contact.AccountId). */
  associate(pairs: { key: string; personId: string; accountId: string }[]): Promise<CrmWriteResult[]>;
  /** Logs activities (the draft) on persons (and their account). */
  logActivities(activities: CrmActivity[]): Promise<CrmWriteResult[]>;
  /** Finds an activity previously logged with this key (used to resolve a write intent after a crash). */
  findActivity(key: string, personId: string): Promise<string | undefined>;
  /** What the CRM knows about a person/company: owner, lifecycle stage, last activity, open deals. */
  history(query: HistoryQuery): Promise<CrmHistory>;
  /**
   * {@link history} for many leads with batched requests (batch reads / IN lists, owners fetched once), so the
   * enrichment fan-out over a 10k-lead list costs a few requests per 100 leads, not several per lead.
   * @returns one history per query, in input order (an empty history — no ids — when the CRM knows neither).
   * @throws CrmError when the CRM calls fail after the policy's retries.
   */
  histories(queries: HistoryQuery[]): Promise<CrmHistory[]>;
}

/** Who to look up in the CRM's history: the person by email or LeadForge lead id, else the company by domain. */
export interface HistoryQuery {
  email?: string;
  domain?: string;
  leadId?: string;
}

/** A CRM record as read: id plus the requested properties (null/absent when empty). */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
}

/** One record to write. `key` is the caller's key (the lead id) to match results. Values are CRM strings. */
export interface CrmWrite {
  key: string;
  /** Existing CRM id: update it. */
  id?: string;
  properties: Record<string, string>;
}

/** The outcome of one write. */
export interface CrmWriteResult {
  key: string;
  ok: boolean;
  id?: string;
  /** True when the CRM created a new record. */
  created?: boolean;
  error?: CrmErrorInfo;
}

/** A CRM's error, with its own message and code (HubSpot `category`, Salesforce `errorCode`). */
export interface CrmErrorInfo {
  message: string;
  code?: string;
  /** HTTP status, when the error came from a response. */
  status?: number;
}

/** A draft to log as an activity. `key` = idempotency key (`leadforge:<leadId>:<draft version>`). */
export interface CrmActivity {
  key: string;
  leadKey: string;
  personId: string;
  accountId?: string;
  subject: string;
  body: string;
  /** ISO-8601. */
  timestamp: string;
}

/** A custom field LeadForge writes (created in HubSpot when missing). */
export interface CustomFieldSpec {
  role: CrmRole;
  name: string;
  label: string;
  type: 'string' | 'number' | 'enumeration' | 'datetime';
  /** HubSpot fieldType: text, textarea, number, select, date. */
  fieldType: 'text' | 'textarea' | 'number' | 'select' | 'date';
  options?: string[];
  unique?: boolean;
  description?: string;
}

/** Thrown when a CRM call fails after retries, or is refused (auth, validation). Never contains a secret. */
export class CrmError extends Error {
  override readonly name = 'CrmError';
  constructor(
    message: string,
    readonly info: { kind: CrmKind; status?: number; code?: string; retryable?: boolean } & Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
