/**
 * Facility stage: the building around the racks, from the power stage's facility
 * model (months, design day, electrical chain) and the drawn racks: the electrical
 * stages with their units, losses and prices (BOM), the liquid loop (CDUs, water
 * flow, heat rejection, free-cooling hours), the air loop, the floor (white space,
 * loading, power density) and the month-by-month PUE and energy. Field problems of
 * the site's facility settings are listed with their path (`site.facility.upsModules`).
 */
import type { Catalog } from '../catalog';
import type { CoolingUnitSpec, PowerGearSpec } from '../catalog/types';
import { rolePart } from '../catalog';
import type { Inventory } from '../inventory/stage';
import { facilityOf, type Design } from '../model/design';
import type { FacilitySection, FacilityStageLine } from '../results';
import { kw, round, roundOrNull } from '../round';
import { warning, type EvalWarning } from '../warnings';
import type { AssumptionValues } from './assumptions';
import type { BomEntry } from './bom';
import { curveEfficiency } from './electrical';
import { ratio } from './facility';
import { loopLimits, type ElectricalPlan } from './facility-model';
import { floorLayout } from './floor';
import { cduPlan, waterFlowM3PerH } from './liquid';
import type { PowerStage } from './stage';

export interface FacilityStage {
  section: FacilitySection;
  bom: BomEntry[];
  warnings: EvalWarning[];
}

/** The catalog's largest UPS, rated in kVA at unity power factor (modern transformerless UPS are rated kW = kVA). */
export function standardUps(catalog: Catalog): PowerGearSpec | undefined {
  return catalog
    .powerGear()
    .filter((p) => p.powerKind === 'ups')
    .sort((x, y) => y.capacityKW - x.capacityKW || x.id.localeCompare(y.id))[0];
}

function cduPart(site: Design['site'], catalog: Catalog): { part: CoolingUnitSpec | undefined; error?: string } {
  const id = facilityOf(site).cduPartId;
  if (id === undefined) return { part: rolePart('roomCdu', catalog) };
  const p = catalog.get(id);
  if (p && p.kind === 'cooling' && p.coolingKind === 'cdu') return { part: p };
  const near = catalog.nearest(id, 'cooling').join(', ');
  return { part: rolePart('roomCdu', catalog), error: p ? `"${id}" is not a CDU; nearest cooling parts: ${near}` : `unknown CDU "${id}"; nearest: ${near}` };
}

/** A part's mass as installed when the catalog states it (`physical.weightKg`), kg. */
function weightOf(spec: { physical?: { weightKg: number } }): number | undefined {
  const w = spec.physical?.weightKg;
  return typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : undefined;
}

/**
 * Each drawn rack's loaded weight: its parts' catalog masses (servers, switches,
 * storage, PDUs) plus the empty cabinet (none for a rack-scale system, which is its
 * own rack) when every part states one; else the named default for a loaded rack.
 */
function rackWeights(inv: Inventory, a: AssumptionValues): { maxKg: number; totalKg: number; source: 'catalog' | 'assumption' | 'mixed' } {
  const perRack = new Map<string, { kg: number; complete: boolean; rackScale: boolean }>();
  for (const id of inv.rackSpace.keys()) perRack.set(id, { kg: 0, complete: true, rackScale: false });
  const add = (rackId: string | undefined, spec: { physical?: { weightKg: number } }, qty: number, rackScale = false) => {
    const r = rackId === undefined ? undefined : perRack.get(rackId);
    if (!r) return;
    const w = weightOf(spec);
    if (rackScale) r.rackScale = true;
    if (w === undefined) r.complete = false;
    else r.kg += w * qty;
  };
  for (const s of inv.servers) add(s.rack?.rack.id, s.spec, s.entity.quantity, s.spec.isRack === true);
  for (const w of inv.switches) add(w.rack?.rack.id, w.spec, w.entity.quantity);
  for (const st of inv.storage) add(st.rack?.rack.id, st.spec, st.entity.quantity);
  for (const p of inv.pdus) add(p.rack?.rack.id, p.spec, p.entity.quantity);
  const fallback = Math.max(0, a.get('floor.rackWeightKg'));
  const cabinet = Math.max(0, a.get('floor.emptyRackWeightKg'));
  let maxKg = 0;
  let totalKg = 0;
  let fromCatalog = 0;
  let fromDefault = 0;
  for (const [id, r] of perRack) {
    const instances = inv.rackSpace.get(id)?.slot.instances ?? 0;
    const kg = r.complete ? r.kg + (r.rackScale ? 0 : cabinet) : fallback;
    if (r.complete) fromCatalog += instances;
    else fromDefault += instances;
    if (instances > 0) maxKg = Math.max(maxKg, kg);
    totalKg += kg * instances;
  }
  return { maxKg, totalKg, source: fromCatalog > 0 && fromDefault > 0 ? 'mixed' : fromDefault > 0 ? 'assumption' : 'catalog' };
}

function stageLine(
  stage: FacilityStageLine['stage'],
  name: string,
  plan: { redundancy: FacilityStageLine['redundancy']; units: number; unitKVA: number; requiredKVA: number; installedKVA: number } | null,
  annual: { lossW: number; loadFraction: number; efficiency: number },
  designLossW: number,
  costUsd: number,
): FacilityStageLine {
  return {
    stage,
    name,
    redundancy: plan?.redundancy ?? null,
    units: plan?.units ?? 0,
    unitKVA: plan ? round(plan.unitKVA) : null,
    requiredKVA: plan ? round(plan.requiredKVA) : null,
    installedKVA: plan ? round(plan.installedKVA) : null,
    loadFraction: round(annual.loadFraction),
    efficiency: round(annual.efficiency),
    lossKW: kw(annual.lossW),
    designLossKW: kw(designLossW),
    costUsd: round(costUsd, 2),
  };
}

/** Hours-weighted mean of a stage's figures over the months. */
function annualStage(power: PowerStage, pick: (m: PowerStage['model']['months'][number]) => { lossW: number; loadFraction: number; outputW: number }) {
  let h = 0;
  let loss = 0;
  let lf = 0;
  let out = 0;
  for (const m of power.model.months) {
    const s = pick(m);
    h += m.hours;
    loss += s.lossW * m.hours;
    lf += s.loadFraction * m.hours;
    out += s.outputW * m.hours;
  }
  const lossW = h > 0 ? loss / h : 0;
  const outW = h > 0 ? out / h : 0;
  return { lossW, loadFraction: h > 0 ? lf / h : 0, efficiency: outW > 0 ? outW / (outW + lossW) : 0 };
}

/** Prices of the chain's units (UPS pro rata to the catalog module's price per kVA; the rest from named prices) and their BOM entries. */
export function electricalBom(e: ElectricalPlan, batteryMinutes: number, ups: PowerGearSpec | undefined, a: AssumptionValues): { entries: BomEntry[]; upsUsd: number; batteryUsd: number; transformerUsd: number; generatorUsd: number } {
  const upsUsdPerKVA = ups && ups.capacityKW > 0 ? ups.priceUsd / ups.capacityKW : 0;
  const batteryQty = Math.ceil(e.batteryKWh - 1e-9);
  const txPrice = e.transformer.unitKVA * Math.max(0, a.get('cost.transformerUsdPerKVA'));
  const genPrice = e.generator.unitKW * Math.max(0, a.get('cost.generatorUsdPerKW'));
  const batPrice = Math.max(0, a.get('cost.batteryUsdPerKWh'));
  const src = (what: string, price: string) => `Facility model: ${what} sized for the design day with their redundancy (core/power/facility-model.ts); price ${price}. ESTIMATE.`;
  const entries: BomEntry[] = [];
  if (e.ups.units > 0) {
    entries.push({ partId: 'facility-ups', name: `UPS module ${Math.round(e.ups.unitKVA)} kVA`, category: 'power', quantity: e.ups.units, unitPriceUsd: e.ups.unitKVA * upsUsdPerKVA, source: `${src('UPS modules', 'pro rata per kVA of the catalog UPS')}${ups ? ` Catalog UPS: ${ups.name} (${ups.source})` : ''}` });
    entries.push({ partId: 'facility-ups-battery', name: `UPS battery (${batteryMinutes} min), kWh`, category: 'power', quantity: batteryQty, unitPriceUsd: batPrice, source: src('battery energy', 'cost.batteryUsdPerKWh') });
  }
  if (e.transformer.units > 0) {
    entries.push({ partId: 'facility-transformer', name: `MV/LV transformer ${Math.round(e.transformer.unitKVA)} kVA`, category: 'power', quantity: e.transformer.units, unitPriceUsd: txPrice, source: src('transformers', 'cost.transformerUsdPerKVA') });
  }
  if (e.generator.units > 0) {
    entries.push({ partId: 'facility-generator', name: `Standby generator ${Math.round(e.generator.unitKW)} kW`, category: 'power', quantity: e.generator.units, unitPriceUsd: genPrice, source: src('generators', 'cost.generatorUsdPerKW') });
  }
  return {
    entries,
    upsUsd: e.ups.units * e.ups.unitKVA * upsUsdPerKVA,
    batteryUsd: e.ups.units > 0 ? batteryQty * batPrice : 0,
    transformerUsd: e.transformer.units * txPrice,
    generatorUsd: e.generator.units * genPrice,
  };
}

function electricalSection(power: PowerStage, site: Design['site'], ups: PowerGearSpec | undefined, a: AssumptionValues, bom: BomEntry[]): FacilitySection['electrical'] {
  const e = power.model.electrical;
  const dd = power.model.designDay.point.flow;
  const priced = electricalBom(e, facilityOf(site).upsBatteryMinutes, ups, a);
  bom.push(...priced.entries);
  const [upsCost, txCost, genCost, batCost] = [priced.upsUsd, priced.transformerUsd, priced.generatorUsd, priced.batteryUsd];
  const upsAnnual = annualStage(power, (m) => m.flow.ups);
  const txAnnual = annualStage(power, (m) => m.flow.transformer);
  const distAnnual = annualStage(power, (m) => m.flow.distribution);
  const gen = e.generator;
  return {
    powerFactor: round(e.powerFactor),
    upsBatteryMinutes: facilityOf(site).upsBatteryMinutes,
    batteryKWh: round(e.batteryKWh),
    upsFullLoadEfficiency: round(curveEfficiency(e.params.ups, 1)),
    stages: [
      stageLine('transformer', 'MV/LV transformers', e.transformer, txAnnual, dd.transformer.lossW, txCost),
      stageLine('generator', 'Standby generators', { redundancy: gen.redundancy, units: gen.units, unitKVA: gen.unitKVA, requiredKVA: gen.requiredKVA, installedKVA: gen.installedKVA }, { lossW: 0, loadFraction: 0, efficiency: 1 }, 0, genCost),
      stageLine('ups', 'UPS (double conversion)', e.ups, upsAnnual, dd.ups.lossW, upsCost + batCost),
      stageLine('distribution', 'Busway and rack PDUs', null, { ...distAnnual, loadFraction: 0 }, dd.distribution.lossW, 0),
    ],
  };
}

function liquidSection(power: PowerStage, design: Design, catalog: Catalog, inv: Inventory, a: AssumptionValues, bom: BomEntry[], errors: FacilitySection['errors']): FacilitySection['liquid'] {
  const s = facilityOf(design.site);
  const dd = power.model.designDay.point;
  const { part, error } = cduPart(design.site, catalog);
  if (error) errors.push({ path: 'site.facility.cduPartId', message: error });
  const capKW = part?.capacityKW ?? 0;
  const plan = cduPlan(dd.cooling.liquidHeatW, capKW, s.cduRedundancy);
  // Liquid units the design draws itself (rack or row CDUs, immersion tanks with their own heat
  // exchangers): then the facility's CDUs are not bought again.
  let drawnUnits = 0;
  let drawnKW = 0;
  for (const cu of design.coolingUnits) {
    const spec = catalog.get(cu.partId);
    if (!spec || spec.kind !== 'cooling' || spec.medium !== 'liquid') continue;
    const n = cu.quantity * inv.placement.groupMult(cu.groupId);
    drawnUnits += n;
    drawnKW += n * spec.capacityKW;
  }
  const inBom = drawnUnits === 0 && plan.units > 0 && part !== undefined;
  if (inBom && part) bom.push({ partId: part.id, name: part.name, category: 'cooling', quantity: plan.units, unitPriceUsd: part.priceUsd, source: `${part.source} Count: facility CDUs for the liquid heat at nameplate with ${s.cduRedundancy} redundancy.` });
  const deltaTK = s.liquidReturnC - s.liquidSupplyC;
  const limits = loopLimits(s, a);
  const designHeatW = dd.cooling.liquidHeatW + dd.cooling.liquidCoolingW;
  return {
    heatKW: kw(power.facility.heatToLiquidW),
    designHeatKW: kw(dd.cooling.liquidHeatW),
    supplyC: s.liquidSupplyC,
    returnC: s.liquidReturnC,
    deltaTK: round(deltaTK),
    flowM3PerH: round(waterFlowM3PerH(dd.cooling.liquidHeatW, deltaTK, a.get('liquid.waterDensityKgPerM3'), a.get('liquid.waterSpecificHeatJPerKgK'))),
    cdu: {
      partId: part?.id ?? null,
      name: part?.name ?? null,
      capacityKW: capKW,
      redundancy: s.cduRedundancy,
      needed: plan.needed,
      units: plan.units,
      drawnUnits,
      drawnCapacityKW: round(drawnKW),
      inBom,
    },
    heatRejection: s.liquidHeatRejection,
    rejectionKW: kw(dd.cooling.liquidHeatW > 0 ? designHeatW : 0),
    freeCoolingHours: round(power.model.freeCoolingHours.liquid, 1),
    freeCoolingLimitC: roundOrNull(limits.liquid.ambientC),
    freeCoolingBasis: limits.liquid.basis,
  };
}

function monthsSection(power: PowerStage, a: AssumptionValues): FacilitySection['months'] {
  const loadFactor = Math.max(0, a.get('power.annualLoadFactor'));
  return power.model.months.map((m) => ({
    month: m.month,
    hours: m.hours,
    dryBulbC: roundOrNull(m.dryBulbC),
    wetBulbC: roundOrNull(m.wetBulbC),
    freeCooling: { air: round(m.free.air), rearDoor: round(m.free.rearDoor), liquid: round(m.free.liquid) },
    coolingKW: kw(m.cooling.coolingW),
    powerChainLossKW: kw(m.flow.lossW),
    facilityPowerKW: kw(m.facilityW),
    pue: roundOrNull(ratio(m.facilityW, m.cooling.itW)),
    energyMWh: round((m.facilityW * loadFactor * m.hours) / 1e6),
  }));
}

/** The facility stage (after the power and rack stages). */
export function facilityStage(design: Design, catalog: Catalog, inv: Inventory, power: PowerStage, a: AssumptionValues): FacilityStage {
  const site = design.site;
  const s = facilityOf(site);
  const bom: BomEntry[] = [];
  const errors: FacilitySection['errors'] = power.model.errors.map((e) => ({ path: `site.facility.${e.path}`, message: e.message }));
  if (site.city === 'custom' && !site.customClimate) errors.push({ path: 'site.customClimate', message: 'is required when site.city is "custom"' });
  const electrical = electricalSection(power, site, standardUps(catalog), a, bom);
  const liquid = liquidSection(power, design, catalog, inv, a, bom, errors);
  const dd = power.model.designDay;
  const limits = loopLimits(s, a);
  const weights = rackWeights(inv, a);
  const floor = floorLayout({
    racks: inv.placement.rackInstances,
    racksPerRow: s.racksPerRow,
    rackWidthM: s.rackWidthM,
    rackDepthM: s.rackDepthM,
    coldAisleM: s.coldAisleM,
    hotAisleM: s.hotAisleM,
    endAisleM: Math.max(0, a.get('floor.endAisleM')),
    maxRackWeightKg: weights.maxKg,
    totalWeightKg: weights.totalKg,
    itPowerW: power.it.maxW,
    limitKgPerM2: s.floorLimitKgPerM2,
  });
  const warnings: EvalWarning[] = errors.map((e) => warning('error', 'facility-input', `${e.path}: ${e.message}`, [], { path: e.path, detail: e.message }));
  if (floor.overLimit) {
    warnings.push(
      warning(
        'warning',
        'floor-overloaded',
        `The heaviest rack (${Math.round(weights.maxKg)} kg on ${round(s.rackWidthM * s.rackDepthM, 3)} m2) loads the floor with ${Math.round(floor.rackLoadingKgPerM2)} kg/m2, above the floor rating of ${s.floorLimitKgPerM2} kg/m2 (site.facility.floorLimitKgPerM2)`,
        [],
        { kg: Math.round(weights.maxKg), load: Math.round(floor.rackLoadingKgPerM2), limit: s.floorLimitKgPerM2 },
      ),
    );
  }
  const climate = power.climate;
  const section: FacilitySection = {
    climate: {
      mode: climate ? (climate.id === 'custom' ? 'custom' : 'city') : 'label',
      id: climate?.id ?? null,
      name: climate?.name ?? site.climate,
      label: site.climate,
      source: climate?.source ?? 'Climate label: annual free-cooling shares from the cooling.free* assumptions.',
      dryBulbVerified: climate?.dryBulbVerified ?? false,
      wetBulbVerified: climate?.wetBulbVerified ?? false,
    },
    annual: {
      pue: roundOrNull(power.facility.pue),
      facilityPowerKW: kw(power.facility.facilityPowerW),
      energyMWh: round(power.annualEnergyMWh),
      itEnergyMWh: round(power.annualItMWh),
      wueLPerKWh: roundOrNull(power.facility.wueLPerKWh),
    },
    designDay: {
      dryBulbC: roundOrNull(dd.dryBulbC),
      wetBulbC: roundOrNull(dd.wetBulbC),
      itKW: kw(dd.point.cooling.itW),
      coolingKW: kw(dd.point.cooling.coolingW),
      powerChainLossKW: kw(dd.point.flow.lossW),
      miscKW: kw(dd.point.miscW),
      facilityPowerKW: kw(dd.point.facilityW),
      pue: roundOrNull(ratio(dd.point.facilityW, dd.point.cooling.itW)),
    },
    months: monthsSection(power, a),
    electrical,
    liquid,
    air: {
      heatKW: kw(power.facility.heatToAirW),
      designHeatKW: kw(dd.point.cooling.itW - dd.point.cooling.liquidHeatW),
      heatRejection: s.airHeatRejection,
      chilledWaterSupplyC: round(a.get('cooling.chilledWaterSupplyC')),
      freeCoolingHours: round(power.model.freeCoolingHours.air, 1),
      rearDoorFreeCoolingHours: round(power.model.freeCoolingHours.rearDoor, 1),
      freeCoolingLimitC: roundOrNull(limits.air.ambientC),
      freeCoolingBasis: limits.air.basis,
    },
    floor: {
      racks: inv.placement.rackInstances,
      rows: floor.rows,
      rowLengthM: round(floor.rowLengthM),
      whiteSpaceM2: round(floor.whiteSpaceM2),
      footprintM2: round(floor.footprintM2),
      containment: s.containment,
      rackWeightKg: round(weights.maxKg),
      weightSource: weights.source,
      rackLoadingKgPerM2: round(floor.rackLoadingKgPerM2),
      averageLoadingKgPerM2: round(floor.averageLoadingKgPerM2),
      limitKgPerM2: s.floorLimitKgPerM2,
      kWPerM2: round(floor.kWPerM2),
    },
    errors,
  };
  return { section, bom, warnings };
}
