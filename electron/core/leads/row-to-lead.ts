import type { ColumnMapping, Lead, LeadField, RowError } from '@shared/index';
import { normaliseHeader } from './mapping';
import {
  cleanCell,
  domainFromEmail,
  isPlatformDomain,
  MAX_CELL_CHARS,
  normaliseDomain,
  normaliseEmail,
  normaliseLinkedin,
  normaliseWebsite,
  parseAmount,
  parseCount,
  parseYear,
  platformBelongsTo,
  splitFullName,
  splitList,
  splitPeople,
  truncateCell,
} from './normalise';
import { isPlaceholder, rejectReason } from './validate';

/**
 * A lead before identity is assigned: `id`, `dedupeKey`, `source` and `importedAt` hold placeholders
 * (declared first so the finished lead lists them first) until the importer fills them in.
 */
export type LeadDraft = Lead;

/** Result of converting one row: a draft (accepted) or a rejection, plus row warnings (absent when none). */
export interface RowResult {
  draft?: LeadDraft;
  /** True when the person fields came from person columns (not promoted from a "Founders" list). */
  hasPersonColumns: boolean;
  rejected?: RowError;
  warnings?: RowError[];
}

const NO_SOURCE: Lead['source'] = Object.freeze({ file: '', row: 1, importId: '' }) as Lead['source'];

interface Column {
  index: number;
  header: string;
  /** Lead field, `undefined` = keep in `extra`. (Ignored columns are not in the plan at all.) */
  field: LeadField | undefined;
  /** For `contacts` columns: title given to each person ("Founder" for founders columns). */
  contactTitle?: string;
}

/**
 * Builds the per-row converter for a file: maps cells to lead fields, normalises them (see normalise.ts),
 * and applies the acceptance rule (validate.ts). Built once per file; the returned function is hot (one call
 * per row) and allocation-light.
 *
 * Rules, in order:
 * - every cell is cleaned (controls stripped, whitespace collapsed, trimmed, cut at 10,000 chars with a warning);
 *   placeholders (`-`, `N/A`, `none` …) in mapped columns count as empty;
 * - scalar fields: first non-empty column wins; `categories`/`contacts` merge all their columns;
 * - unparseable email/website/domain/number cells produce a warning and their raw text is kept in
 *   `extra[header]` (nothing in the list is lost); "undisclosed amount"-style text without digits is kept in
 *   `extra` without a warning;
 * - names: a full name is split into first/last, first+last are joined into a full name;
 * - with no person columns filled, the first person of a `contacts` ("Founders") column becomes the contact
 *   (fullName/firstName/lastName, title "Founder" unless a title is given); `contacts` keeps the whole list;
 * - domain: the Domain column, else the website's host, else a business (non-free-mail) email's domain;
 *   a platform domain (twitter.com, linkedin.com, bit.ly …) only counts when the company is that platform;
 * - cells beyond the header go to `extra["column_<n>"]` with a warning;
 * - acceptance: company, domain or valid email required ({@link rejectReason}).
 *
 * @param headers unique header names
 * @param mapping effective mapping (absent header = extra, null = ignored)
 * @returns `(row, cells) => RowResult`
 */
export function createRowConverter(headers: string[], mapping: ColumnMapping): (row: number, cells: string[]) => RowResult {
  const plan: Column[] = [];
  headers.forEach((header, index) => {
    const f = Object.hasOwn(mapping, header) ? mapping[header] : undefined;
    if (f === null) return;
    const col: Column = { index, header, field: f };
    if (f === 'contacts') col.contactTitle = normaliseHeader(header).includes('founder') ? 'Founder' : undefined;
    plan.push(col);
  });
  const width = headers.length;
  const personColumns = plan.some((c) => c.field === 'firstName' || c.field === 'lastName' || c.field === 'fullName');

  let rowWarnings: RowError[] | undefined;
  const warn = (w: RowError): void => {
    (rowWarnings ??= []).push(w);
  };

  return (row, cells) => {
    rowWarnings = undefined;
    const d: LeadDraft = { id: '', dedupeKey: '', categories: [], contacts: [], extra: {}, source: NO_SOURCE, importedAt: '' };
    let websiteDomain: string | undefined;
    let domainHeader = 'domain';
    let invalidEmail: string | undefined;

    for (let p = 0; p < plan.length; p++) {
      const col = plan[p];
      const raw = cells[col.index];
      if (raw === undefined || raw.length === 0) continue;
      let value = cleanCell(raw);
      if (value.length === 0) continue;
      if (value.length > MAX_CELL_CHARS) {
        value = truncateCell(value);
        warn({ row, field: col.header, reason: `cell longer than ${MAX_CELL_CHARS} characters; truncated` });
      }
      const field = col.field;
      if (field === undefined) {
        d.extra[col.header] = value;
        continue;
      }
      if (isPlaceholder(value)) continue;
      switch (field) {
        case 'email': {
          if (d.email) break;
          const r = normaliseEmail(value);
          if (r.email) d.email = r.email;
          else {
            invalidEmail = r.error;
            warn({ row, field: 'email', reason: `${r.error}; kept in extra["${col.header}"]` });
            d.extra[col.header] = value;
          }
          break;
        }
        case 'website': {
          if (d.website) break;
          const r = normaliseWebsite(value);
          if (r.website) {
            d.website = r.website;
            websiteDomain = r.domain;
          } else {
            warn({ row, field: 'website', reason: `${r.error}; kept in extra["${col.header}"]` });
            d.extra[col.header] = value;
          }
          break;
        }
        case 'domain': {
          if (d.domain) break;
          const r = normaliseDomain(value);
          if (r.domain) {
            d.domain = r.domain;
            domainHeader = col.header;
          } else {
            warn({ row, field: 'domain', reason: `${r.error}; kept in extra["${col.header}"]` });
            d.extra[col.header] = value;
          }
          break;
        }
        case 'categories':
          for (const t of splitList(value)) if (!d.categories.includes(t)) d.categories.push(t);
          break;
        case 'contacts':
          for (const name of splitPeople(value)) {
            if (d.contacts.some((c) => c.fullName.toLowerCase() === name.toLowerCase())) continue;
            d.contacts.push(col.contactTitle ? { fullName: name, title: col.contactTitle } : { fullName: name });
          }
          break;
        case 'employees':
        case 'fundingUsd': {
          if (d[field] !== undefined) break;
          const n = field === 'employees' ? parseCount(value) : parseAmount(value);
          if (n !== undefined) d[field] = n;
          else keepUnparsed(d, col.header, value, field, row, warn, 'not a number');
          break;
        }
        case 'foundedYear': {
          if (d.foundedYear !== undefined) break;
          const y = parseYear(value);
          if (y !== undefined) d.foundedYear = y;
          else keepUnparsed(d, col.header, value, field, row, warn, 'not a year');
          break;
        }
        case 'linkedinUrl':
          if (!d.linkedinUrl) d.linkedinUrl = normaliseLinkedin(value);
          break;
        // One assignment site per field keeps the property stores monomorphic (this loop is hot).
        case 'company':
          if (!d.company) d.company = value;
          break;
        case 'firstName':
          if (!d.firstName) d.firstName = value;
          break;
        case 'lastName':
          if (!d.lastName) d.lastName = value;
          break;
        case 'fullName':
          if (!d.fullName) d.fullName = value;
          break;
        case 'title':
          if (!d.title) d.title = value;
          break;
        case 'phone':
          if (!d.phone) d.phone = value;
          break;
        case 'industry':
          if (!d.industry) d.industry = value;
          break;
        case 'description':
          if (!d.description) d.description = value;
          break;
        case 'city':
          if (!d.city) d.city = value;
          break;
        case 'country':
          if (!d.country) d.country = value;
          break;
        case 'status':
          if (!d.status) d.status = value;
          break;
      }
    }

    for (let i = width; i < cells.length; i++) {
      const raw = cells[i];
      if (!raw) continue;
      const value = truncateCell(cleanCell(raw));
      if (!value) continue;
      const key = `column_${i + 1}`;
      d.extra[key] = value;
      warn({ row, field: key, reason: `row has ${cells.length} cells but the header has ${width}; extra cell kept in extra["${key}"]` });
    }

    // Names
    if (d.fullName && !d.firstName && !d.lastName) Object.assign(d, splitFullName(d.fullName));
    else if (!d.fullName && (d.firstName || d.lastName)) d.fullName = d.firstName && d.lastName ? `${d.firstName} ${d.lastName}` : (d.firstName ?? d.lastName);
    const hasPerson = Boolean(d.fullName);
    if (!hasPerson && d.contacts.length > 0) {
      const first = d.contacts[0];
      d.fullName = first.fullName;
      Object.assign(d, splitFullName(first.fullName));
      if (!d.title && first.title) d.title = first.title;
    }

    // Domain. A profile/shortener platform (twitter.com/acme, a "domain" of linkedin.com) is only the
    // company's domain when the company is that platform.
    if (d.domain && isPlatformDomain(d.domain) && !platformBelongsTo(d.domain, d.company)) {
      warn({ row, field: 'domain', reason: `"${d.domain}" is a profile/link platform, not ${d.company ? `${d.company}'s` : 'a company'} domain; kept in extra["${domainHeader}"]` });
      d.extra[domainHeader] = d.domain;
      delete d.domain;
    }
    if (websiteDomain && isPlatformDomain(websiteDomain) && !platformBelongsTo(websiteDomain, d.company)) websiteDomain = undefined;
    if (!d.domain && websiteDomain) d.domain = websiteDomain;
    if (!d.domain && d.email) {
      const fromEmail = domainFromEmail(d.email);
      if (fromEmail) d.domain = fromEmail;
    }

    const reason = rejectReason(d, invalidEmail);
    if (reason) return { hasPersonColumns: false, rejected: { row, reason: `row ${reason}` } };
    return { draft: d, hasPersonColumns: personColumns && hasPerson, warnings: rowWarnings };
  };
}

function keepUnparsed(d: LeadDraft, header: string, value: string, field: LeadField, row: number, warn: (w: RowError) => void, what: string): void {
  d.extra[header] = value;
  if (/\d/.test(value)) warn({ row, field, reason: `"${value.slice(0, 80)}" is ${what}; kept in extra["${header}"]` });
}
