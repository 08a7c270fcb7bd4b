import { describe, expect, it } from 'vitest';
import type { Slot } from './context';
import type { Economics } from './economics';
import {
  addToFront,
  dominatedByFront,
  energyOf,
  insertSorted,
  lbObjective,
  objectiveValue,
  tcoOf,
  violations,
} from './screen';

const econ: Economics = {
  nodes: 128,
  switchId: 'sw',
  inNetworkReduction: false,
  fabricTiers: 2,
  switches: 40,
  links: 2048,
  itPowerKW: 1400,
  fabricPowerKW: 60,
  itCapacityKW: 1800,
  facilityPowerKW: 2000,
  pue: 1.43,
  capexUsd: 400e6,
  opexUsdPerYear: 36.525e6,
  gridKgCO2PerKWh: 0.5,
};

describe('TCO and energy over a run', () => {
  it('adds OPEX pro rata over 365.25-day years and counts facility power over the days', () => {
    // 100 days of 36.525 M$/year = 10 M$; 2,000 kW x 100 days x 24 h = 4,800 MWh
    expect(tcoOf(econ, 100)).toBeCloseTo(410e6, 0);
    expect(energyOf(econ, 100)).toBeCloseTo(4800, 9);
  });
  it('takes a slot\u2019s objective at its lower bound on time', () => {
    const slot = { tLB: 100, econ } as Slot;
    expect(lbObjective('time', slot)).toBe(100);
    expect(lbObjective('capex', slot)).toBe(400e6);
    expect(lbObjective('tco', slot)).toBeCloseTo(410e6, 0);
    expect(lbObjective('energy', slot)).toBeCloseTo(4800, 9);
    expect(objectiveValue('energy', { wallClockDays: 1, capexUsd: 2, tcoUsd: 3, energyMWh: 4 })).toBe(4);
  });
});

describe('violations', () => {
  const m = { wallClockDays: 95, facilityPowerKW: 20_500, capexUsd: 590e6, tcoUsd: 700e6 };
  it('lists every limit broken, time exactly and power and cost with the slack', () => {
    const limits = { deadline: 90, maxPower: 20_000, maxCapex: 600e6, maxTco: 650e6 };
    expect(violations(limits, m)).toEqual(['deadlineDays', 'maxFacilityPowerKW', 'budget.tcoUsd']);
    // 5% slack: power up to 21,000 kW and TCO up to 682.5 M$ pass, the deadline does not
    expect(violations(limits, m, 0.05)).toEqual(['deadlineDays', 'budget.tcoUsd']);
    expect(violations(limits, m, 0.1)).toEqual(['deadlineDays']);
  });
  it('has nothing to break without limits', () => {
    expect(violations({}, m)).toEqual([]);
  });
});

describe('objective ranks and the lower-bound front', () => {
  it('keeps the objective values sorted as they are found', () => {
    const arr: number[] = [];
    for (const v of [5, 1, 3, 3, 9, 0]) insertSorted(arr, v);
    expect(arr).toEqual([0, 1, 3, 3, 5, 9]);
  });
  it('adds a vector unless dominated and drops the vectors it dominates', () => {
    let front: number[][] = [];
    front = addToFront(front, [10, 10, 10]);
    front = addToFront(front, [5, 20, 10]); // trades time for cost: both stay
    expect(front).toHaveLength(2);
    front = addToFront(front, [11, 11, 11]); // dominated by [10, 10, 10]
    expect(front).toHaveLength(2);
    front = addToFront(front, [4, 9, 9]); // dominates both
    expect(front).toEqual([[4, 9, 9]]);
    expect(dominatedByFront(front, [4, 9, 9])).toBe(false); // equal is not dominated
    expect(dominatedByFront(front, [4, 9, 10])).toBe(true);
  });
});
