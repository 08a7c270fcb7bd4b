/**
 * Power stage: the IT load of everything placed (servers in their racks' cooling,
 * drawn switches and storage, the network's loads, management overhead) by cooling
 * path, then the facility around it (core/power/facility-model.ts: cooling, the
 * electrical chain, PUE, WUE, month by month with a city climate) and annual energy. Also each drawn rack's power, for the rack checks.
 */
import { facilityOf, type Design } from '../model/design';
import type { Inventory } from '../inventory/stage';
import type { NetworkLoad } from '../network/stage';
import type { PowerSection } from '../results';
import { kw, round, roundOrNull } from '../round';
import type { AssumptionValues } from './assumptions';
import { cityMonths, customMonths, type SiteClimate } from './climate';
import { COOLING_PATHS, HOURS_PER_YEAR, energyMWh, serverPowerInRack, zeroByPath, type CoolingPath, type FacilityResult, type LoadByPath } from './facility';
import { DEFAULT_UPS_KVA, facilityModel, type FacilityModel } from './facility-model';
import { rackSystemPower } from './rack-systems';

/** Power of one instance of a drawn rack, W. */
export interface RackPower {
  typicalW: number;
  /** Nameplate: what the rack's budget and PDUs are checked against. */
  maxW: number;
}

/** IT power by kind, W (typical unless named max). */
export interface ItLoad {
  byPath: LoadByPath;
  /** Nameplate IT power by cooling path (sizing of the facility). */
  maxByPath: LoadByPath;
  maxW: number;
  computeW: number;
  computeMaxW: number;
  fanSavingW: number;
  switchesW: number;
  opticsW: number;
  storageW: number;
  managementW: number;
}

export interface PowerStage {
  it: ItLoad;
  /** The year's figures (month by month with a city climate). */
  facility: FacilityResult;
  /** Months, design day, electrical chain sizing. */
  model: FacilityModel;
  climate: SiteClimate | null;
  annualItMWh: number;
  annualEnergyMWh: number;
  rackPower: Map<string, RackPower>;
  /** Results' power section but its CO2 (which the cost stage computes). */
  section: Omit<PowerSection, 'annualCO2Tonnes'>;
}

function rackLoads(inv: Inventory, a: AssumptionValues): Map<string, RackPower> {
  const out = new Map<string, RackPower>();
  for (const id of inv.rackSpace.keys()) out.set(id, { typicalW: 0, maxW: 0 });
  const addTo = (rackId: string | undefined, typicalW: number, maxW: number) => {
    const r = rackId === undefined ? undefined : out.get(rackId);
    if (!r) return;
    r.typicalW += typicalW;
    r.maxW += maxW;
  };
  for (const s of inv.servers) {
    const p = serverPowerInRack(s.spec, s.path, a);
    addTo(s.rack?.rack.id, p.typicalW * s.entity.quantity, p.maxW * s.entity.quantity);
  }
  for (const w of inv.switches) addTo(w.rack?.rack.id, w.spec.typicalPowerW * w.entity.quantity, w.spec.maxPowerW * w.entity.quantity);
  for (const st of inv.storage) addTo(st.rack?.rack.id, st.spec.powerW * st.entity.quantity, st.spec.powerW * st.entity.quantity);
  return out;
}

/** IT load of the design: placed items by their cooling path; network and management on air. */
export function itLoad(inv: Inventory, loads: readonly NetworkLoad[], a: AssumptionValues): ItLoad {
  const it: ItLoad = { byPath: zeroByPath(), maxByPath: zeroByPath(), maxW: 0, computeW: 0, computeMaxW: 0, fanSavingW: 0, switchesW: 0, opticsW: 0, storageW: 0, managementW: 0 };
  for (const s of inv.servers) {
    const p = serverPowerInRack(s.spec, s.path, a);
    it.byPath[s.path] += p.typicalW * s.total;
    it.maxByPath[s.path] += p.maxW * s.total;
    it.maxW += p.maxW * s.total;
    it.computeW += p.typicalW * s.total;
    it.computeMaxW += p.maxW * s.total;
    it.fanSavingW += s.spec.typicalPowerW * p.fanSavingFraction * s.total;
  }
  for (const w of inv.switches) {
    it.byPath[w.path] += w.spec.typicalPowerW * w.total;
    it.maxByPath[w.path] += w.spec.maxPowerW * w.total;
    it.maxW += w.spec.maxPowerW * w.total;
    it.switchesW += w.spec.typicalPowerW * w.total;
  }
  for (const st of inv.storage) {
    it.byPath[st.path] += st.spec.powerW * st.total;
    it.maxByPath[st.path] += st.spec.powerW * st.total;
    it.maxW += st.spec.powerW * st.total;
    it.storageW += st.spec.powerW * st.total;
  }
  for (const l of loads) {
    it.switchesW += l.switchesW;
    it.opticsW += l.opticsW;
    it.byPath.air += l.typicalW;
    it.maxByPath.air += l.maxW;
    it.maxW += l.maxW;
  }
  // Management network, BMCs and head nodes: a fraction of compute power (assumption).
  const mgmtFrac = Math.max(0, a.get('power.managementOverheadFraction'));
  it.managementW = it.computeW * mgmtFrac;
  it.byPath.air += it.managementW;
  it.maxByPath.air += it.computeMaxW * mgmtFrac;
  it.maxW += it.computeMaxW * mgmtFrac;
  return it;
}

function powerSection(it: ItLoad, fac: FacilityResult, acceleratorTdpW: number, annualItMWh: number, annualEnergyMWh: number, gridKgCO2PerKWh: number): Omit<PowerSection, 'annualCO2Tonnes'> {
  const acceleratorsW = Math.min(acceleratorTdpW, it.computeW);
  return {
    itTypicalKW: kw(fac.itPowerW),
    itMaxKW: kw(it.maxW),
    breakdownKW: {
      compute: kw(it.computeW),
      accelerators: kw(acceleratorsW),
      serverOverhead: kw(Math.max(0, it.computeW - acceleratorsW)),
      network: kw(it.switchesW + it.opticsW),
      switches: kw(it.switchesW),
      optics: kw(it.opticsW),
      storage: kw(it.storageW),
      management: kw(it.managementW),
    },
    itByCoolingKW: Object.fromEntries(COOLING_PATHS.map((p) => [p, kw(it.byPath[p])])) as Record<CoolingPath, number>,
    fanSavingKW: kw(it.fanSavingW),
    coolingKW: kw(fac.coolingPowerW),
    powerChainLossKW: kw(fac.powerChainLossW),
    miscKW: kw(fac.miscPowerW),
    facilityPowerKW: kw(fac.facilityPowerW),
    pue: roundOrNull(fac.pue),
    partialPue: {
      cooling: roundOrNull(fac.partialPueCooling),
      powerChain: roundOrNull(fac.partialPuePowerChain),
      liquid: roundOrNull(fac.partialPueLiquid),
      byPath: Object.fromEntries(COOLING_PATHS.map((p) => [p, roundOrNull(fac.partialPueByPath[p])])) as Record<CoolingPath, number | null>,
    },
    wueLPerKWh: roundOrNull(fac.wueLPerKWh),
    cueKgCO2PerKWh: fac.pue === null ? null : round(fac.pue * gridKgCO2PerKWh),
    heatToLiquidKW: kw(fac.heatToLiquidW),
    heatToAirKW: kw(fac.heatToAirW),
    annualItEnergyMWh: round(annualItMWh),
    annualEnergyMWh: round(annualEnergyMWh),
  };
}

/** The site's month-by-month climate: an embedded city, the design's own figures, or none (the label). */
export function siteClimate(site: Design['site']): SiteClimate | null {
  if (site.city === 'custom') return site.customClimate ? customMonths(site.customClimate) : null;
  return site.city ? (cityMonths(site.city) ?? null) : null;
}

/** The power stage: placed items and network loads -> IT load, facility power month by month, annual energy. */
export function powerStage(inv: Inventory, loads: readonly NetworkLoad[], site: Design['site'], a: AssumptionValues, upsStandardKVA = DEFAULT_UPS_KVA): PowerStage {
  const it = itLoad(inv, loads, a);
  const climate = siteClimate(site);
  const model = facilityModel({ itByPath: it.byPath, itMaxByPath: it.maxByPath, label: site.climate, climate, settings: facilityOf(site), upsStandardKVA }, a);
  const facility = model.annual;
  const loadFactor = Math.max(0, a.get('power.annualLoadFactor'));
  const annualItMWh = energyMWh(facility.itPowerW * loadFactor, HOURS_PER_YEAR);
  const annualEnergyMWh = energyMWh(facility.facilityPowerW * loadFactor, HOURS_PER_YEAR);
  const rackSystems = rackSystemPower(inv.servers);
  const section = { ...powerSection(it, facility, inv.acceleratorTdpW, annualItMWh, annualEnergyMWh, site.gridKgCO2PerKWh), ...(rackSystems.length > 0 ? { rackSystems } : {}) };
  return { it, facility, model, climate, annualItMWh, annualEnergyMWh, rackPower: rackLoads(inv, a), section };
}
