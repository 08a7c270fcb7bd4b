/**
 * Facility model: cooling power by cooling path and climate, power-chain
 * losses, PUE (annualised), partial PUEs, WUE and CUE.
 *
 * Model (per watt of IT heat on a path; f = free-cooling share of the year):
 *   air:        fan + (1-f)/chillerCop + f*economiser
 *   rear-door:  rdFan + (1-f)/chillerCop + f*economiser      (f of rear-door water)
 *   cold-plate: L*(cduPump + reject) + (1-L)*air              (L = liquid capture share)
 *   immersion:  immersionPump + reject
 *   reject    = (1-f)/liquidChillerCop + f*dryCooler          (f of warm water)
 * Power chain loss = IT * (1/(ups*distribution) - 1); misc = IT * miscFraction.
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
  /** Water per IT kWh on this path, litres. */
  wueLPerKWh: number;
}

function freeShare(a: AssumptionValues, prefix: string, climate: Climate): number {
  return clamp01(a.get(`${prefix}.${climate}`));
}

/** Cooling power, liquid share and water use per watt of heat on one path. */
export function pathCoefficients(path: CoolingPath, climate: Climate, a: AssumptionValues): PathCoefficients {
  const chillerCop = atLeast(a.get('cooling.chillerCop'), 0.1);
  const liquidCop = atLeast(a.get('cooling.liquidChillerCop'), 0.1);
  const econ = Math.max(0, a.get('cooling.economizerFraction'));
  const fAir = freeShare(a, 'cooling.freeAir', climate);
  const fRd = freeShare(a, 'cooling.freeRearDoor', climate);
  const fLiq = freeShare(a, 'cooling.freeLiquid', climate);
  const air = Math.max(0, a.get('cooling.airFanFraction')) + (1 - fAir) / chillerCop + fAir * econ;
  const reject = (1 - fLiq) / liquidCop + fLiq * Math.max(0, a.get('cooling.dryCoolerFraction'));
  const wAir = Math.max(0, a.get('water.wueAir'));
  const wLiq = Math.max(0, a.get('water.wueLiquid'));
  switch (path) {
    case 'air':
      return { coolingWPerW: air, liquidShare: 0, liquidCoolingWPerW: 0, wueLPerKWh: wAir };
    case 'rear-door':
      return {
        coolingWPerW: Math.max(0, a.get('cooling.rearDoorFanFraction')) + (1 - fRd) / chillerCop + fRd * econ,
        liquidShare: 0,
        liquidCoolingWPerW: 0,
        wueLPerKWh: Math.max(0, a.get('water.wueRearDoor')),
      };
    case 'cold-plate': {
      const l = clamp01(a.get('cooling.liquidCaptureFraction'));
      const liquidPart = l * (Math.max(0, a.get('cooling.cduPumpFraction')) + reject);
      return {
        coolingWPerW: liquidPart + (1 - l) * air,
        liquidShare: l,
        liquidCoolingWPerW: liquidPart,
        wueLPerKWh: l * wLiq + (1 - l) * wAir,
      };
    }
    case 'immersion': {
      const c = Math.max(0, a.get('cooling.immersionPumpFraction')) + reject;
      return { coolingWPerW: c, liquidShare: 1, liquidCoolingWPerW: c, wueLPerKWh: wLiq };
    }
  }
}

export interface FacilityResult {
  itPowerW: number;
  coolingPowerW: number;
  coolingByPathW: LoadByPath;
  /** UPS, transformer and PDU losses. */
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

const ratio = (num: number, den: number): number | null => (den > 0 && Number.isFinite(num / den) ? num / den : null);

/** Facility power from the IT load (W, typical) on each cooling path. */
export function facilityPower(itByPath: LoadByPath, climate: Climate, a: AssumptionValues): FacilityResult {
  const coolingByPathW = zeroByPath();
  const partialPueByPath: Record<CoolingPath, number | null> = { air: null, 'rear-door': null, 'cold-plate': null, immersion: null };
  let it = 0;
  let cooling = 0;
  let liquid = 0;
  let liquidCooling = 0;
  let water = 0; // litres per hour-equivalent: W * L/kWh / 1000
  for (const path of COOLING_PATHS) {
    const load = Math.max(0, itByPath[path]);
    if (!(load > 0)) continue;
    const c = pathCoefficients(path, climate, a);
    const p = load * c.coolingWPerW;
    coolingByPathW[path] = p;
    partialPueByPath[path] = ratio(load + p, load);
    it += load;
    cooling += p;
    liquid += load * c.liquidShare;
    liquidCooling += load * c.liquidCoolingWPerW;
    water += load * c.wueLPerKWh;
  }
  // Efficiencies are bounded to [0.5, 1] so an odd override cannot blow up the loss.
  const eff = (v: number) => Math.min(1, atLeast(v, 0.5));
  const chainEff = eff(a.get('power.upsEfficiency')) * eff(a.get('power.distributionEfficiency'));
  const powerChainLossW = it * (1 / chainEff - 1);
  const miscPowerW = it * Math.max(0, a.get('facility.miscFraction'));
  const facilityPowerW = it + cooling + powerChainLossW + miscPowerW;
  return {
    itPowerW: it,
    coolingPowerW: cooling,
    coolingByPathW,
    powerChainLossW,
    miscPowerW,
    facilityPowerW,
    pue: ratio(facilityPowerW, it),
    partialPueCooling: ratio(it + cooling, it),
    partialPuePowerChain: ratio(it + powerChainLossW, it),
    partialPueByPath,
    partialPueLiquid: ratio(liquid + liquidCooling, liquid),
    heatToLiquidW: liquid,
    heatToAirW: it - liquid,
    wueLPerKWh: ratio(water, it),
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
