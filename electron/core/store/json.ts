/**
 * Strict JSON cloning for records entering the store: one pass that both validates (the value must survive
 * `JSON.stringify` → `JSON.parse` unchanged) and deep-copies (so later mutations by the caller do not leak
 * into the store behind its back).
 */

/** Why a value is not plain JSON: the JSON path (e.g. `$.output.when`) and a reason. */
export class NotJsonError extends Error {
  /** JSON path of the offending value, `$` = the record itself. */
  readonly path: string;
  /** Human-readable reason, e.g. `is a Date (store dates as ISO strings)`. */
  readonly reason: string;

  /**
   * @param path JSON path of the offending value
   * @param reason what is wrong with it
   */
  constructor(path: string, reason: string) {
    super(`${path} ${reason}`);
    this.name = 'NotJsonError';
    this.path = path;
    this.reason = reason;
  }
}

function describe(value: object): string {
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor?.name === 'string' && ctor.name ? ctor.name : 'object with a custom prototype';
  return name;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Running size estimate (≈ UTF-8 bytes of the compact JSON text, exact for ASCII strings without escapes). */
interface Size { bytes: number }

function cloneValue(value: unknown, path: string, ancestors: Set<object>, size: Size): unknown {
  switch (typeof value) {
    case 'string':
      size.bytes += value.length + 2;
      return value;
    case 'boolean':
      size.bytes += value ? 4 : 5;
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, `is ${value} (JSON has no NaN/Infinity; it would be stored as null)`);
      size.bytes += 8;
      return value;
    case 'undefined':
      throw new NotJsonError(path, 'is undefined (it would be stored as null)');
    case 'bigint':
      throw new NotJsonError(path, 'is a bigint (not JSON-serialisable; store it as a string or number)');
    case 'symbol':
      throw new NotJsonError(path, 'is a symbol (not JSON-serialisable)');
    case 'function':
      throw new NotJsonError(path, 'is a function (not JSON-serialisable)');
    default:
      break;
  }
  if (value === null) {
    size.bytes += 4;
    return null;
  }
  const obj = value as object;
  if (ancestors.has(obj)) throw new NotJsonError(path, 'is a circular reference (not JSON-serialisable)');
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      const out = new Array<unknown>(obj.length);
      size.bytes += 1 + obj.length;
      for (let i = 0; i < obj.length; i++) out[i] = cloneValue(obj[i], `${path}[${i}]`, ancestors, size);
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = describe(obj);
      const hint = obj instanceof Date ? ' (store dates as ISO strings: date.toISOString())' : ' (only plain objects and arrays are stored)';
      throw new NotJsonError(path, `is a ${name}${hint}`);
    }
    const out: Record<string, unknown> = {};
    size.bytes += 2;
    for (const key of Object.keys(obj)) {
      const v = (obj as Record<string, unknown>)[key];
      // An undefined property is dropped, exactly as JSON.stringify does (TypeScript optional fields).
      if (v === undefined) continue;
      const cloned = cloneValue(v, childPath(path, key), ancestors, size);
      size.bytes += key.length + 4;
      if (key === '__proto__') Object.defineProperty(out, key, { value: cloned, enumerable: true, writable: true, configurable: true });
      else out[key] = cloned;
    }
    return out;
  } finally {
    ancestors.delete(obj);
  }
}

/**
 * Deep-copies a value that must be plain JSON.
 *
 * Accepted: null, booleans, finite numbers, strings, arrays, plain objects (prototype `Object.prototype` or null).
 * Object properties whose value is `undefined` are dropped (as `JSON.stringify` does). Shared (non-circular)
 * references are copied twice, as JSON would.
 *
 * @param value any value
 * @returns a fresh deep copy made only of JSON values
 * @throws {NotJsonError} naming the JSON path of the first value that would not survive a JSON round trip:
 *   NaN/±Infinity, undefined (top level or in an array), bigint, symbol, function, circular reference,
 *   Date/Map/Set/class instances/other non-plain objects.
 */
export function cloneJson<T>(value: T): T {
  return cloneValue(value, '$', new Set(), { bytes: 0 }) as T;
}

/**
 * {@link cloneJson} that also estimates the size of the value's compact JSON text.
 * @param value any value
 * @returns `{ value, bytes }`: the deep copy and its approximate JSON size in bytes (exact for ASCII text
 *   without escapes; numbers count 8 bytes each)
 * @throws {NotJsonError} as {@link cloneJson}
 */
export function cloneJsonSized<T>(value: T): { value: T; bytes: number } {
  const size: Size = { bytes: 0 };
  return { value: cloneValue(value, '$', new Set(), size) as T, bytes: size.bytes };
}
