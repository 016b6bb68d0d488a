import { hubspotError, notFound, validationError } from '../errors';
import { objectTypeOf, type ObjectType, type PropertyDef } from '../model';
import type { Route, RouteContext } from './types';

/**
 * Properties API v3 (https://developers.hubspot.com/docs/api/crm/properties): read all (200), read one (200/404),
 * create (201; 409 OBJECT_ALREADY_EXISTS when the name is taken), property groups read (200) and create (201; 409 when
 * the group exists). Create validates the internal name (lowercase letters, digits, underscores, starting with a
 * letter), the group, the type/fieldType pair, enumeration options, and `hasUniqueValue` (not on engagements).
 */

const TYPES = '(?<type>contacts|companies|deals|notes|tasks|0-1|0-2|0-3|0-46|0-27)';
const FIELD_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  bool: ['booleancheckbox', 'calculation_equation'],
  phone_number: ['phonenumber'],
};

function typeOf(ctx: RouteContext): ObjectType {
  const t = objectTypeOf(ctx.params.type ?? '');
  if (!t) throw notFound(`Unable to infer object type from: ${ctx.params.type}`);
  return t;
}

export const propertyRoutes: Route[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^/crm/v3/properties/${TYPES}/groups$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/properties (GET /crm/v3/properties/{objectType}/groups)',
    handle(ctx) {
      return { status: 200, body: { results: [...ctx.emu.state.groups.get(typeOf(ctx))!.values()] } };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/properties/${TYPES}/groups$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/properties (POST /crm/v3/properties/{objectType}/groups → 201)',
    handle(ctx) {
      const type = typeOf(ctx);
      const b = (ctx.body ?? {}) as { name?: string; label?: string; displayOrder?: number };
      if (!b.name || !/^[a-z][a-z0-9_]*$/.test(b.name)) throw validationError(`Invalid property group name: ${String(b.name)}`);
      if (!b.label) throw validationError('label is required');
      const groups = ctx.emu.state.groups.get(type)!;
      if (groups.has(b.name)) throw hubspotError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${b.name}' already exists.`);
      const g = { name: b.name, label: b.label, displayOrder: b.displayOrder ?? -1, archived: false };
      groups.set(b.name, g);
      return { status: 201, body: g };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/crm/v3/properties/${TYPES}$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/properties (GET /crm/v3/properties/{objectType})',
    handle(ctx) {
      return { status: 200, body: { results: [...ctx.emu.state.properties.get(typeOf(ctx))!.values()].filter((p) => !p.archived) } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/crm/v3/properties/${TYPES}/(?<name>[^/]+)$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/properties (GET /crm/v3/properties/{objectType}/{propertyName})',
    handle(ctx) {
      const p = ctx.emu.state.properties.get(typeOf(ctx))!.get(ctx.params.name!);
      if (!p) throw notFound(`Unable to find property ${ctx.params.name}`);
      return { status: 200, body: p };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/crm/v3/properties/${TYPES}$`),
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/properties (POST /crm/v3/properties/{objectType} → 201)',
    handle(ctx) {
      const { emu } = ctx;
      const type = typeOf(ctx);
      const b = (ctx.body ?? {}) as Partial<PropertyDef> & { options?: { label?: string; value?: string; displayOrder?: number; hidden?: boolean }[] };
      if (!b.name || !/^[a-z][a-z0-9_]*$/.test(b.name) || b.name.length > 100) {
        throw validationError(`Property name "${String(b.name)}" is invalid: use lowercase letters, numbers and underscores, starting with a letter`);
      }
      if (!b.label) throw validationError('label is required');
      if (!b.type || !FIELD_TYPES[b.type]) throw validationError(`Invalid property type: ${String(b.type)}`);
      if (!b.fieldType || !FIELD_TYPES[b.type]!.includes(b.fieldType)) {
        throw validationError(`Invalid fieldType "${String(b.fieldType)}" for property type "${b.type}"`);
      }
      if (!b.groupName || !emu.state.groups.get(type)!.has(b.groupName)) throw validationError(`Property group "${String(b.groupName)}" does not exist`);
      const props = emu.state.properties.get(type)!;
      if (props.has(b.name)) throw hubspotError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${b.name}' already exists.`);
      if (b.hasUniqueValue && !emu.state.canBeUnique(type)) throw validationError(`Unique value properties are not supported for object type ${type}`);
      const options = (b.options ?? []).map((o, i) => {
        if (!o.label || o.value === undefined) throw validationError('Each option needs a label and a value');
        return { label: o.label, value: String(o.value), displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false };
      });
      const at = new Date(emu.now()).toISOString();
      const p: PropertyDef = {
        name: b.name,
        label: b.label,
        type: b.type,
        fieldType: b.fieldType,
        description: b.description ?? '',
        groupName: b.groupName,
        options,
        displayOrder: b.displayOrder ?? -1,
        calculated: false,
        externalOptions: false,
        hasUniqueValue: b.hasUniqueValue ?? false,
        hidden: b.hidden ?? false,
        formField: b.formField ?? false,
        modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
        createdAt: at,
        updatedAt: at,
        archived: false,
      };
      emu.state.addProperty(type, p);
      return { status: 201, body: p };
    },
  },
];
