/**
 * Cooling model: cooling power by cooling path under the loops' conditions,
 * partial PUEs and WUE; the year's figures from its operating points.
 *
 * Model (per watt of IT heat on a path; f = free-cooling share of the hours, from the
 * climate label's annual assumptions or month by month from a city, facility-model.ts):
 *   air:        fan + (1-f)/chillerCop + f*economiser
 *   rear-door:  rdFan + (1-f)/chillerCop + f*economiser      (f of rear-door water)
 *   cold-plate: L*(cduPump + reject) + (1-L)*air              (L = liquid capture share)
 *   immersion:  immersionPump + reject
 *   reject    = (1-f)/liquidChillerCop + f*dryCooler          (f of warm water)
 * Power-chain losses come from the electrical chain's stages at the load they carry
 * (electrical.ts); misc = IT * miscFraction.
 * PUE = (IT + cooling + loss + misc) / IT; null when IT is zero.
 */
import type { Climate } from '../model/design';
import { atLeast, clamp01, type AssumptionValues } from './assumptions';

export type CoolingPath = 'air' | 'rear-door' | 'cold-plate' | 'immersion';
export const COOLING_PATHS: readonly CoolingPath[] = ['air', 'rear-door', 'cold-plate', 'immersion'];

export type LoadByPath = Record<CoolingPath, number>;
export const zeroByPath = (): LoadByPath => ({ air: 0, 'rear-door': 0, 'cold-plate': 0, immersion: 0 });

export interface PathCoefficients {
  /** Cooling power per watt of heat on this path. */
  coolingWPerW: number;
  /** Share of the heat removed by liquid. */
  liquidShare: number;
  /** Cooling power of the liquid part per watt of (total) heat on this path. */
  liquidCoolingWPerW: number;
  /** CDU or tank pump power per watt of heat on this path (part of coolingWPerW). */
  pumpWPerW: number;
  /** Water per IT kWh on this path, litres. */
  wueLPerKWh: number;
}

/** Conditions of the cooling loops at one time: free-cooling shares, mechanical COPs and water use. */
export interface LoopConditions {
  /** Share of the hours each loop runs without chillers (0..1). */
  free: { air: number; rearDoor: number; liquid: number };
  /** COP of the mechanical cooling each loop uses in the other hours. */
  cop: { air: number; rearDoor: number; liquid: number };
  /** Water per kWh of IT heat on each loop, litres. */
  wue: { air: number; rearDoor: number; liquid: number };
}

/** The coarse climate label's conditions: annual free-cooling shares and water use from the assumptions. */
export function labelConditions(climate: Climate, a: AssumptionValues): LoopConditions {
  const share = (prefix: string) => clamp01(a.get(`${prefix}.${climate}`));
  const chillerCop = atLeast(a.get('cooling.chillerCop'), 0.1);
  return {
    free: { air: share('cooling.freeAir'), rearDoor: share('cooling.freeRearDoor'), liquid: share('cooling.freeLiquid') },
    cop: { air: chillerCop, rearDoor: chillerCop, liquid: atLeast(a.get('cooling.liquidChillerCop'), 0.1) },
    wue: { air: Math.max(0, a.get('water.wueAir')), rearDoor: Math.max(0, a.get('water.wueRearDoor')), liquid: Math.max(0, a.get('water.wueLiquid')) },
  };
}

/** Cooling power, liquid share and water use per watt of heat on one path (climate label). */
export function pathCoefficients(path: CoolingPath, climate: Climate, a: AssumptionValues): PathCoefficients {
  return pathCoefficientsAt(path, labelConditions(climate, a), a);
}

/** The cooling coefficients that do not depend on the loops' conditions (read once per evaluation). */
export interface CoolingConstants {
  economiser: number;
  airFan: number;
  rearDoorFan: number;
  dryCooler: number;
  capture: number;
  cduPump: number;
  immersionPump: number;
}

export function coolingConstants(a: AssumptionValues): CoolingConstants {
  return {
    economiser: Math.max(0, a.get('cooling.economizerFraction')),
    airFan: Math.max(0, a.get('cooling.airFanFraction')),
    rearDoorFan: Math.max(0, a.get('cooling.rearDoorFanFraction')),
    dryCooler: Math.max(0, a.get('cooling.dryCoolerFraction')),
    capture: clamp01(a.get('cooling.liquidCaptureFraction')),
    cduPump: Math.max(0, a.get('cooling.cduPumpFraction')),
    immersionPump: Math.max(0, a.get('cooling.immersionPumpFraction')),
  };
}

/** Cooling power, liquid share and water use per watt of heat on one path under given loop conditions. */
export function pathCoefficientsAt(path: CoolingPath, c: LoopConditions, k: CoolingConstants | AssumptionValues): PathCoefficients {
  const q = 'get' in k ? coolingConstants(k) : k;
  const fAir = clamp01(c.free.air);
  const fRd = clamp01(c.free.rearDoor);
  const fLiq = clamp01(c.free.liquid);
  const air = q.airFan + (1 - fAir) / atLeast(c.cop.air, 0.1) + fAir * q.economiser;
  const reject = (1 - fLiq) / atLeast(c.cop.liquid, 0.1) + fLiq * q.dryCooler;
  switch (path) {
    case 'air':
      return { coolingWPerW: air, liquidShare: 0, liquidCoolingWPerW: 0, pumpWPerW: 0, wueLPerKWh: c.wue.air };
    case 'rear-door':
      return {
        coolingWPerW: q.rearDoorFan + (1 - fRd) / atLeast(c.cop.rearDoor, 0.1) + fRd * q.economiser,
        liquidShare: 0,
        liquidCoolingWPerW: 0,
        pumpWPerW: 0,
        wueLPerKWh: c.wue.rearDoor,
      };
    case 'cold-plate': {
      const l = q.capture;
      const pump = l * q.cduPump;
      const liquidPart = pump + l * reject;
      return {
        coolingWPerW: liquidPart + (1 - l) * air,
        liquidShare: l,
        liquidCoolingWPerW: liquidPart,
        pumpWPerW: pump,
        wueLPerKWh: l * c.wue.liquid + (1 - l) * c.wue.air,
      };
    }
    case 'immersion': {
      const pump = q.immersionPump;
      const cool = pump + reject;
      return { coolingWPerW: cool, liquidShare: 1, liquidCoolingWPerW: cool, pumpWPerW: pump, wueLPerKWh: c.wue.liquid };
    }
  }
}

/** Cooling of the IT load on each path under one set of loop conditions, W (water in L per hour-equivalent: W x L/kWh). */
export interface CoolingPoint {
  coolingByPathW: LoadByPath;
  coolingW: number;
  itW: number;
  liquidHeatW: number;
  liquidCoolingW: number;
  /** CDU and tank pumps (a UPS load when so assumed). */
  pumpW: number;
  waterWLPerKWh: number;
}

export function coolingAt(itByPath: LoadByPath, c: LoopConditions, a: CoolingConstants | AssumptionValues): CoolingPoint {
  const k = 'get' in a ? coolingConstants(a) : a;
  const out: CoolingPoint = { coolingByPathW: zeroByPath(), coolingW: 0, itW: 0, liquidHeatW: 0, liquidCoolingW: 0, pumpW: 0, waterWLPerKWh: 0 };
  for (const path of COOLING_PATHS) {
    const load = Math.max(0, itByPath[path]);
    if (!(load > 0)) continue;
    const pc = pathCoefficientsAt(path, c, k);
    const p = load * pc.coolingWPerW;
    out.coolingByPathW[path] = p;
    out.itW += load;
    out.coolingW += p;
    out.liquidHeatW += load * pc.liquidShare;
    out.liquidCoolingW += load * pc.liquidCoolingWPerW;
    out.pumpW += load * pc.pumpWPerW;
    out.waterWLPerKWh += load * pc.wueLPerKWh;
  }
  return out;
}

export interface FacilityResult {
  itPowerW: number;
  coolingPowerW: number;
  coolingByPathW: LoadByPath;
  /** Distribution, UPS and transformer losses. */
  powerChainLossW: number;
  miscPowerW: number;
  facilityPowerW: number;
  /** Annualised PUE; null when there is no IT load. */
  pue: number | null;
  /** (IT + cooling) / IT. */
  partialPueCooling: number | null;
  /** (IT + power-chain loss) / IT. */
  partialPuePowerChain: number | null;
  /** Per path: (IT on path + its cooling) / IT on path; null for a path without load. */
  partialPueByPath: Record<CoolingPath, number | null>;
  /** (liquid heat + its pumps and heat rejection) / liquid heat: the DLC partial PUE. */
  partialPueLiquid: number | null;
  heatToLiquidW: number;
  heatToAirW: number;
  /** Litres of water per IT kWh; null without IT load. */
  wueLPerKWh: number | null;
}

export const ratio = (num: number, den: number): number | null => (den > 0 && Number.isFinite(num / den) ? num / den : null);

/** Figures averaged over a year of operating points (hours-weighted), as a FacilityResult. */
export function facilityResultOf(points: ReadonlyArray<{ hours: number; cooling: CoolingPoint; lossW: number; miscW: number }>, itByPath: LoadByPath): FacilityResult {
  let h = 0;
  const coolingByPathW = zeroByPath();
  let cooling = 0;
  let loss = 0;
  let misc = 0;
  let liquidCooling = 0;
  let water = 0;
  let liquid = 0;
  let it = 0;
  for (const p of points) {
    h += p.hours;
    for (const path of COOLING_PATHS) coolingByPathW[path] += p.cooling.coolingByPathW[path] * p.hours;
    cooling += p.cooling.coolingW * p.hours;
    loss += p.lossW * p.hours;
    misc += p.miscW * p.hours;
    liquidCooling += p.cooling.liquidCoolingW * p.hours;
    water += p.cooling.waterWLPerKWh * p.hours;
    liquid = p.cooling.liquidHeatW;
    it = p.cooling.itW;
  }
  const avg = (v: number) => (h > 0 ? v / h : 0);
  for (const path of COOLING_PATHS) coolingByPathW[path] = avg(coolingByPathW[path]);
  const coolingW = avg(cooling);
  const lossW = avg(loss);
  const miscW = avg(misc);
  const facilityPowerW = it + coolingW + lossW + miscW;
  const partialPueByPath: Record<CoolingPath, number | null> = { air: null, 'rear-door': null, 'cold-plate': null, immersion: null };
  for (const path of COOLING_PATHS) {
    const load = Math.max(0, itByPath[path]);
    if (load > 0) partialPueByPath[path] = ratio(load + coolingByPathW[path], load);
  }
  return {
    itPowerW: it,
    coolingPowerW: coolingW,
    coolingByPathW,
    powerChainLossW: lossW,
    miscPowerW: miscW,
    facilityPowerW,
    pue: ratio(facilityPowerW, it),
    partialPueCooling: ratio(it + coolingW, it),
    partialPuePowerChain: ratio(it + lossW, it),
    partialPueByPath,
    partialPueLiquid: ratio(liquid + avg(liquidCooling), liquid),
    heatToLiquidW: liquid,
    heatToAirW: it - liquid,
    wueLPerKWh: ratio(avg(water), it),
  };
}

/**
 * IT power of one server in a rack with the given cooling. An air-cooled server
 * design placed in a cold-plate or immersion rack loses (most of) its fan power,
 * which is IT power: that is why liquid cooling lowers total energy by more than
 * the PUE change alone shows.
 */
export function serverPowerInRack(
  spec: { typicalPowerW: number; maxPowerW: number; cooling: 'air' | 'cold-plate' | 'immersion' },
  rackCooling: CoolingPath,
  a: AssumptionValues,
): { typicalW: number; maxW: number; fanSavingFraction: number } {
  let saving = 0;
  if (spec.cooling === 'air' && (rackCooling === 'cold-plate' || rackCooling === 'immersion')) {
    const fan = clamp01(a.get('power.serverFanFraction'));
    const residual = rackCooling === 'cold-plate' ? clamp01(a.get('power.coldPlateResidualFanShare')) : 0;
    saving = fan * (1 - residual);
  }
  return { typicalW: spec.typicalPowerW * (1 - saving), maxW: spec.maxPowerW * (1 - saving), fanSavingFraction: saving };
}

export const HOURS_PER_YEAR = 8760;

/** Energy over `hours` at `powerW`, in MWh. */
export function energyMWh(powerW: number, hours: number): number {
  const e = (powerW * hours) / 1e6;
  return Number.isFinite(e) ? e : 0;
}
