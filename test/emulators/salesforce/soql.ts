/**
 * A SOQL subset for the Salesforce emulator, enough for the adapter's queries:
 * `SELECT f1, Rel.f2, COUNT(f) [alias] | COUNT() FROM Obj [WHERE cond] [GROUP BY f, …] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]`
 * with conditions `f = | != | <> | < | <= | > | >= value`, `f [NOT] IN (v, …)`, `f LIKE 'pat'`, `NOT cond`,
 * `AND`, `OR` and parentheses. Values: quoted strings with SOQL escapes, numbers, true/false, null, date/datetime
 * literals. Semantics per the SOQL reference: string comparison and LIKE are case-insensitive; `%` and `_` are
 * LIKE wildcards (`\%`, `\_` literal).
 * Aggregates: `COUNT(field)` counts the rows whose field is not null (`COUNT(Id)` every row); an aggregate without an
 * alias gets the implied alias `expr0`, `expr1`, … in SELECT order; with an aggregate in SELECT, every other selected
 * field must be in GROUP BY (MALFORMED_QUERY "Field must be grouped or aggregated: X"); such a query answers
 * `AggregateResult` rows, one per group (one row without GROUP BY).
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions.htm
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_groupby.htm
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
 */

export type Value = string | number | boolean | null;

export type Cond =
  | { kind: 'cmp'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Value }
  | { kind: 'in'; field: string; not: boolean; values: Value[] }
  | { kind: 'like'; field: string; pattern: string }
  | { kind: 'not'; cond: Cond }
  | { kind: 'and' | 'or'; left: Cond; right: Cond };

export interface SoqlQuery {
  /** Plain (non-aggregate) fields of the SELECT list. */
  fields: string[];
  /** `SELECT COUNT()`. */
  count: boolean;
  /** Aggregate items of the SELECT list (`COUNT(field) [alias]`). */
  aggregates: { fn: 'COUNT'; field: string; alias: string }[];
  /** The SELECT list in order: plain field paths and aggregate aliases. */
  select: ({ kind: 'field'; path: string } | { kind: 'aggregate'; alias: string })[];
  from: string;
  where?: Cond;
  groupBy: string[];
  orderBy: { field: string; desc: boolean; nullsLast: boolean }[];
  limit?: number;
  offset?: number;
}

/** A SOQL syntax error; the emulator answers 400 MALFORMED_QUERY with this message. */
export class SoqlSyntaxError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'p' | 'lit'; v: string; raw: string };

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'LIMIT', 'OFFSET', 'ORDER', 'GROUP', 'BY', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'TRUE', 'FALSE', 'NULL']);

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new SoqlSyntaxError('unterminated string literal');
        const ch = src[i]!;
        if (ch === '\\') {
          const n = src[i + 1];
          const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', _: '\\_', '%': '\\%' };
          if (n === undefined || !(n in map)) throw new SoqlSyntaxError(`Invalid string literal '${src.slice(i, i + 2)}'. Illegal character sequence '${src.slice(i, i + 2)}' in string literal.`);
          s += map[n];
          i += 2;
          continue;
        }
        if (ch === "'") {
          i++;
          break;
        }
        s += ch;
        i++;
      }
      out.push({ t: 'str', v: s, raw: `'${s}'` });
      continue;
    }
    const lit = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?/.exec(src.slice(i));
    if (lit) {
      out.push({ t: 'lit', v: lit[0], raw: lit[0] });
      i += lit[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], raw: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], raw: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(src.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] === '<>' ? '!=' : op[0], raw: op[0] });
      i += op[0].length;
      continue;
    }
    if ('(),'.includes(c)) {
      out.push({ t: 'p', v: c, raw: c });
      i++;
      continue;
    }
    throw new SoqlSyntaxError(`unexpected token: '${c}'`);
  }
  return out;
}

/**
 * Parses a SOQL statement of the supported subset.
 * @throws SoqlSyntaxError with a message like Salesforce's MALFORMED_QUERY ("unexpected token: 'X'")
 */
export function parseSoql(src: string): SoqlQuery {
  const toks = lex(src);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const kw = (w: string): boolean => {
    const t = toks[p];
    if (t && t.t === 'id' && t.v.toUpperCase() === w) {
      p++;
      return true;
    }
    return false;
  };
  const expectKw = (w: string): void => {
    if (!kw(w)) throw new SoqlSyntaxError(`unexpected token: '${peek()?.raw ?? '<EOF>'}'`);
  };
  const punct = (v: string): boolean => {
    if (peek()?.t === 'p' && peek()!.v === v) {
      p++;
      return true;
    }
    return false;
  };
  const ident = (): string => {
    const t = toks[p];
    if (!t || t.t !== 'id' || KEYWORDS.has(t.v.toUpperCase())) throw new SoqlSyntaxError(`unexpected token: '${t?.raw ?? '<EOF>'}'`);
    p++;
    return t.v;
  };

  expectKw('SELECT');
  const fields: string[] = [];
  const aggregates: SoqlQuery['aggregates'] = [];
  const select: SoqlQuery['select'] = [];
  let count = false;
  if (peek()?.t === 'id' && peek()!.v.toUpperCase() === 'COUNT' && toks[p + 1]?.v === '(' && toks[p + 2]?.v === ')') {
    p += 3;
    count = true;
  } else {
    let implied = 0;
    do {
      if (peek()?.t === 'id' && peek()!.v.toUpperCase() === 'COUNT' && toks[p + 1]?.v === '(') {
        p += 2;
        const field = ident();
        if (!punct(')')) throw new SoqlSyntaxError(`unexpected token: '${peek()?.raw ?? '<EOF>'}'`);
        const next = peek();
        const alias = next?.t === 'id' && !KEYWORDS.has(next.v.toUpperCase()) ? (p++, next.v) : `expr${implied++}`;
        aggregates.push({ fn: 'COUNT', field, alias });
        select.push({ kind: 'aggregate', alias });
      } else {
        const path = ident();
        fields.push(path);
        select.push({ kind: 'field', path });
      }
    } while (punct(','));
  }
  expectKw('FROM');
  const from = ident();

  const value = (): Value => {
    const t = toks[p++];
    if (!t) throw new SoqlSyntaxError("unexpected token: '<EOF>'");
    if (t.t === 'str' || t.t === 'lit') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'id') {
      const u = t.v.toUpperCase();
      if (u === 'TRUE') return true;
      if (u === 'FALSE') return false;
      if (u === 'NULL') return null;
    }
    throw new SoqlSyntaxError(`unexpected token: '${t.raw}'`);
  };
  const primary = (): Cond => {
    if (kw('NOT')) return { kind: 'not', cond: primary() };
    if (punct('(')) {
      const c = orExpr();
      if (!punct(')')) throw new SoqlSyntaxError(`unexpected token: '${peek()?.raw ?? '<EOF>'}'`);
      return c;
    }
    const field = ident();
    if (kw('NOT')) {
      expectKw('IN');
      return { kind: 'in', field, not: true, values: list() };
    }
    if (kw('IN')) return { kind: 'in', field, not: false, values: list() };
    if (kw('LIKE')) {
      const v = value();
      if (typeof v !== 'string') throw new SoqlSyntaxError('LIKE requires a string pattern');
      return { kind: 'like', field, pattern: v };
    }
    const op = toks[p++];
    if (!op || op.t !== 'op') throw new SoqlSyntaxError(`unexpected token: '${op?.raw ?? '<EOF>'}'`);
    return { kind: 'cmp', field, op: op.v as '=', value: value() };
  };
  const list = (): Value[] => {
    if (!punct('(')) throw new SoqlSyntaxError(`unexpected token: '${peek()?.raw ?? '<EOF>'}'`);
    const vs: Value[] = [];
    do vs.push(value());
    while (punct(','));
    if (!punct(')')) throw new SoqlSyntaxError(`unexpected token: '${peek()?.raw ?? '<EOF>'}'`);
    return vs;
  };
  const andExpr = (): Cond => {
    let left = primary();
    while (kw('AND')) left = { kind: 'and', left, right: primary() };
    return left;
  };
  const orExpr = (): Cond => {
    let left = andExpr();
    while (kw('OR')) left = { kind: 'or', left, right: andExpr() };
    return left;
  };

  const q: SoqlQuery = { fields, count, aggregates, select, from, groupBy: [], orderBy: [] };
  if (kw('WHERE')) q.where = orExpr();
  if (kw('GROUP')) {
    expectKw('BY');
    do q.groupBy.push(ident());
    while (punct(','));
  }
  if (aggregates.length || q.groupBy.length) {
    const grouped = new Set(q.groupBy.map((g) => g.toLowerCase()));
    const loose = fields.find((f) => !grouped.has(f.toLowerCase()));
    if (loose !== undefined) throw new SoqlSyntaxError(`Field must be grouped or aggregated: ${loose}`);
  }
  if (kw('ORDER')) {
    expectKw('BY');
    do {
      const field = ident();
      const desc = kw('DESC') ? true : (kw('ASC'), false);
      let nullsLast = desc;
      if (kw('NULLS')) nullsLast = kw('LAST') ? true : (expectKw('FIRST'), false);
      q.orderBy.push({ field, desc, nullsLast });
    } while (punct(','));
  }
  if (kw('LIMIT')) {
    const t = toks[p++];
    if (!t || t.t !== 'num') throw new SoqlSyntaxError(`unexpected token: '${t?.raw ?? '<EOF>'}'`);
    q.limit = Number(t.v);
  }
  if (kw('OFFSET')) {
    const t = toks[p++];
    if (!t || t.t !== 'num') throw new SoqlSyntaxError(`unexpected token: '${t?.raw ?? '<EOF>'}'`);
    q.offset = Number(t.v);
  }
  if (p < toks.length) throw new SoqlSyntaxError(`unexpected token: '${toks[p]!.raw}'`);
  return q;
}

/** Every field path a condition reads. */
export function condFields(c: Cond | undefined): string[] {
  if (!c) return [];
  switch (c.kind) {
    case 'and':
    case 'or':
      return [...condFields(c.left), ...condFields(c.right)];
    case 'not':
      return condFields(c.cond);
    default:
      return [c.field];
  }
}

/** Rewrites a condition's literal values (e.g. 15-character ids to 18). */
export function mapValues(c: Cond | undefined, fn: (field: string, v: Value) => Value): Cond | undefined {
  if (!c) return c;
  switch (c.kind) {
    case 'and':
    case 'or':
      return { ...c, left: mapValues(c.left, fn)!, right: mapValues(c.right, fn)! };
    case 'not':
      return { ...c, cond: mapValues(c.cond, fn)! };
    case 'in':
      return { ...c, values: c.values.map((v) => fn(c.field, v)) };
    case 'cmp':
      return { ...c, value: fn(c.field, c.value) };
    default:
      return c;
  }
}

function norm(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/;

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string' && DATE_RE.test(a) && DATE_RE.test(b) && a.length > 10 && b.length > 10) {
    return Date.parse(a.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) - Date.parse(b.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  }
  const x = String(norm(a));
  const y = String(norm(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      re += `\\${pattern[++i]}`;
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

/**
 * Evaluates a condition for one row. `get(path)` returns the value of a field path (undefined/null = empty).
 */
export function matches(c: Cond | undefined, get: (path: string) => unknown): boolean {
  if (!c) return true;
  switch (c.kind) {
    case 'and':
      return matches(c.left, get) && matches(c.right, get);
    case 'or':
      return matches(c.left, get) || matches(c.right, get);
    case 'not':
      return !matches(c.cond, get);
    case 'in': {
      const v = get(c.field) ?? null;
      const hit = c.values.some((x) => (x === null ? v === null : v !== null && compare(v, x) === 0));
      return c.not ? !hit : hit;
    }
    case 'like': {
      const v = get(c.field);
      return v !== null && v !== undefined && likeToRegExp(c.pattern).test(String(v));
    }
    case 'cmp': {
      const v = get(c.field) ?? null;
      if (c.value === null) return c.op === '=' ? v === null : c.op === '!=' ? v !== null : false;
      if (v === null) return c.op === '!=';
      const d = compare(v, c.value);
      switch (c.op) {
        case '=':
          return d === 0;
        case '!=':
          return d !== 0;
        case '<':
          return d < 0;
        case '<=':
          return d <= 0;
        case '>':
          return d > 0;
        case '>=':
          return d >= 0;
      }
    }
  }
  return false;
}

/**
 * Groups rows for an aggregate query: one group per distinct GROUP BY tuple (string values compared
 * case-insensitively), in first-seen order; a single group of every row when there is no GROUP BY.
 * @returns per group: the grouped fields' values (from the group's first row) and each aggregate's value
 */
export function aggregateRows<T>(rows: T[], q: SoqlQuery, get: (row: T, path: string) => unknown): { values: Record<string, unknown>; aggregates: Record<string, number> }[] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const key = JSON.stringify(q.groupBy.map((g) => norm(get(r, g) ?? null)));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (!q.groupBy.length && !groups.size) groups.set('[]', []);
  return [...groups.values()].map((members) => {
    const values: Record<string, unknown> = {};
    for (const g of q.groupBy) values[g] = members.length ? (get(members[0]!, g) ?? null) : null;
    const aggregates: Record<string, number> = {};
    for (const a of q.aggregates) aggregates[a.alias] = members.filter((m) => (get(m, a.field) ?? null) !== null).length;
    return { values, aggregates };
  });
}

/** Sorts rows by ORDER BY clauses. */
export function sortRows<T>(rows: T[], orderBy: SoqlQuery['orderBy'], get: (row: T, path: string) => unknown): T[] {
  if (orderBy.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const o of orderBy) {
      const x = get(a, o.field) ?? null;
      const y = get(b, o.field) ?? null;
      if (x === null && y === null) continue;
      if (x === null) return o.nullsLast ? 1 : -1;
      if (y === null) return o.nullsLast ? -1 : 1;
      const d = compare(x, y);
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  });
}
