/**
 * The electrical chain as named stages: MV/LV transformers, standby generators,
 * UPS (with batteries) and the busway/rack-PDU distribution, each sized for the
 * peak load with its redundancy (N, N+1, 2N), and each stage's loss at the load it
 * actually carries from its efficiency curve.
 *
 * Loss model (Rasmussen, Schneider Electric WP113): a unit of rating R at load
 * fraction x = load / R loses R * (p0 + p1 x + p2 x²) — no-load, proportional and
 * square-law losses — so its efficiency is x / (x + p0 + p1 x + p2 x²). All units of
 * a stage share the load, so a 2N UPS runs each unit at under half the load of an N
 * one, and loses more per watt delivered.
 *
 * Power flow (W, at a given load):
 *   IT (rack inputs) <- distribution (constant efficiency) <- UPS output (+ pumps on UPS)
 *   UPS input + other loads (cooling, misc) = transformer output; facility = transformer input.
 * Generators stand by (no loss); they are sized for the transformer-level peak.
 */

export type Redundancy = 'N' | 'N+1' | '2N';
export const REDUNDANCIES: readonly Redundancy[] = ['N', 'N+1', '2N'];

/** Losses of one unit as fractions of its rating: R * (noLoad + proportional * x + square * x²). */
export interface LossCurve {
  noLoad: number;
  proportional: number;
  square: number;
}

/** Efficiency (output / input) of a unit at load fraction x (0 at no load). */
export function curveEfficiency(c: LossCurve, x: number): number {
  if (!(x > 0)) return 0;
  return x / (x + c.noLoad + c.proportional * x + c.square * x * x);
}

/** Loss of a unit of rating `ratingKW` delivering `outputKW`. */
export function curveLossKW(c: LossCurve, ratingKW: number, outputKW: number): number {
  if (!(ratingKW > 0)) return 0;
  const x = outputKW / ratingKW;
  return ratingKW * (c.noLoad + c.proportional * x + c.square * x * x);
}

/**
 * A UPS curve from its full-load efficiency and the shares of its full-load loss
 * that are no-load and square-law (the rest is proportional).
 */
export function upsCurve(fullLoadEfficiency: number, noLoadShare: number, squareShare: number): LossCurve {
  const total = 1 / Math.min(1, Math.max(0.5, fullLoadEfficiency)) - 1;
  const n = Math.min(1, Math.max(0, noLoadShare));
  const s = Math.min(1 - n, Math.max(0, squareShare));
  return { noLoad: total * n, proportional: total * (1 - n - s), square: total * s };
}

/** A transformer curve: core loss at any load, winding loss with the square of the load. */
export function transformerCurve(noLoad: number, loadLossAtRating: number): LossCurve {
  return { noLoad: Math.max(0, noLoad), proportional: 0, square: Math.max(0, loadLossAtRating) };
}

export interface UnitPlan {
  redundancy: Redundancy;
  /** Units that carry the load without redundancy (per system). */
  needed: number;
  /** Independent systems: 2 for 2N, else 1. */
  systems: number;
  /** Units installed in all. */
  units: number;
  unitKVA: number;
  requiredKVA: number;
  installedKVA: number;
}

/**
 * Units of `unitKVA` for a load of `requiredKVA`: N = ceil(required / unit);
 * N+1 adds one unit; 2N is two systems of N, each able to carry the whole load.
 * `fixedPerSystem` replaces N by the user's count (checked by the caller).
 */
export function planUnits(requiredKVA: number, unitKVA: number, redundancy: Redundancy, fixedPerSystem?: number): UnitPlan {
  const need = requiredKVA > 0 && unitKVA > 0 ? Math.max(1, Math.ceil(requiredKVA / unitKVA - 1e-9)) : 0;
  const n = fixedPerSystem ?? need;
  const systems = redundancy === '2N' ? 2 : 1;
  const perSystem = redundancy === 'N+1' && n > 0 && fixedPerSystem === undefined ? n + 1 : n;
  const units = perSystem * systems;
  return { redundancy, needed: need, systems, units, unitKVA, requiredKVA, installedKVA: units * unitKVA };
}

/**
 * The unit size to use: the standard size, or for a load smaller than one standard
 * unit the smallest rating in `ratings` that carries it (a small hall does not buy
 * a 2.5 MVA transformer); a load below the smallest rating takes a share of a
 * shared unit of exactly its size (a few racks in a bigger building).
 */
export function rightSizedUnit(requiredKVA: number, standardKVA: number, ratings: readonly number[]): number {
  if (!(requiredKVA > 0) || requiredKVA >= standardKVA) return standardKVA;
  if (ratings.length > 0 && requiredKVA < ratings[0]!) return requiredKVA;
  return ratings.find((r) => r >= requiredKVA && r <= standardKVA) ?? standardKVA;
}

/** Ratings offered below the standard unit sizes (IEC 60076 preferred transformer ratings; common UPS frames and gensets, estimates). */
export const TRANSFORMER_RATINGS_KVA = [100, 160, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500] as const;
export const UPS_RATINGS_KVA = [10, 20, 40, 60, 80, 100, 120, 160, 200, 250, 300, 400, 500, 600, 800, 1000, 1200] as const;
export const GENERATOR_RATINGS_KW = [20, 50, 100, 150, 200, 300, 400, 500, 750, 1000, 1250, 1500, 2000, 2500] as const;

export interface ChainParams {
  powerFactor: number;
  distributionEfficiency: number;
  ups: LossCurve;
  transformer: LossCurve;
  upsPlan: UnitPlan;
  transformerPlan: UnitPlan;
}

/** Loads at one operating point, W. */
export interface ChainLoad {
  /** IT power at the rack inputs. */
  itW: number;
  /** Other loads fed from the UPS (liquid-loop pumps). */
  upsExtraW: number;
  /** Loads fed from the LV switchgear, not the UPS (cooling plant, lighting, ancillary). */
  otherW: number;
}

export interface StageLoss {
  /** Power delivered by the stage, W. */
  outputW: number;
  lossW: number;
  /** Load per installed unit / unit rating (0..1+). */
  loadFraction: number;
  efficiency: number;
}

export interface ChainFlow {
  distribution: StageLoss;
  ups: StageLoss;
  transformer: StageLoss;
  /** Power drawn from the utility, W. */
  inputW: number;
  lossW: number;
}

function stageLoss(curve: LossCurve, plan: UnitPlan, powerFactor: number, outputW: number): StageLoss {
  const unitKW = plan.unitKVA * powerFactor;
  if (!(plan.units > 0) || !(unitKW > 0) || !(outputW > 0)) return { outputW: Math.max(0, outputW), lossW: 0, loadFraction: 0, efficiency: outputW > 0 ? 1 : 0 };
  const perUnitKW = outputW / 1000 / plan.units;
  const lossW = curveLossKW(curve, unitKW, perUnitKW) * plan.units * 1000;
  return { outputW, lossW, loadFraction: perUnitKW / unitKW, efficiency: outputW / (outputW + lossW) };
}

/** Power through the chain at one operating point. */
export function chainFlow(load: ChainLoad, p: ChainParams): ChainFlow {
  const dEff = Math.min(1, Math.max(0.5, p.distributionEfficiency));
  const itW = Math.max(0, load.itW);
  const distIn = itW / dEff;
  const distribution: StageLoss = { outputW: itW, lossW: distIn - itW, loadFraction: 0, efficiency: itW > 0 ? dEff : 0 };
  const ups = stageLoss(p.ups, p.upsPlan, p.powerFactor, distIn + Math.max(0, load.upsExtraW));
  const transformerOut = ups.outputW + ups.lossW + Math.max(0, load.otherW);
  const transformer = stageLoss(p.transformer, p.transformerPlan, p.powerFactor, transformerOut);
  const inputW = transformerOut + transformer.lossW;
  return { distribution, ups, transformer, inputW, lossW: distribution.lossW + ups.lossW + transformer.lossW };
}

/** UPS design load in kVA: IT at nameplate through the distribution, plus pumps on UPS, over the power factor. */
export function upsRequiredKVA(itMaxW: number, upsExtraMaxW: number, distributionEfficiency: number, powerFactor: number): number {
  const dEff = Math.min(1, Math.max(0.5, distributionEfficiency));
  return ((Math.max(0, itMaxW) / dEff + Math.max(0, upsExtraMaxW)) / 1000) / Math.max(0.1, powerFactor);
}

/** Battery energy for `minutes` of the UPS design load, kWh, per UPS system (each 2N side has its own). */
export function batteryKWh(upsDesignKW: number, minutes: number, systems: number): number {
  return Math.max(0, upsDesignKW) * (Math.max(0, minutes) / 60) * Math.max(1, systems);
}
