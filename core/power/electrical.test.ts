import { describe, expect, it } from 'vitest';
import { batteryKWh, chainFlow, curveEfficiency, planUnits, rightSizedUnit, transformerCurve, TRANSFORMER_RATINGS_KVA, upsCurve, upsRequiredKVA } from './electrical';

describe('UPS sizing for a 10 MW IT load (hand calculation)', () => {
  // 10,000 kW of UPS output at power factor 0.95 needs 10,000 / 0.95 = 10,526.3 kVA.
  // With 1,000 kVA modules: N = ceil(10.5263) = 11 modules = 11,000 kVA;
  // N+1 = 12 modules = 12,000 kVA; 2N = two systems of 11 = 22 modules = 22,000 kVA.
  const required = 10_000 / 0.95;
  it('the load in kVA', () => {
    expect(upsRequiredKVA(10_000_000, 0, 1, 0.95)).toBeCloseTo(10_526.315789, 5);
  });
  it('N: 11 x 1,000 kVA', () => {
    const p = planUnits(required, 1000, 'N');
    expect([p.needed, p.systems, p.units, p.installedKVA]).toEqual([11, 1, 11, 11_000]);
  });
  it('N+1: 12 x 1,000 kVA', () => {
    const p = planUnits(required, 1000, 'N+1');
    expect([p.units, p.installedKVA]).toEqual([12, 12_000]);
  });
  it('2N: 2 x 11 x 1,000 kVA', () => {
    const p = planUnits(required, 1000, '2N');
    expect([p.systems, p.units, p.installedKVA]).toEqual([2, 22, 22_000]);
  });
  it('batteries: 5 minutes of 10 MW is 833.3 kWh per system; 2N has two', () => {
    expect(batteryKWh(10_000, 5, 1)).toBeCloseTo(833.333, 3);
    expect(batteryKWh(10_000, 5, 2)).toBeCloseTo(1666.667, 3);
  });
});

describe('efficiency curves', () => {
  const ups = upsCurve(0.97, 0.3, 0.3);
  it('the UPS curve passes through its full-load efficiency', () => {
    expect(curveEfficiency(ups, 1)).toBeCloseTo(0.97, 9);
  });
  it('part load is less efficient: ~96.6% at 50%, ~95% at 25%, ~90% at 10% (hand calc)', () => {
    // Full-load loss 1/0.97 - 1 = 0.0309278: p0 = p2 = 0.3 x that = 0.0092784, p1 = 0.0123711.
    // x = 0.5: 0.5 / (0.5 + 0.0092784 + 0.0061856 + 0.0023196) = 0.965651
    expect(curveEfficiency(ups, 0.5)).toBeCloseTo(0.965651, 5);
    // x = 0.25: 0.25 / (0.25 + 0.0092784 + 0.0030928 + 0.0005799) = 0.950745
    expect(curveEfficiency(ups, 0.25)).toBeCloseTo(0.950745, 5);
    // x = 0.1: 0.1 / (0.1 + 0.0092784 + 0.0012371 + 0.0000928) = 0.904088
    expect(curveEfficiency(ups, 0.1)).toBeCloseTo(0.904088, 5);
  });
  it('an idle 2N UPS at ~30% load loses more than a loaded N one for the same IT load', () => {
    const tx = transformerCurve(0.002, 0.01);
    const mk = (red: 'N' | '2N') => {
      const need = upsRequiredKVA(1_000_000, 0, 1, 1);
      return chainFlow(
        { itW: 650_000, upsExtraW: 0, otherW: 0 },
        { powerFactor: 1, distributionEfficiency: 1, ups, transformer: tx, upsPlan: planUnits(need, 1000, red), transformerPlan: planUnits(2000, 2500, 'N') },
      );
    };
    const n = mk('N');
    const twoN = mk('2N');
    expect(n.ups.loadFraction).toBeCloseTo(0.65, 9);
    expect(twoN.ups.loadFraction).toBeCloseTo(0.325, 9);
    expect(twoN.ups.efficiency).toBeLessThan(n.ups.efficiency);
    expect(twoN.ups.lossW).toBeGreaterThan(n.ups.lossW);
  });
});

describe('chain flow (hand calculation)', () => {
  it('distribution, UPS and transformer losses add up to the utility input', () => {
    const ups = { noLoad: 0.01, proportional: 0.01, square: 0.01 };
    const tx = { noLoad: 0.002, proportional: 0, square: 0.01 };
    const f = chainFlow(
      { itW: 990_000, upsExtraW: 0, otherW: 200_000 },
      { powerFactor: 1, distributionEfficiency: 0.99, ups, transformer: tx, upsPlan: planUnits(1000, 1000, 'N+1'), transformerPlan: planUnits(1000, 2500, 'N') },
    );
    // Distribution: 990 / 0.99 = 1,000 kW in, 10 kW lost.
    expect(f.distribution.lossW).toBeCloseTo(10_000, 6);
    // UPS: 2 units of 1,000 kW at x = 0.5: 2 x 1,000 x (0.01 + 0.005 + 0.0025) = 35 kW.
    expect(f.ups.lossW).toBeCloseTo(35_000, 6);
    // Transformer: 1,035 + 200 = 1,235 kW out of one 2,500 kVA unit at x = 0.494:
    // 2,500 x (0.002 + 0.01 x 0.494²) = 5 + 6.1009 = 11.1009 kW.
    expect(f.transformer.lossW).toBeCloseTo(11_100.9, 1);
    expect(f.inputW).toBeCloseTo(990_000 + 10_000 + 35_000 + 200_000 + 11_100.9, 1);
    expect(f.lossW).toBeCloseTo(10_000 + 35_000 + 11_100.9, 1);
  });
});

describe('unit sizes', () => {
  it('a load below one standard unit gets the smallest standard rating that carries it', () => {
    expect(rightSizedUnit(300, 2500, TRANSFORMER_RATINGS_KVA)).toBe(315);
    expect(rightSizedUnit(5000, 2500, TRANSFORMER_RATINGS_KVA)).toBe(2500);
    // Below the smallest rating (100 kVA): a share of a shared unit of exactly the load.
    expect(rightSizedUnit(14.2, 2500, TRANSFORMER_RATINGS_KVA)).toBe(14.2);
  });
  it('a fixed module count replaces N (the caller checks it carries the load)', () => {
    const p = planUnits(10_526, 1000, 'N+1', 8);
    expect([p.needed, p.units, p.installedKVA]).toEqual([11, 8, 8000]);
  });
});
