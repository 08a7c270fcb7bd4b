export { POWER_ASSUMPTIONS, AssumptionValues, clamp01, atLeast, type Assumption, type PowerAssumptionKey } from './assumptions';
export {
  COOLING_PATHS,
  HOURS_PER_YEAR,
  energyMWh,
  pathCoefficients,
  serverPowerInRack,
  zeroByPath,
  type CoolingPath,
  type FacilityResult,
  type LoadByPath,
  type PathCoefficients,
} from './facility';
export { COST_CATEGORIES, computeCost, type BomLine, type CostCategory, type CostInput, type CostResult } from './cost';
export { facilityPower, facilityModel, type FacilityModel } from './facility-model';
