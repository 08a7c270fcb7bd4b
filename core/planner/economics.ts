/**
 * Power and cost of a candidate cluster from the power and network engines'
 * own primitives: servers at typical power in racks of the chosen cooling,
 * a generated fat-tree fabric, facility overheads by cooling path and CAPEX
 * with facility build costs per kW. Linear in server count except the fabric,
 * which is sized exactly by the fabric generator (microseconds per call).
 *
 * This is the planner's screening model; returned candidates are re-checked
 * with evaluate() on their full design when that is available.
 */
import { CATALOG_ROLES, defaultProtocolFor, defaultSwitchFor, fabricNodeAccelerators, type Catalog } from '../catalog';
import type { AcceleratorSpec, CoolingUnitSpec, ServerSpec, SwitchSpec } from '../catalog/types';
import { generateFabric, type FabricResult } from '../network/fabric';
import { AssumptionValues, computeCost, serverPowerInRack, zeroByPath, HOURS_PER_YEAR, type BomLine } from '../power';
import { DEFAULT_UPS_KVA, facilityModel } from '../power/facility-model';
import { electricalBom, standardUps } from '../power/facility-stage';
import { FACILITY_DEFAULTS } from '../model/design';
import type { CoolingOption } from './requirements';

export interface SiteParams {
  climate: 'cold' | 'temperate' | 'hot' | 'hot-humid';
  electricityUsdPerKWh: number;
  gridKgCO2PerKWh: number;
  waterUsdPerM3: number;
  depreciationYears: number;
}

/** Facility settings of planned designs: the defaults a new design gets. */
const PLANNER_FACILITY = FACILITY_DEFAULTS;

export const DEFAULT_SITE: SiteParams = {
  climate: 'temperate',
  electricityUsdPerKWh: 0.08,
  gridKgCO2PerKWh: 0.55,
  waterUsdPerM3: 1,
  depreciationYears: 5,
};

export interface Economics {
  nodes: number;
  switchId: string;
  /** The fabric switch reduces in the network (SHARP). */
  inNetworkReduction: boolean;
  fabricTiers: number;
  switches: number;
  /** Fabric links (cables). */
  links: number;
  /** Typical IT power, kW. */
  itPowerKW: number;
  /** Typical power of the scale-out fabric (switches and optics), kW; included in itPowerKW. */
  fabricPowerKW: number;
  /** Nameplate IT power, kW. */
  itCapacityKW: number;
  facilityPowerKW: number;
  pue: number;
  capexUsd: number;
  /** Electricity, water and maintenance per year at typical load, USD. */
  opexUsdPerYear: number;
  /** kg CO2 per facility kWh (the grid factor). */
  gridKgCO2PerKWh: number;
}

/** The scale-out link speed and fabric switch a server's compute NICs use. */
export function fabricSwitchFor(acc: AcceleratorSpec, server: ServerSpec, catalog: Catalog): SwitchSpec {
  return defaultSwitchFor(server.computeNics.linkGbps, defaultProtocolFor(acc), catalog);
}

/** Accelerators behind one fabric-attached node, as evaluate() sizes the fabric. */
export { fabricNodeAccelerators };

/** Scale-out bandwidth per accelerator, Gb/s. */
export function scaleOutGbpsPerAccelerator(server: ServerSpec): number {
  return (server.computeNics.count * server.computeNics.linkGbps) / server.acceleratorsPerServer;
}

/** Preferred cooling units (catalog ids, from core/catalog/data/roles.json); the first unit of the kind is used when absent. */
export const PLANNER_COOLING_UNITS = {
  air: CATALOG_ROLES.parts.roomAirHandler,
  liquid: CATALOG_ROLES.parts.roomCdu,
  immersion: CATALOG_ROLES.parts.immersionTank,
} as const;

/**
 * Cooling units sized for the nameplate heat: room air handlers for air heat
 * (and for the share of cold-plate heat that stays in the air), CDUs for
 * cold-plate liquid heat, tanks for immersion. Fabric switches are air-cooled.
 */
export function coolingUnitLines(cooling: CoolingOption, serverHeatKW: number, airHeatKW: number, a: AssumptionValues, catalog: Catalog): BomLine[] {
  const units = catalog.coolingUnits();
  const pick = (id: string, kind: CoolingUnitSpec['coolingKind']): CoolingUnitSpec | undefined =>
    catalog.getOfKind(id, 'cooling') ?? units.find((u) => u.coolingKind === kind);
  let air = airHeatKW;
  let liquid = 0;
  let tank = 0;
  if (cooling === 'air') air += serverHeatKW;
  else if (cooling === 'cold-plate') {
    const l = Math.min(1, Math.max(0, a.get('cooling.liquidCaptureFraction')));
    liquid = serverHeatKW * l;
    air += serverHeatKW * (1 - l);
  } else tank = serverHeatKW;
  const lines: BomLine[] = [];
  const add = (u: CoolingUnitSpec | undefined, kw: number) => {
    if (!u || !(kw > 0) || !(u.capacityKW > 0)) return;
    const q = Math.ceil(kw / u.capacityKW);
    lines.push({ partId: u.id, name: u.name, category: 'cooling', quantity: q, unitPriceUsd: u.priceUsd, totalUsd: q * u.priceUsd, source: u.source });
  };
  add(pick(PLANNER_COOLING_UNITS.air, 'crah'), air);
  add(pick(PLANNER_COOLING_UNITS.liquid, 'cdu'), liquid);
  add(pick(PLANNER_COOLING_UNITS.immersion, 'immersion-tank'), tank);
  return lines;
}

export function candidateEconomics(
  acc: AcceleratorSpec,
  server: ServerSpec,
  count: number,
  cooling: CoolingOption,
  oversubscription: number,
  site: SiteParams,
  catalog: Catalog,
  overrides: Readonly<Record<string, number>> = {},
): Economics {
  const a = new AssumptionValues(overrides);
  const perNode = server.acceleratorsPerServer;
  const nodes = Math.ceil(count / perNode);
  let sw = fabricSwitchFor(acc, server, catalog);
  let fabric: FabricResult | undefined;
  const nic = scaleOutGbpsPerAccelerator(server);
  const fabricPerNode = fabricNodeAccelerators(server);
  const fabricNodes = Math.ceil((nodes * perNode) / fabricPerNode);
  if (fabricNodes > 1 && nic > 0) {
    // The default switch first; when its radix cannot reach the count, larger-radix
    // switches of the same protocol (ports broken out to the link speed).
    const link = server.computeNics.linkGbps;
    const radix = (x: SwitchSpec) => x.ports * Math.max(1, Math.floor(x.portGbps / link));
    const alternatives = catalog
      .switches()
      .filter((x) => x.id !== sw.id && x.protocol === sw.protocol && x.portGbps >= link && radix(x) > radix(sw))
      .sort((x, y) => radix(y) - radix(x) || x.priceUsd - y.priceUsd || (x.id < y.id ? -1 : 1));
    let firstError: unknown;
    for (const candidate of [sw, ...alternatives]) {
      try {
        fabric = generateFabric({ accelerators: nodes * perNode, perNode: fabricPerNode, nicGbpsPerAccelerator: nic, switch: candidate, oversubscription });
        sw = candidate;
        break;
      } catch (e) {
        firstError ??= e;
      }
    }
    if (!fabric) throw firstError;
  }
  const srv = serverPowerInRack(server, cooling, a);
  const serverTypicalW = srv.typicalW * nodes;
  const serverMaxW = srv.maxW * nodes;
  const mgmt = Math.max(0, a.get('power.managementOverheadFraction'));
  const fabricTypicalW = (fabric?.powerKW ?? 0) * 1000;
  const fabricMaxW = (fabric?.maxPowerKW ?? 0) * 1000;
  const byPath = zeroByPath();
  byPath[cooling] += serverTypicalW * (1 + mgmt);
  byPath.air += fabricTypicalW;
  const maxByPath = zeroByPath();
  maxByPath[cooling] += serverMaxW * (1 + mgmt);
  maxByPath.air += fabricMaxW;
  // The facility as evaluate() models it for a design of the climate label with default facility settings,
  // its electrical chain itemised below.
  const model = facilityModel({ itByPath: byPath, itMaxByPath: maxByPath, label: site.climate, climate: null, settings: PLANNER_FACILITY, upsStandardKVA: standardUps(catalog)?.capacityKW ?? DEFAULT_UPS_KVA }, a);
  const fac = model.annual;
  const itCapacityKW = (serverMaxW * (1 + mgmt) + fabricMaxW) / 1000;
  const bom: BomLine[] = [
    {
      partId: server.id,
      name: server.name,
      category: 'accelerated-servers',
      quantity: nodes,
      unitPriceUsd: server.priceUsd,
      totalUsd: nodes * server.priceUsd,
      source: server.source,
    },
  ];
  if (fabric) {
    bom.push({
      partId: sw.id,
      name: sw.name,
      category: 'network-switches',
      quantity: fabric.switches.total,
      unitPriceUsd: sw.priceUsd,
      totalUsd: fabric.cost.switchesUsd,
      source: sw.source,
    });
    bom.push({
      partId: 'fabric-optics',
      name: 'Fabric optics and cables',
      category: 'optics-cables',
      quantity: fabric.transceivers,
      unitPriceUsd: 0,
      totalUsd: fabric.cost.opticsUsd + fabric.cost.cablesUsd,
      source: 'network fabric generator',
    });
  }
  for (const line of coolingUnitLines(cooling, itCapacityKW - fabricMaxW / 1000, fabricMaxW / 1000, a, catalog)) bom.push(line);
  for (const e of electricalBom(model.electrical, PLANNER_FACILITY.upsBatteryMinutes, standardUps(catalog), a).entries) bom.push({ ...e, totalUsd: e.quantity * e.unitPriceUsd });
  const load = Math.max(0, a.get('power.annualLoadFactor'));
  const annualFacilityMWh = (fac.facilityPowerW * HOURS_PER_YEAR * load) / 1e6;
  const annualItMWh = (fac.itPowerW * HOURS_PER_YEAR * load) / 1e6;
  const cost = computeCost(
    {
      bom,
      itCapacityKW,
      heatCapacityKW: itCapacityKW,
      annualFacilityMWh,
      annualItMWh,
      wueLPerKWh: fac.wueLPerKWh,
      electricityUsdPerKWh: site.electricityUsdPerKWh,
      waterUsdPerM3: site.waterUsdPerM3,
      gridKgCO2PerKWh: site.gridKgCO2PerKWh,
      depreciationYears: site.depreciationYears,
      accelerators: count,
    },
    a,
  );
  return {
    nodes,
    switchId: sw.id,
    inNetworkReduction: fabric !== undefined && sw.inNetworkReduction === true,
    fabricTiers: fabric?.tiers ?? 0,
    switches: fabric?.switches.total ?? 0,
    links: fabric?.links.total ?? 0,
    itPowerKW: fac.itPowerW / 1000,
    fabricPowerKW: fabricTypicalW / 1000,
    itCapacityKW,
    facilityPowerKW: fac.facilityPowerW / 1000,
    pue: fac.pue ?? 1,
    capexUsd: cost.capexUsd,
    opexUsdPerYear: cost.opexPerYearUsd,
    gridKgCO2PerKWh: site.gridKgCO2PerKWh,
  };
}
