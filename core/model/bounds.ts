/**
 * Bounds of every number a user can give the engine: design documents, CLI
 * scenarios, planner requirements, custom catalog parts and assumption
 * overrides. One place, so the schemas (zod), the CLI flags, the engines and the
 * UI's field errors all check the same limits with the same words.
 *
 * A bound is physical sense, not a tuning knob: each says its unit and why its
 * limits are where they are. The upper limits sit far above anything built
 * (10x to 100x the largest published figure) so that no real design is refused;
 * they exist so that products of the model's quantities stay exact integers
 * (counts) or finite doubles (everything else). The lower limits of divisors
 * (efficiencies, budgets, rates) are strictly positive and sane, so no quotient
 * can reach Infinity.
 */
import { z } from 'zod';

export interface Bound {
  /** Smallest allowed value (allowed itself unless `minExclusive`). */
  min: number;
  /** Largest allowed value (allowed itself). */
  max: number;
  minExclusive?: boolean;
  integer?: boolean;
  /** Unit as shown after the number ('W', 'Gb/s', 'USD/kWh'); '' for pure counts. */
  unit: string;
  /** Why the limits are there (shown in documentation and field help). */
  why: string;
}

// ---------------------------------------------------------------------------
// Documented maxima (README "Limits")

/** Most identical items one entity may stand for (quantity x rack count x group counts). */
export const MAX_REPLICATION = 10_000_000;
/** Most accelerators a cluster (a scenario, a planner allowance) may have. */
export const MAX_ACCELERATORS = 10_000_000;
/** Deepest nesting of groups (hall > row > pod > SU is 4). */
export const MAX_GROUP_DEPTH = 32;
/** Deepest nesting of a JSON input document (a design needs 5). */
export const MAX_JSON_DEPTH = 64;
/** Most fabric planes (multi-plane fabrics use 2-8). */
export const MAX_PLANES = 16;

const b = (min: number, max: number, unit: string, why: string, opts: { minExclusive?: boolean; integer?: boolean } = {}): Bound => ({
  min,
  max,
  unit,
  why,
  ...opts,
});
const int = (min: number, max: number, unit: string, why: string): Bound => b(min, max, unit, why, { integer: true });

const COUNT_WHY = `at most ${MAX_REPLICATION.toLocaleString('en-US')} identical items per entity (100x the largest clusters built), so counts stay exact`;

/** Named bounds; schemas refer to these. */
export const BOUNDS = {
  // --- replication and counts
  count: int(1, MAX_REPLICATION, '', COUNT_WHY),
  spareNodes: int(0, MAX_REPLICATION, 'nodes', COUNT_WHY),
  accelerators: int(1, MAX_ACCELERATORS, 'accelerators', 'at most 10,000,000 accelerators (100x the largest clusters built)'),
  perNode: int(1, 1024, 'accelerators per server', 'the largest scale-up systems hold 72-576 accelerators'),
  serversPerRack: int(1, 60, 'servers', 'a rack is at most 60U'),
  heightU: int(1, 60, 'U', 'a rack is at most 60U'),
  slotU: int(1, 60, 'U', 'a rack is at most 60U'),
  port: int(0, 65_535, '', 'a switch has at most a few thousand logical ports'),
  planes: int(1, MAX_PLANES, 'planes', 'multi-plane fabrics use 2-8 planes'),
  // --- canvas geometry
  coordinate: b(-10_000_000, 10_000_000, 'px', 'canvas coordinates'),
  extent: b(0, 10_000_000, 'px', 'canvas sizes', { minExclusive: true }),
  // --- power, network
  rackPowerW: b(1, 2_000_000, 'W', 'the densest racks draw ~130-600 kW; 2 MW is not a rack'),
  linkGbps: b(0.1, 100_000, 'Gb/s', 'links run at 1 Gb/s to 1.6 Tb/s'),
  cableLengthM: b(0.01, 100_000, 'm', 'cables in a data centre are centimetres to kilometres long'),
  oversubscription: b(1, 64, 'downlink:uplink', 'a ratio of 1 (non-blocking) to 64; fabrics are built at 1-8'),
  plannerOversubscription: b(1, 16, 'downlink:uplink', 'the planner considers 1 (non-blocking) to 16'),
  // --- site
  electricityUsdPerKWh: b(0, 10, 'USD/kWh', 'grid prices are 0.02-0.5 USD/kWh'),
  gridKgCO2PerKWh: b(0, 2, 'kg CO2/kWh', 'the dirtiest grids (lignite) emit ~1.2 kg/kWh'),
  waterUsdPerM3: b(0, 1000, 'USD/m3', 'water costs 0.1-10 USD/m3'),
  depreciationYears: b(0.1, 50, 'years', 'hardware is written off over 1-10 years'),
  // --- facility
  batteryMinutes: b(0, 600, 'min', 'UPS batteries bridge 1-15 minutes until generators take over; 10 hours is not a UPS'),
  upsKVA: b(1, 100_000, 'kVA', 'UPS modules are rated 10-1,600 kVA'),
  upsModules: int(1, 10_000, 'modules', 'a UPS system has 1 to a few dozen modules'),
  facilityWaterC: b(0, 80, '°C', 'facility water runs at 5-45 °C (ASHRAE W17-W45) and above for heat reuse'),
  ambientC: b(-60, 60, '°C', 'monthly mean temperatures on Earth lie between about -50 and 40 °C'),
  relativeHumidityPct: b(0, 100, '%', 'relative humidity is a percentage'),
  racksPerRow: int(1, 1000, 'racks', 'rows hold 10-40 racks'),
  rackDimensionM: b(0.1, 10, 'm', 'racks are 0.6-0.8 m wide and 1.0-1.4 m deep'),
  aisleM: b(0, 20, 'm', 'aisles are 0.9-2.4 m wide'),
  floorKgPerM2: b(1, 100_000, 'kg/m2', 'raised floors carry ~1,000-1,500 kg/m2 and slabs ~2,000 or more'),
  // --- model
  layers: int(1, 10_000, 'layers', 'the deepest trained transformers have ~100-200 layers'),
  hidden: int(1, 1_000_000, '', 'the widest trained transformers have hidden sizes of ~20,000-50,000'),
  heads: int(1, 100_000, 'heads', 'attention heads number tens to a few hundred'),
  ffnHidden: int(1, 10_000_000, '', 'FFN widths are ~4x the hidden size'),
  vocab: int(1, 100_000_000, 'tokens', 'vocabularies hold 32,000-260,000 tokens'),
  seqLength: int(1, 100_000_000, 'tokens', 'context windows reach ~10 million tokens'),
  experts: int(0, 100_000, 'experts', 'mixture-of-experts models use up to a few hundred experts'),
  expertFfnHidden: int(0, 10_000_000, '', 'FFN widths are ~4x the hidden size'),
  headDim: int(1, 100_000, '', 'attention heads are 64-256 wide'),
  dropout: b(0, 0.9, 'probability', 'LLM pre-training uses dropout 0 (Llama, DeepSeek) to 0.1 (GPT-3)'),
  // --- training
  tokens: b(1, 1e16, 'tokens', 'the largest training runs use ~4e13 tokens'),
  globalBatch: int(1, 100_000_000, 'sequences', 'global batches are hundreds to tens of thousands of sequences'),
  microBatch: int(1, 1_000_000, 'sequences', 'micro-batches are 1 to a few dozen sequences'),
  parallelDegree: int(1, MAX_ACCELERATORS, '', 'a parallel degree cannot exceed the accelerators of a cluster'),
  virtualStages: int(1, 10_000, 'stages', 'interleaved schedules use 2-8 virtual stages'),
  checkpointIntervalMin: b(0.1, 525_600, 'min', 'from 6 seconds to a year'),
  // --- planner
  deadlineDays: b(0.01, 36_500, 'days', 'from 15 minutes to a century'),
  facilityPowerKW: b(1, 100_000_000, 'kW', 'the largest sites draw ~1-5 GW (100 GW is 100x that)'),
  budgetUsd: b(1, 1e13, 'USD', 'the largest clusters cost tens of billions of USD'),
  // --- catalog parts
  priceUsd: b(0, 1e9, 'USD', 'a single part costs at most a few million USD'),
  tflops: b(0.001, 1_000_000, 'TFLOPS', 'the fastest accelerators reach ~10,000 TFLOPS (FP4)'),
  memoryGB: b(0.1, 100_000, 'GB', 'accelerators carry 16-300 GB of memory'),
  memoryGiB: b(0.1, 100_000, 'GiB', 'accelerators expose 16-300 GiB of memory'),
  memoryTBps: b(0.001, 1000, 'TB/s', 'HBM reaches ~8-16 TB/s per accelerator'),
  partPowerW: b(1, 2_000_000, 'W', 'from a 1 W module to a 2 MW rack-scale system'),
  smallPowerW: b(0, 10_000, 'W', 'optics, cables and NICs draw 0-100 W'),
  scaleUpGBps: b(0.1, 100_000, 'GB/s', 'scale-up links give 50-3,600 GB/s per accelerator'),
  domainSize: int(1, 100_000, 'accelerators', 'scale-up domains hold 8-576 accelerators'),
  nicCount: int(0, 1024, 'NICs', 'a server has 0-16 NICs'),
  switchPorts: int(2, 65_536, 'ports', 'switches have 32-512 ports (before breakout)'),
  capacityTbps: b(0.001, 10_000, 'Tb/s', 'switch ASICs switch 12.8-102.4 Tb/s'),
  portsPerModule: int(1, 64, 'ports', 'an optical module carries 1-8 ports'),
  reachM: b(0.1, 1_000_000, 'm', 'optics reach metres to tens of kilometres'),
  coolingCapacityKW: b(0.1, 100_000, 'kW', 'a cooling unit removes 10 kW to a few MW'),
  cop: b(0.1, 100, 'W/W', 'chillers reach a COP of 3-10'),
  storageTB: b(0, 10_000_000, 'TB', 'storage systems hold up to tens of PB'),
  storageGBps: b(0, 1_000_000, 'GB/s', 'storage systems deliver up to a few TB/s'),
  powerGearKW: b(0.1, 1_000_000, 'kW', 'UPS and PDUs are rated from 1 kW to a few MW'),
  gearEfficiency: b(0.01, 1, 'fraction', 'an efficiency is at most 1; below 1% it is a unit error'),
  weightKg: b(0.001, 100_000, 'kg', 'from a 20 g optical module to a filled immersion tank or a whole rack-scale system (1-10 t)'),
  dimensionMm: b(1, 100_000, 'mm', 'from a few-millimetre module to a 40-ft container module (12,192 mm)'),
  // --- settings
  evaluationBudgetS: b(1, 600, 's', 'the largest templates evaluate in well under a second; a budget stops a runaway evaluation'),
} as const satisfies Record<string, Bound>;

export type BoundName = keyof typeof BOUNDS;

// ---------------------------------------------------------------------------
// Checking

function fmt(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? v.toLocaleString('en-US') : String(v);
}

/** The allowed range as text: `1 to 64 downlink:uplink`, `> 0 and <= 2,000,000 W`. */
export function rangeText(bound: Bound): string {
  const unit = bound.unit ? ` ${bound.unit}` : '';
  return bound.minExclusive ? `> ${fmt(bound.min)} and <= ${fmt(bound.max)}${unit}` : `${fmt(bound.min)} to ${fmt(bound.max)}${unit}`;
}

/**
 * Why a value is not allowed, or null. Messages follow the field path
 * (`fabrics[0].oversubscription: must be <= 64 ...`).
 */
export function boundProblem(bound: Bound, v: unknown): string | null {
  if (typeof v !== 'number') return 'must be a number';
  if (!Number.isFinite(v)) return 'must be a finite number';
  if (bound.integer && !Number.isInteger(v)) return `must be an integer (got ${v})`;
  const range = `(${rangeText(bound)}; got ${v})`;
  if (bound.minExclusive ? v <= bound.min : v < bound.min) return `must be ${bound.minExclusive ? '>' : '>='} ${fmt(bound.min)} ${range}`;
  if (v > bound.max) return `must be <= ${fmt(bound.max)} ${range}`;
  return null;
}

/** Whether a value lies within a bound. */
export function withinBound(bound: Bound, v: unknown): v is number {
  return boundProblem(bound, v) === null;
}

/** Registry of the bound behind each bounded zod number (for tests and the UI's field help). */
export const boundRegistry = z.registry<{ bound: Bound }>();

/** A zod number checked against a bound. */
export function bounded(bound: Bound): z.ZodNumber {
  const schema = z.number().superRefine((v, ctx) => {
    const problem = boundProblem(bound, v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
  });
  boundRegistry.add(schema, { bound });
  return schema;
}

/** A zod number checked against the named bound. */
export function num(name: BoundName): z.ZodNumber {
  return bounded(BOUNDS[name]);
}

// ---------------------------------------------------------------------------
// Assumption overrides (core/assumptions.ts lists the assumptions)

const EFFICIENCY = b(0.01, 1, 'fraction', 'an efficiency is at most 1; below 1% it is a unit error (and would make times infinite)');
const FRACTION = b(0, 1, 'fraction', 'a share of a whole');
const FAILURE_RATE = b(0, 0.01, 'per hour', 'hardware fails ~1e-6 to 1e-4 times per hour; 0.01 is a failure every 4 days per part');

/** Bounds of assumption values by unit (the unit strings of the engines' *_ASSUMPTIONS). */
const BY_UNIT: Record<string, Bound> = {
  fraction: FRACTION,
  'fraction of compute': FRACTION,
  'fraction of typical': FRACTION,
  'fraction of IT': FRACTION,
  'fraction of year': FRACTION,
  'fraction of CAPEX per year': FRACTION,
  'fraction of attention compute usable to hide KV exchange': FRACTION,
  'fraction of the last micro-batch backward (and first forward for the parameter all-gather)': FRACTION,
  'fraction of dense peak': EFFICIENCY,
  'fraction of peak memory bandwidth': EFFICIENCY,
  'fraction of unidirectional link bandwidth': EFFICIENCY,
  'fraction of unidirectional NIC bandwidth': EFFICIENCY,
  'fraction of crossPoolGbps': EFFICIENCY,
  'W/W': b(0.5, 100, 'W/W', 'chillers run at a coefficient of performance of 2-10'),
  'W/W heat': b(0, 1, 'W/W heat', 'fans and pumps use a share of the heat they move'),
  'power factor': b(0.3, 1, 'power factor', 'loads run at a power factor of 0.8-1'),
  'fraction of rating': b(0, 0.2, 'fraction of rating', 'transformers lose 0.1-2% of their rating'),
  kVA: b(1, 1_000_000, 'kVA', 'transformers and UPS modules are rated 10 kVA to a few MVA'),
  kW: b(1, 1_000_000, 'kW', 'generators are rated 20 kW to a few MW'),
  'USD/kVA': b(0, 100_000, 'USD/kVA', 'transformers cost 20-100 USD per kVA'),
  'USD/kW': b(0, 1_000_000, 'USD/kW', 'generators cost 300-1,000 USD per kW'),
  'USD/kWh': b(0, 100_000, 'USD/kWh', 'batteries cost 200-1,000 USD per kWh'),
  'kg/m3': b(500, 2000, 'kg/m3', 'water and glycol mixes weigh 990-1,100 kg/m3'),
  'J/(kg*K)': b(1000, 10_000, 'J/(kg*K)', 'water holds 4,180 J/(kg K), glycol mixes ~3,500'),
  C: b(0, 80, '°C', 'loop water runs at 5-45 °C'),
  K: b(0, 30, 'K', 'approaches and spreads are a few kelvin'),
  'L/kWh heat': b(0, 10, 'L/kWh', 'evaporating water takes ~1.5 L per kWh of heat'),
  cycles: b(1.1, 50, 'cycles', 'towers run at 2-10 cycles of concentration', { minExclusive: false }),
  'standard deviations': b(0, 5, 'standard deviations', 'design conditions lie 1-3 spreads above the mean'),
  kg: b(1, 100_000, 'kg', 'a loaded rack weighs 300-3,000 kg'),
  'kW/rack': b(1, 10_000, 'kW/rack', 'racks draw 5-600 kW'),
  'L/kWh IT': b(0, 100, 'L/kWh', 'data centres use 0-5 L of water per kWh'),
  'USD/kW IT': b(0, 1_000_000, 'USD/kW', 'facilities cost 1,000-20,000 USD per kW'),
  'USD/kW heat': b(0, 1_000_000, 'USD/kW', 'cooling plants cost 500-5,000 USD per kW'),
  W: b(0, 1000, 'W', 'an optical module draws 1-30 W'),
  'W/(Gb/s)': b(0, 10, 'W/(Gb/s)', 'optics draw ~0.01-0.05 W per Gb/s'),
  'USD/(Gb/s)': b(0, 10_000, 'USD/(Gb/s)', 'optics cost ~0.5-5 USD per Gb/s'),
  USD: b(0, 10_000_000, 'USD', 'a cable costs tens to hundreds of USD'),
  m: b(0.1, 100_000, 'm', 'reaches of metres to kilometres'),
  nodes: int(1, 1_000_000, 'nodes', 'racks and rows hold 1 to a few hundred nodes'),
  ports: int(1, 65_536, 'ports', 'breakouts split a port 1-8 ways; switches have up to a few thousand ports'),
  links: int(1, 64, 'links', 'an optical module carries 1-8 links'),
  elements: b(0, 1_000_000, 'elements', 'GEMM tiles are 16-256 elements'),
  factor: b(0.01, 10, 'factor', 'a ratio near 1'),
  '1 = on, 0 = off': int(0, 1, '', 'a switch: 0 (off) or 1 (on)'),
  bytes: b(0, 64, 'bytes', 'numbers are 1-8 bytes'),
  'B/param': b(0, 64, 'B/param', 'a parameter takes 1-20 bytes'),
  GiB: b(0, 10_000, 'GiB', 'accelerators carry 16-300 GB'),
  s: b(0, 10, 's', 'latencies and kernel overheads are microseconds'),
  'GB/s': b(0.01, 100_000, 'GB/s', 'storage and host links move 1-100 GB/s per node'),
  h: b(0, 8760, 'h', 'repairs take hours to days'),
  'USD/(accelerator*h)': b(0, 10_000, 'USD/(accelerator*h)', 'accelerators rent for 1-10 USD per hour'),
  '1/(accelerator*h)': FAILURE_RATE,
  '1/(NIC*h)': FAILURE_RATE,
  '1/(switch*h)': FAILURE_RATE,
  '1/(link*h)': FAILURE_RATE,
  '1/(node*h)': FAILURE_RATE,
};

/** Bounds of particular assumptions whose unit alone does not say enough. */
const BY_KEY: Record<string, Bound> = {
  'power.upsEfficiency': EFFICIENCY,
  'power.distributionEfficiency': EFFICIENCY,
  fp8GemmFactor: b(0.01, 1, 'factor', 'an efficiency relative to BF16 GEMMs; below 1% it is a unit error'),
  interleaveEfficiency: FRACTION,
  epCommOverlap: FRACTION,
  epOverlapSmShare: b(0, 0.9, 'fraction', 'communication kernels take a minority of the accelerator (DeepSeek-V3: 20 of 132 SMs)'),
  moeMaxNodesPerToken: int(0, 100_000, 'domains', '0 (no limit) or a few scale-up domains per token (DeepSeek-V3: 4)'),
  cpMinTokensPerRank: int(1, 100_000_000, 'tokens', 'a context-parallel rank holds 1,000 to 100,000 tokens of a sequence'),
  fabricSwitchRadix: int(2, 65_536, 'ports', 'switches have 32-512 ports (before breakout)'),
};

/** The bound of an assumption override, or undefined for an assumption nobody bounded (a test forbids that). */
export function assumptionBound(key: string, unit: string): Bound | undefined {
  return BY_KEY[key] ?? BY_UNIT[unit];
}

// ---------------------------------------------------------------------------
// Looking bounds up by field path (field help and errors in the UI; tests)

type AnySchema = z.core.$ZodType;

function children(s: AnySchema): Array<{ key: string | number | '*'; schema: AnySchema }> {
  const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, AnySchema>).map(([key, schema]) => ({ key, schema }));
    case 'array':
      return [{ key: '*', schema: def.element as AnySchema }];
    case 'record':
      return [{ key: '*', schema: def.valueType as AnySchema }];
    default:
      return [];
  }
}

/** The schemas a wrapper stands for (optional, default, union members, pipe ends...). */
function variants(s: AnySchema): AnySchema[] {
  const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return variants(def.innerType as AnySchema);
    case 'union':
      return (def.options as AnySchema[]).flatMap(variants);
    case 'pipe':
      return [...variants(def.in as AnySchema), ...variants(def.out as AnySchema)];
    case 'intersection':
      return [...variants(def.left as AnySchema), ...variants(def.right as AnySchema)];
    default:
      return [s];
  }
}

/**
 * The bound of the number at a field path of a schema (`racks[3].powerBudgetW`,
 * `constraints.accelerators[0].maxCount`), or undefined when that is not a bounded number.
 */
export function boundAt(schema: AnySchema, path: string): Bound | undefined {
  const segments = path.match(/[^.[\]]+/g) ?? [];
  let current: AnySchema[] = variants(schema);
  for (const seg of segments) {
    const next: AnySchema[] = [];
    for (const s of current) {
      for (const c of children(s)) if (c.key === seg || c.key === '*') next.push(...variants(c.schema));
    }
    current = next;
  }
  for (const s of current) {
    const meta = boundRegistry.get(s as z.ZodType);
    if (meta) return meta.bound;
  }
  return undefined;
}

/** Every number leaf of a schema, with its path (`racks[].powerBudgetW`) and its bound when it has one. */
export function numberFields(schema: AnySchema): Array<{ path: string; bound: Bound | undefined }> {
  const out: Array<{ path: string; bound: Bound | undefined }> = [];
  const seen = new Set<AnySchema>();
  const walk = (s: AnySchema, path: string, depth: number) => {
    if (depth > MAX_JSON_DEPTH) return;
    for (const v of variants(s)) {
      if (v._zod.def.type === 'number') {
        out.push({ path, bound: boundRegistry.get(v as z.ZodType)?.bound });
        continue;
      }
      if (seen.has(v) && depth > 0 && children(v).length === 0) continue;
      for (const c of children(v)) {
        const p = c.key === '*' ? `${path}[]` : path ? `${path}.${c.key}` : String(c.key);
        walk(c.schema, p, depth + 1);
      }
    }
  };
  walk(schema, '', 0);
  return out;
}
