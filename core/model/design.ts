/**
 * The design document: the single source of truth of a cluster design.
 *
 * Plain JSON-serialisable data, validated with zod at every boundary. Entities
 * reference catalog parts by id (`partId`). Scale is expressed by replication:
 * a group's `count` multiplies everything inside it (recursively), so a scalable
 * unit drawn once stands for many without materialising every node.
 */
import { z } from 'zod';
import { CITY_IDS } from '../power/climate-data';
import { num } from './bounds';

export const SCHEMA_VERSION = 2;

// Every number is bounded (core/model/bounds.ts: unit, range and why).
const id = z.string().min(1, 'must not be empty').max(200);

export const PositionSchema = z.object({ x: num('coordinate'), y: num('coordinate') });
export type Position = z.infer<typeof PositionSchema>;

export const GroupKindSchema = z.enum(['hall', 'row', 'pod', 'su']);
export type GroupKind = z.infer<typeof GroupKindSchema>;

/** A hall, row, pod or scalable unit. `count` replicates its whole contents. */
export const GroupSchema = z.object({
  id,
  name: z.string().max(200),
  kind: GroupKindSchema,
  parentId: id.optional(),
  count: num('count').default(1),
  position: PositionSchema,
  size: z.object({ width: num('extent'), height: num('extent') }).optional(),
  /** Cooling of the whole group when racks do not say (e.g. a liquid-cooled hall). */
  notes: z.string().max(4000).optional(),
});
export type Group = z.infer<typeof GroupSchema>;

export const RackCoolingSchema = z.enum(['air', 'rear-door', 'cold-plate', 'immersion']);
export type RackCooling = z.infer<typeof RackCoolingSchema>;

export const RackSchema = z.object({
  id,
  name: z.string().max(200),
  groupId: id.optional(),
  position: PositionSchema,
  heightU: num('heightU'),
  powerBudgetW: num('rackPowerW'),
  cooling: RackCoolingSchema,
  /** Heat the rack's own cooling path can remove, W (air: room/in-row share, liquid: loop). */
  coolingCapacityW: num('rackPowerW').optional(),
  /** Identical racks represented by this one. */
  count: num('count').default(1),
});
export type Rack = z.infer<typeof RackSchema>;

/** Placement shared by rack-mountable equipment. */
const placement = {
  id,
  name: z.string().max(200).optional(),
  partId: id,
  /** The rack it is mounted in; absent = free-standing on the canvas. */
  rackId: id.optional(),
  /** Lowest U occupied (1-based) when in a rack. */
  slotU: num('slotU').optional(),
  /** The group it belongs to when not in a rack. */
  groupId: id.optional(),
  position: PositionSchema.optional(),
  /** Identical items represented by this one (in the same rack or group). */
  quantity: num('count').default(1),
};

export const ServerSchema = z.object({
  ...placement,
  /** Pool name for mixed-chip training; default = the accelerator id. */
  pool: z.string().max(100).optional(),
});
export type Server = z.infer<typeof ServerSchema>;

export const SwitchRoleSchema = z.enum(['leaf', 'spine', 'core', 'tor', 'management', 'storage']);
export const SwitchSchema = z.object({ ...placement, role: SwitchRoleSchema.default('leaf') });
export type Switch = z.infer<typeof SwitchSchema>;

export const StorageSchema = z.object({ ...placement });
export type Storage = z.infer<typeof StorageSchema>;

export const PduSchema = z.object({ ...placement });
export type Pdu = z.infer<typeof PduSchema>;

/** Cooling units serve racks (by id) or everything in a group. */
export const CoolingUnitSchema = z.object({
  id,
  name: z.string().max(200).optional(),
  partId: id,
  groupId: id.optional(),
  rackIds: z.array(id).max(10_000).default([]),
  position: PositionSchema.optional(),
  quantity: num('count').default(1),
});
export type CoolingUnit = z.infer<typeof CoolingUnitSchema>;

export const PortRefSchema = z.object({ entityId: id, port: num('port').default(0) });
export type PortRef = z.infer<typeof PortRefSchema>;

export const CableMediaSchema = z.enum(['dac', 'aoc', 'fibre', 'acc']);
export const CableSchema = z.object({
  id,
  from: PortRefSchema,
  to: PortRefSchema,
  media: CableMediaSchema.default('dac'),
  linkGbps: num('linkGbps'),
  lengthM: num('cableLengthM').optional(),
  /** Identical cables represented by this one. */
  quantity: num('count').default(1),
});
export type Cable = z.infer<typeof CableSchema>;

/**
 * A fabric sized from parameters by the network engine rather than drawn switch
 * by switch. It connects the compute NICs of every server in its scope.
 */
export const FabricSchema = z.object({
  id,
  name: z.string().max(200),
  /** Scope: servers inside this group (recursively); absent = the whole design. */
  groupId: id.optional(),
  switchPartId: id,
  tiers: z.union([z.literal('auto'), z.literal(2), z.literal(3)]).default('auto'),
  oversubscription: num('oversubscription').default(1),
  railOptimised: z.boolean().default(true),
  planes: num('planes').default(1),
  /** Rail-only: every rail its own network, no switch between rails (cross-rail traffic over the scale-up domain). */
  railOnly: z.boolean().optional(),
  /** A front-end (storage, in-band) network sized from the servers' front-end NICs; absent = none. */
  frontEnd: z
    .object({
      /** Front-end switch; absent = the Ethernet fabric switch for the front-end NIC speed (catalog roles). */
      switchPartId: id.optional(),
      oversubscription: num('oversubscription').optional(),
    })
    .optional(),
  /** Scale-out bandwidth per accelerator, Gb/s (summed over planes); absent = from the servers' compute NICs. */
  nicGbpsPerAccelerator: num('linkGbps').optional(),
  position: PositionSchema.optional(),
});
export type Fabric = z.infer<typeof FabricSchema>;

export const ClimateSchema = z.enum(['cold', 'temperate', 'hot', 'hot-humid']);
export type Climate = z.infer<typeof ClimateSchema>;

export const RedundancySchema = z.enum(['N', 'N+1', '2N']);
export type RedundancySetting = z.infer<typeof RedundancySchema>;
export const HeatRejectionSchema = z.enum(['dry-cooler', 'cooling-tower', 'chiller']);
export const ContainmentSchema = z.enum(['hot-aisle', 'cold-aisle', 'none']);

const twelveMonths = (bound: 'ambientC' | 'relativeHumidityPct') => z.array(num(bound)).length(12, 'must list 12 monthly values, January first');

/** A site's own climate: monthly means, January first; wet-bulb as given or derived from relative humidity. */
export const CustomClimateSchema = z.object({
  name: z.string().max(200).default('Custom site'),
  dryBulbC: twelveMonths('ambientC'),
  wetBulbC: twelveMonths('ambientC').optional(),
  relativeHumidityPct: twelveMonths('relativeHumidityPct').optional(),
  source: z.string().max(2000).optional(),
});
export type CustomClimate = z.infer<typeof CustomClimateSchema>;

/** The building around the racks: electrical redundancy, liquid loop, heat rejection and floor (core/power/facility-stage.ts). */
export const FacilitySchema = z
  .object({
    transformerRedundancy: RedundancySchema.default('N+1'),
    generatorRedundancy: RedundancySchema.default('N+1'),
    upsTopology: RedundancySchema.default('N+1'),
    upsBatteryMinutes: num('batteryMinutes').default(5),
    /** UPS module rating, kVA; absent = the catalog UPS (right-sized for small loads). */
    upsModuleKVA: num('upsKVA').optional(),
    /** A fixed number of UPS modules per system; absent = sized for the load. */
    upsModules: num('upsModules').optional(),
    cduRedundancy: RedundancySchema.default('N+1'),
    /** CDU part for the facility loop; absent = the catalog's room CDU. */
    cduPartId: z.string().min(1).max(200).optional(),
    /** Facility water supply and return, °C (ASHRAE W32 = supply up to 32 °C). */
    liquidSupplyC: num('facilityWaterC').default(32),
    liquidReturnC: num('facilityWaterC').default(42),
    liquidHeatRejection: HeatRejectionSchema.default('dry-cooler'),
    airHeatRejection: HeatRejectionSchema.default('cooling-tower'),
    containment: ContainmentSchema.default('hot-aisle'),
    racksPerRow: num('racksPerRow').default(20),
    rackWidthM: num('rackDimensionM').default(0.6),
    rackDepthM: num('rackDimensionM').default(1.2),
    coldAisleM: num('aisleM').default(1.2),
    hotAisleM: num('aisleM').default(1.2),
    /**
     * Floor rating, kg/m2. Default: a slab floor (~2,000 kg/m2 and up); raised floors
     * are rated ~1,000-1,500 kg/m2 (both UNVERIFIED practice figures, no standard found).
     */
    floorLimitKgPerM2: num('floorKgPerM2').default(2000),
  })
  .superRefine((f, ctx) => {
    if (f.liquidReturnC <= f.liquidSupplyC) {
      ctx.addIssue({ code: 'custom', path: ['liquidReturnC'], message: `must be above the supply temperature (${f.liquidSupplyC} °C; got ${f.liquidReturnC} °C)` });
    }
  });
export type FacilitySettings = z.infer<typeof FacilitySchema>;
/** The facility settings of a site that states none. */
export const FACILITY_DEFAULTS: FacilitySettings = FacilitySchema.parse({});

export const SiteSchema = z.object({
  name: z.string().max(200).default(''),
  climate: ClimateSchema.default('temperate'),
  /**
   * An embedded city climate (core/power/climate-data.ts) or 'custom' for
   * `customClimate`; absent = the coarse `climate` label only.
   */
  city: z
    .string()
    .max(100)
    .superRefine((v, ctx) => {
      if (v !== 'custom' && !CITY_IDS.includes(v)) {
        ctx.addIssue({ code: 'custom', message: `unknown city "${v}"; known: ${CITY_IDS.join(', ')}, or custom (with site.customClimate)` });
      }
    })
    .optional(),
  customClimate: CustomClimateSchema.optional(),
  /** Absent = the defaults (FACILITY_DEFAULTS); kept out of documents that never changed them. */
  facility: FacilitySchema.optional(),
  electricityUsdPerKWh: num('electricityUsdPerKWh').default(0.08),
  gridKgCO2PerKWh: num('gridKgCO2PerKWh').default(0.55),
  /** Water cost, USD per cubic metre. */
  waterUsdPerM3: num('waterUsdPerM3').default(1),
  /** Years over which CAPEX is spread for cost per accelerator-hour. */
  depreciationYears: num('depreciationYears').default(5),
}).superRefine((site, ctx) => {
  if (site.city === 'custom' && !site.customClimate) {
    ctx.addIssue({ code: 'custom', path: ['customClimate'], message: 'is required when site.city is "custom" (12 monthly dry-bulb means, January first)' });
  }
});
export type Site = z.infer<typeof SiteSchema>;

/** A site's facility settings, the defaults when it states none. */
export function facilityOf(site: Pick<Site, 'facility'>): FacilitySettings {
  return site.facility ?? FACILITY_DEFAULTS;
}

export const ModelSchema = z.object({
  name: z.string().max(200).optional(),
  /** A preset id; explicit fields below override it. */
  preset: z.string().max(100).optional(),
  layers: num('layers'),
  hidden: num('hidden'),
  heads: num('heads'),
  kvHeads: num('heads').optional(),
  ffnHidden: num('ffnHidden').optional(),
  gatedFfn: z.boolean().optional(),
  vocab: num('vocab'),
  seqLength: num('seqLength'),
  experts: num('experts').optional(),
  expertsPerToken: num('experts').optional(),
  expertFfnHidden: num('expertFfnHidden').optional(),
  sharedExperts: num('experts').optional(),
  /** Attention head widths (latent attention); absent = hidden / heads. */
  headDim: num('headDim').optional(),
  valueHeadDim: num('headDim').optional(),
  /** Dropout probability of attention and hidden layers; absent = 0 (no dropout masks kept). */
  dropout: num('dropout').optional(),
});
export type ModelSpec = z.infer<typeof ModelSchema>;

export const ParallelismSchema = z.object({
  tp: num('parallelDegree').optional(),
  pp: num('parallelDegree').optional(),
  dp: num('parallelDegree').optional(),
  cp: num('parallelDegree').optional(),
  ep: num('parallelDegree').optional(),
  virtualStages: num('virtualStages').optional(),
});
export type Parallelism = z.infer<typeof ParallelismSchema>;

export const TrainingSchema = z.object({
  tokens: num('tokens'),
  globalBatch: num('globalBatch'),
  microBatch: num('microBatch').optional(),
  precision: z.enum(['bf16', 'fp16', 'fp8']).default('bf16'),
  recompute: z.enum(['none', 'selective', 'full']).optional(),
  zeroStage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(1),
  parallelism: ParallelismSchema.default({}),
  /** The layout search may place tensor parallelism across scale-up domains (default: within one). */
  allowTpAcrossDomains: z.boolean().optional(),
  /** The layout search may use context parallelism for speed (default: only where memory needs it). */
  allowCpForSpeed: z.boolean().optional(),
  /** Layers of every pipeline stage (one entry per stage, summing to model.layers); absent = balanced by the engine. */
  layersPerStage: z.array(num('layers')).max(10_000).optional(),
  /** Software stack the estimate assumes (core/training/software.ts); absent = megatron-core. */
  software: z.enum(['megatron-lm-2021', 'megatron-core', 'megatron-core-fp8', 'deepspeed-zero3', 'deepseek-dualpipe']).optional(),
});
export type TrainingSpec = z.infer<typeof TrainingSchema>;

export const ReliabilitySettingsSchema = z.object({
  strategy: z.enum(['manual', 'automatic', 'in-memory']).default('automatic'),
  asyncCheckpoint: z.boolean().default(false),
  checkpointIntervalMin: num('checkpointIntervalMin').optional(),
  spareNodes: num('spareNodes').default(0),
});

export const WorkloadSchema = z.object({
  model: ModelSchema,
  training: TrainingSchema,
  reliability: ReliabilitySettingsSchema.default({ strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 }),
  /** Per-accelerator bandwidth between pools of different accelerators, Gb/s. */
  crossPoolGbps: num('linkGbps').optional(),
});
export type Workload = z.infer<typeof WorkloadSchema>;

/**
 * User overrides of named engine assumptions, by key (see each engine's *_ASSUMPTIONS).
 * Any finite number is kept in the document (so a design with a bad value still opens
 * and can be fixed); evaluate() checks each against its bound (core/assumptions.ts)
 * and uses the default, with an error-severity warning, for one outside it.
 */
export const AssumptionOverridesSchema = z.record(z.string().max(200), z.number());

export const DesignSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id,
  name: z.string().min(1, 'must not be empty').max(200),
  description: z.string().max(10_000).default(''),
  site: SiteSchema.default(SiteSchema.parse({})),
  groups: z.array(GroupSchema).default([]),
  racks: z.array(RackSchema).default([]),
  servers: z.array(ServerSchema).default([]),
  switches: z.array(SwitchSchema).default([]),
  storage: z.array(StorageSchema).default([]),
  pdus: z.array(PduSchema).default([]),
  coolingUnits: z.array(CoolingUnitSchema).default([]),
  cables: z.array(CableSchema).default([]),
  fabrics: z.array(FabricSchema).default([]),
  workload: WorkloadSchema.optional(),
  assumptions: AssumptionOverridesSchema.default({}),
});
export type Design = z.infer<typeof DesignSchema>;
/** What a caller may pass in (defaults not yet applied). */
export type DesignInput = z.input<typeof DesignSchema>;
