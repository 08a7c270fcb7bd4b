/**
 * CAPEX by category, OPEX per year, cost per accelerator-hour, carbon.
 * Prices are catalog estimates; facility costs per kW are named assumptions.
 */
import type { AssumptionValues } from './assumptions';
import { HOURS_PER_YEAR } from './facility';

export type CostCategory =
  | 'accelerated-servers'
  | 'network-switches'
  | 'optics-cables'
  | 'storage'
  | 'cooling'
  | 'power'
  | 'facility'
  | 'other';

export const COST_CATEGORIES: readonly CostCategory[] = [
  'accelerated-servers',
  'network-switches',
  'optics-cables',
  'storage',
  'cooling',
  'power',
  'facility',
  'other',
];

export interface BomLine {
  partId: string;
  name: string;
  category: CostCategory;
  quantity: number;
  unitPriceUsd: number;
  totalUsd: number;
  source: string;
}

export interface CostInput {
  bom: readonly BomLine[];
  /** IT capacity the facility is built for (nameplate), kW. */
  itCapacityKW: number;
  /** Heat the plant must reject at nameplate, kW. */
  heatCapacityKW: number;
  annualFacilityMWh: number;
  annualItMWh: number;
  wueLPerKWh: number | null;
  electricityUsdPerKWh: number;
  waterUsdPerM3: number;
  gridKgCO2PerKWh: number;
  depreciationYears: number;
  accelerators: number;
}

export interface CostResult {
  capexUsd: number;
  capexByCategory: Record<CostCategory, number>;
  opexPerYearUsd: number;
  opexByCategory: { electricityUsd: number; waterUsd: number; maintenanceUsd: number };
  annualWaterM3: number;
  annualCO2Tonnes: number;
  /** (CAPEX / depreciation years + OPEX per year) / accelerator-hours per year; null without accelerators. */
  costPerAcceleratorHourUsd: number | null;
}

const safe = (v: number): number => (Number.isFinite(v) ? v : 0);

export function computeCost(input: CostInput, a: AssumptionValues): CostResult {
  const byCat = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
  for (const line of input.bom) byCat[line.category] += safe(line.totalUsd);
  const itKW = Math.max(0, safe(input.itCapacityKW));
  const heatKW = Math.max(0, safe(input.heatCapacityKW));
  byCat.facility += itKW * Math.max(0, a.get('cost.facilityShellUsdPerKW'));
  byCat.power += itKW * Math.max(0, a.get('cost.powerPlantUsdPerKW'));
  byCat.cooling += heatKW * Math.max(0, a.get('cost.coolingPlantUsdPerKW'));
  const capexUsd = COST_CATEGORIES.reduce((s, c) => s + byCat[c], 0);

  const electricityUsd = safe(input.annualFacilityMWh * 1000 * Math.max(0, input.electricityUsdPerKWh));
  const annualWaterM3 = safe(((input.wueLPerKWh ?? 0) * input.annualItMWh * 1000) / 1000);
  const waterUsd = safe(annualWaterM3 * Math.max(0, input.waterUsdPerM3));
  const maintenanceUsd = safe(capexUsd * Math.max(0, a.get('cost.maintenanceFraction')));
  const opexPerYearUsd = electricityUsd + waterUsd + maintenanceUsd;
  const accHours = input.accelerators * HOURS_PER_YEAR;
  const years = input.depreciationYears > 0 ? input.depreciationYears : 1;
  const perHour = accHours > 0 ? (capexUsd / years + opexPerYearUsd) / accHours : null;
  return {
    capexUsd: safe(capexUsd),
    capexByCategory: byCat,
    opexPerYearUsd: safe(opexPerYearUsd),
    opexByCategory: { electricityUsd, waterUsd, maintenanceUsd },
    annualWaterM3,
    annualCO2Tonnes: safe((input.annualFacilityMWh * 1000 * Math.max(0, input.gridKgCO2PerKWh)) / 1000),
    costPerAcceleratorHourUsd: perHour !== null && Number.isFinite(perHour) ? perHour : null,
  };
}
