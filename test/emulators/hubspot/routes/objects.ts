import type { HttpAnswer} from '../errors';
import { hubspotError, notFound, propertyValuesError, validationError, type PropertyProblem } from '../errors';
import {
  OBJECT_LABEL,
  OBJECT_TYPE_ID,
  objectTypeOf,
  validAssociationType,
  type ObjectType,
} from '../model';
import type { StoredRecord } from '../state';
import { validateValues } from '../values';
import type { HubSpotEmulatorCore } from '../core';
import { listParam, type Route, type RouteContext } from './types';

/**
 * CRM objects API v3: basic CRUD, batch read/create/update/upsert for contacts, companies, deals, notes and tasks.
 * Status codes are the documented ones the SDK accepts (batch/create 201 or 207, batch/read|update|upsert 200 or
 * 207, basic create 201, get/update 200), since @hubspot/api-client throws on any other success code.
 * Docs: https://developers.hubspot.com/docs/api/crm/contacts, https://developers.hubspot.com/docs/api/crm/companies,
 * https://developers.hubspot.com/docs/api/crm/notes, https://developers.hubspot.com/docs/api/crm/tasks,
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts.
 */

const BATCH_MAX = 100;
const TYPES = '(?<type>contacts|companies|deals|notes|tasks|0-1|0-2|0-3|0-46|0-27)';

function typeOf(ctx: RouteContext): ObjectType {
  const t = objectTypeOf(ctx.params.type ?? '');
  if (!t) throw notFound(`Unable to infer object type from: ${ctx.params.type}`);
  return t;
}

interface Input {
  id?: unknown;
  idProperty?: unknown;
  properties?: unknown;
  associations?: unknown;
  objectWriteTraceId?: unknown;
}

function inputsOf(body: unknown): Input[] {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array');
  if (inputs.length > BATCH_MAX) throw validationError(`Batch input limit of ${BATCH_MAX} exceeded: received ${inputs.length} inputs`);
  return inputs as Input[];
}

function trace(i: Input): Record<string, unknown> {
  return typeof i.objectWriteTraceId === 'string' ? { objectWriteTraceId: i.objectWriteTraceId } : {};
}

/** Validates every input's values; any problem refuses the whole call (400), as HubSpot does. */
function validateAll(emu: HubSpotEmulatorCore, type: ObjectType, inputs: Input[]): Record<string, string>[] {
  const problems: PropertyProblem[] = [];
  const out = inputs.map((i) => {
    const r = validateValues(emu.state, type, i.properties ?? {});
    problems.push(...r.problems);
    return r.values;
  });
  if (problems.length) throw propertyValuesError(problems, emu.portalId);
  return out;
}

function conflict(type: ObjectType, clash: { property: string; existingId: string }): HttpAnswer {
  const message =
    type === 'contacts' && clash.property === 'email'
      ? `Contact already exists. Existing ID: ${clash.existingId}`
      : `A ${OBJECT_LABEL[type].toLowerCase()} with this value for the unique property "${clash.property}" already exists. Existing ID: ${clash.existingId}`;
  return hubspotError(409, 'CONFLICT', message, { context: { id: [clash.existingId], propertyName: [clash.property] } });
}

/** Duplicate unique values inside one call (two inputs claiming the same email). */
function checkBatchDuplicates(emu: HubSpotEmulatorCore, type: ObjectType, values: Record<string, string>[]): void {
  for (const p of emu.state.uniqueProperties(type)) {
    const seen = new Set<string>();
    for (const v of values) {
      const x = v[p]?.trim().toLowerCase();
      if (!x) continue;
      if (seen.has(x)) throw validationError(`Duplicate values found for unique property "${p}" in batch input: [${x}]`);
      seen.add(x);
    }
  }
}

function requiredFor(type: ObjectType, values: Record<string, string>, existing?: StoredRecord): PropertyProblem | undefined {
  if ((type === 'notes' || type === 'tasks') && !values.hs_timestamp && !existing?.properties.hs_timestamp) {
    return { name: 'hs_timestamp', error: 'REQUIRED_FIELD', message: 'Missing required property: hs_timestamp' };
  }
  return undefined;
}

/** Association specs given with a create (`associations: [{ to: { id }, types: [{ associationCategory, associationTypeId }] }]`). */
function parseAssociations(emu: HubSpotEmulatorCore, type: ObjectType, raw: unknown): { toType: ObjectType; toId: string; typeId: number }[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('associations must be an array');
  const out: { toType: ObjectType; toId: string; typeId: number }[] = [];
  for (const a of raw as { to?: { id?: unknown }; types?: { associationCategory?: string; associationTypeId?: number }[] }[]) {
    const toId = String(a?.to?.id ?? '');
    for (const t of a?.types ?? []) {
      if (t.associationCategory !== 'HUBSPOT_DEFINED') throw validationError(`Unsupported association category: ${t.associationCategory}`);
      const toType = (['contacts', 'companies', 'deals', 'notes', 'tasks'] as ObjectType[]).find(
        (x) => validAssociationType(type, x, Number(t.associationTypeId)) && emu.state.get(x, toId),
      );
      if (!toType) {
        throw validationError(`One or more associations are invalid: association type id ${t.associationTypeId} to object ${toId}`, {
          context: { toObjectId: [toId], associationTypeId: [String(t.associationTypeId)] },
        });
      }
      out.push({ toType, toId, typeId: Number(t.associationTypeId) });
    }
  }
  return out;
}

function uniqueIdProperty(emu: HubSpotEmulatorCore, type: ObjectType, idProperty: string, verb: string): void {
  if (!emu.state.properties.get(type)!.has(idProperty) && idProperty !== 'hs_object_id') {
    throw validationError(`Property "${idProperty}" does not exist`);
  }
  if (!emu.state.isIdProperty(type, idProperty)) {
    throw validationError(`Unable to perform ${verb} by non-unique ${OBJECT_TYPE_ID[type]} property`);
  }
}

function resolve(emu: HubSpotEmulatorCore, type: ObjectType, id: string, idProperty?: string): StoredRecord | undefined {
  if (!idProperty || idProperty === 'hs_object_id') return emu.state.get(type, id);
  const found = emu.state.findByUnique(type, idProperty, id);
  return found ? emu.state.get(type, found) : undefined;
}

function notFoundError(type: ObjectType, ids: string[]): Record<string, unknown> {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${OBJECT_LABEL[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
    errors: [],
  };
}

const now = (emu: HubSpotEmulatorCore): string => new Date(emu.now()).toISOString();

export const objectRoutes: Route[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}/batch/read$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/read-contacts',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const startedAt = now(emu);
      const body = ctx.body as { properties?: string[]; idProperty?: string };
      const inputs = inputsOf(ctx.body);
      if (body.idProperty) uniqueIdProperty(emu, type, body.idProperty, 'read');
      const results: unknown[] = [];
      const missing: string[] = [];
      const seen = new Set<string>();
      for (const i of inputs) {
        const id = String(i.id ?? '');
        const rec = resolve(emu, type, id, body.idProperty);
        if (!rec) missing.push(id);
        else if (!seen.has(rec.id)) {
          seen.add(rec.id);
          results.push(emu.toPublic(rec, body.properties ?? []));
        }
      }
      const errors = missing.length ? [notFoundError(type, missing)] : [];
      return { status: errors.length ? 207 : 200, body: emu.batchBody(emu.order(results), errors, startedAt) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}/batch/create$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/objects/batch/create-objects',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const startedAt = now(emu);
      const inputs = inputsOf(ctx.body);
      const values = validateAll(emu, type, inputs);
      const required = values.map((v) => requiredFor(type, v)).filter((p): p is PropertyProblem => !!p);
      if (required.length) throw propertyValuesError(required, emu.portalId);
      checkBatchDuplicates(emu, type, values);
      for (const v of values) {
        const clash = emu.state.uniqueClash(type, v);
        if (clash) throw conflict(type, clash);
      }
      const assocs = inputs.map((i) => parseAssociations(emu, type, i.associations));
      const results = inputs.map((i, k) => {
        const rec = emu.state.create(type, values[k]!);
        emu.markWritten(rec);
        for (const a of assocs[k]!) emu.state.associate(type, rec.id, a.toType, a.toId, a.typeId);
        return emu.toPublic(rec, undefined, trace(i));
      });
      return { status: 201, body: emu.batchBody(emu.order(results), [], startedAt) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}/batch/update$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/batch/update-contacts',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const startedAt = now(emu);
      const inputs = inputsOf(ctx.body);
      for (const i of inputs) if (typeof i.idProperty === 'string') uniqueIdProperty(emu, type, i.idProperty, 'update/upsert');
      const values = validateAll(emu, type, inputs);
      const targets = inputs.map((i) => resolve(emu, type, String(i.id ?? ''), typeof i.idProperty === 'string' ? i.idProperty : undefined));
      const ids = targets.filter((t): t is StoredRecord => !!t).map((t) => t.id);
      if (new Set(ids).size !== ids.length) throw validationError(`Duplicate IDs found in batch input: [${ids.join(', ')}]. IDs must be unique`);
      targets.forEach((t, k) => {
        if (!t) return;
        const clash = emu.state.uniqueClash(type, values[k]!, t.id);
        if (clash) throw conflict(type, clash);
      });
      const missing: string[] = [];
      const results: unknown[] = [];
      inputs.forEach((i, k) => {
        const t = targets[k];
        if (!t) return void missing.push(String(i.id ?? ''));
        emu.state.update(t, values[k]!);
        emu.markWritten(t);
        results.push(emu.toPublic(t, undefined, trace(i)));
      });
      const errors = missing.length ? [notFoundError(type, missing)] : [];
      return { status: errors.length ? 207 : 200, body: emu.batchBody(emu.order(results), errors, startedAt) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}/batch/upsert$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const startedAt = now(emu);
      const inputs = inputsOf(ctx.body);
      for (const i of inputs) {
        if (typeof i.idProperty !== 'string' || !i.idProperty) throw validationError('idProperty is required for upsert inputs');
        if (i.idProperty === 'hs_object_id') throw validationError(`Unable to perform update/upsert by non-unique ${OBJECT_TYPE_ID[type]} property`);
        uniqueIdProperty(emu, type, i.idProperty, 'update/upsert');
      }
      const keys = inputs.map((i) => `${String(i.idProperty)}:${String(i.id ?? '').trim().toLowerCase()}`);
      const dup = keys.find((k, n) => keys.indexOf(k) !== n);
      if (dup) throw validationError(`Duplicate IDs found in batch input: [${dup.split(':').slice(1).join(':')}]. IDs must be unique`);
      const values = validateAll(emu, type, inputs);
      // Per-input problems with the id value itself (e.g. a malformed email as the idProperty value) → 207.
      const errors: Record<string, unknown>[] = [];
      const ok: number[] = [];
      inputs.forEach((i, k) => {
        const idProp = String(i.idProperty);
        const idValue = String(i.id ?? '').trim();
        const check = validateValues(emu.state, type, { [idProp]: idValue });
        if (!idValue || check.problems.length) {
          errors.push({
            status: 'error',
            category: 'VALIDATION_ERROR',
            message: idValue ? check.problems[0]!.message : `Missing id value for idProperty ${idProp}`,
            context: { ids: [idValue], ...(typeof i.objectWriteTraceId === 'string' ? { objectWriteTraceId: [i.objectWriteTraceId] } : {}) },
            errors: check.problems.map((p) => ({ message: p.message, code: p.error })),
          });
        } else ok.push(k);
      });
      const existing = new Map<number, StoredRecord | undefined>();
      for (const k of ok) {
        const i = inputs[k]!;
        const idProp = String(i.idProperty);
        const rec = resolve(emu, type, String(i.id).trim(), idProp);
        existing.set(k, rec);
        const merged = { ...values[k]!, [idProp]: String(i.id).trim() };
        const clash = emu.state.uniqueClash(type, merged, rec?.id);
        if (clash) throw conflict(type, clash);
        const req = requiredFor(type, merged, rec);
        if (req) throw propertyValuesError([req], emu.portalId);
      }
      const results = ok.map((k) => {
        const i = inputs[k]!;
        const idProp = String(i.idProperty);
        const merged = { ...values[k]!, [idProp]: String(i.id).trim() };
        const found = existing.get(k);
        const rec = found ? emu.state.update(found, merged) : emu.state.create(type, merged);
        emu.markWritten(rec);
        return emu.toPublic(rec, undefined, { new: !found, ...trace(i) });
      });
      return { status: errors.length ? 207 : 200, body: emu.batchBody(emu.order(results), errors, startedAt) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}/(?<id>[^/]+)$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/contacts (GET /crm/v3/objects/contacts/{contactId})',
    handle(ctx) {
      const type = typeOf(ctx);
      const idProperty = ctx.query.get('idProperty') ?? undefined;
      if (idProperty) uniqueIdProperty(ctx.emu, type, idProperty, 'read');
      const rec = resolve(ctx.emu, type, decodeURIComponent(ctx.params.id!), idProperty);
      if (!rec) throw notFound();
      return { status: 200, body: ctx.emu.toPublic(rec, listParam(ctx.query, 'properties')) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/contacts (GET /crm/v3/objects/contacts)',
    handle(ctx) {
      const type = typeOf(ctx);
      const limit = Math.min(Number(ctx.query.get('limit') ?? 10) || 10, 100);
      const after = Number(ctx.query.get('after') ?? 0) || 0;
      const all = ctx.emu.objects(type).sort((a, b) => Number(a.id) - Number(b.id));
      const page = all.filter((r) => Number(r.id) > after).slice(0, limit);
      const last = page[page.length - 1];
      const more = last !== undefined && all.some((r) => Number(r.id) > Number(last.id));
      return {
        status: 200,
        body: { results: page.map((r) => ctx.emu.toPublic(r, listParam(ctx.query, 'properties'))), ...(more ? { paging: { next: { after: last.id } } } : {}) },
      };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/contacts (POST /crm/v3/objects/contacts → 201)',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const input = (ctx.body ?? {}) as Input;
      const [values] = validateAll(emu, type, [input]);
      const req = requiredFor(type, values!);
      if (req) throw propertyValuesError([req], emu.portalId);
      const clash = emu.state.uniqueClash(type, values!);
      if (clash) throw conflict(type, clash);
      const assocs = parseAssociations(emu, type, input.associations);
      const rec = emu.state.create(type, values!);
      emu.markWritten(rec);
      for (const a of assocs) emu.state.associate(type, rec.id, a.toType, a.toId, a.typeId);
      return { status: 201, body: emu.toPublic(rec) };
    },
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/crm/v3/objects/${TYPES}/(?<id>[^/]+)$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/contacts (PATCH /crm/v3/objects/contacts/{contactId})',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const idProperty = ctx.query.get('idProperty') ?? undefined;
      if (idProperty) uniqueIdProperty(emu, type, idProperty, 'update/upsert');
      const rec = resolve(emu, type, decodeURIComponent(ctx.params.id!), idProperty);
      if (!rec) throw notFound();
      const [values] = validateAll(emu, type, [(ctx.body ?? {}) as Input]);
      const clash = emu.state.uniqueClash(type, values!, rec.id);
      if (clash) throw conflict(type, clash);
      emu.state.update(rec, values!);
      emu.markWritten(rec);
      return { status: 200, body: emu.toPublic(rec) };
    },
  },
];
