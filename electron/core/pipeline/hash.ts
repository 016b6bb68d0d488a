import * as crypto from 'node:crypto';

/**
 * Deterministic JSON: object keys sorted, `undefined`/functions/symbols dropped from objects (null in arrays),
 * non-finite numbers → null, BigInt → decimal string, Map → object of entries, Set → array, `toJSON` honoured,
 * circular references → "[Circular]". Never throws for plain data.
 */
export function stableStringify(value: unknown): string {
  const stack = new Set<object>();
  const walk = (v: unknown): string | undefined => {
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'number':
        return Number.isFinite(v) ? String(v) : 'null';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        return JSON.stringify(v.toString());
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (v === null) return 'null';
    const obj = v as Record<string, unknown> & { toJSON?: () => unknown };
    if (typeof obj.toJSON === 'function') return walk(obj.toJSON());
    if (stack.has(obj)) return '"[Circular]"';
    stack.add(obj);
    try {
      if (Array.isArray(obj)) return `[${obj.map((x) => walk(x) ?? 'null').join(',')}]`;
      if (obj instanceof Set) return walk([...obj]);
      if (obj instanceof Map) return walk(Object.fromEntries([...obj].map(([k, x]) => [String(k), x])));
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        const s = walk(obj[key]);
        if (s !== undefined) parts.push(`${JSON.stringify(key)}:${s}`);
      }
      return `{${parts.join(',')}}`;
    } finally {
      stack.delete(obj);
    }
  };
  return walk(value) ?? 'null';
}

/** Hex SHA-1 (40 chars) of a UTF-8 string. */
export function sha1(text: string): string {
  return oneShot ? oneShot('sha1', text, 'hex') : crypto.createHash('sha1').update(text).digest('hex');
}

/** `crypto.hash` (Node ≥ 20.12, ~2× faster than createHash for short inputs) when available. */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
