import type { FlowDef, StageDef } from './types';
import { FlowError } from './errors';

/** A validated flow with integer indexes, as the engine uses it. Stages are in topological order. */
export interface CompiledFlow {
  name: string;
  /** Stages in topological order (index = stage index everywhere below). */
  stages: StageDef[];
  /** Stage names in topological order. */
  names: string[];
  /** Stage name → index in `stages`. */
  index: Map<string, number>;
  /** needs[i] = indexes of the stages that stage i needs (in declaration order). */
  needs: number[][];
  /** dependants[i] = indexes of the stages that need stage i. */
  dependants: number[][];
}

/**
 * Validates a flow and returns its stage names in a topological order (needs before dependants; among stages
 * that are ready at the same time, declaration order is kept, so the order is deterministic).
 * @throws FlowError for an empty flow, an unnamed or duplicate stage name, a stage needing an unknown stage or
 *   listing a need twice, or a cycle; the cycle message names the path, e.g. `cycle: a -> b -> c -> a`.
 */
export function validateFlow(flow: FlowDef): string[] {
  return compileFlow(flow).names;
}

/**
 * Validates a flow (as `validateFlow`) and builds the index arrays the engine schedules with. O(stages + edges).
 * @throws FlowError as `validateFlow`.
 */
export function compileFlow(flow: FlowDef): CompiledFlow {
  const label = `flow "${flow?.name ?? '?'}"`;
  if (!flow || !Array.isArray(flow.stages) || flow.stages.length === 0) throw new FlowError(`${label} has no stages`);
  const declared = new Map<string, number>();
  flow.stages.forEach((s, i) => {
    if (!s || typeof s.name !== 'string' || s.name === '') throw new FlowError(`${label}: stage #${i + 1} has no name`);
    if (declared.has(s.name)) throw new FlowError(`${label}: duplicate stage name "${s.name}"`);
    declared.set(s.name, i);
  });
  for (const s of flow.stages) {
    const seen = new Set<string>();
    for (const need of s.needs ?? []) {
      if (!declared.has(need)) throw new FlowError(`${label}: stage "${s.name}" needs unknown stage "${need}"`);
      if (seen.has(need)) throw new FlowError(`${label}: stage "${s.name}" lists need "${need}" twice`);
      seen.add(need);
    }
  }
  const cycle = findCycle(flow.stages, declared);
  if (cycle) throw new FlowError(`${label}: cycle: ${cycle.join(' -> ')}`);

  // Kahn's algorithm; the ready list is kept sorted by declaration index for a deterministic order.
  const n = flow.stages.length;
  const indegree = flow.stages.map((s) => (s.needs ?? []).length);
  const declDependants: number[][] = flow.stages.map(() => []);
  flow.stages.forEach((s, i) => (s.needs ?? []).forEach((need) => declDependants[declared.get(need)!].push(i)));
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) ready.push(i);
  const orderDecl: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    orderDecl.push(i);
    for (const d of declDependants[i]) if (--indegree[d] === 0) ready.push(d);
  }
  const stages = orderDecl.map((i) => flow.stages[i]);
  const names = stages.map((s) => s.name);
  const index = new Map(names.map((name, i) => [name, i] as const));
  const needs = stages.map((s) => (s.needs ?? []).map((need) => index.get(need)!));
  const dependants: number[][] = stages.map(() => []);
  needs.forEach((ns, i) => ns.forEach((ni) => dependants[ni].push(i)));
  return { name: flow.name, stages, names, index, needs, dependants };
}

/** Depth-first search for a cycle; returns its path with the first node repeated at the end, or null. */
function findCycle(stages: StageDef[], declared: Map<string, number>): string[] | null {
  const WHITE = 0, GREY = 1, BLACK = 2;
  const color = new Uint8Array(stages.length);
  const path: number[] = [];
  const visit = (i: number): string[] | null => {
    color[i] = GREY;
    path.push(i);
    for (const need of stages[i].needs ?? []) {
      const j = declared.get(need)!;
      if (color[j] === GREY) {
        // path from j to i, then back to j; edges are "i needs j", so print it in execution direction.
        const cyc = path.slice(path.indexOf(j)).map((k) => stages[k].name);
        return [...cyc, stages[j].name].reverse();
      }
      if (color[j] === WHITE) {
        const found = visit(j);
        if (found) return found;
      }
    }
    path.pop();
    color[i] = BLACK;
    return null;
  };
  for (let i = 0; i < stages.length; i++) {
    if (color[i] === WHITE) {
      const found = visit(i);
      if (found) return found;
    }
  }
  return null;
}
