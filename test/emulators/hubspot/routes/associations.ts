import { validationError } from '../errors';
import { DEFAULT_ASSOCIATION_TYPE, objectTypeOf, type ObjectType } from '../model';
import type { Route, RouteContext } from './types';

/**
 * Associations API v4 (https://developers.hubspot.com/docs/api/crm/associations/associations-v4):
 * - POST /crm/v4/associations/{from}/{to}/batch/associate/default → 200 (the only documented success code; pairs
 *   naming a missing record are reported in `errors`/`numErrors` of the same 200 body);
 * - PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId} → 200;
 * - GET /crm/v4/objects/{type}/{id}/associations/{toType} → 200, `toObjectId` as a JSON number (as HubSpot sends it);
 * - POST /crm/v4/associations/{from}/{to}/batch/read → 200, or 207 with OBJECT_NOT_FOUND-style errors for ids
 *   without associations (at most 1,000 inputs: https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api);
 *   a record's associations beyond `associationBatchReadPageSize` are paged (`paging.next.after` continues on the
 *   single-record endpoint below).
 */

const T = 'contacts|companies|deals|notes|tasks|contact|company|deal|note|task|0-1|0-2|0-3|0-46|0-27';

function types(ctx: RouteContext): [ObjectType, ObjectType] {
  const a = objectTypeOf(ctx.params.from!);
  const b = objectTypeOf(ctx.params.to!);
  if (!a || !b || DEFAULT_ASSOCIATION_TYPE[a]?.[b] === undefined) throw validationError(`No default association between ${ctx.params.from} and ${ctx.params.to}`);
  return [a, b];
}

function spec(from: ObjectType, to: ObjectType): { associationCategory: string; associationTypeId: number } {
  return { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEFAULT_ASSOCIATION_TYPE[from]![to]! };
}

export const associationRoutes: Route[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v4/associations/(?<from>${T})/(?<to>${T})/batch/read$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/associations/associations-v4 (Retrieve associated records in bulk)',
    handle(ctx) {
      const { emu } = ctx;
      const [from, to] = types(ctx);
      const startedAt = new Date(emu.now()).toISOString();
      const inputs = (ctx.body as { inputs?: { id?: unknown }[] } | undefined)?.inputs;
      if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array');
      if (inputs.length > 1000) throw validationError(`Batch input limit of 1000 exceeded: received ${inputs.length} inputs`);
      const results: unknown[] = [];
      const none: string[] = [];
      for (const i of inputs) {
        const id = String(i.id ?? '');
        const edges = emu.state.get(from, id) ? emu.state.associations(from, id, to) : [];
        if (!edges.length) {
          none.push(id);
          continue;
        }
        const cap = emu.opts.associationBatchReadPageSize;
        const page = [...edges].sort((x, y) => Number(x.toId) - Number(y.toId)).slice(0, cap);
        results.push({
          from: { id },
          to: page.map((e) => ({ toObjectId: Number(e.toId), associationTypes: [...e.typeIds].map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: null })) })),
          ...(edges.length > cap ? { paging: { next: { after: String(cap) } } } : {}),
        });
      }
      const errors = none.length
        ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${to} associated with the given ${from}`, context: { fromObjectIds: none }, errors: [] }]
        : [];
      return { status: errors.length ? 207 : 200, body: emu.batchBody(results, errors, startedAt) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v4/associations/(?<from>${T})/(?<to>${T})/batch/associate/default$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/associations/associations-v4 (Associate records without a label, in bulk)',
    handle(ctx) {
      const { emu } = ctx;
      const [from, to] = types(ctx);
      const startedAt = new Date(emu.now()).toISOString();
      const inputs = (ctx.body as { inputs?: { from?: { id?: unknown }; to?: { id?: unknown } }[] } | undefined)?.inputs;
      if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array');
      if (inputs.length > 2000) throw validationError(`Batch input limit of 2000 exceeded: received ${inputs.length} inputs`);
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const i of inputs) {
        const a = String(i.from?.id ?? '');
        const b = String(i.to?.id ?? '');
        if (!emu.state.associate(from, a, to, b)) {
          missing.push(`${a}->${b}`);
          continue;
        }
        results.push({ from: { id: a }, to: { id: b }, associationSpec: spec(from, to) });
        results.push({ from: { id: b }, to: { id: a }, associationSpec: spec(to, from) });
      }
      const errors = missing.length
        ? [{ status: 'error', category: 'VALIDATION_ERROR', message: `One or more objects do not exist: ${missing.join(', ')}`, context: { pairs: missing }, errors: [] }]
        : [];
      return { status: 200, body: emu.batchBody(results, errors, startedAt) };
    },
  },
  {
    method: 'PUT',
    pattern: new RegExp(`^/crm/v4/objects/(?<from>${T})/(?<fromId>[^/]+)/associations/default/(?<to>${T})/(?<toId>[^/]+)$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/associations/associations-v4 (Associate records without a label)',
    handle(ctx) {
      const { emu } = ctx;
      const [from, to] = types(ctx);
      const a = ctx.params.fromId!;
      const b = ctx.params.toId!;
      if (!emu.state.associate(from, a, to, b)) throw validationError(`One or more objects do not exist: ${a}->${b}`);
      const at = new Date(emu.now()).toISOString();
      return {
        status: 200,
        body: emu.batchBody([{ from: { id: a }, to: { id: b }, associationSpec: spec(from, to) }, { from: { id: b }, to: { id: a }, associationSpec: spec(to, from) }], [], at),
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/crm/v4/objects/(?<from>${T})/(?<fromId>[^/]+)/associations/(?<to>${T})$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/associations/associations-v4 (Retrieve associated records)',
    handle(ctx) {
      const { emu } = ctx;
      const [from, to] = types(ctx);
      const limit = Math.min(Number(ctx.query.get('limit') ?? 500) || 500, 500);
      const after = Number(ctx.query.get('after') ?? 0) || 0;
      const edges = emu.state.associations(from, ctx.params.fromId!, to).sort((x, y) => Number(x.toId) - Number(y.toId));
      const page = edges.slice(after, after + limit);
      return {
        status: 200,
        body: {
          results: page.map((e) => ({
            toObjectId: Number(e.toId),
            associationTypes: [...e.typeIds].map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: typeId === 1 || typeId === 2 ? 'Primary' : null })),
          })),
          ...(after + limit < edges.length ? { paging: { next: { after: String(after + limit) } } } : {}),
        },
      };
    },
  },
];
