/**
 * The shape of evaluate()'s answer: everything the UI, CLI and reports show.
 * Each stage of the pipeline (core/README.md) fills its part.
 *
 * Conventions:
 * - Per-rack figures are per rack instance; `count` says how many identical racks.
 * - `itPowerKW` / `facilityPowerKW` are at typical (training) load; nameplate
 *   (max) IT power is `power.itMaxKW` and is what rack budgets are checked against.
 * - Heat is typical power; cooling checks compare rack heat to cooling capacity.
 * - An empty design gives zeros and `pue: null` (PUE is undefined without IT load).
 */
import type { Rack } from './model/design';
import type { LengthClass, LinkTier, Media } from './network/fabric';
import type { CollectiveGroup, CollectiveTableRow } from './network/collectives';
import type { MixedEstimate } from './mixed';
import type { ReliabilityResult } from './reliability';
import type { LayoutRefusalInfo, TrainingEstimate, TrainingTimeline } from './training';
import type { BomLine, CostResult, CoolingPath } from './power';
import type { EvalWarning } from './warnings';

export type { EvalWarning, Severity } from './warnings';

export interface RackResult {
  rackId: string;
  name: string;
  /** Identical racks this entry stands for (rack count x group multipliers). */
  count: number;
  cooling: Rack['cooling'];
  /** Nameplate (max) IT power of one rack, W: checked against the budget. */
  itPowerW: number;
  /** Typical IT power of one rack, W. */
  typicalPowerW: number;
  /** Heat of one rack at typical load, kW. */
  heatKW: number;
  budgetW: number;
  /** Cooling capacity available to one rack, W; null when nothing says. */
  coolingCapacityW: number | null;
  usedU: number;
  heightU: number;
  servers: number;
  accelerators: number;
}

export interface CountLine {
  key: string;
  count: number;
}

export interface CableCountLine {
  media: string;
  lengthClass: 'in-rack' | 'in-row' | 'cross-hall';
  linkGbps: number;
  count: number;
}

export interface FabricSummary {
  fabricId: string;
  name: string;
  /** Identical fabrics (the scope group's multiplier). */
  instances: number;
  switchPartId: string;
  accelerators: number;
  nodes: number;
  tiers: number;
  switches: { leaf: number; spine: number; core: number; total: number };
  /** Switch part per tier (the generator may use a different part for a tier). */
  switchModels: { leaf: string; spine: string; core: string };
  links: { nodeLeaf: number; leafSpine: number; spineCore: number; total: number };
  /** Fabric link speed after breakout, Gb/s. */
  linkGbps: number;
  /** Cable media and length class per tier. */
  cableKinds: Record<LinkTier, { media: Media; lengthClass: LengthClass }>;
  transceivers: number;
  bisectionTBps: number;
  powerKW: number;
  costUsd: number;
  oversubscription: number;
  /** Independent planes (every count above is over all of them). */
  planes: number;
  /** Rail-only: no switch between rails. */
  railOnly: boolean;
  /** Links per connected leaf-spine and spine-core pair (0 where the tier is absent). */
  linksPerPair: { leafSpine: number; spineCore: number };
  /** Switch ports left unused per tier (logical ports at linkGbps). */
  unusedPorts: { leaf: number; spine: number; core: number };
  /** The front-end (storage, in-band) network sized with it, when asked for; counted in BOM, power and cost. */
  frontEnd?: { switchPartId: string; tiers: number; switches: number; links: number; transceivers: number; powerKW: number; costUsd: number };
}

/** The scale-up network inside the design's supernode systems of one model (catalog scaleUpFabric). */
export interface ScaleUpSystemSummary {
  serverPartId: string;
  systems: number;
  /** Accelerators in one scale-up domain, and the domains over all systems. */
  domainSize: number;
  domains: number;
  /** Racks the systems fill (compute and network racks). */
  racks: number;
  switchChips: number;
  optics: number;
  copperCables: number;
  /** Power of the switch chips and optics, kW; added to the network load unless in the nameplate. */
  powerKW: number;
  inNameplate: boolean;
}

export interface PoolSummary {
  pool: string;
  acceleratorId: string;
  accelerators: number;
  servers: number;
  peakPflopsBf16: number;
}

/** A rack-scale system's power, per system: compute nameplate, what the engine counts, and the published all-in figure. */
export interface RackSystemPower {
  partId: string;
  name: string;
  systems: number;
  racksPerSystem: number;
  /** The compute nameplate (catalog maxPowerW) the racks are budgeted on, kW. */
  nameplateKW: number;
  /** Scale-up switch chips and optics outside that nameplate, kW (in the network load). */
  scaleUpOutsideKW: number;
  /** nameplateKW + scaleUpOutsideKW: the system's nameplate IT load as the engine counts it, kW. */
  modelledKW: number;
  /** The all-in power published for the system (catalog allInPowerW), kW; null when none is. */
  allInKW: number | null;
}

export interface PowerSection {
  itTypicalKW: number;
  itMaxKW: number;
  breakdownKW: {
    compute: number;
    accelerators: number;
    serverOverhead: number;
    network: number;
    switches: number;
    optics: number;
    storage: number;
    management: number;
  };
  /** IT power (typical) by cooling path, kW. */
  itByCoolingKW: Record<CoolingPath, number>;
  /** Server fan power removed by liquid cooling, kW (typical). */
  fanSavingKW: number;
  coolingKW: number;
  powerChainLossKW: number;
  miscKW: number;
  facilityPowerKW: number;
  pue: number | null;
  partialPue: {
    cooling: number | null;
    powerChain: number | null;
    liquid: number | null;
    byPath: Record<CoolingPath, number | null>;
  };
  wueLPerKWh: number | null;
  cueKgCO2PerKWh: number | null;
  heatToLiquidKW: number;
  heatToAirKW: number;
  annualItEnergyMWh: number;
  annualEnergyMWh: number;
  annualCO2Tonnes: number;
  /** Rack-scale systems of the design (absent when there are none). */
  rackSystems?: RackSystemPower[];
}

/** One stage of the electrical chain (transformers, generators, UPS with batteries, distribution). */
export interface FacilityStageLine {
  stage: 'transformer' | 'generator' | 'ups' | 'distribution';
  name: string;
  redundancy: 'N' | 'N+1' | '2N' | null;
  /** Units installed (all systems). */
  units: number;
  unitKVA: number | null;
  /** Design-day load in kVA (generators: their kVA at rated power factor). */
  requiredKVA: number | null;
  installedKVA: number | null;
  /** Mean load per installed unit over the year / unit rating. */
  loadFraction: number;
  /** Mean efficiency over the year at the load it carries (generators stand by: 1). */
  efficiency: number;
  /** Mean loss over the year, kW. */
  lossKW: number;
  /** Loss on the design day, kW. */
  designLossKW: number;
  /** Price of the stage's units (UPS with batteries), USD; also in the BOM. */
  costUsd: number;
}

/** The building: climate, electrical chain, liquid and air loops, floor, months and design day (core/power/facility-stage.ts). */
export interface FacilitySection {
  climate: {
    /** 'city' (embedded), 'custom' (the design's own figures) or 'label' (annual shares of the climate label). */
    mode: 'city' | 'custom' | 'label';
    id: string | null;
    name: string;
    label: string;
    source: string;
    dryBulbVerified: boolean;
    wetBulbVerified: boolean;
  };
  annual: { pue: number | null; facilityPowerKW: number; energyMWh: number; itEnergyMWh: number; wueLPerKWh: number | null };
  /** Nameplate IT on the hottest day: what the electrical plant is sized for. */
  designDay: {
    dryBulbC: number | null;
    wetBulbC: number | null;
    itKW: number;
    coolingKW: number;
    powerChainLossKW: number;
    miscKW: number;
    facilityPowerKW: number;
    pue: number | null;
  };
  months: Array<{
    month: number;
    hours: number;
    dryBulbC: number | null;
    wetBulbC: number | null;
    /** Share of the month's hours each loop runs without chillers. */
    freeCooling: { air: number; rearDoor: number; liquid: number };
    coolingKW: number;
    powerChainLossKW: number;
    facilityPowerKW: number;
    pue: number | null;
    energyMWh: number;
  }>;
  electrical: {
    powerFactor: number;
    upsBatteryMinutes: number;
    batteryKWh: number;
    upsFullLoadEfficiency: number;
    stages: FacilityStageLine[];
  };
  liquid: {
    /** Heat to liquid at typical load, kW. */
    heatKW: number;
    /** Heat to liquid at nameplate, kW: what the CDUs and water flow are sized for. */
    designHeatKW: number;
    supplyC: number;
    returnC: number;
    deltaTK: number;
    /** Facility water flow at the design heat, m3/h. */
    flowM3PerH: number;
    cdu: {
      partId: string | null;
      name: string | null;
      capacityKW: number;
      redundancy: 'N' | 'N+1' | '2N';
      needed: number;
      units: number;
      /** Liquid units (CDUs, immersion tanks) the design draws itself; when there are any the facility's CDUs are not added to the BOM. */
      drawnUnits: number;
      drawnCapacityKW: number;
      inBom: boolean;
    };
    heatRejection: 'dry-cooler' | 'cooling-tower' | 'chiller';
    /** Heat the warm-water rejection must carry on the design day (liquid heat and its pumps), kW. */
    rejectionKW: number;
    freeCoolingHours: number;
    /** Ambient below which the loop needs no chiller, °C (null: a chiller every hour). */
    freeCoolingLimitC: number | null;
    freeCoolingBasis: 'dry-bulb' | 'wet-bulb' | null;
  };
  air: {
    heatKW: number;
    designHeatKW: number;
    heatRejection: 'dry-cooler' | 'cooling-tower' | 'chiller';
    chilledWaterSupplyC: number;
    freeCoolingHours: number;
    rearDoorFreeCoolingHours: number;
    freeCoolingLimitC: number | null;
    freeCoolingBasis: 'dry-bulb' | 'wet-bulb' | null;
  };
  floor: {
    racks: number;
    rows: number;
    rowLengthM: number;
    whiteSpaceM2: number;
    footprintM2: number;
    containment: 'hot-aisle' | 'cold-aisle' | 'none';
    /** The heaviest drawn rack, kg. */
    rackWeightKg: number;
    /** 'catalog' when every part of the racks states its weight, else the floor.rackWeightKg assumption. */
    weightSource: 'catalog' | 'assumption' | 'mixed';
    rackLoadingKgPerM2: number;
    averageLoadingKgPerM2: number;
    limitKgPerM2: number;
    /** Nameplate IT power over the white space, kW/m2. */
    kWPerM2: number;
  };
  /** Facility settings that cannot be met (`site.facility.upsModules`: the UPS is smaller than its load). */
  errors: Array<{ path: string; message: string }>;
}

export interface Results {
  // --- CLI contract (CLI.md evaluate) ---
  accelerators: number;
  servers: number;
  racks: number;
  switches: number;
  itPowerKW: number;
  facilityPowerKW: number;
  pue: number | null;
  maxRackPowerKW: number;
  annualEnergyMWh: number;
  capexUsd: number;
  warnings: EvalWarning[];
  training?: TrainingResult;
  /**
   * When the workload cannot run on the design (a layout rule or memory): the rule, the field of
   * the workload, the nearest layout that would run. There is then no `training`: no time is
   * forecast for a run that cannot happen.
   */
  trainingRefusal?: LayoutRefusalInfo;
  /** Collective time and bus bandwidth, 1 MiB to 8 GiB, over the training job's TP group, DP group and whole cluster. */
  collectives?: CollectiveTableGroup[];
  runEnergyMWh?: number;
  runCostUsd?: number;
  runCO2Tonnes?: number;
  // --- detail ---
  inventory: {
    accelerators: number;
    acceleratorsByType: CountLine[];
    servers: number;
    serversByType: CountLine[];
    racks: number;
    switches: { total: number; drawn: number; generated: number; byTier: { leaf: number; spine: number; core: number; other: number }; byRole: CountLine[] };
    nics: number;
    transceivers: number;
    transceiversByType: CountLine[];
    cables: number;
    cablesByType: CableCountLine[];
    coolingUnits: number;
    storageSystems: number;
    pdus: number;
  };
  bom: BomLine[];
  compute: {
    peakPflops: { bf16: number; fp16: number; fp8: number };
    hbmTB: number;
    /** Sum of per-accelerator scale-up bandwidth, TB/s. */
    scaleUpTBps: number;
    /** Sum of per-accelerator scale-out (compute NIC) bandwidth, Tb/s. */
    scaleOutTbps: number;
    storageCapacityTB: number;
    storageReadGBps: number;
  };
  power: PowerSection;
  facility: FacilitySection;
  rackResults: RackResult[];
  cost: CostResult;
  fabrics: FabricSummary[];
  /** Scale-up networks of supernode systems (present when the design has any). */
  scaleUpSystems?: ScaleUpSystemSummary[];
  pools: PoolSummary[];
  assumptions: Array<{ key: string; label: string; value: number; unit: string; source: string }>;
}

export interface CollectiveTableGroup {
  /** `tp`, `dp` or `cluster`. */
  name: string;
  group: CollectiveGroup;
  rows: CollectiveTableRow[];
}

/** The training estimate of the (largest) pool plus reliability, as the CLI `estimate` prints it. */
export type TrainingResult = (TrainingEstimate | MixedEstimate) & {
  pool: string;
  acceleratorId: string;
  accelerators: number;
  reliability: ReliabilityResult | null;
  /** The simulated step (only with evaluate(design, { timeline: true })). */
  timeline?: TrainingTimeline;
};


/** One assumption in effect, as results list them. */
export type AssumptionLine = Results['assumptions'][number];
