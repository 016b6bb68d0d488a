import { normaliseId, toId18, type FieldSpec, type Schema } from './schema';

/**
 * The emulator's records and the DML semantics of Salesforce that the adapter meets: field validation, required
 * fields, uniqueness of unique/external-ID fields, defaults, compound Name, Task/Opportunity derived flags and
 * LastActivityDate roll-up. Error codes and messages follow the REST API's
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm) and the SOAP API's
 * StatusCode list (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode).
 */

export type SfRecord = Record<string, unknown> & { Id: string };

/** A per-record error, as in sObject Collections results: `{statusCode, message, fields}`. */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A request-level error: answered as `[{message, errorCode, fields?}]` with this status. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }
  body(): unknown {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

export type WriteOutcome = { ok: true; id: string; created: boolean } | { ok: false; id?: string; errors: RecordError[] };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class SfData {
  readonly tables = new Map<string, Map<string, SfRecord>>();
  private counter = 0;
  /** Block saves of Leads/Contacts whose Email matches an existing one (an active duplicate rule with "Block"). */
  blockDuplicateEmails: Partial<Record<'Lead' | 'Contact', boolean>> = {};

  constructor(
    readonly schema: Schema,
    readonly currentUserId: () => string,
    readonly now: () => Date = () => new Date(),
  ) {
    for (const n of schema.names()) this.tables.set(n, new Map());
  }

  table(object: string): Map<string, SfRecord> {
    const spec = this.schema.object(object);
    if (!spec) throw new RequestError(400, 'INVALID_TYPE', `sObject type '${object}' is not supported.`);
    return this.tables.get(spec.name)!;
  }

  /** A new 18-character id with the object's key prefix. */
  newId(object: string): string {
    const prefix = this.schema.object(object)!.keyPrefix;
    const n = (++this.counter).toString(36).padStart(10, '0');
    return toId18(`${prefix}5g${n}`);
  }

  /** Finds a record by id (15 or 18 characters), in any table. */
  byId(id: string): { object: string; record: SfRecord } | undefined {
    const id18 = normaliseId(id);
    if (!id18) return undefined;
    const object = this.schema.objectForId(id18);
    const record = object ? this.tables.get(object)?.get(id18) : undefined;
    return object && record ? { object, record } : undefined;
  }

  /** Inserts a record without validation (test seeding). @returns its id */
  seed(object: string, fields: Record<string, unknown>): string {
    const spec = this.schema.object(object)!;
    const id = (fields.Id as string | undefined) ?? this.newId(spec.name);
    const rec: SfRecord = { Id: id };
    for (const [k, v] of Object.entries(fields)) {
      const f = this.schema.field(spec.name, k);
      rec[f ? f.name : k] = v;
    }
    this.applyDefaults(spec.name, rec, true);
    this.tables.get(spec.name)!.set(id, rec);
    this.afterSave(spec.name, rec);
    return id;
  }

  /**
   * Creates one record. `input` is the JSON record without `attributes`.
   * @throws RequestError for request-level problems (unknown field, undeserialisable value)
   */
  create(object: string, input: Record<string, unknown>): WriteOutcome {
    const spec = this.schema.object(object)!;
    if ('Id' in input || 'id' in input) {
      return { ok: false, errors: [{ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'cannot specify Id in an insert call', fields: ['Id'] }] };
    }
    const { values, errors } = this.coerce(spec.name, input, 'create');
    if (errors.length) return { ok: false, errors };
    const rec: SfRecord = { Id: this.newId(spec.name), ...values };
    this.applyDefaults(spec.name, rec, true);
    const more = this.check(spec.name, rec, undefined);
    if (more.length) return { ok: false, errors: more };
    this.tables.get(spec.name)!.set(rec.Id, rec);
    this.afterSave(spec.name, rec);
    return { ok: true, id: rec.Id, created: true };
  }

  /** Updates one record by id. */
  update(object: string, id: unknown, input: Record<string, unknown>): WriteOutcome {
    const spec = this.schema.object(object)!;
    const id18 = typeof id === 'string' ? normaliseId(id) : undefined;
    if (!id18) return { ok: false, errors: [{ statusCode: 'MALFORMED_ID', message: `${spec.label} ID: id value of incorrect type: ${String(id)}`, fields: ['Id'] }] };
    const existing = this.tables.get(spec.name)!.get(id18);
    if (!existing) return { ok: false, id: id18, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
    const { values, errors } = this.coerce(spec.name, input, 'update');
    if (errors.length) return { ok: false, id: id18, errors };
    const next: SfRecord = { ...existing, ...values, Id: id18 };
    this.applyDefaults(spec.name, next, false);
    const more = this.check(spec.name, next, id18);
    if (more.length) return { ok: false, id: id18, errors: more };
    this.tables.get(spec.name)!.set(id18, next);
    this.afterSave(spec.name, next);
    return { ok: true, id: id18, created: false };
  }

  /** Upserts one record by an external-ID field: create when no record has the value, update when one has. */
  upsert(object: string, extField: FieldSpec, input: Record<string, unknown>): WriteOutcome {
    const spec = this.schema.object(object)!;
    const key = Object.keys(input).find((k) => k.toLowerCase() === extField.name.toLowerCase());
    const value = key ? input[key] : undefined;
    if (value === undefined || value === null || value === '') {
      return { ok: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: `${extField.name} not specified`, fields: [] }] };
    }
    const hits = [...this.tables.get(spec.name)!.values()].filter((r) => eq(r[extField.name], value));
    if (hits.length > 1) {
      return { ok: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${extField.name} duplicates value on records with ids: ${hits.map((h) => h.Id).join(', ')}`, fields: [] }] };
    }
    if (hits.length === 1) {
      const rest = { ...input };
      delete rest[key!];
      return this.update(spec.name, hits[0]!.Id, rest);
    }
    return this.create(spec.name, input);
  }

  /** Snapshot/restore for allOrNone. */
  snapshot(): Map<string, Map<string, SfRecord>> {
    return new Map([...this.tables].map(([k, v]) => [k, new Map(v)]));
  }
  restore(snap: Map<string, Map<string, SfRecord>>): void {
    for (const [k, v] of snap) this.tables.set(k, v);
  }

  /** Validates and converts input values to stored values. */
  private coerce(object: string, input: Record<string, unknown>, mode: 'create' | 'update'): { values: Record<string, unknown>; errors: RecordError[] } {
    const values: Record<string, unknown> = {};
    const errors: RecordError[] = [];
    const spec = this.schema.object(object)!;
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const f = this.schema.field(object, key);
      if (!f) throw new RequestError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${spec.name}`);
      if (mode === 'create' ? !f.createable : !f.updateable) {
        errors.push({
          statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          message: `Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
          fields: [f.name],
        });
        continue;
      }
      if (raw === null || raw === '') {
        values[f.name] = null;
        continue;
      }
      const v = this.convert(f, raw, errors);
      if (v !== undefined) values[f.name] = v;
    }
    return { values, errors };
  }

  private convert(f: FieldSpec, raw: unknown, errors: RecordError[]): unknown {
    const deserialise = (what: string): never => {
      throw new RequestError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${what} from ${typeof raw === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${String(raw)} or request may be missing a required field`);
    };
    switch (f.type) {
      case 'int':
      case 'double':
      case 'currency': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(n)) return deserialise(f.type === 'int' ? 'int' : 'double');
        return f.type === 'int' ? Math.trunc(n) : n;
      }
      case 'boolean':
        if (typeof raw === 'boolean') return raw;
        if (raw === 'true' || raw === 'false') return raw === 'true';
        return deserialise('boolean');
      case 'date':
        if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
        return deserialise('date');
      case 'datetime':
        if (typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return new Date(raw).toISOString().replace('Z', '+0000');
        return deserialise('datetime');
      case 'reference': {
        const id = typeof raw === 'string' ? normaliseId(raw) : undefined;
        if (!id) {
          errors.push({ statusCode: 'MALFORMED_ID', message: `${f.label}: id value of incorrect type: ${String(raw)}`, fields: [f.name] });
          return undefined;
        }
        const target = this.byId(id);
        if (!target) {
          errors.push({ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] });
          return undefined;
        }
        if (!(f.referenceTo ?? []).includes(target.object)) {
          errors.push({ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: `${f.label}: id value of incorrect type: ${id}`, fields: [f.name] });
          return undefined;
        }
        return id;
      }
      default: {
        if (typeof raw === 'object') return deserialise('String');
        const s = String(raw);
        if (f.length && s.length > f.length) {
          errors.push({ statusCode: 'STRING_TOO_LONG', message: `${f.label}: data value too large: ${s.slice(0, 40)}${s.length > 40 ? '...' : ''} (max length=${f.length})`, fields: [f.name] });
          return undefined;
        }
        if (f.type === 'email' && !EMAIL_RE.test(s)) {
          errors.push({ statusCode: 'INVALID_EMAIL_ADDRESS', message: `${f.label}: invalid email address: ${s}`, fields: [f.name] });
          return undefined;
        }
        return s;
      }
    }
  }

  private applyDefaults(object: string, rec: SfRecord, isNew: boolean): void {
    const stamp = this.now().toISOString().replace('Z', '+0000');
    const spec = this.schema.object(object)!;
    if (isNew) {
      for (const f of spec.fields) {
        if (rec[f.name] !== undefined) continue;
        if (f.defaultValue !== undefined) rec[f.name] = f.defaultValue;
        else if (f.type === 'boolean') rec[f.name] = false;
      }
      if (spec.index.has('ownerid') && !rec.OwnerId) rec.OwnerId = this.currentUserId();
      if (spec.index.has('createddate')) {
        rec.CreatedDate ??= stamp;
        rec.CreatedById ??= this.currentUserId();
      }
    }
    if (spec.index.has('lastmodifieddate')) {
      rec.LastModifiedDate = stamp;
      rec.SystemModstamp = stamp;
      rec.LastModifiedById = this.currentUserId();
    }
    if (object === 'Lead' || object === 'Contact') rec.Name = [rec.FirstName, rec.LastName].filter(Boolean).join(' ');
    if (object === 'Task') rec.IsClosed = rec.Status === 'Completed';
    if (object === 'Opportunity') {
      rec.IsClosed = rec.StageName === 'Closed Won' || rec.StageName === 'Closed Lost';
      rec.IsWon = rec.StageName === 'Closed Won';
    }
  }

  /** Record-level checks after defaults: required fields, uniqueness, duplicate rules, Task relations. */
  private check(object: string, rec: SfRecord, selfId: string | undefined): RecordError[] {
    const spec = this.schema.object(object)!;
    const missing = spec.fields
      .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== 'boolean')
      .filter((f) => rec[f.name] === undefined || rec[f.name] === null || rec[f.name] === '')
      .map((f) => f.name);
    if (missing.length) return [{ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing }];
    const table = this.tables.get(spec.name)!;
    for (const f of spec.fields.filter((x) => x.unique && x.type !== 'id')) {
      const v = rec[f.name];
      if (v === undefined || v === null || v === '') continue;
      const other = [...table.values()].find((r) => r.Id !== selfId && eq(r[f.name], v));
      if (other) return [{ statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: ${f.name} duplicates value on record with id: ${other.Id}`, fields: [] }];
    }
    if ((object === 'Lead' || object === 'Contact') && this.blockDuplicateEmails[object] && rec.Email) {
      const other = [...table.values()].find((r) => r.Id !== selfId && eq(r.Email, rec.Email));
      if (other) return [{ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] }];
    }
    if (object === 'Task' && typeof rec.WhoId === 'string' && rec.WhatId && this.byId(rec.WhoId)?.object === 'Lead') {
      return [{ statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Related To ID: a task related to a lead cannot be related to another record', fields: ['WhatId'] }];
    }
    return [];
  }

  /** LastActivityDate roll-up: a closed Task's ActivityDate on its Who, What and the Who's Account. */
  private afterSave(object: string, rec: SfRecord): void {
    if (object !== 'Task' || !rec.IsClosed || typeof rec.ActivityDate !== 'string') return;
    const targets = [rec.WhoId, rec.WhatId].filter((x): x is string => typeof x === 'string').map((id) => this.byId(id)?.record);
    const who = typeof rec.WhoId === 'string' ? this.byId(rec.WhoId)?.record : undefined;
    if (who && typeof who.AccountId === 'string') targets.push(this.byId(who.AccountId)?.record);
    for (const t of targets) {
      if (t && (typeof t.LastActivityDate !== 'string' || t.LastActivityDate < rec.ActivityDate)) t.LastActivityDate = rec.ActivityDate;
    }
  }
}

/** Salesforce text equality: case-insensitive. */
export function eq(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}
