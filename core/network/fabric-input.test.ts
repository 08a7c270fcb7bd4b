import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { DEFAULT_NETWORK_ASSUMPTIONS } from './fabric-assumptions';
import { resolveNetworkAssumptions, validateFabricInput } from './fabric-input';
import { bisectionTBps, switchTotals } from './fabric-generate';
import { jobScopes } from './fabric-jobs';
import type { FabricInput, SwitchLike } from './fabric-types';

const SW: SwitchLike = { id: 'sw', ports: 64, portGbps: 400, maxPowerW: 1700, typicalPowerW: 1000, priceUsd: 25_000 };
const base: FabricInput = { accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: SW };

function pathOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.path;
    throw e;
  }
  return '(no error)';
}

describe('fabric input', () => {
  it('applies defaults: one plane, rail-optimised, non-blocking, one switch for every tier', () => {
    const v = validateFabricInput(base);
    expect(v).toMatchObject({ planes: 1, rail: true, rL: 1, rS: 1, tiers: undefined, leafSw: SW, spineSw: SW, coreSw: SW });
    expect(v.a).toEqual(DEFAULT_NETWORK_ASSUMPTIONS);
  });

  it('names the first bad field', () => {
    expect(pathOf(() => validateFabricInput({ ...base, accelerators: 0 }))).toBe('accelerators');
    expect(pathOf(() => validateFabricInput({ ...base, accelerators: 12 }))).toBe('accelerators');
    expect(pathOf(() => validateFabricInput({ ...base, switches: { spine: { ...SW, ports: 1 } } }))).toBe('switches.spine.ports');
    expect(pathOf(() => validateFabricInput({ ...base, oversubscription: { leaf: 0.5 } }))).toBe('oversubscription.leaf');
  });

  it('checks assumption overrides by name', () => {
    expect(resolveNetworkAssumptions({ nodesPerRack: 8 }).nodesPerRack).toBe(8);
    expect(pathOf(() => resolveNetworkAssumptions({ nope: 1 } as never))).toBe('assumptions.nope');
    expect(pathOf(() => resolveNetworkAssumptions({ maxBreakout: 1.5 }))).toBe('assumptions.maxBreakout');
  });
});

describe('fabric totals', () => {
  it('bisection: the cheapest cut above the top tier', () => {
    // 2 tiers, 512 node links and 512 leaf-spine links of 400G: 512 x 400 / 2 = 102,400 Gb/s = 12.8 TB/s.
    expect(bisectionTBps(2, { nodeLeaf: 512, leafSpine: 512, spineCore: 0 }, 400, 1)).toBeCloseTo(12.8, 12);
    // 3:1 leaves: only 128 uplinks cross the cut -> 6.4 TB/s with two planes.
    expect(bisectionTBps(2, { nodeLeaf: 512, leafSpine: 128, spineCore: 0 }, 400, 2)).toBeCloseTo(6.4, 12);
  });

  it('switch power and price per tier model, over planes', () => {
    const big = { ...SW, typicalPowerW: 2000, maxPowerW: 3000, priceUsd: 40_000 };
    expect(switchTotals({ leaf: 16, spine: 8, core: 0 }, { leafSw: SW, spineSw: big, coreSw: SW, planes: 2 })).toEqual({
      switchesTypicalW: (16 * 1000 + 8 * 2000) * 2,
      switchesMaxW: (16 * 1700 + 8 * 3000) * 2,
      switchesUsd: (16 * 25_000 + 8 * 40_000) * 2,
    });
  });

  it('job scopes: node, leaf, pod and fabric with compounding oversubscription', () => {
    expect(jobScopes(3, 512, 32, 128, 2, 1.5)).toEqual([
      { scope: 'node', maxNodes: 1, oversubscription: 1, switchHops: 0 },
      { scope: 'leaf', maxNodes: 32, oversubscription: 1, switchHops: 1 },
      { scope: 'pod', maxNodes: 128, oversubscription: 2, switchHops: 3 },
      { scope: 'fabric', maxNodes: 512, oversubscription: 3, switchHops: 5 },
    ]);
    expect(jobScopes(1, 8, 8, 8, 1, 1).map((s) => s.scope)).toEqual(['node', 'fabric']);
  });
});
