import type { ColumnMapping, LeadField, RowError } from '@shared/index';
import { LeadFieldSchema } from '@shared/index';
import { cleanCell, truncateCell } from './normalise';

/**
 * Header key used for matching: lowercase, accents removed, everything but letters/digits removed.
 * `"Headquarters (City)"` → `headquarterscity`, `"E-mail"` → `email`, `"Founder(s)"` → `founders`.
 * @param header header text
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Synonyms by normalised header → [field, rank]. When several columns map to the same single-valued field,
 * the lowest rank wins and the others go to `extra` (e.g. "Description" beats "Tagline").
 */
const SYNONYMS = new Map<string, [LeadField, number]>();
function syn(field: LeadField, rank: number, ...headers: string[]): void {
  for (const h of headers) SYNONYMS.set(normaliseHeader(h), [field, rank]);
}
syn('company', 0, 'Company', 'Company Name', 'Companyname', 'Company (Name)');
syn('company', 1, 'Organization', 'Organisation', 'Organization Name', 'Organisation Name', 'Org', 'Org Name');
syn('company', 2, 'Account', 'Account Name', 'Startup', 'Startup Name', 'Business', 'Business Name', 'Employer', 'Firm', 'Brand');
syn('website', 0, 'Website', 'Web Site', 'Website URL', 'Company Website', 'Company URL', 'Company Website URL');
syn('website', 1, 'URL', 'Homepage', 'Home Page', 'Homepage URL', 'Web Address');
syn('website', 2, 'Web', 'Site', 'Webpage', 'Web Page', 'WWW');
syn('domain', 0, 'Domain', 'Company Domain', 'Company Domain Name', 'Website Domain', 'Domain Name');
syn('domain', 2, 'Email Domain');
syn('email', 0, 'Email', 'E-mail', 'Email Address', 'E-mail Address', 'Work Email', 'Business Email', 'Primary Email', 'Email 1');
syn('email', 1, 'Emails', 'Contact Email', 'Mail', 'E-mail 1', 'Email Address 1');
syn('email', 2, 'Personal Email', 'Other Email', 'Email 2', 'Secondary Email');
syn('firstName', 0, 'First Name', 'Firstname', 'Given Name', 'Forename', 'First');
syn('firstName', 1, 'FName', 'Contact First Name');
syn('lastName', 0, 'Last Name', 'Lastname', 'Surname', 'Family Name', 'Last');
syn('lastName', 1, 'LName', 'Contact Last Name');
syn('fullName', 0, 'Full Name', 'Fullname', 'Contact Name', 'Person Name', 'Lead Name');
syn('fullName', 1, 'Contact', 'Contact Person', 'Person', 'Prospect', 'Prospect Name');
syn('title', 0, 'Title', 'Job Title', 'Jobtitle', 'Position', 'Role', 'Job Role', 'Job Position', 'Designation');
syn('title', 1, 'Seniority Title', 'Headline');
syn('phone', 0, 'Phone', 'Phone Number', 'Telephone', 'Tel', 'Work Phone', 'Direct Phone', 'Direct Dial', 'Office Phone', 'Phone 1');
syn('phone', 1, 'Mobile', 'Mobile Phone', 'Mobile Number', 'Cell', 'Cell Phone', 'Company Phone');
syn('industry', 0, 'Industry', 'Sector', 'Vertical', 'Industries');
syn('categories', 0, 'Categories', 'Category', 'Market Categories', 'Tags');
syn('categories', 1, 'Tag', 'Keywords', 'Markets', 'Market', 'Segments');
syn('description', 0, 'Description', 'Company Description', 'About', 'About Us', 'Short Description');
syn('description', 1, 'Tagline', 'Summary', 'Overview', 'One Liner', 'Pitch');
syn('city', 0, 'City', 'Headquarters (City)', 'HQ City', 'City (HQ)', 'Company City', 'Town');
syn('city', 2, 'Headquarters', 'HQ', 'Location City', 'Locality');
syn('country', 0, 'Country', 'Headquarters (Country)', 'HQ Country', 'Country (HQ)', 'Company Country', 'Country/Region', 'Nation');
syn('employees', 0, 'Employees', 'Company Size', 'Headcount', 'Head Count', 'Number of Employees', 'No. of Employees', '# Employees', 'Employee Count', 'Employees Count', 'Size');
syn('employees', 1, 'Team Size', 'Staff', 'Employee Range', 'Employees Range');
syn('fundingUsd', 0, 'Funding', 'Total Funding', 'Total Funding ($)', 'Total Funding (USD)', 'Funding Amount', 'Funding (USD)', 'Total Funding Amount', 'Funding Total');
syn('fundingUsd', 1, 'Amount Raised', 'Total Raised', 'Raised', 'Amounts raised in different funding rounds', 'Funds Raised');
syn('status', 0, 'Status', 'Satus', 'Company Status', 'Operating Status');
syn('status', 1, 'Lead Status', 'Stage');
syn('foundedYear', 0, 'Founded', 'Year Founded', 'Founded Year', 'Founding Year', 'Founded In', 'Year of Foundation');
syn('foundedYear', 1, 'Established', 'Year Established', 'Inception');
syn('linkedinUrl', 0, 'LinkedIn', 'LinkedIn URL', 'LinkedIn Profile', 'LinkedIn Profile URL', 'Person LinkedIn URL', 'LinkedIn Link');
syn('linkedinUrl', 1, 'Company LinkedIn', 'Company LinkedIn URL', 'LinkedIn Company Page');
syn('contacts', 0, 'Founders', 'Founder', 'Founder(s)', 'Co-Founders', 'Cofounders', 'Founders & Co-Founders');
syn('contacts', 1, 'Key People', 'Contacts', 'People');

/** Fields a row may receive from several columns: values are merged instead of first-wins. */
const MULTI: ReadonlySet<LeadField> = new Set<LeadField>(['categories', 'contacts']);
const PERSON_FIELDS: ReadonlySet<LeadField> = new Set<LeadField>(['firstName', 'lastName', 'fullName']);

/**
 * Looser rules for headers that are not synonyms (rank 5): `…Company`/`…Company Name` → company
 * ("Acquired Company"), `…Email` → email, `…Website` → website, `…LinkedIn…` → linkedinUrl,
 * `…Phone` → phone, `…Job Title` → title.
 */
function fuzzy(key: string): LeadField | undefined {
  if (key.endsWith('companyname') || (key.endsWith('company') && key.length > 7)) return 'company';
  if (key.endsWith('email') || key.endsWith('emailaddress')) return 'email';
  if (key.endsWith('website')) return 'website';
  if (key.includes('linkedin')) return 'linkedinUrl';
  if (key.endsWith('phone') || key.endsWith('phonenumber')) return 'phone';
  if (key.endsWith('jobtitle')) return 'title';
  return undefined;
}

/**
 * Makes header names unique and non-blank: a blank header becomes `column_<n>` (n = 1-based column),
 * a repeated one `<name> (2)`, `<name> (3)` …; names are cleaned like cells (whitespace collapsed, cut at
 * 200 chars); `__proto__` counts as blank.
 * @param raw header cells as read
 * @param headerRow row number of the header (for the warnings)
 * @returns unique names, same length and order, and one warning per renamed column
 */
export function uniqueHeaders(raw: string[], headerRow = 1): { headers: string[]; warnings: RowError[] } {
  const warnings: RowError[] = [];
  // "__proto__" cannot be an object key safely: treat it like a blank header.
  const cleaned = raw.map((h) => {
    const v = truncateCell(cleanCell(h), 200);
    return v === '__proto__' ? '' : v;
  });
  const taken = new Set(cleaned.filter(Boolean).map((h) => h.toLowerCase()));
  const used = new Set<string>();
  const headers = cleaned.map((h, i) => {
    if (!h) {
      let name = `column_${i + 1}`;
      for (let k = 2; taken.has(name.toLowerCase()) || used.has(name.toLowerCase()); k++) name = `column_${i + 1}_${k}`;
      used.add(name.toLowerCase());
      warnings.push({ row: headerRow, field: name, reason: `column ${i + 1} has a blank header; named "${name}"` });
      return name;
    }
    if (!used.has(h.toLowerCase())) {
      used.add(h.toLowerCase());
      return h;
    }
    let k = 2;
    while (used.has(`${h} (${k})`.toLowerCase()) || taken.has(`${h} (${k})`.toLowerCase())) k++;
    const name = `${h} (${k})`;
    used.add(name.toLowerCase());
    warnings.push({ row: headerRow, field: name, reason: `column ${i + 1} repeats the header "${h}"; named "${name}"` });
    return name;
  });
  return { headers, warnings };
}

/**
 * Auto-maps headers to lead fields by synonym (case/space/punctuation-insensitive), then by the looser
 * suffix rules. Each single-valued field goes to its best-ranked column (ties: leftmost); `categories`
 * and `contacts` may take several columns. A bare "Name" column is the `company` when no other column is the
 * company and no column holds a person's name (a company list such as HubSpot's "Name" + "Company Domain
 * Name"); otherwise it is the person's `fullName` (Salesforce's "Name" + "Account Name"), or goes to `extra`
 * when that is taken too.
 * @param headers unique header names
 * @param taken fields already claimed by an explicit mapping (not auto-assigned again unless multi-valued)
 * @returns mapping of the mapped headers only; unmapped headers are absent (their values go to `extra`)
 */
export function autoMap(headers: string[], taken: ReadonlySet<LeadField> = new Set()): ColumnMapping {
  const candidates: { index: number; field: LeadField; rank: number }[] = [];
  const nameColumns: number[] = [];
  headers.forEach((h, index) => {
    const key = normaliseHeader(h);
    if (key === 'name') {
      nameColumns.push(index);
      return;
    }
    const hit = SYNONYMS.get(key);
    if (hit) candidates.push({ index, field: hit[0], rank: hit[1] });
    else {
      const f = fuzzy(key);
      if (f) candidates.push({ index, field: f, rank: 5 });
    }
  });
  candidates.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const byIndex = new Map<number, LeadField>();
  const claimed = new Set<LeadField>(taken);
  for (const c of candidates) {
    if (MULTI.has(c.field)) {
      byIndex.set(c.index, c.field);
    } else if (!claimed.has(c.field)) {
      claimed.add(c.field);
      byIndex.set(c.index, c.field);
    }
  }
  const hasPersonColumns = [...byIndex.values()].some((f) => PERSON_FIELDS.has(f));
  for (const index of nameColumns) {
    const field: LeadField = !claimed.has('company') && !hasPersonColumns ? 'company' : 'fullName';
    if (claimed.has(field)) continue;
    claimed.add(field);
    byIndex.set(index, field);
  }
  const mapping: ColumnMapping = {};
  headers.forEach((h, i) => {
    const f = byIndex.get(i);
    if (f) mapping[h] = f;
  });
  return mapping;
}

/**
 * Combines an explicit mapping with auto-mapping. Explicit entries win: `header → field` maps that column
 * (several columns may share a field: the first non-empty value wins, lists are merged), `header → null`
 * drops the column entirely. Explicit keys match a header exactly, else case/punctuation-insensitively.
 * Remaining headers are auto-mapped, never onto a single-valued field the explicit mapping already uses.
 * @param headers unique header names
 * @param override explicit mapping (e.g. from the UI), or undefined for auto only
 * @param headerRow header row number, for warnings
 * @returns effective mapping (mapped and ignored headers; absent = goes to `extra`), the auto-mapping alone,
 *   and warnings for override keys that match no header
 * @throws Error with `field` = the header (re-thrown as ImportError `bad-mapping` by the importer) when an
 *   override value is not a LeadField or null
 */
export function resolveMapping(
  headers: string[],
  override: ColumnMapping | undefined,
  headerRow = 1,
): { mapping: ColumnMapping; auto: ColumnMapping; warnings: RowError[] } {
  const auto = autoMap(headers);
  if (!override || Object.keys(override).length === 0) return { mapping: auto, auto, warnings: [] };
  const warnings: RowError[] = [];
  const explicit = new Map<number, LeadField | null>();
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = normaliseHeader(h);
    if (!byKey.has(k)) byKey.set(k, i);
  });
  for (const [key, field] of Object.entries(override)) {
    if (field !== null && !LeadFieldSchema.safeParse(field).success) {
      throw Object.assign(new Error(`the mapping gives column "${key}" an unknown lead field "${String(field)}"`), { field: key });
    }
    let index = headers.indexOf(key);
    if (index === -1) index = headers.indexOf(key.trim());
    if (index === -1) index = byKey.get(normaliseHeader(key)) ?? -1;
    if (index === -1) {
      warnings.push({ row: headerRow, field: key, reason: `the mapping names a column "${key}" that is not in the file; ignored` });
      continue;
    }
    explicit.set(index, field);
  }
  const taken = new Set<LeadField>();
  for (const f of explicit.values()) if (f && !MULTI.has(f)) taken.add(f);
  const rest = headers.filter((_, i) => !explicit.has(i));
  const restAuto = autoMap(rest, taken);
  const mapping: ColumnMapping = {};
  headers.forEach((h, i) => {
    if (explicit.has(i)) mapping[h] = explicit.get(i) ?? null;
    else if (Object.hasOwn(restAuto, h)) mapping[h] = restAuto[h];
  });
  return { mapping, auto, warnings };
}
