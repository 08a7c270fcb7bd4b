/**
 * Cost stage: every stage's BOM entries merged into the bill of materials, then
 * CAPEX, OPEX and cost per accelerator-hour (core/power/cost.ts) for a facility built
 * for the nameplate IT load. And the training run's energy, electricity cost and CO2.
 */
import type { Design } from '../model/design';
import { finiteOr0, round, roundOrNull } from '../round';
import type { AssumptionValues } from './assumptions';
import { mergeBom, type BomEntry } from './bom';
import { computeCost, type BomLine, type CostResult } from './cost';
import type { PowerStage } from './stage';

export interface CostStage {
  bom: BomLine[];
  /** Rounded as results show it. */
  cost: CostResult;
  annualCO2Tonnes: number;
}

export function costStage(entries: Iterable<BomEntry>, power: PowerStage, site: Design['site'], accelerators: number, a: AssumptionValues): CostStage {
  const bom = mergeBom(entries);
  const cost = computeCost(
    {
      bom,
      itCapacityKW: power.it.maxW / 1000,
      heatCapacityKW: power.it.maxW / 1000,
      annualFacilityMWh: power.annualEnergyMWh,
      annualItMWh: power.annualItMWh,
      wueLPerKWh: power.facility.wueLPerKWh,
      electricityUsdPerKWh: site.electricityUsdPerKWh,
      waterUsdPerM3: site.waterUsdPerM3,
      gridKgCO2PerKWh: site.gridKgCO2PerKWh,
      depreciationYears: site.depreciationYears,
      accelerators,
    },
    a,
  );
  return {
    bom,
    cost: {
      ...cost,
      capexUsd: round(cost.capexUsd, 2),
      opexPerYearUsd: round(cost.opexPerYearUsd, 2),
      costPerAcceleratorHourUsd: roundOrNull(cost.costPerAcceleratorHourUsd),
    },
    annualCO2Tonnes: round(cost.annualCO2Tonnes),
  };
}

/** The run's figures: the whole design's facility power over the run's wall-clock days (the cluster is dedicated to the job). */
export function runFigures(facilityPowerKW: number, days: number, site: Design['site']): { runEnergyMWh: number; runCostUsd: number; runCO2Tonnes: number } {
  const runMWh = finiteOr0((facilityPowerKW * days * 24) / 1000);
  return {
    runEnergyMWh: round(runMWh),
    runCostUsd: round(runMWh * 1000 * site.electricityUsdPerKWh, 2),
    runCO2Tonnes: round(runMWh * site.gridKgCO2PerKWh),
  };
}
