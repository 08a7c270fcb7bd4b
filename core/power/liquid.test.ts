import { describe, expect, it } from 'vitest';
import { customMonths } from './climate';
import { cduPlan, freeCoolingLimit, freeShare, towerMakeUpLPerKWh, waterFlowM3PerH } from './liquid';

describe('CDUs for 8 GB200 NVL72 racks (hand calculation)', () => {
  // Catalog: NVL72 nameplate 132 kW; 80% of a cold-plate rack's heat goes to liquid
  // (cooling.liquidCaptureFraction): 8 x 132 x 0.8 = 844.8 kW of liquid heat.
  const heatW = 8 * 132_000 * 0.8;
  it('1,350 kW row CDUs: N = ceil(844.8 / 1,350) = 1; N+1 = 2; 2N = 2', () => {
    expect(cduPlan(heatW, 1350, 'N').units).toBe(1);
    expect(cduPlan(heatW, 1350, 'N+1').units).toBe(2);
    expect(cduPlan(heatW, 1350, '2N').units).toBe(2);
  });
  it('150 kW in-rack class CDUs: N = ceil(5.632) = 6; N+1 = 7; 2N = 12', () => {
    expect(cduPlan(heatW, 150, 'N').units).toBe(6);
    expect(cduPlan(heatW, 150, 'N+1').units).toBe(7);
    expect(cduPlan(heatW, 150, '2N').units).toBe(12);
  });
  it('at 145 kW per rack all to liquid (1.16 MW) it is still 1 + 1 of 1,350 kW (research notes worked example)', () => {
    expect(cduPlan(8 * 145_000, 1350, 'N+1').units).toBe(2);
  });
});

describe('facility water flow Q = P / (rho c dT)', () => {
  it('1 MW at 10 K with water at 35 C: 1e6 / (994 x 4178 x 10) x 3600 = 86.68 m3/h', () => {
    expect(waterFlowM3PerH(1e6, 10, 994, 4178)).toBeCloseTo(86.684, 2);
  });
  it('which is ~1.44 L/min per kW, in line with the 1.5-2 L/min per kW quoted for CDUs at 7-10 K', () => {
    const lPerMinPerKW = (waterFlowM3PerH(1e6, 10, 994, 4178) * 1000) / 60 / 1000;
    expect(lPerMinPerKW).toBeGreaterThan(1.4);
    expect(lPerMinPerKW).toBeLessThan(2);
  });
  it('no heat or no temperature rise: no flow', () => {
    expect(waterFlowM3PerH(0, 10, 994, 4178)).toBe(0);
    expect(waterFlowM3PerH(1e6, 0, 994, 4178)).toBe(0);
  });
});

describe('heat rejection', () => {
  const p = { towerApproachK: 4, dryCoolerApproachK: 6, hxApproachK: 2, dryBulbSpreadK: 4.5, wetBulbSpreadK: 3 };
  it('free-cooling limits: dry cooler on dry-bulb, tower on wet-bulb, chiller never', () => {
    expect(freeCoolingLimit('dry-cooler', 32, p)).toEqual({ basis: 'dry-bulb', ambientC: 26 });
    expect(freeCoolingLimit('cooling-tower', 18, p)).toEqual({ basis: 'wet-bulb', ambientC: 12 });
    expect(freeCoolingLimit('chiller', 32, p)).toEqual({ basis: null, ambientC: null });
  });
  it('a month whose mean sits on the limit is free half its hours', () => {
    const c = customMonths({ name: 'x', dryBulbC: Array(12).fill(26), wetBulbC: Array(12).fill(12) });
    expect(freeShare('dry-cooler', 32, c.months[0]!, p)).toBeCloseTo(0.5, 6);
    expect(freeShare('cooling-tower', 18, c.months[0]!, p)).toBeCloseTo(0.5, 6);
    expect(freeShare('chiller', 32, c.months[0]!, p)).toBe(0);
  });
  it('tower make-up: 1.48 L/kWh x 0.9 evaporative x 4 / 3 cycles = 1.776 L/kWh (the ~1.8 L/kWh industry WUE)', () => {
    expect(towerMakeUpLPerKWh(1.48, 0.9, 4)).toBeCloseTo(1.776, 6);
  });
});
