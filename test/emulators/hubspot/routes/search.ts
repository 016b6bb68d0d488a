import { validationError } from '../errors';
import { objectTypeOf, type ObjectType } from '../model';
import type { StoredRecord } from '../state';
import type { Route } from './types';

/**
 * CRM search API (https://developers.hubspot.com/docs/api/crm/search): POST /crm/v3/objects/{objectType}/search with
 * `filterGroups` (OR of groups, AND within a group; at most 5 groups, 10 filters per group, 25 in total), `sorts`,
 * `properties`, `limit` (max 200, default 10) and `after` paging (results are capped at 10,000). Operators: EQ, NEQ,
 * LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN (with `*` wildcards),
 * NOT_CONTAINS_TOKEN. EQ/NEQ on strings ignore case; IN/NOT_IN compare against the stored value lowercased, so string
 * values must be given in lowercase (as the docs note). Search is limited to 5 requests per second per account and
 * its responses carry no X-HubSpot-RateLimit headers (the server handles both for `kind: 'search'`).
 * Records written less than `searchLagMs` ago are not yet indexed.
 */

interface Filter {
  propertyName?: string;
  operator?: string;
  value?: unknown;
  values?: unknown[];
  highValue?: unknown;
}

const MAX_RESULTS = 10_000;

function num(v: string | undefined): number {
  if (v === undefined) return NaN;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? NaN : t;
}

function tokens(v: string): string[] {
  return v.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function globMatch(pattern: string, v: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(v.toLowerCase());
}

function matches(rec: StoredRecord, f: Filter): boolean {
  const name = f.propertyName === 'id' ? 'hs_object_id' : f.propertyName!;
  const v = rec.properties[name];
  const val = f.value === undefined ? undefined : String(f.value);
  switch (f.operator) {
    case 'EQ':
      return v !== undefined && val !== undefined && (v.toLowerCase() === val.toLowerCase() || (!Number.isNaN(num(v)) && num(v) === num(val)));
    case 'NEQ':
      return !(v !== undefined && val !== undefined && v.toLowerCase() === val.toLowerCase());
    case 'LT':
      return num(v) < num(val);
    case 'LTE':
      return num(v) <= num(val);
    case 'GT':
      return num(v) > num(val);
    case 'GTE':
      return num(v) >= num(val);
    case 'BETWEEN':
      return num(v) >= num(val) && num(v) <= num(f.highValue === undefined ? undefined : String(f.highValue));
    case 'IN':
      return v !== undefined && (f.values ?? []).map(String).includes(v.toLowerCase());
    case 'NOT_IN':
      return v === undefined || !(f.values ?? []).map(String).includes(v.toLowerCase());
    case 'HAS_PROPERTY':
      return v !== undefined && v !== '';
    case 'NOT_HAS_PROPERTY':
      return v === undefined || v === '';
    case 'CONTAINS_TOKEN':
      if (v === undefined || val === undefined) return false;
      return val.includes('*') ? globMatch(val, v) : v.toLowerCase() === val.toLowerCase() || tokens(v).includes(val.toLowerCase());
    case 'NOT_CONTAINS_TOKEN':
      return v === undefined || val === undefined || !(val.includes('*') ? globMatch(val, v) : tokens(v).includes(val.toLowerCase()));
    default:
      return false;
  }
}

const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

export const searchRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/(?<type>contacts|companies|deals|notes|tasks|0-1|0-2|0-3|0-46|0-27)\/search$/,
    kind: 'search',
    doc: 'https://developers.hubspot.com/docs/api/crm/search',
    handle(ctx) {
      const { emu } = ctx;
      const type = objectTypeOf(ctx.params.type!) as ObjectType;
      const body = (ctx.body ?? {}) as {
        filterGroups?: { filters?: Filter[] }[];
        sorts?: (string | { propertyName?: string; direction?: string })[];
        properties?: string[];
        limit?: number;
        after?: string | number;
        query?: string;
      };
      const groups = body.filterGroups ?? [];
      const limit = body.limit ?? 10;
      if (!Number.isInteger(limit) || limit < 0 || limit > 200) throw validationError(`limit must be between 0 and 200 (got ${String(limit)})`);
      if (groups.length > 5) throw validationError(`Too many filter groups: ${groups.length}. The maximum is 5.`);
      let total = 0;
      const known = emu.state.properties.get(type)!;
      for (const g of groups) {
        const fs = g.filters ?? [];
        if (fs.length > 10) throw validationError(`Too many filters in a filter group: ${fs.length}. The maximum is 10.`);
        total += fs.length;
        for (const f of fs) {
          if (!f.propertyName || !OPERATORS.has(f.operator ?? '')) throw validationError(`Invalid filter: ${JSON.stringify(f)}`);
          if (f.propertyName !== 'id' && !known.has(f.propertyName)) {
            throw validationError(`There was a problem with the request.`, {
              errors: [{ message: `Property ${f.propertyName} does not exist`, code: 'PROPERTY_DOESNT_EXIST' }],
            });
          }
          if ((f.operator === 'IN' || f.operator === 'NOT_IN') && (!Array.isArray(f.values) || f.values.length === 0)) {
            throw validationError(`The IN and NOT_IN operators need a non-empty "values" list`);
          }
        }
      }
      if (total > 25) throw validationError(`Too many filters: ${total}. The maximum is 25.`);
      const after = Number(body.after ?? 0) || 0;
      if (after + limit > MAX_RESULTS) throw validationError(`Search results are limited to ${MAX_RESULTS} records; "after" ${after} is past the end.`);
      let hits = emu.objects(type).filter((r) => emu.searchable(r));
      if (groups.length) hits = hits.filter((r) => groups.some((g) => (g.filters ?? []).every((f) => matches(r, f))));
      if (body.query) {
        const q = body.query.toLowerCase();
        hits = hits.filter((r) => Object.values(r.properties).some((v) => v.toLowerCase().includes(q)));
      }
      const sort = body.sorts?.[0];
      const sortProp = typeof sort === 'string' ? sort.replace(/^-/, '') : sort?.propertyName;
      const desc = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
      hits.sort((a, b) => {
        if (!sortProp) return Number(a.id) - Number(b.id);
        const x = a.properties[sortProp] ?? '';
        const y = b.properties[sortProp] ?? '';
        const c = !Number.isNaN(num(x)) && !Number.isNaN(num(y)) ? num(x) - num(y) : x.localeCompare(y);
        return (desc ? -c : c) || Number(a.id) - Number(b.id);
      });
      const page = hits.slice(after, after + limit);
      const next = after + limit < hits.length && after + limit < MAX_RESULTS ? { paging: { next: { after: String(after + limit) } } } : {};
      return { status: 200, body: { total: hits.length, results: page.map((r) => emu.toPublic(r, body.properties ?? [])), ...next } };
    },
  },
];
