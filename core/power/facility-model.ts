/**
 * The facility month by month: the loops' free-cooling shares from the site's
 * climate (or the climate label's annual shares), cooling power, the electrical
 * chain sized on the design day and its losses at each month's load, and the
 * annual figures as the hours-weighted sum of the months.
 *
 *   month m: cooling_m from free shares f_m (dry cooler: dry-bulb; tower: wet-bulb);
 *            facility_m = chain input at IT + cooling_m + misc
 *   annual PUE = sum(facility_m x h_m) / sum(IT x h_m)
 *   design day: IT at nameplate, the hottest month + z spreads (label: no free cooling);
 *            it sizes UPS (IT + pumps on UPS), transformers and generators (everything).
 */
import { FACILITY_DEFAULTS, type Climate, type FacilitySettings } from '../model/design';
import type { AssumptionValues } from './assumptions';
import { designDay, HOURS_PER_MONTH, type ClimateMonth, type SiteClimate } from './climate';
import {
  batteryKWh,
  chainFlow,
  GENERATOR_RATINGS_KW,
  planUnits,
  rightSizedUnit,
  TRANSFORMER_RATINGS_KVA,
  transformerCurve,
  UPS_RATINGS_KVA,
  upsCurve,
  upsRequiredKVA,
  type ChainFlow,
  type ChainParams,
  type UnitPlan,
} from './electrical';
import { coolingAt, coolingConstants, facilityResultOf, labelConditions, type CoolingConstants, type CoolingPoint, type FacilityResult, type LoadByPath, type LoopConditions } from './facility';
import { freeCoolingLimit, freeShare, towerMakeUpLPerKWh, type HeatRejection, type RejectionParams } from './liquid';

export interface FacilityModelInput {
  /** IT power by cooling path, typical, W. */
  itByPath: LoadByPath;
  /** IT power by cooling path, nameplate, W. */
  itMaxByPath: LoadByPath;
  label: Climate;
  /** Month-by-month climate; null = the label's annual shares. */
  climate: SiteClimate | null;
  settings: FacilitySettings;
  /** The standard UPS module, kVA (the catalog UPS). */
  upsStandardKVA: number;
}

export interface MonthPoint {
  month: number;
  hours: number;
  dryBulbC: number | null;
  wetBulbC: number | null;
  free: LoopConditions['free'];
  cooling: CoolingPoint;
  miscW: number;
  flow: ChainFlow;
  facilityW: number;
}

export interface ElectricalPlan {
  powerFactor: number;
  ups: UnitPlan;
  upsDesignKW: number;
  batteryKWh: number;
  transformer: UnitPlan;
  generator: UnitPlan & { unitKW: number; requiredKW: number };
  params: ChainParams;
}

export interface FacilityModel {
  annual: FacilityResult;
  months: MonthPoint[];
  designDay: { dryBulbC: number | null; wetBulbC: number | null; point: MonthPoint };
  electrical: ElectricalPlan;
  /** Hours per year each loop runs without chillers. */
  freeCoolingHours: { air: number; rearDoor: number; liquid: number };
  /** Field problems found while sizing (path below `site.facility`, message). */
  errors: Array<{ path: string; message: string }>;
}

function rejectionParams(a: AssumptionValues): RejectionParams {
  return {
    towerApproachK: Math.max(0, a.get('cooling.towerApproachK')),
    dryCoolerApproachK: Math.max(0, a.get('cooling.dryCoolerApproachK')),
    hxApproachK: Math.max(0, a.get('cooling.hxApproachK')),
    dryBulbSpreadK: Math.max(0, a.get('climate.dryBulbHourlySpreadK')),
    wetBulbSpreadK: Math.max(0, a.get('climate.wetBulbHourlySpreadK')),
  };
}

/** Mechanical COP of a loop: water-cooled (tower) plant or air-cooled chillers for the chilled-water loops; the trim chiller for warm water. */
function loopCop(loop: 'chilled' | 'warm', method: HeatRejection, a: AssumptionValues): number {
  if (loop === 'warm') return a.get('cooling.liquidChillerCop');
  return method === 'cooling-tower' ? a.get('cooling.chillerCop') : a.get('cooling.airCooledChillerCop');
}

/** Water per kWh of heat on a loop: tower make-up for the heat plus the chillers' own heat in mechanical hours; none for dry methods. */
function loopWater(method: HeatRejection, free: number, cop: number, makeUpLPerKWh: number): number {
  if (method !== 'cooling-tower') return 0;
  return makeUpLPerKWh * (1 + (1 - free) / Math.max(0.1, cop));
}

/** What the month-by-month conditions need of the settings and assumptions (read once). */
interface ClimateConstants {
  rp: RejectionParams;
  s: FacilitySettings;
  chilledSupplyC: number;
  rearDoorSupplyC: number;
  cop: LoopConditions['cop'];
  makeUp: number;
}

function climateConstants(s: FacilitySettings, a: AssumptionValues): ClimateConstants {
  return {
    rp: rejectionParams(a),
    s,
    chilledSupplyC: a.get('cooling.chilledWaterSupplyC'),
    rearDoorSupplyC: a.get('cooling.rearDoorWaterSupplyC'),
    cop: { air: loopCop('chilled', s.airHeatRejection, a), rearDoor: loopCop('chilled', s.airHeatRejection, a), liquid: loopCop('warm', s.liquidHeatRejection, a) },
    makeUp: towerMakeUpLPerKWh(a.get('water.towerEvaporationLPerKWh'), a.get('water.towerEvaporativeShare'), a.get('water.towerCyclesOfConcentration')),
  };
}

function conditionsAt(month: Pick<ClimateMonth, 'dryBulbC' | 'wetBulbC'>, k: ClimateConstants, spreads: boolean): LoopConditions {
  const { s, cop } = k;
  const rp = spreads ? k.rp : { ...k.rp, dryBulbSpreadK: 0, wetBulbSpreadK: 0 };
  const m = { month: 0, hours: 0, relativeHumidityPct: null, ...month };
  const air = freeShare(s.airHeatRejection, k.chilledSupplyC, m, rp);
  const rd = freeShare(s.airHeatRejection, k.rearDoorSupplyC, m, rp);
  const liq = freeShare(s.liquidHeatRejection, s.liquidSupplyC, m, rp);
  return {
    free: { air, rearDoor: rd, liquid: liq },
    cop,
    wue: {
      air: loopWater(s.airHeatRejection, air, cop.air, k.makeUp),
      rearDoor: loopWater(s.airHeatRejection, rd, cop.rearDoor, k.makeUp),
      liquid: loopWater(s.liquidHeatRejection, liq, cop.liquid, k.makeUp),
    },
  };
}

/** Loop conditions of one month of a city (or custom) climate. */
export function monthConditions(month: Pick<ClimateMonth, 'dryBulbC' | 'wetBulbC'>, s: FacilitySettings, a: AssumptionValues, spreads = true): LoopConditions {
  return conditionsAt(month, climateConstants(s, a), spreads);
}

/** The free-cooling limit of each loop (ambient °C and which temperature), for display. */
export function loopLimits(s: FacilitySettings, a: AssumptionValues) {
  const p = rejectionParams(a);
  return {
    air: freeCoolingLimit(s.airHeatRejection, a.get('cooling.chilledWaterSupplyC'), p),
    rearDoor: freeCoolingLimit(s.airHeatRejection, a.get('cooling.rearDoorWaterSupplyC'), p),
    liquid: freeCoolingLimit(s.liquidHeatRejection, s.liquidSupplyC, p),
  };
}

const sumPaths = (l: LoadByPath) => l.air + l['rear-door'] + l['cold-plate'] + l.immersion;

interface PointConstants {
  cooling: CoolingConstants;
  misc: number;
  pumpsOnUps: boolean;
}

function pointAt(itByPath: LoadByPath, c: LoopConditions, params: ChainParams, k: PointConstants, at: { month: number; hours: number; dryBulbC: number | null; wetBulbC: number | null }): MonthPoint {
  const cooling = coolingAt(itByPath, c, k.cooling);
  const miscW = cooling.itW * k.misc;
  const onUps = k.pumpsOnUps ? cooling.pumpW : 0;
  const flow = chainFlow({ itW: cooling.itW, upsExtraW: onUps, otherW: cooling.coolingW - onUps + miscW }, params);
  return { ...at, free: c.free, cooling, miscW, flow, facilityW: flow.inputW };
}

/** Size the chain on the design day: UPS for IT + pumps, transformers and generators for the whole LV load. */
function sizeChain(input: FacilityModelInput, ddConditions: LoopConditions, a: AssumptionValues, errors: FacilityModel['errors']): ElectricalPlan {
  const s = input.settings;
  const pf = Math.min(1, Math.max(0.3, a.get('power.powerFactor')));
  const dEff = a.get('power.distributionEfficiency');
  const ups = upsCurve(a.get('power.upsEfficiency'), a.get('power.upsNoLoadLossShare'), a.get('power.upsSquareLossShare'));
  const transformer = transformerCurve(a.get('power.transformerNoLoadLoss'), a.get('power.transformerLoadLoss'));
  const peakCooling = coolingAt(input.itMaxByPath, ddConditions, a);
  const pumps = a.get('power.liquidPumpsOnUps') >= 0.5 ? peakCooling.pumpW : 0;
  const upsKVA = upsRequiredKVA(peakCooling.itW, pumps, dEff, pf);
  const upsUnit = s.upsModuleKVA ?? rightSizedUnit(upsKVA, input.upsStandardKVA, UPS_RATINGS_KVA);
  const upsPlan = planUnits(upsKVA, upsUnit, s.upsTopology, s.upsModules);
  if (s.upsModules !== undefined && upsKVA > 0) {
    const carrying = (s.upsTopology === 'N+1' ? s.upsModules - 1 : s.upsModules) * upsUnit;
    if (carrying + 1e-9 < upsKVA) {
      const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
      errors.push({
        path: 'upsModules',
        message: `${s.upsModules} x ${fmt(upsUnit)} kVA ${s.upsTopology === 'N+1' ? 'less the redundant module ' : s.upsTopology === '2N' ? 'per side ' : ''}carries ${fmt(carrying)} kVA, smaller than the UPS load of ${fmt(upsKVA)} kVA (IT at nameplate${pumps > 0 ? ' and liquid pumps' : ''}); use at least ${upsPlan.needed + (s.upsTopology === 'N+1' ? 1 : 0)} modules or leave it empty to size automatically`,
      });
    }
  }
  const noTransformer: UnitPlan = { redundancy: 'N', needed: 0, systems: 1, units: 0, unitKVA: 0, requiredKVA: 0, installedKVA: 0 };
  const params0: ChainParams = { powerFactor: pf, distributionEfficiency: dEff, ups, transformer, upsPlan, transformerPlan: noTransformer };
  const miscW = peakCooling.itW * Math.max(0, a.get('facility.miscFraction'));
  const lvLoadW = chainFlow({ itW: peakCooling.itW, upsExtraW: pumps, otherW: peakCooling.coolingW - pumps + miscW }, params0).inputW;
  const txKVA = lvLoadW / 1000 / pf;
  const transformerPlan = planUnits(txKVA, rightSizedUnit(txKVA, Math.max(1, a.get('power.transformerUnitKVA')), TRANSFORMER_RATINGS_KVA), s.transformerRedundancy);
  const genKW = lvLoadW / 1000;
  const genUnitKW = rightSizedUnit(genKW, Math.max(1, a.get('power.generatorUnitKW')), GENERATOR_RATINGS_KW);
  const genPf = Math.min(1, Math.max(0.3, a.get('power.generatorPowerFactor')));
  const gen = planUnits(genKW, genUnitKW, s.generatorRedundancy);
  const upsDesignKW = upsKVA * pf;
  return {
    powerFactor: pf,
    ups: upsPlan,
    upsDesignKW,
    batteryKWh: batteryKWh(upsDesignKW, s.upsBatteryMinutes, upsPlan.systems),
    transformer: transformerPlan,
    generator: { ...gen, unitKVA: genUnitKW / genPf, requiredKVA: genKW / genPf, installedKVA: (gen.units * genUnitKW) / genPf, unitKW: genUnitKW, requiredKW: genKW },
    params: { ...params0, transformerPlan },
  };
}

/** The facility over a year of months (or the label's single operating point repeated). */
export function facilityModel(input: FacilityModelInput, a: AssumptionValues): FacilityModel {
  const errors: FacilityModel['errors'] = [];
  const s = input.settings;
  const dd = input.climate
    ? designDay(input.climate, a.get('climate.designDayZ'), Math.max(0, a.get('climate.dryBulbHourlySpreadK')), Math.max(0, a.get('climate.wetBulbHourlySpreadK')))
    : null;
  const label = labelConditions(input.label, a);
  // The label has no design-day temperatures: every loop on its chillers.
  const ck = climateConstants(s, a);
  const pk: PointConstants = { cooling: coolingConstants(a), misc: Math.max(0, a.get('facility.miscFraction')), pumpsOnUps: a.get('power.liquidPumpsOnUps') >= 0.5 };
  const ddConditions = dd ? conditionsAt(dd, ck, false) : { ...label, free: { air: 0, rearDoor: 0, liquid: 0 } };
  const electrical = sizeChain(input, ddConditions, a, errors);
  // The label's months are all alike: one operating point, repeated.
  const labelPoint = input.climate ? undefined : pointAt(input.itByPath, label, electrical.params, pk, { month: 0, hours: 0, dryBulbC: null, wetBulbC: null });
  const months: MonthPoint[] = HOURS_PER_MONTH.map((hours, i) => {
    const m = input.climate?.months[i];
    if (!m && labelPoint) return { ...labelPoint, month: i + 1, hours };
    const c = m ? conditionsAt(m, ck, true) : label;
    return pointAt(input.itByPath, c, electrical.params, pk, { month: i + 1, hours, dryBulbC: m?.dryBulbC ?? null, wetBulbC: m?.wetBulbC ?? null });
  });
  const annual = facilityResultOf(
    months.map((m) => ({ hours: m.hours, cooling: m.cooling, lossW: m.flow.lossW, miscW: m.miscW })),
    input.itByPath,
  );
  const freeCoolingHours = { air: 0, rearDoor: 0, liquid: 0 };
  for (const m of months) {
    freeCoolingHours.air += m.free.air * m.hours;
    freeCoolingHours.rearDoor += m.free.rearDoor * m.hours;
    freeCoolingHours.liquid += m.free.liquid * m.hours;
  }
  const ddPoint = pointAt(input.itMaxByPath, ddConditions, electrical.params, pk, { month: 0, hours: 0, dryBulbC: dd?.dryBulbC ?? null, wetBulbC: dd?.wetBulbC ?? null });
  return { annual, months, designDay: { dryBulbC: dd?.dryBulbC ?? null, wetBulbC: dd?.wetBulbC ?? null, point: ddPoint }, electrical, freeCoolingHours, errors };
}

export { sumPaths };

/** Catalog-independent default: a 1 MW double-conversion UPS module (the catalog's UPS). */
export const DEFAULT_UPS_KVA = 1000;

/**
 * Facility power of an IT load by path under the climate label and default
 * facility settings (N+1 chain sized for this load): the annual figures only.
 */
export function facilityPower(itByPath: LoadByPath, climate: Climate, a: AssumptionValues, settings: FacilitySettings = FACILITY_DEFAULTS): FacilityResult {
  return facilityModel({ itByPath, itMaxByPath: itByPath, label: climate, climate: null, settings, upsStandardKVA: DEFAULT_UPS_KVA }, a).annual;
}
