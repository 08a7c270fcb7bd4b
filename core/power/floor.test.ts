import { describe, expect, it } from 'vitest';
import { floorLayout } from './floor';

const base = { racksPerRow: 20, rackWidthM: 0.6, rackDepthM: 1.2, coldAisleM: 1.2, hotAisleM: 1.2, endAisleM: 1.2, itPowerW: 0, limitKgPerM2: 1500 };

describe('white space (hand calculation)', () => {
  it('64 racks in rows of 20: 4 rows, 2 pairs of 2 x 1.2 + 1.2 + 1.2 = 4.8 m by 20 x 0.6 + 2.4 = 14.4 m', () => {
    const r = floorLayout({ ...base, racks: 64, maxRackWeightKg: 1000, totalWeightKg: 64_000, itPowerW: 2_560_000 });
    expect(r.rows).toBe(4);
    expect(r.rowLengthM).toBeCloseTo(14.4, 9);
    expect(r.whiteSpaceM2).toBeCloseTo(2 * 4.8 * 14.4, 9); // 138.24 m2
    expect(r.footprintM2).toBeCloseTo(64 * 0.72, 9);
    // 2,560 kW over 138.24 m2 = 18.52 kW/m2
    expect(r.kWPerM2).toBeCloseTo(2560 / 138.24, 9);
    expect(r.averageLoadingKgPerM2).toBeCloseTo(64_000 / 138.24, 9);
  });
  it('an odd last row takes half a pair; a short hall is as long as its racks', () => {
    const r = floorLayout({ ...base, racks: 5, maxRackWeightKg: 800, totalWeightKg: 4000 });
    expect(r.rows).toBe(1);
    expect(r.rowLengthM).toBeCloseTo(5 * 0.6 + 2.4, 9);
    expect(r.whiteSpaceM2).toBeCloseTo(0.5 * 4.8 * 5.4, 9);
  });
});

describe('floor loading', () => {
  it('a 1,360 kg NVL72 on 0.6 x 1.2 m is 1,889 kg/m2: over a 1,500 kg/m2 raised floor, within a 2,000 kg/m2 slab', () => {
    const r = floorLayout({ ...base, racks: 8, maxRackWeightKg: 1360, totalWeightKg: 8 * 1360 });
    expect(r.rackLoadingKgPerM2).toBeCloseTo(1360 / 0.72, 6);
    expect(r.overLimit).toBe(true);
    expect(floorLayout({ ...base, racks: 8, maxRackWeightKg: 1360, totalWeightKg: 8 * 1360, limitKgPerM2: 2000 }).overLimit).toBe(false);
  });
  it('no racks: nothing over the limit, no area', () => {
    const r = floorLayout({ ...base, racks: 0, maxRackWeightKg: 0, totalWeightKg: 0 });
    expect([r.rows, r.whiteSpaceM2, r.overLimit, r.kWPerM2]).toEqual([0, 0, false, 0]);
  });
});
