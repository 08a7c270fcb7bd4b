import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { design, group, rack } from '../stages.fixture';
import { AssumptionValues } from './assumptions';
import { rackStage } from './racks';
import { powerStage } from './stage';

const catalog = createCatalog();
const a = new AssumptionValues();
const run = (d: ReturnType<typeof design>) => {
  const inv = inventoryStage(d, catalog);
  const p = powerStage(inv, [], d.site, a);
  return rackStage(d, catalog, inv.placement, inv.rackSpace, p.rackPower, p.facility.itPowerW, a);
};
const codes = (r: ReturnType<typeof run>) => r.warnings.map((w) => w.code);

describe('racks and cooling units', () => {
  it('a rack over its power budget at nameplate: 2 x 10.2 kW against 15 kW', () => {
    const r = run(design({ racks: [rack('r', { powerBudgetW: 15_000, coolingCapacityW: 100_000 })], servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 2 }] }));
    expect(r.warnings[0]).toMatchObject({ code: 'rack-over-budget', params: { needKW: 20.4, budgetKW: 15 } });
    expect(r.maxRackPowerW).toBe(20_400);
    expect(r.rackResults[0]).toMatchObject({ itPowerW: 20_400, typicalPowerW: 15_000, heatKW: 15, usedU: 16, servers: 2, accelerators: 16, coolingCapacityW: 100_000 });
  });

  it("a cooling unit's capacity is shared over the rack instances it serves and checked against their heat", () => {
    // One 50 kW rear door (outside the group, so not replicated) for the 4 instances of a rack
    // of 2 DGX H100 (15 kW each): 12.5 kW per rack, 60 kW to remove.
    const r = run(
      design({
        groups: [group('g', 4)],
        racks: [rack('r', { groupId: 'g' })],
        servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 2 }],
        coolingUnits: [{ id: 'cu', partId: 'rdhx-50kw', rackIds: ['r'], position: { x: 0, y: 0 } }],
      }),
    );
    expect(r.coolingUnits).toBe(1);
    expect(r.rackResults[0]!.coolingCapacityW).toBe(12_500);
    expect(r.warnings.find((w) => w.code === 'cooling-unit-over-capacity')?.params).toMatchObject({ needKW: 60, capKW: 50 });
    expect(r.warnings.find((w) => w.code === 'rack-over-cooling')?.params).toMatchObject({ heatKW: 15, capKW: 12.5, to: 'air' });
    expect(r.bom).toEqual([expect.objectContaining({ partId: 'rdhx-50kw', category: 'cooling', quantity: 1 })]);
    // In the group, the unit is replicated with it: 4 doors of 50 kW, one per rack, enough.
    const inGroup = run(
      design({
        groups: [group('g', 4)],
        racks: [rack('r', { groupId: 'g' })],
        servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 2 }],
        coolingUnits: [{ id: 'cu', partId: 'rdhx-50kw', groupId: 'g', rackIds: [], position: { x: 0, y: 0 } }],
      }),
    );
    expect([inGroup.coolingUnits, inGroup.rackResults[0]!.coolingCapacityW, codes(inGroup)]).toEqual([4, 50_000, []]);
  });

  it('rack space: items overlapping in U and equipment above the top are errors', () => {
    const r = run(
      design({
        racks: [rack('r', { heightU: 12, coolingCapacityW: 100_000 })],
        servers: [
          { id: 'a', partId: 'dgx-h100', rackId: 'r', slotU: 1 },
          { id: 'b', partId: 'dgx-h100', rackId: 'r', slotU: 5 },
        ],
      }),
    );
    // a: U1-U8, b: U5-U12; 16U in a 12U rack.
    expect(codes(r)).toEqual(['rack-u-overflow', 'rack-u-overlap']);
    expect(r.warnings[1]!.params).toMatchObject({ a: 'a', alo: 1, ahi: 8, b: 'b', blo: 5, bhi: 12 });
  });

  it('plain air above 30 kW per rack is flagged, and a design without cooling information says so', () => {
    const r = run(design({ racks: [rack('r', { cooling: 'air', powerBudgetW: 60_000 })], servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 5 }] }));
    // 5 x 7.5 kW = 37.5 kW typical heat.
    expect(codes(r)).toEqual(['rack-air-density', 'no-cooling-units']);
    expect(r.warnings[0]!.params).toMatchObject({ kw: 37.5, limitKW: 30 });
  });
});
