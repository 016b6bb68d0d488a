import type { CrmFieldInfo } from '@shared/index';
import type { AppFieldKind, AppValue } from './app-fields';

/**
 * Turning app values into the strings CRM APIs expect, per CRM field type: numbers plain (no grouping, no
 * exponent), dates ISO-8601, booleans `true`/`false`, lists joined, enumerations matched to one of the field's
 * options, text truncated to the field's length.
 */

/** How a CRM field's type is written. */
export type CrmValueKind = 'text' | 'number' | 'integer' | 'date' | 'datetime' | 'boolean' | 'enum' | 'multi' | 'reference';

/**
 * The value kind of a CRM field from its reported type. HubSpot `type`s: string, number, date, datetime,
 * enumeration, bool, phone_number (https://developers.hubspot.com/docs/api/crm/properties); Salesforce field
 * types: string, textarea, email, phone, url, picklist, multipicklist, combobox, double, int, long, currency,
 * percent, date, datetime, boolean, reference, id (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm).
 * Unknown types are text.
 */
export function crmValueKind(field: Pick<CrmFieldInfo, 'type'>): CrmValueKind {
  switch (field.type.toLowerCase()) {
    case 'number': case 'double': case 'currency': case 'percent':
      return 'number';
    case 'int': case 'long': case 'integer':
      return 'integer';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'bool': case 'boolean': case 'booleancheckbox':
      return 'boolean';
    case 'enumeration': case 'picklist':
      return 'enum';
    case 'multipicklist':
      return 'multi';
    case 'reference': case 'id':
      return 'reference';
    default:
      return 'text';
  }
}

/** Whether an app value of `app` kind can go into a CRM field of `crm` kind: ok, lossy (warning) or not (error). */
export function kindCompatibility(app: AppFieldKind, crm: CrmValueKind): 'ok' | 'lossy' | 'no' {
  switch (crm) {
    case 'text':
      return 'ok';
    case 'number': case 'integer':
      return app === 'number' ? 'ok' : 'no';
    case 'date': case 'datetime':
      return app === 'date' ? 'ok' : 'no';
    case 'boolean':
      return app === 'boolean' ? 'ok' : 'no';
    case 'enum': case 'multi':
      return app === 'enum' ? 'ok' : app === 'date' ? 'no' : 'lossy';
    case 'reference':
      return 'no';
  }
}

/** A formatted value, or why the value cannot be written to the field. */
export type Formatted = { ok: true; value: string } | { ok: false; reason: string };

function plainNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : n.toLocaleString('en-US', { useGrouping: false });
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : s;
}

function toNumber(v: AppValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?[$\d,]*\.?\d+\s*$/.test(v)) {
    const n = Number(v.replace(/[$,\s]/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function asText(v: AppValue, joiner = ', '): string {
  if (Array.isArray(v)) return v.map((x) => x.trim()).filter(Boolean).join(joiner);
  if (typeof v === 'number') return plainNumber(v);
  return String(v);
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

function matchOption(value: string, options: readonly string[]): string | undefined {
  const n = norm(value);
  return options.find((o) => norm(o) === n);
}

/**
 * Truncates text to `max` characters (an ellipsis as the last character when cut). `max` undefined = no limit.
 */
export function truncate(s: string, max: number | undefined): string {
  if (max === undefined || max <= 0 || s.length <= max) return s;
  return max === 1 ? s.slice(0, 1) : `${s.slice(0, max - 1)}…`;
}

/**
 * Formats one app value for one CRM field. Input: the value, the field as `describeFields` reports it (undefined
 * when unknown: the value is written as plain text). Output: `{ ok, value }`, or `{ ok: false, reason }` when the
 * value cannot be written (text into a number field, an option the field does not have, an invalid date…).
 * Never throws.
 */
export function formatValue(value: AppValue, field: CrmFieldInfo | undefined): Formatted {
  if (!field) return { ok: true, value: asText(value) };
  const kind = crmValueKind(field);
  const shown = asText(value).slice(0, 40);
  switch (kind) {
    case 'number': case 'integer': {
      const n = toNumber(Array.isArray(value) ? (value[0] ?? '') : value);
      if (n === undefined) return { ok: false, reason: `"${shown}" is not a number` };
      return { ok: true, value: plainNumber(kind === 'integer' ? Math.round(n) : n) };
    }
    case 'date': case 'datetime': {
      const raw = typeof value === 'number' ? (value > 1e11 ? new Date(value) : new Date(String(value))) : new Date(asText(value));
      if (Number.isNaN(raw.getTime())) return { ok: false, reason: `"${shown}" is not a date` };
      const iso = raw.toISOString();
      return { ok: true, value: kind === 'date' ? iso.slice(0, 10) : iso };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value: String(value) };
      const t = asText(value).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(t)) return { ok: true, value: 'true' };
      if (['false', 'no', '0'].includes(t)) return { ok: true, value: 'false' };
      return { ok: false, reason: `"${shown}" is not true/false` };
    }
    case 'enum': case 'multi': {
      const options = field.options ?? [];
      const values = Array.isArray(value) ? value : [asText(value)];
      const matched = values.map((v) => matchOption(v, options)).filter((v): v is string => v !== undefined);
      if (matched.length === 0) return { ok: false, reason: `"${shown}" is not an option of ${field.name}` };
      return { ok: true, value: kind === 'multi' ? [...new Set(matched)].join(';') : matched[0]! };
    }
    case 'reference':
      return { ok: false, reason: `${field.name} is a reference to another record` };
    case 'text':
      return { ok: true, value: truncate(asText(value), field.length) };
  }
}

/**
 * True when a CRM's current value equals the value LeadForge would write (numbers numerically, text trimmed and
 * case-sensitively, enumerations case-insensitively).
 */
export function sameCrmValue(current: string | null | undefined, next: string, field: CrmFieldInfo | undefined): boolean {
  if (current === null || current === undefined) return false;
  const kind = field ? crmValueKind(field) : 'text';
  if (kind === 'number' || kind === 'integer') {
    const a = Number(current);
    const b = Number(next);
    return Number.isFinite(a) && Number.isFinite(b) ? a === b : current.trim() === next.trim();
  }
  if (kind === 'enum' || kind === 'multi' || kind === 'boolean') return current.trim().toLowerCase() === next.trim().toLowerCase();
  return current.trim() === next.trim();
}

/** True when a CRM value counts as empty for the `if_empty` policy (absent, null, or only whitespace). */
export function isEmptyCrmValue(v: string | null | undefined): boolean {
  return v === null || v === undefined || v.trim() === '';
}
