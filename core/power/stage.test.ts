import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { design, rack } from '../stages.fixture';
import { AssumptionValues } from './assumptions';
import { itLoad, powerStage } from './stage';

const catalog = createCatalog();
const a = new AssumptionValues();
// Defaults (core/power/assumptions.ts): management 1 % of compute, fans 8 % of an air-cooled
// server, 25 % of them left with cold plates.
const MGMT = 0.01;

describe('power stage', () => {
  // DGX H100: 10.2 kW nameplate, 7.5 kW typical; QM9700: 1,180 W max, 747 W typical (datasheets).
  const d = design({
    racks: [rack('r', { count: 2, cooling: 'air' })],
    servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 2 }],
    switches: [{ id: 'w', partId: 'qm9700', rackId: 'r' }],
  });
  const inv = inventoryStage(d, catalog);
  const p = powerStage(inv, [], d.site, a);

  it('IT load: servers and switches of every rack instance, plus management', () => {
    const compute = 4 * 7500;
    expect(p.it.computeW).toBe(compute);
    expect(p.it.switchesW).toBe(2 * 747);
    expect(p.it.managementW).toBeCloseTo(compute * MGMT, 9);
    expect(p.it.byPath.air).toBeCloseTo(compute + 2 * 747 + compute * MGMT, 9);
    expect(p.it.maxW).toBeCloseTo(4 * 10_200 + 2 * 1180 + 4 * 10_200 * MGMT, 9);
    expect(p.section.itTypicalKW).toBeCloseTo((compute + 2 * 747 + compute * MGMT) / 1000, 6);
  });

  it('the breakdown splits compute into accelerators (8 x 700 W TDP each) and the rest of the server', () => {
    expect(p.section.breakdownKW.accelerators).toBe((4 * 8 * 700) / 1000);
    expect(p.section.breakdownKW.serverOverhead).toBe((4 * 7500 - 4 * 8 * 700) / 1000);
  });

  it('rack power is per rack instance (the budget check uses nameplate)', () => {
    expect(p.rackPower.get('r')).toEqual({ typicalW: 2 * 7500 + 747, maxW: 2 * 10_200 + 1180 });
  });

  it('facility power is IT plus cooling, power-chain loss and misc; PUE their ratio', () => {
    const f = p.facility;
    expect(f.facilityPowerW).toBeCloseTo(f.itPowerW + f.coolingPowerW + f.powerChainLossW + f.miscPowerW, 6);
    expect(p.section.pue).toBeCloseTo(f.facilityPowerW / f.itPowerW, 6);
    // Annual energy at load factor 1: power x 8,760 h.
    expect(p.annualEnergyMWh).toBeCloseTo((f.facilityPowerW * 8760) / 1e6, 6);
  });

  it('an air-cooled server in a cold-plate rack loses 8 % x (1 - 25 %) = 6 % of its power (fans)', () => {
    const dd = design({ racks: [rack('r', { cooling: 'cold-plate' })], servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r' }] });
    const pp = powerStage(inventoryStage(dd, catalog), [], dd.site, a);
    expect(pp.it.computeW).toBeCloseTo(7500 * 0.94, 9);
    expect(pp.it.fanSavingW).toBeCloseTo(7500 * 0.06, 9);
    expect(pp.it.byPath['cold-plate']).toBeCloseTo(7500 * 0.94, 9);
  });

  it('network loads go on the air path, split into switches and optics', () => {
    const dd = design({});
    const it = itLoad(inventoryStage(dd, catalog), [{ typicalW: 1000, maxW: 1500, switchesW: 800, opticsW: 200 }, { typicalW: 10, maxW: 10, switchesW: 0, opticsW: 10 }], a);
    expect(it).toMatchObject({ switchesW: 800, opticsW: 210, maxW: 1510 });
    expect(it.byPath.air).toBe(1010);
  });
});
