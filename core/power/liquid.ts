/**
 * Water loops and heat rejection: CDUs from their capacity and redundancy, the
 * facility water flow from the heat and the supply/return temperatures
 * (Q = P / (rho c dT)), the hours a rejection method makes the loop's water without
 * a chiller, and the water it evaporates.
 *
 *   dry cooler:     free while dry-bulb <= supply - dry-cooler approach; no water
 *   cooling tower:  free while wet-bulb <= supply - tower approach - HX approach;
 *                   evaporates water all year (make-up = evaporation x C / (C - 1))
 *   chiller:        an air-cooled chiller, mechanical every hour; no water
 */
import { shareBelow, type ClimateMonth } from './climate';
import { planUnits, type Redundancy, type UnitPlan } from './electrical';

export type HeatRejection = 'dry-cooler' | 'cooling-tower' | 'chiller';
export const HEAT_REJECTIONS: readonly HeatRejection[] = ['dry-cooler', 'cooling-tower', 'chiller'];

/** CDUs of `capacityKW` for `heatW` of liquid heat with the given redundancy (N, N+1, 2N). */
export function cduPlan(heatW: number, capacityKW: number, redundancy: Redundancy): UnitPlan {
  return planUnits(Math.max(0, heatW) / 1000, capacityKW, redundancy);
}

/** Water flow that carries `heatW` at a temperature rise of `deltaTK`, m3/h: P / (rho c dT) x 3600. */
export function waterFlowM3PerH(heatW: number, deltaTK: number, densityKgPerM3: number, specificHeatJPerKgK: number): number {
  const den = densityKgPerM3 * specificHeatJPerKgK * deltaTK;
  if (!(heatW > 0) || !(den > 0)) return 0;
  return (heatW / den) * 3600;
}

export interface RejectionParams {
  towerApproachK: number;
  dryCoolerApproachK: number;
  hxApproachK: number;
  dryBulbSpreadK: number;
  wetBulbSpreadK: number;
}

/** The ambient below which `method` makes water at `supplyC` without a chiller, and which temperature it is read against. */
export function freeCoolingLimit(method: HeatRejection, supplyC: number, p: RejectionParams): { basis: 'dry-bulb' | 'wet-bulb' | null; ambientC: number | null } {
  if (method === 'dry-cooler') return { basis: 'dry-bulb', ambientC: supplyC - p.dryCoolerApproachK };
  if (method === 'cooling-tower') return { basis: 'wet-bulb', ambientC: supplyC - p.towerApproachK - p.hxApproachK };
  return { basis: null, ambientC: null };
}

/** Share of a month's hours in which `method` needs no chiller for water at `supplyC`. */
export function freeShare(method: HeatRejection, supplyC: number, month: ClimateMonth, p: RejectionParams): number {
  const limit = freeCoolingLimit(method, supplyC, p);
  if (limit.ambientC === null) return 0;
  return limit.basis === 'dry-bulb' ? shareBelow(month.dryBulbC, limit.ambientC, p.dryBulbSpreadK) : shareBelow(month.wetBulbC, limit.ambientC, p.wetBulbSpreadK);
}

/** Make-up water of a cooling tower per kWh of heat it rejects, L: evaporation x evaporative share x C / (C - 1). */
export function towerMakeUpLPerKWh(evaporationLPerKWh: number, evaporativeShare: number, cycles: number): number {
  const c = Math.max(1.01, cycles);
  return Math.max(0, evaporationLPerKWh) * Math.min(1, Math.max(0, evaporativeShare)) * (c / (c - 1));
}
