import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { InputError } from '../errors';
import { parseDesign, type DesignInput } from '../model';
import { checkFacilityInput } from '../cli/commands';
import { design, rack } from '../stages.fixture';

type SiteIn = NonNullable<DesignInput['site']>;

/** 64 DGX H100 (8 racks of 8? no: 16 racks of 4) on air, or the same servers with cold plates. */
function h100(cooling: 'air' | 'cold-plate', site: SiteIn) {
  return design({
    racks: [rack('r', { count: 16, cooling, powerBudgetW: 45_000 })],
    servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 4 }],
    site,
  });
}

/** 8 GB200 NVL72 racks (cold plates), no CDUs drawn. */
const nvl72 = (facility: Record<string, unknown> = {}, city = 'hohhot') =>
  design({
    racks: [rack('r', { count: 8, cooling: 'cold-plate', powerBudgetW: 140_000 })],
    servers: [{ id: 's', partId: 'gb200-nvl72', rackId: 'r' }],
    site: { city, facility },
  });

describe('annual PUE month by month from the site climate', () => {
  it('the same design has a higher annual PUE in the warmer city (Guangzhou vs Beijing, verified yearbook temperatures)', () => {
    const cool = evaluate(h100('air', { city: 'beijing' }));
    const warm = evaluate(h100('air', { city: 'guangzhou' }));
    expect(warm.pue!).toBeGreaterThan(cool.pue!);
    expect(warm.annualEnergyMWh).toBeGreaterThan(cool.annualEnergyMWh);
    // Beijing's winter months run the air path mostly free (towers at <= 12 C wet-bulb); July does not.
    const jan = cool.facility.months[0]!;
    const jul = cool.facility.months[6]!;
    expect(jan.freeCooling.air).toBeGreaterThan(0.9);
    expect(jul.freeCooling.air).toBeLessThan(0.05);
    expect(jul.pue!).toBeGreaterThan(jan.pue!);
  });

  it('annual energy is the sum of the months, and annual PUE their energy over IT energy', () => {
    const r = evaluate(h100('air', { city: 'shanghai' }));
    const sum = r.facility.months.reduce((s, m) => s + m.energyMWh, 0);
    expect(sum).toBeCloseTo(r.annualEnergyMWh, 3);
    const it = r.power.itTypicalKW * 8760 / 1000;
    expect(r.pue!).toBeCloseTo(sum / it, 4);
    expect(r.facility.months.reduce((s, m) => s + m.hours, 0)).toBe(8760);
  });

  it('China hub target PUE <= 1.25: reached with cold plates in Hohhot, missed on air in Guangzhou', () => {
    const hub = evaluate(h100('cold-plate', { city: 'hohhot' }));
    const hot = evaluate(h100('air', { city: 'guangzhou' }));
    expect(hub.pue!).toBeLessThanOrEqual(1.25);
    expect(hot.pue!).toBeGreaterThan(1.25);
    // Also in Ulanqab (estimated figures) and for GB200 NVL72.
    expect(evaluate(h100('cold-plate', { city: 'ulanqab' })).pue!).toBeLessThanOrEqual(1.25);
    expect(evaluate(nvl72()).pue!).toBeLessThanOrEqual(1.25);
    expect(evaluate(h100('air', { city: 'singapore' })).pue!).toBeGreaterThan(1.25);
  });

  it('the rejection method sets the water: towers evaporate, dry coolers and chillers do not', () => {
    const tower = evaluate(h100('air', { city: 'beijing', facility: { airHeatRejection: 'cooling-tower' } }));
    const dry = evaluate(h100('air', { city: 'beijing', facility: { airHeatRejection: 'dry-cooler' } }));
    const chiller = evaluate(h100('air', { city: 'beijing', facility: { airHeatRejection: 'chiller' } }));
    // Tower make-up: 1.48 x 0.9 x 4/3 = 1.776 L per kWh of heat, plus the chillers' own heat.
    expect(tower.power.wueLPerKWh!).toBeGreaterThan(1.776);
    expect(tower.power.wueLPerKWh!).toBeLessThan(1.776 * (1 + 1 / 4.5));
    expect(dry.power.wueLPerKWh).toBe(0);
    expect(chiller.power.wueLPerKWh).toBe(0);
    expect(chiller.facility.air.freeCoolingHours).toBe(0);
    expect(chiller.pue!).toBeGreaterThan(tower.pue!);
  });

  it('the design day is the hottest month plus 2.33 spreads and draws more than the annual average', () => {
    const r = evaluate(h100('air', { city: 'beijing' }));
    // Beijing's hottest month: July (27.2 + 27.0) / 2 = 27.1 C; + 2.33 x 4.5 K = 37.585 C.
    expect(r.facility.designDay.dryBulbC).toBeCloseTo(27.1 + 2.33 * 4.5, 6);
    expect(r.facility.designDay.facilityPowerKW).toBeGreaterThan(r.facilityPowerKW);
    expect(r.facility.designDay.itKW).toBeCloseTo(r.power.itMaxKW, 6);
  });

  it('the climate label alone keeps its annual shares: every month the same', () => {
    const r = evaluate(h100('air', { climate: 'hot' }));
    expect(r.facility.climate.mode).toBe('label');
    expect(new Set(r.facility.months.map((m) => m.pue)).size).toBe(1);
    expect(r.facility.months[0]!.freeCooling.air).toBe(0.2);
  });
});

describe('liquid loop', () => {
  it('CDUs for 8 NVL72 racks: 8 x 132 kW x 0.8 to liquid = 844.8 kW -> 1 x 1,350 kW + 1 redundant', () => {
    const r = evaluate(nvl72());
    expect(r.facility.liquid.designHeatKW).toBeCloseTo(844.8, 6);
    expect(r.facility.liquid.cdu).toMatchObject({ capacityKW: 1350, redundancy: 'N+1', needed: 1, units: 2, drawnUnits: 0, inBom: true });
    expect(r.bom.find((l) => l.category === 'cooling' && l.quantity === 2)).toBeDefined();
    // 2N: two; N: one.
    expect(evaluate(nvl72({ cduRedundancy: '2N' })).facility.liquid.cdu.units).toBe(2);
    expect(evaluate(nvl72({ cduRedundancy: 'N' })).facility.liquid.cdu.units).toBe(1);
    // In-rack 150 kW CDUs: ceil(844.8 / 150) = 6, N+1 = 7.
    expect(evaluate(nvl72({ cduPartId: 'cdu-inrack-150kw' })).facility.liquid.cdu.units).toBe(7);
  });

  it('facility water flow at 32/42 C: 844.8 kW / (994 x 4178 x 10) x 3600 = 73.23 m3/h', () => {
    const r = evaluate(nvl72());
    expect(r.facility.liquid.flowM3PerH).toBeCloseTo((844_800 / (994 * 4178 * 10)) * 3600, 4);
    // Halving the temperature rise doubles the flow.
    expect(evaluate(nvl72({ liquidSupplyC: 32, liquidReturnC: 37 })).facility.liquid.flowM3PerH).toBeCloseTo(2 * r.facility.liquid.flowM3PerH, 4);
  });

  it('warm water on dry coolers runs free most of the year in Hohhot; a chiller never does', () => {
    const r = evaluate(nvl72());
    expect(r.facility.liquid.freeCoolingLimitC).toBe(26);
    expect(r.facility.liquid.freeCoolingHours).toBeGreaterThan(8000);
    expect(evaluate(nvl72({ liquidHeatRejection: 'chiller' })).facility.liquid.freeCoolingHours).toBe(0);
  });
});

describe('electrical chain in evaluate', () => {
  it('a 2N UPS loses more than an N+1 one for the same design, and costs more', () => {
    const n1 = evaluate(nvl72({ upsTopology: 'N+1' }));
    const twoN = evaluate(nvl72({ upsTopology: '2N' }));
    const ups = (r: typeof n1) => r.facility.electrical.stages.find((s) => s.stage === 'ups')!;
    expect(ups(twoN).loadFraction).toBeLessThan(ups(n1).loadFraction);
    expect(ups(twoN).efficiency).toBeLessThan(ups(n1).efficiency);
    expect(twoN.power.powerChainLossKW).toBeGreaterThan(n1.power.powerChainLossKW);
    expect(ups(twoN).costUsd).toBeGreaterThan(ups(n1).costUsd);
  });

  it('UPS modules for 8 NVL72: IT at nameplate through the PDUs, plus the CDU pumps, over the power factor', () => {
    const r = evaluate(nvl72({ upsModuleKVA: 500 }));
    const ups = r.facility.electrical.stages.find((s) => s.stage === 'ups')!;
    // IT at nameplate: 8 x 132 kW compute + management 1 % + the NVLink switch trays (catalog
    // scaleUpFabric: 18 ASICs x 500 W per rack, 72 kW) = 1,138.56 kW; through 99 % busway/PDUs
    // 1,150.06 kW; CDU pumps 1 % of the 844.8 kW liquid heat = 8.448 kW; / 0.95 PF = 1,219.48 kVA.
    const itMax = 8 * 132 * 1.01 + 8 * 18 * 0.5;
    expect(r.power.itMaxKW).toBeCloseTo(itMax, 6);
    const kva = (itMax / 0.99 + 8 * 132 * 0.8 * 0.01) / 0.95;
    expect(ups.requiredKVA!).toBeCloseTo(kva, 3);
    // N = ceil(1,219.48 / 500) = 3; N+1 = 4 modules.
    expect([ups.units, ups.installedKVA]).toEqual([4, 2000]);
  });
});

describe('floor', () => {
  it('16 racks in rows of 20: one pair-half of 4.8 m x (16 x 0.6 + 2.4) m; racks weigh their catalog parts plus the cabinet', () => {
    const r = evaluate(h100('air', { city: 'beijing' }));
    expect(r.facility.floor.rows).toBe(1);
    expect(r.facility.floor.whiteSpaceM2).toBeCloseTo(0.5 * 4.8 * 12, 6);
    // 4 DGX H100 at 130.45 kg (catalog) + a 150 kg cabinet = 671.8 kg on 0.72 m2 = 933.06 kg/m2.
    expect(r.facility.floor.weightSource).toBe('catalog');
    expect(r.facility.floor.rackWeightKg).toBeCloseTo(4 * 130.45 + 150, 6);
    expect(r.facility.floor.rackLoadingKgPerM2).toBeCloseTo((4 * 130.45 + 150) / 0.72, 6);
    expect(r.facility.floor.kWPerM2).toBeCloseTo(r.power.itMaxKW / 28.8, 6);
  });
  it('an NVL72 rack is its own cabinet: 1,360 kg on 0.72 m2 = 1,889 kg/m2, over a 1,500 kg/m2 raised floor', () => {
    const r = evaluate(nvl72({ floorLimitKgPerM2: 1500 }));
    expect(r.facility.floor.rackWeightKg).toBe(1360);
    expect(r.facility.floor.rackLoadingKgPerM2).toBeCloseTo(1360 / 0.72, 6);
    expect(r.warnings.some((w) => w.code === 'floor-overloaded')).toBe(true);
    expect(evaluate(nvl72({ floorLimitKgPerM2: 2000 })).warnings.some((w) => w.code === 'floor-overloaded')).toBe(false);
  });
  it('a floor rated below the rack loading is warned about, naming the setting', () => {
    const r = evaluate(nvl72({ floorLimitKgPerM2: 1000 }));
    const w = r.warnings.find((x) => x.code === 'floor-overloaded');
    expect(w?.message).toContain('site.facility.floorLimitKgPerM2');
  });
});

describe('bad facility input names the field', () => {
  it('a negative battery time', () => {
    expect(() => nvl72({ upsBatteryMinutes: -5 })).toThrow(InputError);
    expect(() => nvl72({ upsBatteryMinutes: -5 })).toThrow(/^site\.facility\.upsBatteryMinutes: must be >= 0/);
  });
  it('an unknown city', () => {
    expect(() => nvl72({}, 'atlantis')).toThrow(/^site\.city: unknown city "atlantis"; known: beijing/);
  });
  it('a return colder than the supply', () => {
    expect(() => nvl72({ liquidSupplyC: 40, liquidReturnC: 35 })).toThrow(/^site\.facility\.liquidReturnC: must be above the supply temperature/);
  });
  it('a UPS smaller than the load: an error naming site.facility.upsModules, and the CLI refuses it', () => {
    const r = evaluate(nvl72({ upsModuleKVA: 500, upsModules: 2 }));
    expect(r.facility.errors[0]?.path).toBe('site.facility.upsModules');
    expect(r.facility.errors[0]?.message).toMatch(/2 x 500 kVA less the redundant module carries 500 kVA, smaller than the UPS load of 1,219 kVA/);
    expect(r.warnings.some((w) => w.severity === 'error' && w.message.startsWith('site.facility.upsModules:'))).toBe(true);
    expect(() => checkFacilityInput(r)).toThrow(/^site\.facility\.upsModules: /);
    // Enough modules: no error.
    expect(evaluate(nvl72({ upsModuleKVA: 500, upsModules: 4 })).facility.errors).toEqual([]);
  });
  it('a custom city without its figures', () => {
    expect(() => parseDesign({ schemaVersion: 2, id: 'd', name: 'x', site: { city: 'custom' } })).toThrow(/^site\.customClimate: is required/);
  });
});
