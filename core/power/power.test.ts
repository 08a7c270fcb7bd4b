import { describe, expect, it } from 'vitest';
import { AssumptionValues, COOLING_PATHS, POWER_ASSUMPTIONS, computeCost, facilityPower, serverPowerInRack, zeroByPath, type CoolingPath } from './index';

const a = new AssumptionValues();
const load = (path: CoolingPath, w: number) => ({ ...zeroByPath(), [path]: w });

describe('PUE by cooling type (REFERENCE.md "Efficiency and energy")', () => {
  it('temperate air PUE equals the hand calculation and lies in the new-build range 1.2-1.4', () => {
    // Hand calculation for 1 MW of air-cooled IT with the default assumptions (N+1 UPS and transformers).
    const it = 1e6;
    const cooling = it * (0.05 + 0.5 / 4.5 + 0.5 * 0.03); // fan + half the hours on chillers + economiser
    const misc = 0.01 * it;
    const distOut = it / 0.99; // busway and PDUs 99 %
    // UPS: 1,010,101 W / 0.95 PF = 1,063.3 kVA -> N = 2 x 1,000 kVA, N+1 = 3 modules of 950 kW.
    const fullLoss = 1 / 0.97 - 1;
    const [p0, p1, p2] = [0.3 * fullLoss, 0.4 * fullLoss, 0.3 * fullLoss];
    const x = distOut / 3 / 950_000;
    const upsLoss = 3 * 950_000 * (p0 + p1 * x + p2 * x * x);
    // Transformers sized on the design day (no free cooling): LV load 1,334.6 kW = 1,404.8 kVA,
    // below one 2,500 kVA unit -> the 1,600 kVA IEC rating, N+1 = 2 units of 1,520 kW.
    const txOut = distOut + upsLoss + cooling + misc;
    const xt = txOut / 2 / 1_520_000;
    const txLoss = 2 * 1_520_000 * (0.002 + 0.01 * xt * xt);
    const expected = (txOut + txLoss) / it;
    const r = facilityPower(load('air', it), 'temperate', a);
    expect(r.powerChainLossW).toBeCloseTo(distOut - it + upsLoss + txLoss, 3);
    expect(r.pue).toBeCloseTo(expected, 9);
    expect(r.pue!).toBeGreaterThanOrEqual(1.2);
    expect(r.pue!).toBeLessThanOrEqual(1.4);
  });

  it('air > rear-door > cold-plate > immersion in every climate', () => {
    for (const climate of ['cold', 'temperate', 'hot', 'hot-humid'] as const) {
      const p = COOLING_PATHS.map((path) => facilityPower(load(path, 500_000), climate, a).pue!);
      expect(p[0], climate).toBeGreaterThan(p[1]!);
      expect(p[1], climate).toBeGreaterThan(p[2]!);
      expect(p[2], climate).toBeGreaterThan(p[3]!);
    }
  });

  it('air PUE stays in 1.2-1.4 in temperate to hot-humid climates; hotter climate costs more', () => {
    const pues = (['temperate', 'hot', 'hot-humid'] as const).map((c) => facilityPower(load('air', 1e6), c, a).pue!);
    for (const p of pues) {
      expect(p).toBeGreaterThanOrEqual(1.2);
      expect(p).toBeLessThanOrEqual(1.4);
    }
    expect(pues[0]!).toBeLessThan(pues[1]!);
    expect(pues[1]!).toBeLessThan(pues[2]!);
  });

  it('cold-plate liquid loop partial PUE is in the published DLC range 1.02-1.03 (temperate)', () => {
    const r = facilityPower(load('cold-plate', 1e6), 'temperate', a);
    // Hand: pump 0.01 + (1 - 0.95)/7 + 0.95 * 0.01 = 0.0266
    expect(r.partialPueLiquid).toBeCloseTo(1 + 0.01 + 0.05 / 7 + 0.95 * 0.01, 6);
    expect(r.partialPueLiquid!).toBeGreaterThanOrEqual(1.02);
    expect(r.partialPueLiquid!).toBeLessThanOrEqual(1.03);
    expect(r.heatToLiquidW).toBeCloseTo(0.8e6, 3);
    // Below China's 1.25 hub target; above a pure-liquid floor.
    expect(r.pue!).toBeLessThan(1.25);
    expect(r.pue!).toBeGreaterThan(1.05);
  });

  it('zero IT load gives null PUE/WUE and zero powers (no NaN)', () => {
    const r = facilityPower(zeroByPath(), 'temperate', a);
    expect(r.pue).toBeNull();
    expect(r.wueLPerKWh).toBeNull();
    expect(r.facilityPowerW).toBe(0);
    expect(r.partialPueLiquid).toBeNull();
  });

  it('cooling is linear in IT load; the chain is not quite (it is built of whole units)', () => {
    const one = facilityPower({ air: 1e5, 'rear-door': 2e5, 'cold-plate': 3e5, immersion: 4e4 }, 'hot', a);
    const ten = facilityPower({ air: 1e6, 'rear-door': 2e6, 'cold-plate': 3e6, immersion: 4e5 }, 'hot', a);
    expect(ten.coolingPowerW).toBeCloseTo(one.coolingPowerW * 10, 3);
    expect(ten.miscPowerW).toBeCloseTo(one.miscPowerW * 10, 3);
    expect(Math.abs(ten.pue! - one.pue!)).toBeLessThan(0.03);
  });
});

describe('liquid cooling removes server fan power (IT power)', () => {
  it('a DGX H100 in a cold-plate rack draws less IT power; total energy falls more than PUE alone suggests', () => {
    const dgx = { typicalPowerW: 7500, maxPowerW: 10_200, cooling: 'air' as const };
    const air = serverPowerInRack(dgx, 'air', a);
    const cp = serverPowerInRack(dgx, 'cold-plate', a);
    expect(air.typicalW).toBe(7500);
    // 8% fans, 25% of them remain: saving 6%.
    expect(cp.typicalW).toBeCloseTo(7500 * (1 - 0.08 * 0.75), 6);
    expect(cp.maxW).toBeCloseTo(10_200 * 0.94, 6);
    const fAir = facilityPower(load('air', air.typicalW), 'temperate', a);
    const fCp = facilityPower(load('cold-plate', cp.typicalW), 'temperate', a);
    const totalDrop = 1 - fCp.facilityPowerW / fAir.facilityPowerW;
    const pueDrop = 1 - fCp.pue! / fAir.pue!;
    expect(totalDrop).toBeGreaterThan(pueDrop);
    // Immersion removes all fans.
    expect(serverPowerInRack(dgx, 'immersion', a).typicalW).toBeCloseTo(7500 * 0.92, 6);
    // A natively liquid-cooled server is not adjusted.
    expect(serverPowerInRack({ ...dgx, cooling: 'cold-plate' }, 'cold-plate', a).typicalW).toBe(7500);
  });
});

describe('assumptions', () => {
  it('every assumption has key, label, unit, source and description; keys are unique', () => {
    const keys = new Set<string>();
    for (const x of POWER_ASSUMPTIONS) {
      expect(keys.has(x.key)).toBe(false);
      keys.add(x.key);
      expect(Number.isFinite(x.value)).toBe(true);
      for (const f of [x.label, x.unit, x.source, x.description]) expect(f.length).toBeGreaterThan(0);
    }
  });

  it('overrides by key change the result; unknown keys and non-finite values are ignored', () => {
    const o = new AssumptionValues({ 'cooling.chillerCop': 9, 'nope.key': 3, 'power.upsEfficiency': Number.NaN });
    expect(o.get('cooling.chillerCop')).toBe(9);
    expect(o.get('power.upsEfficiency')).toBe(0.97);
    const r1 = facilityPower(load('air', 1e6), 'temperate', a).pue!;
    const r2 = facilityPower(load('air', 1e6), 'temperate', o).pue!;
    expect(r2).toBeLessThan(r1);
    expect(o.list().find((x) => x.key === 'cooling.chillerCop')?.value).toBe(9);
  });

  it('absurd overrides never produce NaN/Infinity', () => {
    const o = new AssumptionValues({ 'cooling.chillerCop': 0, 'power.upsEfficiency': 0, 'cooling.liquidCaptureFraction': 7, 'cooling.freeAir.temperate': -3 });
    const r = facilityPower(load('cold-plate', 1e6), 'temperate', o);
    for (const v of [r.facilityPowerW, r.coolingPowerW, r.powerChainLossW, r.pue ?? 0]) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('cost', () => {
  it('CAPEX sums BOM and facility per-kW costs; OPEX = electricity + water + maintenance; cost per accelerator-hour', () => {
    const r = computeCost(
      {
        bom: [
          { partId: 'dgx-h100', name: 'DGX', category: 'accelerated-servers', quantity: 2, unitPriceUsd: 350_000, totalUsd: 700_000, source: '' },
          { partId: 'qm9700', name: 'QM', category: 'network-switches', quantity: 1, unitPriceUsd: 30_000, totalUsd: 30_000, source: '' },
        ],
        itCapacityKW: 100,
        heatCapacityKW: 100,
        annualFacilityMWh: 1000,
        annualItMWh: 800,
        wueLPerKWh: 1.8,
        electricityUsdPerKWh: 0.08,
        waterUsdPerM3: 1,
        gridKgCO2PerKWh: 0.55,
        depreciationYears: 5,
        accelerators: 16,
      },
      a,
    );
    // Hand: 700k + 30k + 100 kW * (3000 + 3000) + 100 kW * 1800 = 730k + 600k + 180k = 1,510,000
    expect(r.capexUsd).toBe(1_510_000);
    expect(r.capexByCategory.facility).toBe(300_000);
    // Electricity: 1,000 MWh * 1000 * 0.08 = 80,000; water: 1.8 L * 800,000 kWh = 1,440 m3 -> $1,440; maintenance 5% of capex = 75,500
    expect(r.opexByCategory.electricityUsd).toBeCloseTo(80_000, 6);
    expect(r.annualWaterM3).toBeCloseTo(1440, 6);
    expect(r.opexByCategory.maintenanceUsd).toBeCloseTo(75_500, 6);
    expect(r.annualCO2Tonnes).toBeCloseTo(550, 6);
    expect(r.costPerAcceleratorHourUsd).toBeCloseTo((1_510_000 / 5 + 80_000 + 1440 + 75_500) / (16 * 8760), 9);
  });

  it('no accelerators: cost per accelerator-hour is null', () => {
    const r = computeCost(
      { bom: [], itCapacityKW: 0, heatCapacityKW: 0, annualFacilityMWh: 0, annualItMWh: 0, wueLPerKWh: null, electricityUsdPerKWh: 0.1, waterUsdPerM3: 1, gridKgCO2PerKWh: 0.5, depreciationYears: 5, accelerators: 0 },
      a,
    );
    expect(r.capexUsd).toBe(0);
    expect(r.costPerAcceleratorHourUsd).toBeNull();
  });
});
