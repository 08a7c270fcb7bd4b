import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { design, rack } from '../stages.fixture';
import { AssumptionValues } from './assumptions';
import { mergeBom } from './bom';
import { costStage, runFigures } from './costing';
import { powerStage } from './stage';

describe('bill of materials', () => {
  it('merges counts of the same category, part and price, in order of first appearance; totals to the cent', () => {
    const e = (partId: string, quantity: number, unitPriceUsd: number) => ({ partId, name: partId, category: 'storage' as const, quantity, unitPriceUsd, source: 's' });
    const lines = mergeBom([e('a', 2, 10.005), e('b', 1, 5), e('a', 3, 10.005), e('a', 1, 11), e('c', 0, 99)]);
    expect(lines.map((l) => [l.partId, l.quantity, l.unitPriceUsd, l.totalUsd])).toEqual([
      ['a', 5, 10.005, 50.03],
      ['b', 1, 5, 5],
      ['a', 1, 11, 11],
    ]);
  });
});

describe('cost stage', () => {
  const a = new AssumptionValues();
  const catalog = createCatalog();
  const d = design({ racks: [rack('r', { count: 10 })], servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r' }] });
  const inv = inventoryStage(d, catalog);
  const power = powerStage(inv, [], d.site, a);
  const c = costStage(inv.bom, power, d.site, inv.accelerators, a);

  it('CAPEX: the BOM plus facility shell, electrical and cooling plant per kW of nameplate IT', () => {
    const itKW = power.it.maxW / 1000;
    const plantPerKW = a.get('cost.facilityShellUsdPerKW') + a.get('cost.powerPlantUsdPerKW') + a.get('cost.coolingPlantUsdPerKW');
    const dgx = catalog.requireOfKind('dgx-h100', 'server', '').priceUsd;
    expect(c.bom).toEqual([expect.objectContaining({ partId: 'dgx-h100', quantity: 10, totalUsd: 10 * dgx })]);
    expect(c.cost.capexUsd).toBeCloseTo(10 * dgx + itKW * plantPerKW, 2);
  });

  it('cost per accelerator-hour: (CAPEX / years + OPEX) / (accelerators x 8,760 h)', () => {
    const years = d.site.depreciationYears;
    const expected = (c.cost.capexUsd / years + c.cost.opexPerYearUsd) / (80 * 8760);
    expect(c.cost.costPerAcceleratorHourUsd).toBeCloseTo(expected, 5);
  });

  it('run figures: 1 MW for 10 days is 240 MWh; at 0.1 USD/kWh 24,000 USD; at 0.4 kg/kWh 96 t CO2', () => {
    expect(runFigures(1000, 10, { ...d.site, electricityUsdPerKWh: 0.1, gridKgCO2PerKWh: 0.4 })).toEqual({ runEnergyMWh: 240, runCostUsd: 24_000, runCO2Tonnes: 96 });
  });
});
