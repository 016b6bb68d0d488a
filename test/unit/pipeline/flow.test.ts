import { describe, expect, it } from 'vitest';
import { FlowError, PipelineEngine, MemoryCheckpoint, validateFlow } from '../../../electron/core/pipeline/index';
import { st } from './helpers';

describe('validateFlow', () => {
  it('returns a topological order (needs first, declaration order among peers)', () => {
    const order = validateFlow({
      name: 'f',
      stages: [st('merge', ['web', 'dns', 'social']), st('social', ['norm']), st('dns', ['norm']), st('web', ['norm']), st('norm'), st('score', ['merge'])],
    });
    expect(order).toEqual(['norm', 'social', 'dns', 'web', 'merge', 'score']);
  });

  it('rejects an unknown need, naming both stages', () => {
    expect(() => validateFlow({ name: 'f', stages: [st('a'), st('b', ['nope'])] })).toThrow(FlowError);
    expect(() => validateFlow({ name: 'f', stages: [st('a'), st('b', ['nope'])] })).toThrow(/stage "b" needs unknown stage "nope"/);
  });

  it('rejects duplicate stage names and duplicate needs', () => {
    expect(() => validateFlow({ name: 'f', stages: [st('a'), st('a')] })).toThrow(/duplicate stage name "a"/);
    expect(() => validateFlow({ name: 'f', stages: [st('a'), st('b', ['a', 'a'])] })).toThrow(/lists need "a" twice/);
  });

  it('rejects a cycle and names its path', () => {
    const flow = { name: 'f', stages: [st('a', ['c']), st('b', ['a']), st('c', ['b']), st('d', ['c'])] };
    expect(() => validateFlow(flow)).toThrow(FlowError);
    expect(() => validateFlow(flow)).toThrow('cycle: a -> b -> c -> a');
    expect(() => validateFlow({ name: 'f', stages: [st('x', ['x'])] })).toThrow('cycle: x -> x');
  });

  it('rejects an empty flow', () => {
    expect(() => validateFlow({ name: 'f', stages: [] })).toThrow(/no stages/);
  });

  it('the engine constructor validates too', () => {
    expect(() => new PipelineEngine({ flow: { name: 'f', stages: [st('a', ['a'])] }, checkpoint: new MemoryCheckpoint(), concurrency: 1 })).toThrow(FlowError);
  });
});
