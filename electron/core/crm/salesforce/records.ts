import type { CrmRecord, CrmWriteResult } from '../types';
import { CrmError } from '../types';
import { isLoopbackUrl } from './oauth-config';
import type { SaveResultBody } from './responses';

/** Record shapes and conversions between Salesforce JSON and the adapter interface. */

/** One record of a write batch: its position in the caller's input, the caller's key, and the JSON record. */
export type Item = { idx: number; key: string; record: Record<string, unknown> };

/** Distinct values in first-seen order. */
export function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** The result for a write lead mode cannot do (accounts, associations). */
export function unsupported(key: string, what: string): CrmWriteResult {
  return { key, ok: false, error: { message: `Salesforce lead mode has no ${what} (switch to Contact + Account mode)`, code: 'NOT_SUPPORTED' } };
}

/** The idempotency marker line of an activity. */
export function activityMarker(key: string): string {
  return `LeadForge-Activity-Key: ${key}`;
}

/** Whether a Description has the marker as one of its lines. */
export function hasMarker(description: string, marker: string): boolean {
  return description.split(/\r?\n/).some((line) => line.trim() === marker);
}

/** The UTC calendar date (YYYY-MM-DD) of an ISO timestamp (today when unparseable). */
export function isoDate(ts: string): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? new Date().toISOString().slice(0, 10) : d.toISOString().slice(0, 10);
}

/** Reads `Field` or `Rel.Field` from a query row (relationship objects nested; names case-insensitive). */
export function fieldValue(row: Record<string, unknown>, path: string): unknown {
  const find = (obj: Record<string, unknown>, name: string): unknown => {
    const k = Object.keys(obj).find((x) => x.toLowerCase() === name.toLowerCase());
    return k === undefined ? undefined : obj[k];
  };
  const parts = path.split('.');
  let cur: unknown = row;
  for (const p of parts) {
    if (!cur || typeof cur !== 'object') return null;
    cur = find(cur as Record<string, unknown>, p);
  }
  return cur;
}

/** A query row as a CrmRecord: id plus the requested properties as strings (null when empty). */
export function toCrmRecord(row: Record<string, unknown>, properties: string[]): CrmRecord {
  const props: Record<string, string | null> = {};
  for (const p of properties) {
    const v = fieldValue(row, p);
    props[p] = v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  }
  return { id: String(row.Id), properties: props };
}

/** One sObject Collections result as a CrmWriteResult, keeping Salesforce's statusCode and message. */
export function toWriteResult(item: Item, r: SaveResultBody, op: 'update' | 'upsert' | 'create'): CrmWriteResult {
  if (r.success && r.id) return { key: item.key, ok: true, id: r.id, created: op === 'create' ? true : op === 'upsert' ? r.created === true : false };
  const errs = r.errors.length ? r.errors : [{ message: 'Salesforce reported failure without an error', statusCode: 'UNKNOWN' }];
  const code = errs[0]!.statusCode ?? errs[0]!.errorCode;
  return {
    key: item.key,
    ok: false,
    ...(r.id ? { id: r.id } : op === 'update' && typeof item.record.Id === 'string' ? { id: item.record.Id } : {}),
    error: { message: errs.map((e) => e.message).join('; '), ...(code ? { code } : {}) },
  };
}

/** An instance URL must be https, or http on a loopback host (emulators). @throws CrmError otherwise */
export function checkInstanceUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CrmError('Salesforce instance URL is not a valid URL', { kind: 'salesforce', code: 'CONFIG' });
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackUrl(raw))) {
    throw new CrmError(`Salesforce instance URL must use https (got ${u.origin})`, { kind: 'salesforce', code: 'CONFIG' });
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}
