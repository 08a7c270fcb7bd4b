/**
 * Cooling units and rack checks: each drawn cooling unit's capacity is shared over
 * the rack instances it serves (by medium) and checked against the heat it must
 * carry; each rack is checked for power budget, cooling, air-density limits, PDU
 * capacity and rack space, and summarised for results.
 */
import type { Catalog } from '../catalog';
import type { CoolingUnitSpec } from '../catalog/types';
import type { CoolingUnit, Design } from '../model/design';
import type { Placement } from '../inventory/placement';
import type { RackSpace } from '../inventory/stage';
import { round } from '../round';
import type { RackResult } from '../results';
import { unknownPartWarning, warning, type EvalWarning } from '../warnings';
import type { AssumptionValues } from './assumptions';
import { bomEntry, type BomEntry } from './bom';
import type { RackPower } from './stage';

/** A rack as the cooling checks see it: its space, power and the cooling units' capacity shared to it (W per instance). */
interface CooledRack {
  space: RackSpace;
  power: RackPower;
  coolingAirW: number;
  coolingLiquidW: number;
}

export interface RackStage {
  rackResults: RackResult[];
  /** Largest nameplate power of one rack, W. */
  maxRackPowerW: number;
  coolingUnits: number;
  bom: BomEntry[];
  warnings: EvalWarning[];
}

/** Share of a rack's heat that goes to liquid: all in immersion, the capture fraction with cold plates, none on air. */
function liquidShareOf(cooling: string, a: AssumptionValues): number {
  return cooling === 'immersion' ? 1 : cooling === 'cold-plate' ? Math.min(1, Math.max(0, a.get('cooling.liquidCaptureFraction'))) : 0;
}

function coolingUnit(cu: CoolingUnit, spec: CoolingUnitSpec, racks: ReadonlyMap<string, CooledRack>, placement: Placement, a: AssumptionValues, out: RackStage): void {
  const unitMult = cu.quantity * placement.groupMult(cu.groupId);
  out.coolingUnits += unitMult;
  out.bom.push(bomEntry(spec, 'cooling', unitMult));
  const served: CooledRack[] =
    cu.rackIds.length > 0
      ? cu.rackIds.map((id) => racks.get(id)).filter((r): r is CooledRack => r !== undefined)
      : cu.groupId !== undefined
        ? [...racks.values()].filter((r) => placement.inSubtree(r.space.slot.rack.groupId, cu.groupId as string))
        : [...racks.values()];
  const servedInstances = served.reduce((s, r) => s + r.space.slot.instances, 0);
  if (servedInstances === 0) return;
  const capW = spec.capacityKW * 1000 * unitMult;
  for (const r of served) {
    if (spec.medium === 'liquid') r.coolingLiquidW += capW / servedInstances;
    else r.coolingAirW += capW / servedInstances;
  }
  // Heat this unit must carry: liquid units the liquid share, air units the air share.
  let heat = 0;
  const unit = cu.name ?? cu.id;
  for (const r of served) {
    const { rack, instances } = r.space.slot;
    const liquidShare = liquidShareOf(rack.cooling, a);
    const share = spec.medium === 'liquid' ? liquidShare : 1 - liquidShare;
    if (spec.medium === 'liquid' && liquidShare === 0) {
      out.warnings.push(warning('info', 'cooling-medium-mismatch', `liquid unit "${unit}" serves air-cooled rack "${rack.name}"`, [cu.id, rack.id], { unit, rack: rack.name }));
    }
    heat += r.power.typicalW * instances * share;
  }
  if (heat > capW * (1 + 1e-9)) {
    const kind = spec.medium === 'liquid' ? 'liquid loop' : 'air cooling';
    const needKW = round(heat / 1000, 1);
    const capKW = round(capW / 1000, 1);
    out.warnings.push(
      warning('warning', 'cooling-unit-over-capacity', `${kind} "${unit}" (${unitMult} x ${spec.capacityKW} kW) must remove ${needKW} kW but can remove ${capKW} kW`, [cu.id, ...served.map((r) => r.space.slot.rack.id)], {
        medium: spec.medium,
        unit,
        n: unitMult,
        unitKW: spec.capacityKW,
        needKW,
        capKW,
      }),
    );
  }
}

function spaceWarnings(r: CooledRack): EvalWarning[] {
  const { rack } = r.space.slot;
  const out: EvalWarning[] = [];
  if (r.space.usedU > rack.heightU) {
    out.push(warning('error', 'rack-u-overflow', `rack "${rack.name}" holds ${r.space.usedU}U of equipment but is ${rack.heightU}U tall`, [rack.id], { rack: rack.name, used: r.space.usedU, height: rack.heightU }));
  }
  const iv = [...r.space.intervals].sort((x, y) => x.lo - y.lo || (x.id < y.id ? -1 : 1));
  for (let j = 0; j < iv.length; j++) {
    const cur = iv[j]!;
    if (cur.hi > rack.heightU) {
      out.push(warning('error', 'rack-u-overflow', `"${cur.id}" in rack "${rack.name}" occupies U${cur.lo}-U${cur.hi}, above the top (U${rack.heightU})`, [rack.id, cur.id], { id: cur.id, rack: rack.name, lo: cur.lo, hi: cur.hi, height: rack.heightU }));
    }
    const next = iv[j + 1];
    if (next && next.lo <= cur.hi) {
      out.push(
        warning('error', 'rack-u-overlap', `"${cur.id}" (U${cur.lo}-U${cur.hi}) and "${next.id}" (U${next.lo}-U${next.hi}) overlap in rack "${rack.name}"`, [rack.id, cur.id, next.id], { a: cur.id, alo: cur.lo, ahi: cur.hi, b: next.id, blo: next.lo, bhi: next.hi, rack: rack.name }),
      );
    }
  }
  return out;
}

function powerAndCoolingWarnings(r: CooledRack, a: AssumptionValues): EvalWarning[] {
  const { rack } = r.space.slot;
  const { typicalW, maxW } = r.power;
  const out: EvalWarning[] = [];
  const heatKW = typicalW / 1000;
  if (maxW > rack.powerBudgetW * (1 + 1e-9)) {
    const needKW = round(maxW / 1000, 2);
    const budgetKW = round(rack.powerBudgetW / 1000, 2);
    out.push(warning('warning', 'rack-over-budget', `rack "${rack.name}" needs ${needKW} kW at nameplate but its power budget is ${budgetKW} kW`, [rack.id], { rack: rack.name, needKW, budgetKW }));
  }
  const over = (heatW: number, capW: number, to: '' | 'liquid' | 'air') => {
    if (heatW > capW * (1 + 1e-9)) {
      const hKW = round(heatW / 1000, 2);
      const capKW = round(capW / 1000, 2);
      out.push(warning('warning', 'rack-over-cooling', `rack "${rack.name}" gives off ${hKW} kW${to ? ` to ${to}` : ''} but its cooling can remove ${capKW} kW`, [rack.id], { rack: rack.name, heatKW: hKW, to, capKW }));
    }
  };
  const liquidShare = liquidShareOf(rack.cooling, a);
  if (rack.coolingCapacityW !== undefined) over(typicalW, rack.coolingCapacityW, '');
  else {
    if (r.coolingLiquidW > 0) over(typicalW * liquidShare, r.coolingLiquidW, 'liquid');
    if (r.coolingAirW > 0) over(typicalW * (1 - liquidShare), r.coolingAirW, 'air');
  }
  const airLimitKW = Math.max(0, a.get('cooling.airDensityLimitKW'));
  const rdLimitKW = Math.max(0, a.get('cooling.rearDoorDensityLimitKW'));
  const kwText = round(heatKW, 1);
  if (rack.cooling === 'air' && heatKW > airLimitKW) {
    out.push(warning('warning', 'rack-air-density', `rack "${rack.name}" at ${kwText} kW exceeds the plain air-cooling limit of ${airLimitKW} kW per rack; use rear-door or liquid cooling`, [rack.id], { rack: rack.name, kw: kwText, limitKW: airLimitKW, cooling: 'air' }));
  } else if (rack.cooling === 'rear-door' && heatKW > rdLimitKW) {
    out.push(warning('warning', 'rack-air-density', `rack "${rack.name}" at ${kwText} kW exceeds the rear-door limit of ${rdLimitKW} kW per rack; use liquid cooling`, [rack.id], { rack: rack.name, kw: kwText, limitKW: rdLimitKW, cooling: 'rear-door' }));
  }
  const pdu = r.space.pduCapacityW;
  if (pdu > 0 && maxW > pdu * (1 + 1e-9)) {
    const pduKW = round(pdu / 1000, 1);
    const needKW = round(maxW / 1000, 1);
    out.push(warning('warning', 'rack-pdu-capacity', `rack "${rack.name}" PDUs supply ${pduKW} kW but the rack needs ${needKW} kW at nameplate`, [rack.id], { rack: rack.name, pduKW, needKW }));
  }
  return out;
}

function rackResult(r: CooledRack): RackResult {
  const { rack, instances } = r.space.slot;
  const unitsW = r.coolingAirW + r.coolingLiquidW;
  const capacity = rack.coolingCapacityW ?? (unitsW > 0 ? unitsW : null);
  return {
    rackId: rack.id,
    name: rack.name,
    count: instances,
    cooling: rack.cooling,
    itPowerW: round(r.power.maxW, 3),
    typicalPowerW: round(r.power.typicalW, 3),
    heatKW: round(r.power.typicalW / 1000),
    budgetW: rack.powerBudgetW,
    coolingCapacityW: capacity === null ? null : round(capacity, 3),
    usedU: r.space.usedU,
    heightU: rack.heightU,
    servers: r.space.servers,
    accelerators: r.space.accelerators,
  };
}

/** The racks stage: cooling units over the racks they serve, then every rack's checks and summary. */
export function rackStage(
  design: Pick<Design, 'coolingUnits'>,
  catalog: Catalog,
  placement: Placement,
  rackSpace: ReadonlyMap<string, RackSpace>,
  rackPower: ReadonlyMap<string, RackPower>,
  itPowerW: number,
  a: AssumptionValues,
): RackStage {
  const out: RackStage = { rackResults: [], maxRackPowerW: 0, coolingUnits: 0, bom: [], warnings: [] };
  const racks = new Map<string, CooledRack>();
  for (const [id, space] of rackSpace) racks.set(id, { space, power: rackPower.get(id) ?? { typicalW: 0, maxW: 0 }, coolingAirW: 0, coolingLiquidW: 0 });
  design.coolingUnits.forEach((cu, i) => {
    const spec = catalog.getOfKind(cu.partId, 'cooling');
    if (!spec) out.warnings.push(unknownPartWarning(catalog, 'coolingUnits', i, cu.id, cu.partId, 'cooling'));
    else coolingUnit(cu, spec, racks, placement, a, out);
  });
  let anyCoolingInfo = design.coolingUnits.length > 0;
  for (const r of racks.values()) {
    if (r.space.slot.rack.coolingCapacityW !== undefined) anyCoolingInfo = true;
    out.maxRackPowerW = Math.max(out.maxRackPowerW, r.power.maxW);
    out.warnings.push(...powerAndCoolingWarnings(r, a), ...spaceWarnings(r));
    out.rackResults.push(rackResult(r));
  }
  if (!anyCoolingInfo && racks.size > 0 && itPowerW > 0) {
    out.warnings.push(warning('info', 'no-cooling-units', 'no cooling units or rack cooling capacities are drawn: cooling capacity is assumed to match the load', [], {}));
  }
  return out;
}
