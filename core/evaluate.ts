/**
 * evaluate(design) -> Results: everything the UI, CLI and reports show.
 *
 * Pure and deterministic. Replication is handled by multiplying counts (a
 * group's count x a rack's count x an item's quantity); replicated items are
 * never materialised, so 100,000 accelerators cost as much as one drawn unit.
 *
 * Conventions:
 * - Per-rack figures are per rack instance; `count` says how many identical racks.
 * - `itPowerKW` / `facilityPowerKW` are at typical (training) load; nameplate
 *   (max) IT power is `power.itMaxKW` and is what rack budgets are checked against.
 * - Heat is typical power; cooling checks compare rack heat to cooling capacity.
 * - An empty design gives zeros and `pue: null` (PUE is undefined without IT load).
 * - Unknown catalog ids never throw: the entity is skipped with a warning that
 *   lists the nearest ids.
 */
import { checkAssumptionOverrides } from './assumptions';
import { assertFinite } from './finite';
import { createCatalog, defaultProtocolFor, type Catalog } from './catalog';
import type { AcceleratorSpec, CableSpec, ServerSpec, SwitchSpec, TransceiverSpec } from './catalog/types';
import type { Design, Rack, Server, Switch } from './model/design';
import { groupMultipliers, inGroupSubtree } from './model/replication';
import {
  NETWORK_ASSUMPTIONS,
  generateFabric,
  type FabricResult,
  type LengthClass,
  type LinkTier,
  type Media,
  type NetworkAssumptionValues,
  type SwitchLike,
} from './network/fabric';
import {
  collectiveTable,
  defaultScaleUpReduction,
  scaleOutUnidirectionalGBps,
  scaleUpUnidirectionalGBps,
  type CollectiveGroup,
  type CollectiveTableRow,
} from './network/collectives';
import { MIXED_ASSUMPTIONS, estimateMixed, type MixedEstimate } from './mixed';
import { RELIABILITY_ASSUMPTIONS, estimateReliability, type ReliabilityResult } from './reliability';
import { ALL_TRAINING_ASSUMPTIONS, estimateTraining, type TrainingEstimate } from './training';
import {
  AssumptionValues,
  COOLING_PATHS,
  HOURS_PER_YEAR,
  computeCost,
  energyMWh,
  facilityPower,
  serverPowerInRack,
  zeroByPath,
  type BomLine,
  type CostCategory,
  type CostResult,
  type CoolingPath,
  type LoadByPath,
} from './power';

export type Severity = 'info' | 'warning' | 'error';

export interface EvalWarning {
  severity: Severity;
  code: string;
  /** English text. */
  message: string;
  entityIds: string[];
  /** The values in the message, for showing it in another language (core/warning-text.ts). */
  params?: Record<string, string | number>;
}

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
}

export interface PoolSummary {
  pool: string;
  acceleratorId: string;
  accelerators: number;
  servers: number;
  peakPflopsBf16: number;
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
  rackResults: RackResult[];
  cost: CostResult;
  fabrics: FabricSummary[];
  pools: PoolSummary[];
  assumptions: Array<{ key: string; label: string; value: number; unit: string; source: string }>;
}

export interface CollectiveTableGroup {
  /** `tp`, `dp` or `cluster`. */
  name: string;
  group: CollectiveGroup;
  rows: CollectiveTableRow[];
}

export interface EvaluateOptions {
  catalog?: Catalog;
  /** Skip the training estimate (faster; used by benchmarks of the hardware model). */
  skipTraining?: boolean;
}

const MAX_WARNINGS_PER_CODE = 50;

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);
// A non-finite value is kept (not rounded to 0 or null) so that assertFinite names it.
const round = (v: number, digits = 6): number => {
  const f = 10 ** digits;
  return Number.isFinite(v) ? Math.round(v * f) / f : v;
};
const roundOrNull = (v: number | null, digits = 6): number | null => (v === null ? null : round(v, digits));

class Warnings {
  readonly list: EvalWarning[] = [];
  private readonly perCode = new Map<string, number>();
  add(severity: Severity, code: string, message: string, entityIds: string[] = [], params?: EvalWarning['params']): void {
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n <= MAX_WARNINGS_PER_CODE) this.list.push({ severity, code, message, entityIds, ...(params ? { params } : {}) });
  }
  finish(): EvalWarning[] {
    for (const [code, n] of this.perCode) {
      if (n > MAX_WARNINGS_PER_CODE) {
        this.list.push({ severity: 'info', code: `${code}-truncated`, message: `${n - MAX_WARNINGS_PER_CODE} more "${code}" warnings not shown`, entityIds: [], params: { n: n - MAX_WARNINGS_PER_CODE, code } });
      }
    }
    const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    return this.list.map((w, i) => ({ w, i })).sort((x, y) => rank[x.w.severity] - rank[y.w.severity] || x.i - y.i).map((x) => x.w);
  }
}

class Bom {
  private readonly lines = new Map<string, BomLine>();
  add(partId: string, name: string, category: CostCategory, quantity: number, unitPriceUsd: number, source: string): void {
    if (!(quantity > 0)) return;
    const key = `${category}|${partId}|${unitPriceUsd}`;
    const l = this.lines.get(key);
    if (l) {
      l.quantity += quantity;
      l.totalUsd = l.quantity * l.unitPriceUsd;
    } else {
      this.lines.set(key, { partId, name, category, quantity, unitPriceUsd: finite(unitPriceUsd), totalUsd: quantity * finite(unitPriceUsd), source });
    }
  }
  list(): BomLine[] {
    return [...this.lines.values()].map((l) => ({ ...l, totalUsd: round(l.totalUsd, 2) }));
  }
}

/** Order of switch roles in a drawn network, lowest (server-facing) first. */
const TIER_RANK: Record<Switch['role'], number> = { leaf: 0, tor: 0, storage: 0, management: 0, spine: 1, core: 2 };

function lengthClassOf(lengthM: number | undefined, sameRack: boolean): 'in-rack' | 'in-row' | 'cross-hall' {
  if (lengthM === undefined) return sameRack ? 'in-rack' : 'in-row';
  if (lengthM <= 3) return 'in-rack';
  if (lengthM <= 50) return 'in-row';
  return 'cross-hall';
}

const rackPath = (c: Rack['cooling']): CoolingPath => c;
const nativePath = (c: ServerSpec['cooling']): CoolingPath => c;

/** Evaluate a (parsed, valid) design. Never throws for unknown catalog ids. */
export function evaluate(input: Design, opts: EvaluateOptions = {}): Results {
  const catalog = opts.catalog ?? createCatalog();
  const warn = new Warnings();
  // Overrides the engines cannot use (unknown keys, values their unit forbids) are reported and left out.
  const overrideProblems = checkAssumptionOverrides(input.assumptions);
  for (const p of overrideProblems) warn.add(p.severity, p.severity === 'error' ? 'assumption-invalid' : 'assumption-unknown', `assumptions.${p.key}: ${p.message}`, [], { key: p.key, detail: p.message });
  const rejected = new Set(overrideProblems.map((p) => p.key));
  const design: Design =
    rejected.size === 0 ? input : { ...input, assumptions: Object.fromEntries(Object.entries(input.assumptions).filter(([k]) => !rejected.has(k))) };
  const a = new AssumptionValues(design.assumptions);
  const bom = new Bom();
  const mult = groupMultipliers(design);
  const groupMult = (gid: string | undefined): number => (gid === undefined ? 1 : (mult.get(gid) ?? 1));
  const parentOf = new Map(design.groups.map((g) => [g.id, g.parentId]));
  const inSubtree = (gid: string | undefined, root: string): boolean => inGroupSubtree(parentOf, gid, root);

  const unknownPart = (listName: string, index: number, entityId: string, partId: string, kind: Parameters<Catalog['nearest']>[1]) => {
    const p = catalog.get(partId);
    const near = catalog.nearest(partId, kind);
    const msg = p
      ? `${listName}[${index}].partId: "${partId}" is a ${p.kind}, not a ${kind}; nearest ${kind} ids: ${near.join(', ')}. The item is left out of the results.`
      : `${listName}[${index}].partId: unknown catalog part "${partId}"; nearest: ${near.join(', ')}. The item is left out of the results.`;
    warn.add('warning', 'unknown-part', msg, [entityId], { path: `${listName}[${index}].partId`, id: partId, nearest: near.join(', ') });
  };

  // ---- Racks ---------------------------------------------------------------
  interface RackAcc {
    rack: Rack;
    instances: number;
    typicalW: number;
    maxW: number;
    usedU: number;
    servers: number;
    accelerators: number;
    intervals: Array<{ lo: number; hi: number; id: string }>;
    pduCapacityW: number;
    coolingAirW: number;
    coolingLiquidW: number;
  }
  const racks = new Map<string, RackAcc>();
  let rackInstances = 0;
  for (const r of design.racks) {
    const instances = r.count * groupMult(r.groupId);
    rackInstances += instances;
    racks.set(r.id, { rack: r, instances, typicalW: 0, maxW: 0, usedU: 0, servers: 0, accelerators: 0, intervals: [], pduCapacityW: 0, coolingAirW: 0, coolingLiquidW: 0 });
  }
  /** Real items an entity stands for, and per rack instance. */
  const placementOf = (e: { quantity: number; rackId?: string; groupId?: string }) => {
    const rack = e.rackId !== undefined ? racks.get(e.rackId) : undefined;
    const total = rack ? e.quantity * rack.instances : e.quantity * groupMult(e.groupId);
    const groupId = rack ? rack.rack.groupId : e.groupId;
    return { rack, total, groupId };
  };
  const placeU = (rack: RackAcc | undefined, slotU: number | undefined, heightU: number, quantity: number, id: string) => {
    if (!rack) return;
    const u = heightU * quantity;
    rack.usedU += u;
    if (slotU !== undefined) rack.intervals.push({ lo: slotU, hi: slotU + u - 1, id });
  };

  // ---- Servers -------------------------------------------------------------
  const itByPath: LoadByPath = zeroByPath();
  let itMaxW = 0;
  let computeTypW = 0;
  let computeMaxW = 0;
  let acceleratorTdpW = 0;
  let fanSavingW = 0;
  let accelerators = 0;
  let serverCount = 0;
  let nics = 0;
  const accByType = new Map<string, number>();
  const srvByType = new Map<string, number>();
  const peak = { bf16: 0, fp16: 0, fp8: 0 };
  let hbmGB = 0;
  let scaleUpGBps = 0;
  let scaleOutGbps = 0;
  const pools = new Map<string, PoolSummary>();
  interface ServerInfo {
    server: Server;
    spec: ServerSpec;
    acc: AcceleratorSpec | undefined;
    total: number;
    groupId: string | undefined;
  }
  const serverInfos: ServerInfo[] = [];

  design.servers.forEach((s, i) => {
    const spec = catalog.getOfKind(s.partId, 'server');
    if (!spec) return unknownPart('servers', i, s.id, s.partId, 'server');
    const { rack, total, groupId } = placementOf(s);
    const path: CoolingPath = rack ? rackPath(rack.rack.cooling) : nativePath(spec.cooling);
    if (rack && spec.cooling !== 'air' && (path === 'air' || path === 'rear-door')) {
      warn.add('warning', 'server-needs-liquid', `${spec.name} is liquid cooled (${spec.cooling}) but rack "${rack.rack.name}" is ${path}-cooled`, [s.id, rack.rack.id], { part: spec.name, cooling: spec.cooling, rack: rack.rack.name, path });
    }
    const p = serverPowerInRack(spec, path, a);
    itByPath[path] += p.typicalW * total;
    itMaxW += p.maxW * total;
    computeTypW += p.typicalW * total;
    computeMaxW += p.maxW * total;
    fanSavingW += spec.typicalPowerW * p.fanSavingFraction * total;
    serverCount += total;
    nics += ((spec.computeNics.count ?? 0) + (spec.otherNics?.count ?? 0)) * total;
    srvByType.set(spec.id, (srvByType.get(spec.id) ?? 0) + total);
    bom.add(spec.id, spec.name, 'accelerated-servers', total, spec.priceUsd, spec.source);
    if (rack) {
      rack.typicalW += p.typicalW * s.quantity;
      rack.maxW += p.maxW * s.quantity;
      rack.servers += s.quantity;
      rack.accelerators += spec.acceleratorsPerServer * s.quantity;
      placeU(rack, s.slotU, spec.heightU, s.quantity, s.id);
    }
    const acc = catalog.getOfKind(spec.acceleratorId, 'accelerator');
    if (!acc) {
      const nearest = catalog.nearest(spec.acceleratorId, 'accelerator').join(', ');
      warn.add('warning', 'unknown-part', `servers[${i}]: server "${spec.id}" names unknown accelerator "${spec.acceleratorId}"; nearest: ${nearest}`, [s.id], { path: `servers[${i}]`, id: spec.acceleratorId, nearest });
    } else {
      const n = spec.acceleratorsPerServer * total;
      accelerators += n;
      accByType.set(acc.id, (accByType.get(acc.id) ?? 0) + n);
      peak.bf16 += acc.peakTflops.bf16 * n;
      peak.fp16 += acc.peakTflops.fp16 * n;
      peak.fp8 += acc.peakTflops.fp8 * n;
      hbmGB += acc.memoryGB * n;
      scaleUpGBps += acc.scaleUp.bandwidthGBps * n;
      scaleOutGbps += spec.computeNics.count * spec.computeNics.linkGbps * total;
      acceleratorTdpW += acc.tdpW * n;
      const poolName = s.pool ?? acc.id;
      const pool = pools.get(poolName) ?? { pool: poolName, acceleratorId: acc.id, accelerators: 0, servers: 0, peakPflopsBf16: 0 };
      if (pool.acceleratorId !== acc.id) {
        warn.add('warning', 'pool-mixed-accelerators', `pool "${poolName}" mixes ${pool.acceleratorId} and ${acc.id}; a pool should hold one accelerator type`, [s.id], { pool: poolName, a: pool.acceleratorId, b: acc.id });
      }
      pool.accelerators += n;
      pool.servers += total;
      pool.peakPflopsBf16 += (acc.peakTflops.bf16 * n) / 1000;
      pools.set(poolName, pool);
    }
    serverInfos.push({ server: s, spec, acc, total, groupId });
  });

  // ---- Drawn switches ----------------------------------------------------------
  let switchesDrawn = 0;
  let switchTypW = 0;
  let opticsW = 0;
  const byTier = { leaf: 0, spine: 0, core: 0, other: 0 };
  const byRole = new Map<string, number>();
  design.switches.forEach((sw, i) => {
    const spec = catalog.getOfKind(sw.partId, 'switch');
    if (!spec) return unknownPart('switches', i, sw.id, sw.partId, 'switch');
    const { rack, total } = placementOf(sw);
    switchesDrawn += total;
    byRole.set(sw.role, (byRole.get(sw.role) ?? 0) + total);
    if (sw.role === 'leaf' || sw.role === 'tor') byTier.leaf += total;
    else if (sw.role === 'spine') byTier.spine += total;
    else if (sw.role === 'core') byTier.core += total;
    else byTier.other += total;
    const path: CoolingPath = rack ? rackPath(rack.rack.cooling) : 'air';
    itByPath[path] += spec.typicalPowerW * total;
    itMaxW += spec.maxPowerW * total;
    switchTypW += spec.typicalPowerW * total;
    bom.add(spec.id, spec.name, 'network-switches', total, spec.priceUsd, spec.source);
    if (rack) {
      rack.typicalW += spec.typicalPowerW * sw.quantity;
      rack.maxW += spec.maxPowerW * sw.quantity;
      placeU(rack, sw.slotU, spec.heightU, sw.quantity, sw.id);
    }
  });

  // ---- Storage ---------------------------------------------------------------
  let storageW = 0;
  let storageSystems = 0;
  let storageTB = 0;
  let storageReadGBps = 0;
  let storageWriteGBps = 0;
  design.storage.forEach((st, i) => {
    const spec = catalog.getOfKind(st.partId, 'storage');
    if (!spec) return unknownPart('storage', i, st.id, st.partId, 'storage');
    const { rack, total } = placementOf(st);
    storageSystems += total;
    storageTB += spec.capacityTB * total;
    storageReadGBps += spec.readGBps * total;
    storageWriteGBps += spec.writeGBps * total;
    const path: CoolingPath = rack ? rackPath(rack.rack.cooling) : 'air';
    itByPath[path] += spec.powerW * total;
    itMaxW += spec.powerW * total;
    storageW += spec.powerW * total;
    bom.add(spec.id, spec.name, 'storage', total, spec.priceUsd, spec.source);
    if (rack) {
      rack.typicalW += spec.powerW * st.quantity;
      rack.maxW += spec.powerW * st.quantity;
      placeU(rack, st.slotU, spec.heightU, st.quantity, st.id);
    }
  });

  // ---- PDUs -------------------------------------------------------------------
  let pduCount = 0;
  design.pdus.forEach((pd, i) => {
    const spec = catalog.getOfKind(pd.partId, 'power');
    if (!spec) return unknownPart('pdus', i, pd.id, pd.partId, 'power');
    const { rack, total } = placementOf(pd);
    pduCount += total;
    bom.add(spec.id, spec.name, 'power', total, spec.priceUsd, spec.source);
    // Rack PDUs are 0U (side-mounted); only count capacity.
    if (rack) rack.pduCapacityW += spec.capacityKW * 1000 * pd.quantity;
  });

  // ---- Drawn cables -------------------------------------------------------------
  const entityPlace = new Map<string, { rackId?: string; mult: number }>();
  for (const list of [design.servers, design.switches, design.storage, design.pdus] as const) {
    for (const e of list) {
      const rack = e.rackId !== undefined ? racks.get(e.rackId) : undefined;
      entityPlace.set(e.id, { rackId: e.rackId, mult: rack ? rack.instances : groupMult(e.groupId) });
    }
  }
  const cabled = new Set<string>();
  const cableLines = new Map<string, CableCountLine>();
  const tcvrByType = new Map<string, number>();
  let cableCount = 0;
  let transceivers = 0;
  const cableParts = catalog.cables();
  const tcvrParts = catalog.transceivers();
  const pickCable = (media: string, gbps: number): CableSpec | undefined => {
    const m = media === 'fibre' ? 'fibre' : media;
    const fits = cableParts.filter((c) => c.media === m && c.speedGbps >= gbps).sort((x, y) => x.speedGbps - y.speedGbps || (x.id < y.id ? -1 : 1));
    return fits[0] ?? cableParts.filter((c) => c.media === m).sort((x, y) => y.speedGbps - x.speedGbps)[0];
  };
  const pickTransceiver = (gbps: number, singlemode: boolean): TransceiverSpec | undefined => {
    const media = singlemode ? 'singlemode' : 'multimode';
    const fits = tcvrParts
      .filter((t) => t.media === media && t.portsPerModule === 1 && t.speedGbps >= gbps)
      .sort((x, y) => x.speedGbps - y.speedGbps || x.powerW - y.powerW || (x.id < y.id ? -1 : 1));
    return fits[0];
  };
  design.cables.forEach((c) => {
    const f = entityPlace.get(c.from.entityId);
    const t = entityPlace.get(c.to.entityId);
    const m = Math.max(f?.mult ?? 1, t?.mult ?? 1);
    const n = c.quantity * m;
    cabled.add(c.from.entityId);
    cabled.add(c.to.entityId);
    cableCount += n;
    const sameRack = f?.rackId !== undefined && f.rackId === t?.rackId;
    const lc = lengthClassOf(c.lengthM, sameRack);
    const key = `${c.media}|${lc}|${c.linkGbps}`;
    const line = cableLines.get(key) ?? { media: c.media, lengthClass: lc, linkGbps: c.linkGbps, count: 0 };
    line.count += n;
    cableLines.set(key, line);
    const part = pickCable(c.media, c.linkGbps);
    if (part) {
      bom.add(part.id, part.name, 'optics-cables', n, part.priceUsd, part.source);
      opticsW += part.powerW * n;
      itByPath.air += part.powerW * n;
      itMaxW += part.powerW * n;
    }
    if (c.media === 'fibre') {
      const tc = pickTransceiver(c.linkGbps, lc === 'cross-hall');
      if (tc) {
        transceivers += 2 * n;
        tcvrByType.set(tc.id, (tcvrByType.get(tc.id) ?? 0) + 2 * n);
        bom.add(tc.id, tc.name, 'optics-cables', 2 * n, tc.priceUsd, tc.source);
        opticsW += tc.powerW * 2 * n;
        itByPath.air += tc.powerW * 2 * n;
        itMaxW += tc.powerW * 2 * n;
      }
    }
  });

  // ---- Generated fabrics ---------------------------------------------------------
  const fabrics: FabricSummary[] = [];
  const networkOverrides = pick(design.assumptions, NETWORK_KEYS) as Partial<NetworkAssumptionValues>;
  const inFabric = new Set<string>();
  const serverFabric = new Map<string, { nicGbps: number; oversubscription: number; inNetworkReduction: boolean; switches: number; links: number; accelerators: number }>();
  let switchesGenerated = 0;
  design.fabrics.forEach((fab, i) => {
    const sw = catalog.getOfKind(fab.switchPartId, 'switch');
    if (!sw) {
      const near = catalog.nearest(fab.switchPartId, 'switch');
      warn.add('warning', 'unknown-part', `fabrics[${i}].switchPartId: unknown switch "${fab.switchPartId}"; nearest: ${near.join(', ')}. The fabric is left out of the results.`, [fab.id], { path: `fabrics[${i}].switchPartId`, id: fab.switchPartId, nearest: near.join(', ') });
      return;
    }
    const instances = groupMult(fab.groupId);
    const scope = serverInfos.filter((si) => si.acc && (fab.groupId === undefined || inSubtree(si.groupId, fab.groupId)));
    if (scope.length === 0) {
      warn.add('warning', 'fabric-empty', `fabric "${fab.name}" has no servers in its scope`, [fab.id], { name: fab.name });
      return;
    }
    // The fabric needs one node shape: use the most common (by accelerators) and say so when mixed.
    const shapes = new Map<string, { perNode: number; nicGbps: number; acc: number; linksPerModule: number | undefined }>();
    for (const si of scope) {
      const perNode = Math.min(si.spec.acceleratorsPerFabricNode ?? si.spec.acceleratorsPerServer, si.spec.acceleratorsPerServer);
      const nicGbps = (si.spec.computeNics.count * si.spec.computeNics.linkGbps) / si.spec.acceleratorsPerServer;
      const key = `${perNode}|${nicGbps}`;
      const sh = shapes.get(key) ?? { perNode, nicGbps, acc: 0, linksPerModule: si.spec.computeNics.linksPerModule };
      sh.acc += si.spec.acceleratorsPerServer * si.total;
      shapes.set(key, sh);
    }
    const shape = [...shapes.values()].sort((x, y) => y.acc - x.acc)[0];
    if (!shape) return;
    if (shapes.size > 1) {
      warn.add('info', 'fabric-mixed-nodes', `fabric "${fab.name}" spans servers of different shapes; sized with ${shape.perNode} accelerators and ${shape.nicGbps} Gb/s per accelerator for all`, [fab.id], { name: fab.name, perNode: shape.perNode, gbps: shape.nicGbps });
    }
    const totalAcc = scope.reduce((s, si) => s + si.spec.acceleratorsPerServer * si.total, 0);
    const perInstance = Math.round(totalAcc / instances);
    if (fab.nicGbpsPerAccelerator !== undefined) shape.nicGbps = fab.nicGbpsPerAccelerator;
    if (!(shape.nicGbps > 0) || perInstance < 1) {
      warn.add('warning', 'fabric-no-nics', `fabric "${fab.name}": the servers in scope have no compute NICs`, [fab.id], { name: fab.name });
      return;
    }
    let fr: FabricResult;
    try {
      fr = generateFabric({
        accelerators: perInstance,
        perNode: shape.perNode,
        nicGbpsPerAccelerator: shape.nicGbps,
        switch: { ...(sw as SwitchSpec), protocol: sw.protocol } satisfies SwitchLike,
        oversubscription: fab.oversubscription,
        tiers: fab.tiers === 'auto' ? undefined : fab.tiers,
        railOptimised: fab.railOptimised,
        planes: fab.planes,
        allowPartialNode: true,
        assumptions: { ...(shape.linksPerModule !== undefined ? { nodeLinksPerModule: shape.linksPerModule } : {}), ...networkOverrides },
      });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      warn.add('error', 'fabric-infeasible', `fabric "${fab.name}": ${detail}`, [fab.id], { name: fab.name, detail });
      return;
    }
    for (const si of scope) {
      inFabric.add(si.server.id);
      serverFabric.set(si.server.id, {
        nicGbps: shape.nicGbps,
        oversubscription: fr.oversubscription.effective,
        inNetworkReduction: sw.inNetworkReduction === true,
        switches: fr.switches.total,
        links: fr.links.total,
        accelerators: fr.accelerators,
      });
    }
    for (const fw of fr.warnings) warn.add(fw.severity, `fabric-${fw.code}`, `fabric "${fab.name}": ${fw.message}`, [fab.id], { name: fab.name, detail: fw.message });
    const k = instances;
    switchesGenerated += fr.switches.total * k;
    byTier.leaf += fr.switches.leaf * k;
    byTier.spine += fr.switches.spine * k;
    byTier.core += fr.switches.core * k;
    switchTypW += fr.power.switchesTypicalW * k;
    opticsW += fr.power.opticsW * k;
    itByPath.air += (fr.power.switchesTypicalW + fr.power.opticsW) * k;
    itMaxW += (fr.power.switchesMaxW + fr.power.opticsW) * k;
    transceivers += fr.transceivers * k;
    const models: Array<[string, number]> = [
      [fr.switchModels.leaf, fr.switches.leaf],
      [fr.switchModels.spine, fr.switches.spine],
      [fr.switchModels.core, fr.switches.core],
    ];
    for (const [id, n] of models) {
      const spec = catalog.getOfKind(id, 'switch') ?? sw;
      bom.add(spec.id, spec.name, 'network-switches', n * k, spec.priceUsd, spec.source);
    }
    for (const tl of fr.transceiverLines) {
      const part =
        tcvrParts.find((t) => t.speedGbps === tl.moduleGbps && t.media === tl.media && t.portsPerModule === tl.linksPerModule) ??
        tcvrParts.find((t) => t.speedGbps === tl.moduleGbps && t.media === tl.media);
      const id = part?.id ?? `optics-${tl.moduleGbps}g-${tl.media}`;
      tcvrByType.set(id, (tcvrByType.get(id) ?? 0) + tl.count * k);
      bom.add(id, part?.name ?? tl.type, 'optics-cables', tl.count * k, tl.priceUsdEach, part?.source ?? 'network engine assumption (estimate)');
    }
    for (const c of Object.values(fr.cablesByTier)) {
      if (!(c.count > 0)) continue;
      const media = c.media === 'dac' ? 'dac' : 'fibre';
      const key = `${media}|${c.lengthClass}|${fr.linkGbps}`;
      const line = cableLines.get(key) ?? { media, lengthClass: c.lengthClass, linkGbps: fr.linkGbps, count: 0 };
      line.count += c.count * k;
      cableLines.set(key, line);
      cableCount += c.count * k;
      const part = c.media === 'dac' ? pickCable('dac', fr.linkGbps) : cableParts.find((p) => p.media === 'fibre' && p.fibreMode === c.media);
      if (part) bom.add(part.id, part.name, 'optics-cables', c.count * k, part.priceUsd, part.source);
    }
    fabrics.push({
      fabricId: fab.id,
      name: fab.name,
      instances: k,
      switchPartId: sw.id,
      accelerators: fr.accelerators * k,
      nodes: fr.nodes * k,
      tiers: fr.tiers,
      switches: { leaf: fr.switches.leaf * k, spine: fr.switches.spine * k, core: fr.switches.core * k, total: fr.switches.total * k },
      switchModels: fr.switchModels,
      links: { nodeLeaf: fr.links.nodeLeaf * k, leafSpine: fr.links.leafSpine * k, spineCore: fr.links.spineCore * k, total: fr.links.total * k },
      linkGbps: fr.linkGbps,
      cableKinds: {
        nodeLeaf: { media: fr.cablesByTier.nodeLeaf.media, lengthClass: fr.cablesByTier.nodeLeaf.lengthClass },
        leafSpine: { media: fr.cablesByTier.leafSpine.media, lengthClass: fr.cablesByTier.leafSpine.lengthClass },
        spineCore: { media: fr.cablesByTier.spineCore.media, lengthClass: fr.cablesByTier.spineCore.lengthClass },
      },
      transceivers: fr.transceivers * k,
      bisectionTBps: round(fr.bisectionTBps * k),
      powerKW: round(fr.powerKW * k),
      costUsd: round(fr.costUsd * k, 2),
      oversubscription: fr.oversubscription.effective,
    });
  });

  // Servers on a drawn network (and in no generated fabric): its leaf oversubscription and
  // in-network reduction, as the training engine needs them. A server's leaves are the switches
  // it is cabled to; a leaf's oversubscription is its server-facing over its switch-facing
  // bandwidth (cables x replication x link speed; 1 when it has no uplinks, a one-tier network);
  // in-network reduction needs it on the leaves and on every switch they uplink to.
  const drawnSwitchSpec = new Map<string, SwitchSpec>();
  for (const sw of design.switches) {
    const spec = catalog.getOfKind(sw.partId, 'switch');
    if (spec) drawnSwitchSpec.set(sw.id, spec);
  }
  const switchRole = new Map(design.switches.map((w) => [w.id, w.role]));
  const tierRank = (id: string) => TIER_RANK[switchRole.get(id) ?? 'leaf'];
  const serverIds = new Set(serverInfos.map((si) => si.server.id));
  const down = new Map<string, number>();
  const up = new Map<string, number>();
  const above = new Map<string, Set<string>>();
  const leavesOf = new Map<string, Set<string>>();
  const addTo = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const c of design.cables) {
    const [x, y] = [c.from.entityId, c.to.entityId];
    const n = c.quantity * Math.max(entityPlace.get(x)?.mult ?? 1, entityPlace.get(y)?.mult ?? 1) * c.linkGbps;
    for (const [srv, sw] of [[x, y], [y, x]] as const) {
      if (serverIds.has(srv) && drawnSwitchSpec.has(sw)) {
        addTo(down, sw, n);
        leavesOf.set(srv, (leavesOf.get(srv) ?? new Set()).add(sw));
      }
    }
    if (drawnSwitchSpec.has(x) && drawnSwitchSpec.has(y) && x !== y) {
      // The lower tier by role; between equal roles, the cable's `from` end counts it as an uplink.
      const [lo, hi] = tierRank(x) <= tierRank(y) ? [x, y] : [y, x];
      addTo(up, lo, n);
      above.set(lo, (above.get(lo) ?? new Set()).add(hi));
    }
  }
  const drawnSwitches = design.switches.reduce((t, w) => t + (drawnSwitchSpec.has(w.id) ? w.quantity * (entityPlace.get(w.id)?.mult ?? 1) : 0), 0);
  const drawnAccelerators = serverInfos.reduce((t, si) => t + (leavesOf.has(si.server.id) && !inFabric.has(si.server.id) ? si.spec.acceleratorsPerServer * si.total : 0), 0);
  for (const si of serverInfos) {
    const leaves = leavesOf.get(si.server.id);
    if (!leaves || inFabric.has(si.server.id) || serverFabric.has(si.server.id)) continue;
    let over = 1;
    let reduction = true;
    for (const l of leaves) {
      const u = up.get(l) ?? 0;
      if (u > 0) over = Math.max(over, (down.get(l) ?? 0) / u);
      const tree = [l, ...(above.get(l) ?? [])];
      if (!tree.every((id) => drawnSwitchSpec.get(id)?.inNetworkReduction === true)) reduction = false;
    }
    serverFabric.set(si.server.id, {
      nicGbps: (si.spec.computeNics.count * si.spec.computeNics.linkGbps) / Math.max(1, si.spec.acceleratorsPerServer),
      oversubscription: over,
      inNetworkReduction: reduction,
      switches: drawnSwitches,
      links: cableCount,
      accelerators: drawnAccelerators,
    });
  }

  // Servers without any network.
  for (const si of serverInfos) {
    if (!inFabric.has(si.server.id) && !cabled.has(si.server.id) && si.spec.computeNics.count > 0) {
      warn.add('warning', 'server-no-network', `server "${si.server.name ?? si.server.id}" is neither cabled nor in a generated fabric`, [si.server.id], { name: si.server.name ?? si.server.id });
    }
  }

  // ---- Management overhead -----------------------------------------------------
  const mgmtFrac = Math.max(0, a.get('power.managementOverheadFraction'));
  const mgmtTypW = computeTypW * mgmtFrac;
  itByPath.air += mgmtTypW;
  itMaxW += computeMaxW * mgmtFrac;

  // ---- Facility ----------------------------------------------------------------------
  const fac = facilityPower(itByPath, design.site.climate, a);
  const loadFactor = Math.max(0, a.get('power.annualLoadFactor'));
  const annualItMWh = energyMWh(fac.itPowerW * loadFactor, HOURS_PER_YEAR);
  const annualEnergy = energyMWh(fac.facilityPowerW * loadFactor, HOURS_PER_YEAR);

  // ---- Cooling units and per-rack checks ----------------------------------------------------
  let coolingUnitCount = 0;
  const rackHeatW = (r: RackAcc) => r.typicalW;
  design.coolingUnits.forEach((cu, i) => {
    const spec = catalog.getOfKind(cu.partId, 'cooling');
    if (!spec) return unknownPart('coolingUnits', i, cu.id, cu.partId, 'cooling');
    const unitMult = cu.quantity * groupMult(cu.groupId);
    coolingUnitCount += unitMult;
    bom.add(spec.id, spec.name, 'cooling', unitMult, spec.priceUsd, spec.source);
    const served: RackAcc[] =
      cu.rackIds.length > 0
        ? cu.rackIds.map((id) => racks.get(id)).filter((r): r is RackAcc => r !== undefined)
        : cu.groupId !== undefined
          ? [...racks.values()].filter((r) => inSubtree(r.rack.groupId, cu.groupId as string))
          : [...racks.values()];
    const servedInstances = served.reduce((s, r) => s + r.instances, 0);
    if (servedInstances === 0) return;
    const capW = spec.capacityKW * 1000 * unitMult;
    for (const r of served) {
      if (spec.medium === 'liquid') r.coolingLiquidW += capW / servedInstances;
      else r.coolingAirW += capW / servedInstances;
    }
    // Heat this unit must carry: liquid units the liquid share, air units the air share.
    let heat = 0;
    for (const r of served) {
      const path = rackPath(r.rack.cooling);
      const liquidShare = path === 'immersion' ? 1 : path === 'cold-plate' ? Math.min(1, Math.max(0, a.get('cooling.liquidCaptureFraction'))) : 0;
      const share = spec.medium === 'liquid' ? liquidShare : 1 - liquidShare;
      if (spec.medium === 'liquid' && liquidShare === 0) {
        warn.add('info', 'cooling-medium-mismatch', `liquid unit "${cu.name ?? cu.id}" serves air-cooled rack "${r.rack.name}"`, [cu.id, r.rack.id], { unit: cu.name ?? cu.id, rack: r.rack.name });
      }
      heat += rackHeatW(r) * r.instances * share;
    }
    if (heat > capW * (1 + 1e-9)) {
      const kind = spec.medium === 'liquid' ? 'liquid loop' : 'air cooling';
      warn.add(
        'warning',
        'cooling-unit-over-capacity',
        `${kind} "${cu.name ?? cu.id}" (${unitMult} x ${spec.capacityKW} kW) must remove ${round(heat / 1000, 1)} kW but can remove ${round(capW / 1000, 1)} kW`,
        [cu.id, ...served.map((r) => r.rack.id)],
        { medium: spec.medium, unit: cu.name ?? cu.id, n: unitMult, unitKW: spec.capacityKW, needKW: round(heat / 1000, 1), capKW: round(capW / 1000, 1) },
      );
    }
  });

  const airLimitKW = Math.max(0, a.get('cooling.airDensityLimitKW'));
  const rdLimitKW = Math.max(0, a.get('cooling.rearDoorDensityLimitKW'));
  const rackResults: RackResult[] = [];
  let maxRackPowerW = 0;
  let anyCoolingInfo = design.coolingUnits.length > 0;
  for (const r of racks.values()) {
    const { rack } = r;
    const heatKW = rackHeatW(r) / 1000;
    const unitsW = r.coolingAirW + r.coolingLiquidW;
    const capacity = rack.coolingCapacityW ?? (unitsW > 0 ? unitsW : null);
    const liquidShare = rack.cooling === 'immersion' ? 1 : rack.cooling === 'cold-plate' ? Math.min(1, Math.max(0, a.get('cooling.liquidCaptureFraction'))) : 0;
    if (rack.coolingCapacityW !== undefined) anyCoolingInfo = true;
    maxRackPowerW = Math.max(maxRackPowerW, r.maxW);
    if (r.maxW > rack.powerBudgetW * (1 + 1e-9)) {
      warn.add(
        'warning',
        'rack-over-budget',
        `rack "${rack.name}" needs ${round(r.maxW / 1000, 2)} kW at nameplate but its power budget is ${round(rack.powerBudgetW / 1000, 2)} kW`,
        [rack.id],
        { rack: rack.name, needKW: round(r.maxW / 1000, 2), budgetKW: round(rack.powerBudgetW / 1000, 2) },
      );
    }
    const over = (heatW: number, capW: number, to: '' | 'liquid' | 'air') => {
      if (heatW > capW * (1 + 1e-9)) {
        warn.add('warning', 'rack-over-cooling', `rack "${rack.name}" gives off ${round(heatW / 1000, 2)} kW${to ? ` to ${to}` : ''} but its cooling can remove ${round(capW / 1000, 2)} kW`, [rack.id], { rack: rack.name, heatKW: round(heatW / 1000, 2), to, capKW: round(capW / 1000, 2) });
      }
    };
    if (rack.coolingCapacityW !== undefined) over(r.typicalW, rack.coolingCapacityW, '');
    else {
      if (r.coolingLiquidW > 0) over(r.typicalW * liquidShare, r.coolingLiquidW, 'liquid');
      if (r.coolingAirW > 0) over(r.typicalW * (1 - liquidShare), r.coolingAirW, 'air');
    }
    if (rack.cooling === 'air' && heatKW > airLimitKW) {
      warn.add('warning', 'rack-air-density', `rack "${rack.name}" at ${round(heatKW, 1)} kW exceeds the plain air-cooling limit of ${airLimitKW} kW per rack; use rear-door or liquid cooling`, [rack.id], { rack: rack.name, kw: round(heatKW, 1), limitKW: airLimitKW, cooling: 'air' });
    } else if (rack.cooling === 'rear-door' && heatKW > rdLimitKW) {
      warn.add('warning', 'rack-air-density', `rack "${rack.name}" at ${round(heatKW, 1)} kW exceeds the rear-door limit of ${rdLimitKW} kW per rack; use liquid cooling`, [rack.id], { rack: rack.name, kw: round(heatKW, 1), limitKW: rdLimitKW, cooling: 'rear-door' });
    }
    if (r.pduCapacityW > 0 && r.maxW > r.pduCapacityW * (1 + 1e-9)) {
      warn.add('warning', 'rack-pdu-capacity', `rack "${rack.name}" PDUs supply ${round(r.pduCapacityW / 1000, 1)} kW but the rack needs ${round(r.maxW / 1000, 1)} kW at nameplate`, [rack.id], { rack: rack.name, pduKW: round(r.pduCapacityW / 1000, 1), needKW: round(r.maxW / 1000, 1) });
    }
    if (r.usedU > rack.heightU) {
      warn.add('error', 'rack-u-overflow', `rack "${rack.name}" holds ${r.usedU}U of equipment but is ${rack.heightU}U tall`, [rack.id], { rack: rack.name, used: r.usedU, height: rack.heightU });
    }
    const iv = [...r.intervals].sort((x, y) => x.lo - y.lo || (x.id < y.id ? -1 : 1));
    for (let j = 0; j < iv.length; j++) {
      const cur = iv[j]!;
      if (cur.hi > rack.heightU) {
        warn.add('error', 'rack-u-overflow', `"${cur.id}" in rack "${rack.name}" occupies U${cur.lo}-U${cur.hi}, above the top (U${rack.heightU})`, [rack.id, cur.id], { id: cur.id, rack: rack.name, lo: cur.lo, hi: cur.hi, height: rack.heightU });
      }
      const next = iv[j + 1];
      if (next && next.lo <= cur.hi) {
        warn.add('error', 'rack-u-overlap', `"${cur.id}" (U${cur.lo}-U${cur.hi}) and "${next.id}" (U${next.lo}-U${next.hi}) overlap in rack "${rack.name}"`, [rack.id, cur.id, next.id], { a: cur.id, alo: cur.lo, ahi: cur.hi, b: next.id, blo: next.lo, bhi: next.hi, rack: rack.name });
      }
    }
    rackResults.push({
      rackId: rack.id,
      name: rack.name,
      count: r.instances,
      cooling: rack.cooling,
      itPowerW: round(r.maxW, 3),
      typicalPowerW: round(r.typicalW, 3),
      heatKW: round(heatKW),
      budgetW: rack.powerBudgetW,
      coolingCapacityW: capacity === null ? null : round(capacity, 3),
      usedU: r.usedU,
      heightU: rack.heightU,
      servers: r.servers,
      accelerators: r.accelerators,
    });
  }
  if (!anyCoolingInfo && racks.size > 0 && fac.itPowerW > 0) {
    warn.add('info', 'no-cooling-units', 'no cooling units or rack cooling capacities are drawn: cooling capacity is assumed to match the load', [], {});
  }

  // ---- Pools -----------------------------------------------------------------------
  const poolList = [...pools.values()].sort((x, y) => y.accelerators - x.accelerators || (x.pool < y.pool ? -1 : 1));
  if (poolList.length > 1) {
    warn.add(
      'info',
      'mixed-pools',
      `${poolList.length} accelerator pools (${poolList.map((p) => `${p.pool}: ${p.accelerators}`).join(', ')}); the training estimate splits the model across them (mixed-chip planner)`,
      [],
      { n: poolList.length, pools: poolList.map((p) => `${p.pool}: ${p.accelerators}`).join(', ') },
    );
  }

  // ---- Cost ----------------------------------------------------------------------------
  const bomLines = bom.list();
  const cost = computeCost(
    {
      bom: bomLines,
      itCapacityKW: itMaxW / 1000,
      heatCapacityKW: itMaxW / 1000,
      annualFacilityMWh: annualEnergy,
      annualItMWh,
      wueLPerKWh: fac.wueLPerKWh,
      electricityUsdPerKWh: design.site.electricityUsdPerKWh,
      waterUsdPerM3: design.site.waterUsdPerM3,
      gridKgCO2PerKWh: design.site.gridKgCO2PerKWh,
      depreciationYears: design.site.depreciationYears,
      accelerators,
    },
    a,
  );

  const kw = (w: number) => round(w / 1000);
  const power: PowerSection = {
    itTypicalKW: kw(fac.itPowerW),
    itMaxKW: kw(itMaxW),
    breakdownKW: {
      compute: kw(computeTypW),
      accelerators: kw(Math.min(acceleratorTdpW, computeTypW)),
      serverOverhead: kw(Math.max(0, computeTypW - Math.min(acceleratorTdpW, computeTypW))),
      network: kw(switchTypW + opticsW),
      switches: kw(switchTypW),
      optics: kw(opticsW),
      storage: kw(storageW),
      management: kw(mgmtTypW),
    },
    itByCoolingKW: Object.fromEntries(COOLING_PATHS.map((p) => [p, kw(itByPath[p])])) as Record<CoolingPath, number>,
    fanSavingKW: kw(fanSavingW),
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
    cueKgCO2PerKWh: fac.pue === null ? null : round(fac.pue * design.site.gridKgCO2PerKWh),
    heatToLiquidKW: kw(fac.heatToLiquidW),
    heatToAirKW: kw(fac.heatToAirW),
    annualItEnergyMWh: round(annualItMWh),
    annualEnergyMWh: round(annualEnergy),
    annualCO2Tonnes: round(cost.annualCO2Tonnes),
  };

  const switchesTotal = switchesDrawn + switchesGenerated;
  const sortLines = (m: Map<string, number>): CountLine[] =>
    [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([key, count]) => ({ key, count }));

  const results: Results = {
    accelerators,
    servers: serverCount,
    racks: rackInstances,
    switches: switchesTotal,
    itPowerKW: power.itTypicalKW,
    facilityPowerKW: power.facilityPowerKW,
    pue: power.pue,
    maxRackPowerKW: kw(maxRackPowerW),
    annualEnergyMWh: power.annualEnergyMWh,
    capexUsd: round(cost.capexUsd, 2),
    warnings: [],
    inventory: {
      accelerators,
      acceleratorsByType: sortLines(accByType),
      servers: serverCount,
      serversByType: sortLines(srvByType),
      racks: rackInstances,
      switches: { total: switchesTotal, drawn: switchesDrawn, generated: switchesGenerated, byTier, byRole: sortLines(byRole) },
      nics,
      transceivers,
      transceiversByType: sortLines(tcvrByType),
      cables: cableCount,
      cablesByType: [...cableLines.values()].sort((x, y) => (x.media + x.lengthClass + x.linkGbps < y.media + y.lengthClass + y.linkGbps ? -1 : 1)),
      coolingUnits: coolingUnitCount,
      storageSystems,
      pdus: pduCount,
    },
    bom: bomLines,
    compute: {
      peakPflops: { bf16: round(peak.bf16 / 1000), fp16: round(peak.fp16 / 1000), fp8: round(peak.fp8 / 1000) },
      hbmTB: round(hbmGB / 1000),
      scaleUpTBps: round(scaleUpGBps / 1000),
      scaleOutTbps: round(scaleOutGbps / 1000),
      storageCapacityTB: round(storageTB),
      storageReadGBps: round(storageReadGBps),
    },
    power,
    rackResults,
    cost: {
      ...cost,
      capexUsd: round(cost.capexUsd, 2),
      opexPerYearUsd: round(cost.opexPerYearUsd, 2),
      costPerAcceleratorHourUsd: roundOrNull(cost.costPerAcceleratorHourUsd),
    },
    fabrics,
    pools: poolList.map((p) => ({ ...p, peakPflopsBf16: round(p.peakPflopsBf16) })),
    assumptions: a.list().map(({ key, label, value, unit, source }) => ({ key, label, value, unit, source })),
  };
  if (design.fabrics.length > 0) {
    for (const x of NETWORK_ASSUMPTIONS) {
      results.assumptions.push({ key: x.key, label: x.label, value: (networkOverrides as Record<string, number>)[x.key] ?? x.value, unit: x.unit, source: x.source });
    }
  }

  // ---- Training (when the design has a workload) --------------------------------------------
  if (design.workload && !opts.skipTraining) {
    addTraining({ design, results, catalog, pools: poolList, servers: serverInfos, serverFabric, storageWriteGBps, storageReadGBps, warn });
  }

  results.warnings = warn.finish();
  return assertFinite(results);
}

export { defaultProtocolFor };

/** The training estimate of the (largest) pool plus reliability, as the CLI `estimate` prints it. */
export type TrainingResult = (TrainingEstimate | MixedEstimate) & {
  pool: string;
  acceleratorId: string;
  accelerators: number;
  reliability: ReliabilityResult | null;
};

interface TrainingContext {
  design: Design;
  results: Results;
  catalog: Catalog;
  pools: PoolSummary[];
  servers: Array<{ server: Server; spec: ServerSpec; acc: AcceleratorSpec | undefined; total: number }>;
  serverFabric: Map<string, { nicGbps: number; oversubscription: number; inNetworkReduction: boolean; switches: number; links: number; accelerators: number }>;
  storageWriteGBps: number;
  storageReadGBps: number;
  warn: Warnings;
}

const TRAINING_KEYS = new Set(ALL_TRAINING_ASSUMPTIONS.map((x) => x.key));
const NETWORK_KEYS = new Set<string>(NETWORK_ASSUMPTIONS.map((x) => x.key));
const RELIABILITY_KEYS = new Set<string>(RELIABILITY_ASSUMPTIONS.map((x) => x.key));
const MIXED_TRAINING_KEYS = new Set<string>([...TRAINING_KEYS, ...MIXED_ASSUMPTIONS.map((x) => x.key)]);
const pick = (o: Record<string, number>, keys: Set<string>) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.has(k)));

function tOverridesOf(design: Design): Record<string, number> {
  return pick(design.assumptions, TRAINING_KEYS);
}

/**
 * Collective tables for the job's communicators, laid out as Megatron places ranks
 * (tensor parallel innermost, then context parallel, then data parallel): the TP
 * group, one DP group and the whole cluster.
 */
function collectiveTables(
  acc: AcceleratorSpec,
  count: number,
  perNode: number,
  scaleOutGbps: number,
  oversubscription: number,
  scaleOutReduction: boolean,
  parallelism: { tp: number; cp: number; dp: number },
  params: Record<string, number>,
): CollectiveTableGroup[] {
  const base = {
    intraGBps: scaleUpUnidirectionalGBps(acc.scaleUp.bandwidthGBps),
    interGBps: scaleOutUnidirectionalGBps(scaleOutGbps, oversubscription),
    scaleUpReduction: defaultScaleUpReduction(acc),
    scaleOutReduction,
  };
  const { tp, cp, dp } = parallelism;
  const groups: Array<{ name: string; group: CollectiveGroup }> = [
    { name: 'tp', group: { ...base, size: tp, membersPerNode: Math.max(1, Math.min(tp, perNode)) } },
    { name: 'dp', group: { ...base, size: dp, membersPerNode: Math.max(1, Math.min(dp, Math.floor(perNode / (tp * cp)))) } },
    { name: 'cluster', group: { ...base, size: count, membersPerNode: Math.max(1, Math.min(count, perNode)) } },
  ];
  return groups.filter((g) => g.group.size > 1).map((g) => ({ ...g, rows: collectiveTable(g.group, params) }));
}

/** One accelerator pool of the design as the training engines see it. */
interface PoolCluster {
  summary: PoolSummary;
  acc: AcceleratorSpec;
  spec: ServerSpec;
  perNode: number;
  scaleOutGbps: number;
  fab: ReturnType<TrainingContext['serverFabric']['get']>;
}

function poolCluster(c: TrainingContext, pool: PoolSummary): PoolCluster | null {
  const acc = c.catalog.getOfKind(pool.acceleratorId, 'accelerator');
  const members = c.servers.filter((si) => si.acc && (si.server.pool ?? si.acc.id) === pool.pool);
  const main = [...members].sort((x, y) => y.total * y.spec.acceleratorsPerServer - x.total * x.spec.acceleratorsPerServer)[0];
  if (!acc || !main) return null;
  const fab = members.map((m) => c.serverFabric.get(m.server.id)).find((f) => f !== undefined);
  const spec = main.spec;
  const perNode = spec.acceleratorsPerServer;
  const scaleOutGbps = fab?.nicGbps ?? (spec.computeNics.count * spec.computeNics.linkGbps) / perNode;
  return { summary: pool, acc, spec, perNode, scaleOutGbps: scaleOutGbps > 0 ? scaleOutGbps : 1, fab };
}

function trainingCluster(p: PoolCluster) {
  return {
    accelerator: p.acc,
    count: p.summary.accelerators,
    perNode: p.perNode,
    scaleOutGbps: p.scaleOutGbps,
    oversubscription: p.fab?.oversubscription ?? 1,
    ...(p.spec.isRack ? { scaleUpDomain: Math.max(p.perNode, p.acc.scaleUp.domainSize) } : {}),
    inNetworkReduction: p.fab?.inNetworkReduction ?? false,
  };
}

/**
 * Training estimate and reliability of the workload. One accelerator pool goes to
 * the training engine (core/training); several pools to the mixed-chip planner
 * (core/mixed), which splits the pipeline unevenly across them. The run's energy,
 * electricity cost and CO2 use the whole design's facility power over the
 * wall-clock days (failures included): the cluster is dedicated to the job.
 */
function addTraining(c: TrainingContext): void {
  const { design, results, warn } = c;
  const w = design.workload;
  if (!w) return;
  const clusters = c.pools.map((p) => poolCluster(c, p)).filter((p): p is PoolCluster => p !== null);
  const main = clusters[0];
  if (!main) {
    warn.add('warning', 'training-no-accelerators', 'the design has a workload but no accelerators: no training estimate', [], {});
    return;
  }
  const training = {
    tokens: w.training.tokens,
    globalBatch: w.training.globalBatch,
    microBatch: w.training.microBatch,
    precision: w.training.precision,
    recompute: w.training.recompute,
    zeroStage: w.training.zeroStage,
    parallelism: w.training.parallelism,
  };
  const accelerators = clusters.reduce((n, p) => n + p.summary.accelerators, 0);
  let est: TrainingEstimate | MixedEstimate;
  try {
    est =
      clusters.length > 1
        ? estimateMixed({
            model: w.model,
            training,
            pools: clusters.map((p) => ({ name: p.summary.pool, ...trainingCluster(p) })),
            ...(w.crossPoolGbps !== undefined ? { crossPoolGbps: w.crossPoolGbps } : {}),
            assumptions: pick(design.assumptions, MIXED_TRAINING_KEYS),
          })
        : estimateTraining({ model: w.model, training, cluster: trainingCluster(main), assumptions: pick(design.assumptions, TRAINING_KEYS) });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const detail = /^(training|model|cluster)/.test(msg) ? `workload.${msg}` : msg;
    warn.add('error', 'training-infeasible', `training estimate: ${detail}`, [], { detail });
    return;
  }
  let rel: ReliabilityResult | null = null;
  try {
    const nodes = clusters.reduce((n, p) => n + Math.max(1, Math.round(p.summary.accelerators / p.perNode)), 0);
    const defaultPerNodeWrite = RELIABILITY_ASSUMPTIONS.find((x) => x.key === 'perNodeCheckpointWriteGBps')?.value ?? 1;
    const write = c.storageWriteGBps > 0 ? c.storageWriteGBps : nodes * defaultPerNodeWrite;
    if (!(c.storageWriteGBps > 0)) {
      warn.add('info', 'no-storage', 'no storage is drawn: checkpoint writes are assumed limited by the nodes (reliability assumption perNodeCheckpointWriteGBps)', [], {});
    }
    const fab = main.fab;
    const share = fab && fab.accelerators > 0 ? accelerators / fab.accelerators : 1;
    const nics = clusters.reduce((n, p) => n + (p.spec.computeNics.count / p.perNode) * p.summary.accelerators, 0);
    rel = estimateReliability(
      {
        accelerators,
        acceleratorsPerNode: Math.max(1, Math.round(accelerators / nodes)),
        ...(fab ? { switches: Math.max(1, Math.round(fab.switches * Math.min(1, share))), links: Math.max(1, Math.round(fab.links * Math.min(1, share))) } : {}),
        nics: Math.max(1, Math.round(nics)),
        parameterCount: est.parameters,
        failureFreeDays: est.trainingDays,
        storageWriteGBps: write,
        storageReadGBps: c.storageReadGBps > 0 ? c.storageReadGBps : write,
        strategy: w.reliability.strategy,
        asyncCheckpoint: w.reliability.asyncCheckpoint,
        checkpointIntervalMin: w.reliability.checkpointIntervalMin,
        spareNodes: w.reliability.spareNodes,
        ...(results.cost.costPerAcceleratorHourUsd !== null ? { costPerAcceleratorHourUsd: results.cost.costPerAcceleratorHourUsd } : {}),
        assumptions: pick(design.assumptions, RELIABILITY_KEYS),
        charts: false,
      },
      'workload.reliability',
    );
    for (const rw of rel.warnings) warn.add(rw.severity, 'reliability', rw.message, [], { detail: rw.message });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    warn.add('warning', 'reliability-error', `reliability estimate: ${detail}`, [], { detail });
  }
  if (!est.fitsInMemory) {
    const need = 'minMemoryGiB' in est && est.minMemoryGiB !== undefined ? ` (needs at least ${round(est.minMemoryGiB, 1)} GiB)` : '';
    warn.add('error', 'training-out-of-memory', `the workload does not fit in ${main.acc.memoryGB} GB per accelerator${need}`, [], {
      gb: main.acc.memoryGB,
      needGiB: 'minMemoryGiB' in est && est.minMemoryGiB !== undefined ? round(est.minMemoryGiB, 1) : '',
    });
  }
  results.training = {
    ...est,
    pool: clusters.map((p) => p.summary.pool).join(' + '),
    acceleratorId: main.acc.id,
    accelerators,
    reliability: rel,
  };
  results.collectives = collectiveTables(
    main.acc,
    main.summary.accelerators,
    main.perNode,
    main.scaleOutGbps,
    main.fab?.oversubscription ?? 1,
    main.fab?.inNetworkReduction ?? false,
    est.parallelism,
    tOverridesOf(design),
  );
  const days = rel ? rel.wallClockDays : est.trainingDays;
  const runMWh = finite((results.facilityPowerKW * days * 24) / 1000);
  results.runEnergyMWh = round(runMWh);
  results.runCostUsd = round(runMWh * 1000 * design.site.electricityUsdPerKWh, 2);
  results.runCO2Tonnes = round(runMWh * design.site.gridKgCO2PerKWh);
  const tOverrides = pick(design.assumptions, MIXED_TRAINING_KEYS);
  const rOverrides = pick(design.assumptions, RELIABILITY_KEYS);
  const trainingList = clusters.length > 1 ? [...ALL_TRAINING_ASSUMPTIONS, ...MIXED_ASSUMPTIONS] : ALL_TRAINING_ASSUMPTIONS;
  for (const x of trainingList) results.assumptions.push({ key: x.key, label: x.label, value: tOverrides[x.key] ?? x.value, unit: x.unit, source: x.source });
  for (const x of RELIABILITY_ASSUMPTIONS) results.assumptions.push({ key: x.key, label: x.label, value: rOverrides[x.key] ?? x.value, unit: x.unit, source: x.source });
}
