import type { PropertyProblem } from './errors';
import type { ObjectType, PropertyDef } from './model';
import type { PortalState } from './state';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_STRING = 65_536;

/**
 * Validates property values the way HubSpot does before any write
 * (https://developers.hubspot.com/docs/api/crm/properties — type/fieldType; values are strings; '' clears):
 * unknown → PROPERTY_DOESNT_EXIST, read-only → READ_ONLY_VALUE, enumeration → INVALID_OPTION, number →
 * INVALID_INTEGER, date/datetime → INVALID_DATE (ISO-8601 or epoch ms), bool → INVALID_BOOLEAN, contact email →
 * INVALID_EMAIL, strings over 65,536 characters → INVALID_LENGTH. Values arrive as JSON; non-strings are coerced
 * like HubSpot does (numbers/booleans → their string).
 * @returns the normalised string values and the problems (empty when valid)
 */
export function validateValues(
  state: PortalState,
  type: ObjectType,
  raw: unknown,
): { values: Record<string, string>; problems: PropertyProblem[] } {
  const values: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  if (raw === undefined || raw === null) return { values, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ name: 'properties', error: 'INVALID_TYPE', message: 'properties must be an object' });
    return { values, problems };
  }
  const defs = state.properties.get(type)!;
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    const value = v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    const def = defs.get(name);
    if (!def) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (value === undefined) {
      problems.push({ name, error: 'INVALID_TYPE', message: `${JSON.stringify(v)} is not a valid value for ${name}` });
      continue;
    }
    if (def.modificationMetadata.readOnlyValue) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
      continue;
    }
    const problem = value === '' ? undefined : checkValue(def, value, type);
    if (problem) problems.push(problem);
    else values[name] = value;
  }
  return { values, problems };
}

function checkValue(def: PropertyDef, value: string, type: ObjectType): PropertyProblem | undefined {
  const name = def.name;
  switch (def.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value.trim()) ? undefined : { name, error: 'INVALID_INTEGER', message: `${value} was not a valid number.` };
    case 'date':
    case 'datetime':
      return /^\d{10,14}$/.test(value) || !Number.isNaN(Date.parse(value))
        ? undefined
        : { name, error: 'INVALID_DATE', message: `${value} was not a valid date or datetime` };
    case 'bool':
      return value === 'true' || value === 'false' ? undefined : { name, error: 'INVALID_BOOLEAN', message: `${value} was not a valid boolean. Use true or false` };
    case 'enumeration': {
      if (def.options.length === 0) return undefined;
      const allowed = new Set(def.options.map((o) => o.value));
      const given = def.fieldType === 'checkbox' ? value.split(';') : [value];
      const bad = given.find((g) => !allowed.has(g));
      return bad === undefined
        ? undefined
        : { name, error: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: [${def.options.map((o) => o.value).join(', ')}]` };
    }
    default:
      if (value.length > MAX_STRING) return { name, error: 'INVALID_LENGTH', message: `Property "${name}" value exceeds the maximum length of ${MAX_STRING}` };
      if (type === 'contacts' && name === 'email' && !EMAIL.test(value.trim())) return { name, error: 'INVALID_EMAIL', message: `Email address ${value} is invalid` };
      return undefined;
  }
}
