import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../core/model/parse';
import { SCHEMA_VERSION } from '../../core/model/design';
import { diffDesigns, formatDiffValue } from './designDiff';

const base = () =>
  parseDesign({
    schemaVersion: SCHEMA_VERSION,
    id: 'd',
    name: 'Pod A',
    racks: [
      { id: 'r1', name: 'Rack 1', position: { x: 0, y: 0 }, heightU: 42, powerBudgetW: 40_000, cooling: 'air' },
      { id: 'r2', name: 'Rack 2', position: { x: 300, y: 0 }, heightU: 42, powerBudgetW: 40_000, cooling: 'air' },
    ],
  });

describe('diffDesigns', () => {
  it('finds nothing between equal versions', () => {
    expect(diffDesigns(base(), base())).toEqual([]);
  });

  it('lists a changed field, a move as one change, an added and a removed entity, a renamed design', () => {
    const a = base();
    const b = base();
    b.name = 'Pod B';
    b.racks[0]!.powerBudgetW = 60_000;
    b.racks[0]!.position = { x: 16, y: 32 };
    b.racks = [b.racks[0]!, { ...b.racks[1]!, id: 'r3', name: 'Rack 3' }];
    const changes = diffDesigns(a, b);
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'changed name',
      'changed racks[r1].position',
      'changed racks[r1].powerBudgetW',
      'removed racks[r2]',
      'added racks[r3]',
    ]);
    const budget = changes.find((c) => c.path === 'racks[r1].powerBudgetW');
    expect(budget).toMatchObject({ entity: 'Rack 1', field: 'powerBudgetW', before: 40_000, after: 60_000 });
    const move = changes.find((c) => c.field === 'position');
    expect(formatDiffValue(move?.before, 'en')).toBe('0, 0');
    expect(formatDiffValue(move?.after, 'en')).toBe('16, 32');
  });

  it('matches entities by id, not by position in the list', () => {
    const a = base();
    const b = base();
    b.racks.reverse();
    expect(diffDesigns(a, b)).toEqual([]);
  });

  it('reports nested workload fields by path, with a field that appears', () => {
    const a = base();
    const b = base();
    b.workload = {
      model: { layers: 32, hidden: 4096, heads: 32, vocab: 32000, seqLength: 4096 },
      training: { tokens: 1e12, globalBatch: 512, precision: 'bf16', zeroStage: 1, parallelism: {} },
      reliability: { strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 },
    };
    const c = base();
    c.workload = structuredClone(b.workload);
    c.workload.training.tokens = 2e12;
    expect(diffDesigns(b, c).map((x) => [x.path, x.before, x.after])).toEqual([
      ['workload.training.tokens', 1e12, 2e12],
    ]);
    const appeared = diffDesigns(a, b);
    expect(appeared.find((x) => x.path === 'workload.model.layers')).toMatchObject({ before: undefined, after: 32 });
    expect(formatDiffValue(undefined, 'en')).toBe('—');
    expect(formatDiffValue(2e12, 'zh-CN')).toBe('2,000,000,000,000');
  });
});
