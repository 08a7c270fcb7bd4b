import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { expandDesignFabric } from './expand';
import { InputError } from './errors';
import { templateById } from './model/templates';

const superpod = () => templateById('h100-superpod-1k')!.build();

describe('expanding a multi-plane fabric keeps its planes', () => {
  it('two planes: a leaf and a spine entity per plane, each server cabled to both, the same switches and cables', () => {
    const base = superpod();
    const d = { ...base, fabrics: base.fabrics.map((f) => ({ ...f, planes: 2 })) };
    const before = evaluate(d);
    const f = before.fabrics[0]!;
    // DGX H100: 8 x 400G ports, 4 per plane; per plane 16 leaves and 8 spines (hand count in stage-fabrics.test.ts).
    expect(f.switches).toMatchObject({ leaf: 32, spine: 16 });
    const x = expandDesignFabric(d, d.fabrics[0]!.id);
    const sw = x.design.switches.filter((s) => s.id.startsWith(`${d.fabrics[0]!.id}-p`));
    expect(sw.map((s) => [s.id.replace(d.fabrics[0]!.id, ''), s.role, s.quantity * f.instances])).toEqual([
      ['-p1-leaf', 'leaf', 16],
      ['-p1-spine', 'spine', 8],
      ['-p2-leaf', 'leaf', 16],
      ['-p2-spine', 'spine', 8],
    ]);
    // Every server entity has one line to each plane's leaves, with half its links.
    const serverIds = new Set(d.servers.filter((s) => s.partId === 'dgx-h100').map((s) => s.id));
    for (const id of serverIds) {
      const lines = x.design.cables.filter((c) => c.from.entityId === id);
      expect(lines.map((c) => c.to.entityId).sort()).toEqual([`${d.fabrics[0]!.id}-p1-leaf`, `${d.fabrics[0]!.id}-p2-leaf`]);
      expect(lines[0]!.quantity).toBe(lines[1]!.quantity);
    }
    const after = evaluate(x.design);
    expect(after.switches).toBe(before.switches);
    expect(after.inventory.cables).toBe(before.inventory.cables);
  });

  it('a fabric with a front-end network is not expanded silently without it', () => {
    const base = superpod();
    const d = { ...base, fabrics: base.fabrics.map((f) => ({ ...f, frontEnd: {} })) };
    try {
      expandDesignFabric(d, d.fabrics[0]!.id);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).path).toBe('fabrics[0].frontEnd');
    }
  });
});
