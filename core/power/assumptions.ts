/**
 * Named coefficients of the power, cooling, energy and cost model. Each is data
 * (key, value, unit, source) so the UI and reports can list them and a design
 * can override any by key (`design.assumptions[key]`).
 */
import { FACILITY_ASSUMPTIONS } from './facility-assumptions';

export interface Assumption {
  key: string;
  label: string;
  value: number;
  unit: string;
  source: string;
  description: string;
}

const A = (key: string, label: string, value: number, unit: string, source: string, description: string): Assumption => ({
  key,
  label,
  value,
  unit,
  source,
  description,
});

export const POWER_ASSUMPTIONS: Assumption[] = [
  // --- IT power -----------------------------------------------------------
  A(
    'power.serverFanFraction',
    'Server fan power share (air-cooled)',
    0.08,
    'fraction',
    'Estimate: fans of 8-GPU air-cooled servers draw ~6-12% of system power at full load (vendor thermal guides); DLC studies report ~10% lower total power with most of it from fans.',
    'Share of an air-cooled server\'s power used by its own fans. Counted as IT power; removed (partly) when the server sits in a liquid-cooled rack.',
  ),
  A(
    'power.coldPlateResidualFanShare',
    'Residual fans with cold plates',
    0.25,
    'fraction',
    'Estimate: cold plates cover GPUs/CPUs; fans remain for DIMMs, NICs, drives and PSUs.',
    'Fraction of the server fan power that remains when an air-cooled server design is fitted with cold plates.',
  ),
  A(
    'power.managementOverheadFraction',
    'Management and head nodes',
    0.01,
    'fraction of compute',
    'Estimate: head/login nodes, out-of-band network and monitoring are ~1% of compute power in DGX SuperPOD-class deployments.',
    'IT power for management and control-plane equipment not drawn in the design, as a share of compute (server) power.',
  ),
  A(
    'power.annualLoadFactor',
    'Annual load factor',
    1,
    'fraction of typical',
    'Assumption: a training cluster runs near its typical training power all year.',
    'Average IT power over the year as a share of the typical training power; lower it for idle time.',
  ),
  // --- Power distribution -------------------------------------------------
  A(
    'power.upsEfficiency',
    'UPS efficiency at full load',
    0.97,
    'fraction',
    'Modern double-conversion modular UPS, ~96-97.5% near full load (vendor data); part-load efficiency follows the loss curve (power.upsNoLoadLossShare, power.upsSquareLossShare).',
    'UPS output / input power at its rated load; lower at part load.',
  ),
  A(
    'power.distributionEfficiency',
    'Busway and rack PDU efficiency',
    0.99,
    'fraction',
    'Estimate: rack PDUs ~99.5% (catalog PDU entries) and busway/cable losses ~0.5%. Transformers are a stage of their own (power.transformerNoLoadLoss, power.transformerLoadLoss).',
    'Efficiency of the distribution between the UPS and the IT load.',
  ),
  A('facility.miscFraction', 'Lighting and ancillary', 0.01, 'fraction of IT', 'Estimate: lighting, security and offices ~1% of IT in large halls.', 'Facility power that is neither cooling nor power-chain loss.'),
  // --- Cooling ------------------------------------------------------------
  A(
    'cooling.chillerCop',
    'Chiller plant COP (air path)',
    4.5,
    'W/W',
    'Chilled-water plant at 0.6-0.8 kW/ton including towers and pumps (ASHRAE 90.4 era), i.e. COP ~4.4-5.9.',
    'Heat removed per watt of chiller plant power when mechanical cooling runs (chilled water ~18 C).',
  ),
  A(
    'cooling.airFanFraction',
    'CRAH/in-row fan power',
    0.05,
    'W/W heat',
    'CRAH/in-row EC fans ~3-6% of sensible load (vendor data).',
    'Air-handler fan power per watt of air-side heat.',
  ),
  A(
    'cooling.rearDoorFanFraction',
    'Rear-door HX fan power',
    0.02,
    'W/W heat',
    'Active rear-door heat exchangers ~1-2% of heat (vendor data).',
    'Rear-door fan power per watt of heat it removes.',
  ),
  A(
    'cooling.economizerFraction',
    'Economiser power',
    0.03,
    'W/W heat',
    'Estimate: tower/dry-cooler fans and pumps in free-cooling mode.',
    'Heat-rejection power per watt of heat during free-cooling hours (air and rear-door paths).',
  ),
  A(
    'cooling.liquidCaptureFraction',
    'Cold-plate heat capture',
    0.8,
    'fraction',
    'Cold-plate DLC typically captures 70-85% of server heat to liquid (ASHRAE TC9.9 liquid cooling guidance; vendor data).',
    'Share of a cold-plate rack\'s heat removed by liquid; the rest goes to room air.',
  ),
  A('cooling.cduPumpFraction', 'CDU pump power', 0.01, 'W/W heat', 'CDU pumps ~1% of heat (vendor data, e.g. 1.35 MW CDU with ~10-15 kW pumps).', 'Coolant distribution pump power per watt of liquid heat.'),
  A(
    'cooling.immersionPumpFraction',
    'Immersion pump power',
    0.015,
    'W/W heat',
    'Single-phase immersion tanks: pumps ~1-2% of heat (vendor data).',
    'Tank pump power per watt of heat.',
  ),
  A(
    'cooling.dryCoolerFraction',
    'Dry cooler power (warm water)',
    0.01,
    'W/W heat',
    'Estimate: dry-cooler fans for 30-45 C facility water ~1% of heat; with CDU pumps gives the published DLC partial PUE ~1.02-1.03.',
    'Heat-rejection power per watt of liquid heat during free-cooling hours.',
  ),
  A(
    'cooling.liquidChillerCop',
    'Trim chiller COP (liquid path)',
    7,
    'W/W',
    'Estimate: warm-water trim chillers run at a high COP (~6-8).',
    'Heat removed per watt when warm-water loops need mechanical trim cooling (hot hours).',
  ),
  A('cooling.freeAir.cold', 'Free-cooling hours, air path, cold climate', 0.8, 'fraction of year', 'Estimate from ASHRAE climate bins: ~7,000 h/yr below ~12 C wet-bulb approach in cold climates.', 'Share of hours the air path runs without chillers.'),
  A('cooling.freeAir.temperate', 'Free-cooling hours, air path, temperate', 0.5, 'fraction of year', 'Estimate from ASHRAE climate bins (e.g. central Europe, northern China): ~4,000-5,000 h/yr.', 'Share of hours the air path runs without chillers.'),
  A('cooling.freeAir.hot', 'Free-cooling hours, air path, hot climate', 0.2, 'fraction of year', 'Estimate from ASHRAE climate bins (hot-dry).', 'Share of hours the air path runs without chillers.'),
  A('cooling.freeAir.hot-humid', 'Free-cooling hours, air path, hot-humid', 0.1, 'fraction of year', 'Estimate from ASHRAE climate bins (hot-humid, e.g. south China, Singapore).', 'Share of hours the air path runs without chillers.'),
  A('cooling.freeRearDoor.cold', 'Free-cooling hours, rear-door, cold', 0.9, 'fraction of year', 'Estimate: rear doors use ~20-25 C water, between chilled-water and warm-water loops.', 'Share of hours rear-door water needs no chiller.'),
  A('cooling.freeRearDoor.temperate', 'Free-cooling hours, rear-door, temperate', 0.7, 'fraction of year', 'Estimate (see above).', 'Share of hours rear-door water needs no chiller.'),
  A('cooling.freeRearDoor.hot', 'Free-cooling hours, rear-door, hot', 0.4, 'fraction of year', 'Estimate (see above).', 'Share of hours rear-door water needs no chiller.'),
  A('cooling.freeRearDoor.hot-humid', 'Free-cooling hours, rear-door, hot-humid', 0.25, 'fraction of year', 'Estimate (see above).', 'Share of hours rear-door water needs no chiller.'),
  A('cooling.freeLiquid.cold', 'Free-cooling hours, liquid, cold', 1, 'fraction of year', 'ASHRAE W32-W45 warm-water classes allow chiller-less operation in most climates.', 'Share of hours the warm-water loop needs no chiller.'),
  A('cooling.freeLiquid.temperate', 'Free-cooling hours, liquid, temperate', 0.95, 'fraction of year', 'Estimate (ASHRAE W32+ facility water).', 'Share of hours the warm-water loop needs no chiller.'),
  A('cooling.freeLiquid.hot', 'Free-cooling hours, liquid, hot', 0.75, 'fraction of year', 'Estimate (ASHRAE W32+ facility water).', 'Share of hours the warm-water loop needs no chiller.'),
  A('cooling.freeLiquid.hot-humid', 'Free-cooling hours, liquid, hot-humid', 0.6, 'fraction of year', 'Estimate (ASHRAE W32+ facility water).', 'Share of hours the warm-water loop needs no chiller.'),
  A('cooling.airDensityLimitKW', 'Air-cooled rack density limit', 30, 'kW/rack', 'Plain air with containment ~20-30 kW per rack (Uptime Institute density surveys; vendor guidance).', 'Rack heat above which plain air cooling is flagged.'),
  A('cooling.rearDoorDensityLimitKW', 'Rear-door rack density limit', 50, 'kW/rack', 'Active rear-door heat exchangers ~40-50 kW per rack (some models 75 kW).', 'Rack heat above which a rear-door rack is flagged.'),
  // --- Water --------------------------------------------------------------
  A('water.wueAir', 'WUE, air path', 1.8, 'L/kWh IT', 'Industry average WUE ~1.8 L/kWh with evaporative towers (The Green Grid WUE; industry surveys).', 'Site water per IT kWh for air-cooled load.'),
  A('water.wueRearDoor', 'WUE, rear-door', 1.2, 'L/kWh IT', 'Estimate: warmer water, fewer evaporative hours.', 'Site water per IT kWh for rear-door racks.'),
  A('water.wueLiquid', 'WUE, liquid (dry coolers)', 0.3, 'L/kWh IT', 'Estimate: warm-water loops rejected by dry coolers with adiabatic assist only on hot hours.', 'Site water per IT kWh for liquid-cooled heat.'),
  // --- Cost ---------------------------------------------------------------
  A('cost.facilityShellUsdPerKW', 'Facility build (shell, fit-out)', 3000, 'USD/kW IT', 'Estimate: data-centre build costs ~$8-12 M per MW in 2024 cost indices (e.g. Turner & Townsend DCCI), of which shell and fit-out ~30%.', 'Building, fit-out and site works per kW of IT capacity.'),
  A(
    'cost.powerPlantUsdPerKW',
    'Electrical plant not itemised',
    3000,
    'USD/kW IT',
    'Estimate: the whole electrical plant ~4,000 USD/kW (~40-50% of DC build cost) less the UPS, batteries, transformers and generators the facility model itemises (~1,000 USD/kW at N+1).',
    'Switchgear, busway, cabling, controls and installation per kW of IT capacity, beyond the itemised chain and the PDUs drawn in the design.',
  ),
  A('cost.coolingPlantUsdPerKW', 'Cooling plant', 1800, 'USD/kW heat', 'Estimate: chillers, towers/dry coolers and piping ~15-20% of DC build cost.', 'Heat-rejection plant per kW of heat, beyond the cooling units drawn in the design.'),
  A('cost.maintenanceFraction', 'Maintenance and support', 0.05, 'fraction of CAPEX per year', 'Estimate: hardware support contracts ~5-10% of hardware price per year plus facility maintenance.', 'Yearly maintenance as a share of CAPEX.'),
  // --- Facility: electrical chain, loops, heat rejection, climate, floor (facility-assumptions.ts)
  ...FACILITY_ASSUMPTIONS,
];

export type PowerAssumptionKey = (typeof POWER_ASSUMPTIONS)[number]['key'];

const DEFAULTS: ReadonlyMap<string, number> = new Map(POWER_ASSUMPTIONS.map((a) => [a.key, a.value]));

/** Assumption values: defaults overridden by the design's `assumptions` (finite values only). */
export class AssumptionValues {
  private readonly values = new Map<string, number>();
  constructor(overrides: Readonly<Record<string, number>> = {}) {
    for (const [k, v] of DEFAULTS) this.values.set(k, v);
    for (const [k, v] of Object.entries(overrides)) {
      if (DEFAULTS.has(k) && typeof v === 'number' && Number.isFinite(v)) this.values.set(k, v);
    }
  }
  get(key: string): number {
    const v = this.values.get(key);
    if (v === undefined) throw new Error(`unknown power assumption "${key}"`);
    return v;
  }
  /** The assumptions list with values in effect (for reports). */
  list(): Assumption[] {
    return POWER_ASSUMPTIONS.map((a) => ({ ...a, value: this.values.get(a.key) ?? a.value }));
  }
}

/** Clamp helpers so an odd override cannot produce NaN/Infinity downstream. */
export function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
export function atLeast(v: number, min: number): number {
  return Number.isFinite(v) ? Math.max(min, v) : min;
}
