import { describe, expect, it } from 'vitest';
import type { Slot } from './context';
import { bindingOf } from './explain';

const slot = { acc: { id: 'h100-sxm5-80gb' }, count: 4096, cooling: 'air' } as Slot;

describe('binding-constraint messages', () => {
  it('say how far the best configuration is over the limit', () => {
    const b = bindingOf('budget.capexUsd', 'constraints.budget.capexUsd', 600e6, 750e6, 'USD', false, slot);
    expect(b.overByFraction).toBeCloseTo(0.25, 12); // (750 - 600) / 600
    expect(b.message).toBe(
      'CAPEX budget: the cheapest allowed configuration that meets the other constraints costs $750 M (h100-sxm5-80gb x 4096, air), 25% over the $600 M budget',
    );
  });
  it('name the limit alone when no configuration meets the others', () => {
    const b = bindingOf('deadlineDays', 'constraints.deadlineDays', 30, 41.5, 'days', true, slot);
    expect(b.alone).toBe(true);
    expect(b.message).toBe(
      'deadline: the fastest allowed configuration needs 42 days (h100-sxm5-80gb x 4096, air), 38% over the 30-day deadline',
    );
    const p = bindingOf('maxFacilityPowerKW', 'constraints.maxFacilityPowerKW', 20_000, 23_456.7, 'kW', true, slot);
    expect(p.message).toBe(
      'facility power: the lowest-power allowed configuration draws 23,457 kW (h100-sxm5-80gb x 4096, air), 17% over the 20,000 kW limit',
    );
  });
});
