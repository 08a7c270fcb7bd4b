/**
 * Fabric generator: sizes a rail-optimised (or plain) fat-tree of 1, 2 or 3
 * switch tiers for a number of accelerators, by arithmetic only (no switch or
 * link objects are materialised, so 100,000 accelerators cost microseconds).
 *
 * Structure (per plane; planes are identical copies, every count is multiplied):
 * - Each accelerator has `linksPerAccelerator` links of `linkGbps` per plane;
 *   a node has `rails = perNode x linksPerAccelerator` links.
 * - A leaf of logical radix kL splits into d downlinks and u uplinks with
 *   d / u <= leaf oversubscription (non-blocking: d = u = kL/2).
 * - Rail-optimised: leaf r of a group serves rail r of d nodes, so a group
 *   ("scalable unit") is d nodes and `rails` leaves. Plain: a leaf serves
 *   floor(d / rails) whole nodes (top-of-rack style).
 * - 2 tiers: spines = ceil(leaf uplinks / kS); every spine needs a port to
 *   every leaf, so leaves <= kS (k^2/2 endpoints when non-blocking).
 * - 3 tiers: leaves are grouped in pods of at most ds leaves (ds = spine
 *   downlinks; rail-optimised pods hold whole groups); each pod has
 *   ceil(pod leaf uplinks / ds) spines; spine uplinks = ceil(down / spine
 *   oversubscription); cores = ceil(spine uplinks / kC); every core needs a
 *   port to every pod, so pods <= kC (k^3/4 endpoints when non-blocking).
 *   With 64-port switches this gives the DGX SuperPOD counts exactly
 *   (16 SUs: 128 leaf, 128 spine, 64 core).
 * - Partial last units: the last group/leaf/pod/spine/core carries only what
 *   is left; a leaf's uplinks are ceil(used downlinks / oversubscription).
 */
import { InputError } from '../errors';
import { checkFabricBounds } from './fabric-bounds';
import type { TopoLink, TopoNode, TopologyInput } from './topology';

/** The part of a catalog switch (core/catalog/types.ts SwitchSpec) the generator needs. */
export interface SwitchLike {
  id: string;
  name?: string;
  ports: number;
  portGbps: number;
  /** Max power without optics, W. */
  maxPowerW: number;
  /** Typical power without optics, W. */
  typicalPowerW: number;
  priceUsd: number;
  protocol?: 'infiniband' | 'ethernet';
  /**
   * Optical cage speed, Gb/s (one module per cage). Default: twice the port
   * speed for InfiniBand ports of 400G and up (twin-port OSFP: Quantum-2
   * 2 x 400G, Quantum-X800 2 x 800G per cage), else max(portGbps, 800) when
   * ports are broken out, else portGbps.
   */
  cageGbps?: number;
}

export type LengthClass = 'in-rack' | 'in-row' | 'cross-hall';
export type Media = 'dac' | 'multimode' | 'singlemode';
export type LinkTier = 'nodeLeaf' | 'leafSpine' | 'spineCore';

/* ------------------------------------------------------------------ */
/* Assumptions                                                          */
/* ------------------------------------------------------------------ */

export interface NetworkAssumptionValues {
  opticsPowerW100Multimode: number;
  opticsPowerW100Singlemode: number;
  opticsPowerW200Multimode: number;
  opticsPowerW200Singlemode: number;
  opticsPowerW400Multimode: number;
  opticsPowerW400Singlemode: number;
  opticsPowerW800Multimode: number;
  opticsPowerW800Singlemode: number;
  opticsPowerW1600Multimode: number;
  opticsPowerW1600Singlemode: number;
  /** Fallback for other module speeds, W per Gb/s. */
  opticsPowerWPerGbps: number;
  opticsPriceUsdPerGbpsMultimode: number;
  opticsPriceUsdPerGbpsSinglemode: number;
  dacPriceUsd: number;
  multimodeFibrePriceUsd: number;
  singlemodeFibrePriceUsd: number;
  dacMaxLengthM: number;
  multimodeMaxLengthM: number;
  singlemodeMaxLengthM: number;
  nodesPerRack: number;
  nodesPerRow: number;
  maxBreakout: number;
  nodeLinksPerModule: number;
}

export interface NetworkAssumption {
  key: keyof NetworkAssumptionValues;
  label: string;
  value: number;
  unit: string;
  source: string;
}

const OPTICS_SRC = 'REFERENCE.md (Systems and network gear: optics)';

export const NETWORK_ASSUMPTIONS: readonly NetworkAssumption[] = [
  { key: 'opticsPowerW100Multimode', label: '100G SR4 module power', value: 2.5, unit: 'W', source: 'QSFP28 SR4 datasheets, 2-2.5 W' },
  { key: 'opticsPowerW100Singlemode', label: '100G DR/CWDM4 module power', value: 3.5, unit: 'W', source: 'QSFP28 DR1/CWDM4 datasheets, 3-3.5 W' },
  { key: 'opticsPowerW200Multimode', label: '200G SR4 module power', value: 4.5, unit: 'W', source: 'QSFP56 SR4 datasheets, ~4.5 W' },
  { key: 'opticsPowerW200Singlemode', label: '200G FR4/DR4 module power', value: 5.5, unit: 'W', source: 'QSFP56 FR4 datasheets, ~5.5 W' },
  { key: 'opticsPowerW400Multimode', label: '400G SR4 module power (OSFP/QSFP112)', value: 8, unit: 'W', source: `${OPTICS_SRC}: 400G SR4 about 8-9 W (low end)` },
  { key: 'opticsPowerW400Singlemode', label: '400G DR4 module power', value: 9, unit: 'W', source: `${OPTICS_SRC}: 400G about 8-9 W (high end for singlemode)` },
  { key: 'opticsPowerW800Multimode', label: '800G twin-port OSFP SR8 module power', value: 15, unit: 'W', source: `${OPTICS_SRC}: 800G twin-port OSFP 15 W multimode` },
  { key: 'opticsPowerW800Singlemode', label: '800G twin-port OSFP DR8 module power', value: 17, unit: 'W', source: `${OPTICS_SRC}: 800G twin-port OSFP 17 W DR8` },
  { key: 'opticsPowerW1600Multimode', label: '1.6T OSFP module power (multimode)', value: 23, unit: 'W', source: 'Estimate: 1.6T OSFP modules announced at ~23-25 W' },
  { key: 'opticsPowerW1600Singlemode', label: '1.6T OSFP DR8 module power', value: 25, unit: 'W', source: 'Estimate: 1.6T OSFP DR8 announced at ~25 W' },
  { key: 'opticsPowerWPerGbps', label: 'Module power for other speeds', value: 0.02, unit: 'W/(Gb/s)', source: 'Rule of thumb ~20 pJ/bit (800G at ~16 W)' },
  { key: 'opticsPriceUsdPerGbpsMultimode', label: 'Multimode module price', value: 1.5, unit: 'USD/(Gb/s)', source: 'Estimate from 2024-25 street prices (800G SR8 ~1,200 USD); not a quote' },
  { key: 'opticsPriceUsdPerGbpsSinglemode', label: 'Singlemode module price', value: 2, unit: 'USD/(Gb/s)', source: 'Estimate from 2024-25 street prices (800G DR8 ~1,600 USD); not a quote' },
  { key: 'dacPriceUsd', label: 'Passive copper (DAC) cable price', value: 120, unit: 'USD', source: 'Estimate, 400G/800G DAC 1-3 m; not a quote' },
  { key: 'multimodeFibrePriceUsd', label: 'Multimode MPO fibre cable price (in-row)', value: 60, unit: 'USD', source: 'Estimate, OM4 MPO-12 up to 30 m; not a quote' },
  { key: 'singlemodeFibrePriceUsd', label: 'Singlemode fibre cable price (cross-hall)', value: 120, unit: 'USD', source: 'Estimate, OS2 MPO up to 500 m incl. patching; not a quote' },
  { key: 'dacMaxLengthM', label: 'In-rack class: passive copper (DAC) up to', value: 3, unit: 'm', source: '400G/800G passive DAC reach ~2-3 m' },
  { key: 'multimodeMaxLengthM', label: 'In-row class: AOC / multimode fibre up to', value: 50, unit: 'm', source: '400G SR4 / 800G SR8 on OM4 reach 50-100 m' },
  { key: 'singlemodeMaxLengthM', label: 'Cross-hall class: singlemode fibre up to', value: 500, unit: 'm', source: '400G DR4 / 800G DR8 reach 500 m' },
  { key: 'nodesPerRack', label: 'Nodes per rack (copper reach)', value: 4, unit: 'nodes', source: 'DGX SuperPOD: 4 DGX per rack at ~40 kW' },
  { key: 'nodesPerRow', label: 'Nodes per row (multimode reach)', value: 32, unit: 'nodes', source: 'DGX SuperPOD: one scalable unit (32 nodes) per row' },
  { key: 'maxBreakout', label: 'Most logical ports per switch port (breakout)', value: 4, unit: 'ports', source: 'Common breakouts 2x and 4x (e.g. 800G -> 2x400G, 4x200G)' },
  { key: 'nodeLinksPerModule', label: 'NIC links per node-side module', value: 1, unit: 'links', source: 'Single-port NIC modules (PCIe NICs); DGX H100/B200 use twin-port OSFP = 2' },
] as const;

export const DEFAULT_NETWORK_ASSUMPTIONS: Readonly<NetworkAssumptionValues> = Object.freeze(
  Object.fromEntries(NETWORK_ASSUMPTIONS.map((a) => [a.key, a.value])) as unknown as NetworkAssumptionValues,
);

/* ------------------------------------------------------------------ */
/* Input / result types                                                 */
/* ------------------------------------------------------------------ */

export interface FabricInput {
  accelerators: number;
  /** Accelerators per node (server). */
  perNode: number;
  /** Scale-out bandwidth per accelerator, Gb/s, summed over planes. */
  nicGbpsPerAccelerator: number;
  /** Default switch model for every tier. */
  switch: SwitchLike;
  /** Switch model per tier (overrides `switch`). */
  switches?: { leaf?: SwitchLike; spine?: SwitchLike; core?: SwitchLike };
  /** Downlink:uplink ratio; a number applies to the leaf tier. Default 1 (non-blocking). */
  oversubscription?: number | { leaf?: number; spine?: number };
  /** Force the number of tiers; default: the fewest that reach `accelerators`. */
  tiers?: 2 | 3;
  /** Default true. */
  railOptimised?: boolean;
  /** Independent identical fabrics, each carrying nicGbps / planes per accelerator. Default 1. */
  planes?: number;
  /** Allow accelerators not a multiple of perNode (the last node is partly filled). Default false. */
  allowPartialNode?: boolean;
  assumptions?: Partial<NetworkAssumptionValues>;
}

export interface FabricWarning {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
}

export interface PortUse {
  used: number;
  total: number;
}

export interface TransceiverLine {
  side: 'node' | 'switch';
  tier: LinkTier;
  /** e.g. "800G 2x400G multimode" */
  type: string;
  moduleGbps: number;
  linksPerModule: number;
  media: 'multimode' | 'singlemode';
  count: number;
  powerWEach: number;
  priceUsdEach: number;
}

export interface JobScope {
  scope: 'node' | 'leaf' | 'pod' | 'fabric';
  /** Largest job (in nodes, contiguously placed and aligned) that stays in this scope. */
  maxNodes: number;
  /** Oversubscription the job's scale-out traffic sees. */
  oversubscription: number;
  /** Switch hops between accelerators (same rail for rail-optimised) in different nodes. */
  switchHops: number;
}

export interface FabricResult {
  tiers: 1 | 2 | 3;
  railOptimised: boolean;
  planes: number;
  accelerators: number;
  nodes: number;
  perNode: number;
  /** Speed of every fabric link, Gb/s. */
  linkGbps: number;
  /** Links per accelerator per plane. */
  linksPerAccelerator: number;
  /** Node links per plane (rails). */
  rails: number;
  /** Logical ports per switch at linkGbps (after breakout). */
  radix: { leaf: number; spine: number; core: number };
  switchModels: { leaf: string; spine: string; core: string };
  /** Achieved downlink:uplink ratios of full switches; effective = leaf x spine. */
  oversubscription: { leaf: number; spine: number; effective: number };
  structure: {
    /** Nodes under one leaf (rail-optimised: one group = scalable unit). */
    nodesPerLeaf: number;
    groups: number;
    leavesPerPod: number;
    pods: number;
    nodesPerPod: number;
  };
  switches: { leaf: number; spine: number; core: number; total: number };
  links: { nodeLeaf: number; leafSpine: number; spineCore: number; total: number };
  portUse: { leaf: PortUse; spine: PortUse; core: PortUse };
  /** Total optical modules (node side + switch side). */
  transceivers: number;
  transceiversBySide: { node: number; switch: number };
  transceiverLines: TransceiverLine[];
  /** Cables (links) by length class. */
  cables: { inRack: number; inRow: number; crossHall: number };
  cablesByTier: Record<LinkTier, { lengthClass: LengthClass; media: Media; count: number }>;
  /** Unidirectional bandwidth across the worst balanced cut, TB/s. */
  bisectionTBps: number;
  /** Switches at typical power + optics, kW. */
  powerKW: number;
  /** Switches at max power + optics, kW. */
  maxPowerKW: number;
  power: { switchesTypicalW: number; switchesMaxW: number; opticsW: number };
  costUsd: number;
  cost: { switchesUsd: number; opticsUsd: number; cablesUsd: number };
  perAccelerator: {
    scaleOutGbps: number;
    scaleOutGBps: number;
    /** Worst-case per-accelerator bandwidth when all traffic leaves the leaf / pod. */
    beyondLeafGbps: number;
    beyondPodGbps: number;
    powerW: number;
    costUsd: number;
    transceivers: number;
  };
  scopes: JobScope[];
  warnings: FabricWarning[];
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

const BITS_PER_BYTE = 8;
/** Gb/s -> GB/s (decimal units on both sides). */
export function gbpsToGBps(gbps: number): number {
  return gbps / BITS_PER_BYTE;
}

function positiveInt(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v) || v <= 0) {
    throw new InputError(path, `must be a positive integer (got ${String(v)})`);
  }
  return v;
}

function positiveNumber(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new InputError(path, `must be a positive number (got ${String(v)})`);
  }
  return v;
}

function nonNegative(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new InputError(path, `must be a number >= 0 (got ${String(v)})`);
  }
  return v;
}

function validateSwitch(path: string, s: SwitchLike | undefined): SwitchLike {
  if (!s || typeof s !== 'object') throw new InputError(path, 'a switch is required');
  positiveInt(`${path}.ports`, s.ports);
  if (s.ports < 2) throw new InputError(`${path}.ports`, `must be at least 2 (got ${s.ports})`);
  positiveNumber(`${path}.portGbps`, s.portGbps);
  nonNegative(`${path}.maxPowerW`, s.maxPowerW);
  nonNegative(`${path}.typicalPowerW`, s.typicalPowerW);
  nonNegative(`${path}.priceUsd`, s.priceUsd);
  if (s.cageGbps !== undefined) positiveNumber(`${path}.cageGbps`, s.cageGbps);
  return s;
}

function ratio(path: string, v: unknown): number {
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 1) {
    throw new InputError(path, `must be a number >= 1 (downlink:uplink), got ${String(v)}`);
  }
  return v;
}

const EPS = 1e-9;

/** Split a radix k into (down, up) with down / up <= r, maximising down. */
export function splitPorts(k: number, r: number): { down: number; up: number } {
  // At most k - 1 downlinks (one port goes up), so the loop below runs at most k times.
  let down = Math.min(k - 1, Math.floor((k * r) / (r + 1) + EPS));
  while (down > 1 && down + Math.ceil(down / r - EPS) > k) down--;
  const up = Math.ceil(down / r - EPS);
  return { down, up };
}

function lengthClass(spanNodes: number, a: NetworkAssumptionValues): LengthClass {
  if (spanNodes <= a.nodesPerRack) return 'in-rack';
  if (spanNodes <= a.nodesPerRow) return 'in-row';
  return 'cross-hall';
}

function mediaOf(c: LengthClass): Media {
  return c === 'in-rack' ? 'dac' : c === 'in-row' ? 'multimode' : 'singlemode';
}

function modulePowerW(gbps: number, media: 'multimode' | 'singlemode', a: NetworkAssumptionValues): number {
  const mm = media === 'multimode';
  switch (gbps) {
    case 100:
      return mm ? a.opticsPowerW100Multimode : a.opticsPowerW100Singlemode;
    case 200:
      return mm ? a.opticsPowerW200Multimode : a.opticsPowerW200Singlemode;
    case 400:
      return mm ? a.opticsPowerW400Multimode : a.opticsPowerW400Singlemode;
    case 800:
      return mm ? a.opticsPowerW800Multimode : a.opticsPowerW800Singlemode;
    case 1600:
      return mm ? a.opticsPowerW1600Multimode : a.opticsPowerW1600Singlemode;
    default:
      return gbps * a.opticsPowerWPerGbps;
  }
}

function modulePriceUsd(gbps: number, media: 'multimode' | 'singlemode', a: NetworkAssumptionValues): number {
  return gbps * (media === 'multimode' ? a.opticsPriceUsdPerGbpsMultimode : a.opticsPriceUsdPerGbpsSinglemode);
}

function cablePriceUsd(m: Media, a: NetworkAssumptionValues): number {
  return m === 'dac' ? a.dacPriceUsd : m === 'multimode' ? a.multimodeFibrePriceUsd : a.singlemodeFibrePriceUsd;
}

/** Default optical cage speed of a switch (see SwitchLike.cageGbps). */
export function defaultCageGbps(s: SwitchLike, linkGbps: number): number {
  if (s.cageGbps !== undefined) return s.cageGbps;
  // InfiniBand NDR/XDR switches carry two ports per OSFP cage (Quantum-2: 32 x 2 x 400G; Quantum-X800: 72 x 2 x 800G).
  if (s.portGbps >= 400 && s.protocol === 'infiniband') return 2 * s.portGbps;
  if (linkGbps < s.portGbps) return Math.max(s.portGbps, 800);
  return s.portGbps;
}

/** Switches of one tier that share a usage pattern: `count` switches each with `down` and `up` links. */
interface SwitchClass {
  count: number;
  down: number;
  up: number;
}

function sumClasses(cs: SwitchClass[], f: (c: SwitchClass) => number): number {
  let s = 0;
  for (const c of cs) s += c.count * f(c);
  return s;
}

/**
 * Spread `links` evenly (round-robin) over the fewest switches with `cap` ports
 * for them: ceil(links / cap) switches, the load differing by at most one.
 */
function packed(links: number, cap: number, upOf: (down: number) => number): SwitchClass[] {
  if (links <= 0) return [];
  const count = Math.ceil(links / cap);
  const q = Math.floor(links / count);
  const rem = links - q * count;
  const out: SwitchClass[] = [];
  if (rem > 0) out.push({ count: rem, down: q + 1, up: upOf(q + 1) });
  if (count - rem > 0) out.push({ count: count - rem, down: q, up: upOf(q) });
  return out;
}

/* ------------------------------------------------------------------ */
/* Generator                                                            */
/* ------------------------------------------------------------------ */

interface Plan {
  linkGbps: number;
  linksPerAccelerator: number;
  rails: number;
  nodes: number;
  kL: number;
  kS: number;
  kC: number;
  rL: number;
  rS: number;
  rail: boolean;
}

interface Capacity {
  /** Max accelerators with 1, 2 and 3 tiers. */
  max1: number;
  max2: number;
  max3: number;
  leafDown: number;
  nodesPerLeaf: number;
  spineDown: number;
  leavesPerPod: number;
  groupsPerPod: number;
}

function capacity(p: Plan, perNode: number): Capacity {
  const leaf = splitPorts(p.kL, p.rL);
  const spine = splitPorts(p.kS, p.rS);
  // Nodes under one leaf (rail-optimised: a group of nodes, one rail per leaf).
  const nodesPerLeaf = p.rail ? leaf.down : Math.floor(leaf.down / p.rails);
  const leavesPerGroup = p.rail ? p.rails : 1;
  const max1 = p.rails <= p.kL ? Math.floor(p.kL / p.rails) * perNode : 0;
  const groups2 = Math.floor(p.kS / leavesPerGroup);
  const max2 = groups2 * nodesPerLeaf * perNode;
  let groupsPerPod: number;
  let leavesPerPod: number;
  if (leavesPerGroup <= spine.down) {
    groupsPerPod = Math.floor(spine.down / leavesPerGroup);
    leavesPerPod = groupsPerPod * leavesPerGroup;
  } else {
    // A group is wider than a pod: pods hold spine.down leaves, groups straddle pods.
    groupsPerPod = spine.down / leavesPerGroup;
    leavesPerPod = spine.down;
  }
  const max3 = Math.floor(p.kC * groupsPerPod) * nodesPerLeaf * perNode;
  return { max1, max2, max3, leafDown: leaf.down, nodesPerLeaf, spineDown: spine.down, leavesPerPod, groupsPerPod };
}

/** The requested downlink:uplink ratios of leaf and spine switches (validated). */
export function requestedOversubscription(input: Pick<FabricInput, 'oversubscription'>): { leaf: number; spine: number } {
  const os = input.oversubscription;
  if (typeof os === 'object' && os !== null) {
    return { leaf: ratio('oversubscription.leaf', os.leaf), spine: ratio('oversubscription.spine', os.spine) };
  }
  return { leaf: ratio('oversubscription', os), spine: 1 };
}

/**
 * Size a fat-tree fabric. Throws InputError (with the field path) on bad input
 * or when even three tiers of the chosen switch cannot reach the accelerator count.
 */
export function generateFabric(input: FabricInput): FabricResult {
  if (!input || typeof input !== 'object') throw new InputError('', 'fabric input is required');
  const accelerators = positiveInt('accelerators', input.accelerators);
  const perNode = positiveInt('perNode', input.perNode);
  const nicGbps = positiveNumber('nicGbpsPerAccelerator', input.nicGbpsPerAccelerator);
  const planes = input.planes === undefined ? 1 : positiveInt('planes', input.planes);
  const rail = input.railOptimised ?? true;
  if (typeof rail !== 'boolean') throw new InputError('railOptimised', 'must be true or false');
  if (accelerators % perNode !== 0 && !input.allowPartialNode) {
    throw new InputError(
      'accelerators',
      `must be a multiple of perNode (${perNode}); got ${accelerators} (set allowPartialNode to accept a partly filled last node)`,
    );
  }
  if (input.tiers !== undefined && input.tiers !== 2 && input.tiers !== 3) {
    throw new InputError('tiers', `must be 2 or 3 (got ${String(input.tiers)})`);
  }
  const base = validateSwitch('switch', input.switch);
  const leafSw = input.switches?.leaf ? validateSwitch('switches.leaf', input.switches.leaf) : base;
  const spineSw = input.switches?.spine ? validateSwitch('switches.spine', input.switches.spine) : base;
  const coreSw = input.switches?.core ? validateSwitch('switches.core', input.switches.core) : base;
  const { leaf: rL, spine: rS } = requestedOversubscription(input);
  checkFabricBounds(input);
  const a: NetworkAssumptionValues = { ...DEFAULT_NETWORK_ASSUMPTIONS };
  if (input.assumptions) {
    for (const [k, v] of Object.entries(input.assumptions)) {
      if (!(k in DEFAULT_NETWORK_ASSUMPTIONS)) throw new InputError(`assumptions.${k}`, 'unknown assumption');
      (a as unknown as Record<string, number>)[k] = nonNegative(`assumptions.${k}`, v);
    }
    positiveInt('assumptions.maxBreakout', a.maxBreakout);
    positiveInt('assumptions.nodeLinksPerModule', a.nodeLinksPerModule);
    positiveInt('assumptions.nodesPerRack', a.nodesPerRack);
    positiveInt('assumptions.nodesPerRow', a.nodesPerRow);
  }

  const warnings: FabricWarning[] = [];
  const nodes = Math.ceil(accelerators / perNode);

  // Link speed: one speed across the plane, limited by the slowest tier's ports.
  const planeGbps = nicGbps / planes;
  const usedTiersSw = [leafSw, spineSw, coreSw];
  const minPort = Math.min(...usedTiersSw.map((s) => s.portGbps));
  const linkGbps = Math.min(planeGbps, minPort);
  const linksPerAccelerator = Math.ceil(planeGbps / linkGbps - EPS);
  if (Math.abs(linksPerAccelerator * linkGbps - planeGbps) > EPS * planeGbps) {
    warnings.push({
      severity: 'warning',
      code: 'link-rounding',
      message: `${planeGbps} Gb/s per accelerator per plane is not a multiple of ${linkGbps} Gb/s links; rounded up to ${linksPerAccelerator} links`,
    });
  }
  const radixOf = (s: SwitchLike): number => {
    const split = Math.floor(s.portGbps / linkGbps + EPS);
    const b = Math.min(split, a.maxBreakout);
    if (split > a.maxBreakout) {
      warnings.push({
        severity: 'warning',
        code: 'port-underused',
        message: `${s.id}: ${s.portGbps} Gb/s ports carry at most ${a.maxBreakout} x ${linkGbps} Gb/s links; capacity is left unused`,
      });
    } else if (Math.abs(split * linkGbps - s.portGbps) > EPS * s.portGbps) {
      warnings.push({
        severity: 'warning',
        code: 'port-underused',
        message: `${s.id}: ${s.portGbps} Gb/s ports do not divide into ${linkGbps} Gb/s links; capacity is left unused`,
      });
    }
    return s.ports * b;
  };
  const plan: Plan = {
    linkGbps,
    linksPerAccelerator,
    rails: perNode * linksPerAccelerator,
    nodes,
    kL: radixOf(leafSw),
    kS: radixOf(spineSw),
    kC: radixOf(coreSw),
    rL,
    rS,
    rail,
  };
  const cap = capacity(plan, perNode);
  if (cap.leafDown < 1) throw new InputError('oversubscription', 'leaves have no downlinks left');
  if (!rail && cap.nodesPerLeaf < 1) {
    throw new InputError(
      'railOptimised',
      `a node's ${plan.rails} links do not fit the ${cap.leafDown} downlinks of one leaf; use a rail-optimised fabric`,
    );
  }

  // Tier choice.
  let tiers: 1 | 2 | 3;
  if (input.tiers === 2) {
    if (accelerators > cap.max2) {
      throw new InputError(
        'tiers',
        `2 tiers of ${leafSw.id}/${spineSw.id} (radix ${plan.kL}/${plan.kS}) reach at most ${cap.max2} accelerators; ${accelerators} requested`,
      );
    }
    tiers = 2;
  } else if (input.tiers === 3) {
    tiers = 3;
  } else if (accelerators <= cap.max1) {
    tiers = 1;
  } else if (accelerators <= cap.max2) {
    tiers = 2;
  } else {
    tiers = 3;
  }
  if (tiers === 3 && accelerators > cap.max3) {
    throw new InputError(
      'accelerators',
      `${accelerators} exceeds the maximum reachable with 3 tiers of ${leafSw.id}${spineSw.id !== leafSw.id || coreSw.id !== leafSw.id ? `/${spineSw.id}/${coreSw.id}` : ''} (radix ${plan.kC}, oversubscription ${rL}:1): at most ${cap.max3} accelerators`,
    );
  }

  // Node links per plane. The last node may be partly filled.
  const lastNodeAcc = accelerators - (nodes - 1) * perNode;
  const nodeLeafLinks = accelerators * linksPerAccelerator;

  // Leaves: classes of (count, down, up).
  const leafClasses: SwitchClass[] = [];
  let groups: number;
  let nodesPerLeaf: number;
  const upL = (d: number): number => (tiers === 1 ? 0 : Math.ceil(d / rL - EPS));
  if (tiers === 1) {
    nodesPerLeaf = nodes;
    groups = 1;
    leafClasses.push({ count: 1, down: nodeLeafLinks, up: 0 });
  } else if (rail) {
    nodesPerLeaf = cap.nodesPerLeaf;
    groups = Math.ceil(nodes / nodesPerLeaf);
    const lastGroupNodes = nodes - (groups - 1) * nodesPerLeaf;
    // Rails carried by the partly filled last node: rail r exists if accelerator floor(r / linksPerAccelerator) exists.
    const lastNodeRails = lastNodeAcc * linksPerAccelerator;
    if (groups > 1) leafClasses.push({ count: (groups - 1) * plan.rails, down: nodesPerLeaf, up: upL(nodesPerLeaf) });
    // Last group: rails present on the last node get lastGroupNodes links; the others one fewer.
    const full = lastNodeRails;
    const short = plan.rails - lastNodeRails;
    leafClasses.push({ count: full, down: lastGroupNodes, up: upL(lastGroupNodes) });
    if (short > 0 && lastGroupNodes - 1 > 0) {
      leafClasses.push({ count: short, down: lastGroupNodes - 1, up: upL(lastGroupNodes - 1) });
    } else if (short > 0) {
      warnings.push({ severity: 'info', code: 'empty-rail', message: `${short} rail leaves of the last group carry no node` });
    }
  } else {
    nodesPerLeaf = cap.nodesPerLeaf;
    groups = Math.ceil(nodes / nodesPerLeaf);
    const lastLeafNodes = nodes - (groups - 1) * nodesPerLeaf;
    const perNodeLinks = plan.rails;
    if (groups > 1) leafClasses.push({ count: groups - 1, down: nodesPerLeaf * perNodeLinks, up: upL(nodesPerLeaf * perNodeLinks) });
    const lastDown = (lastLeafNodes - 1) * perNodeLinks + lastNodeAcc * linksPerAccelerator;
    leafClasses.push({ count: 1, down: lastDown, up: upL(lastDown) });
  }
  const leaves = sumClasses(leafClasses, () => 1);
  const leafSpineLinks = sumClasses(leafClasses, (c) => c.up);
  if (Math.abs(sumClasses(leafClasses, (c) => c.down) - nodeLeafLinks) > 0.5) {
    throw new Error('internal: node-leaf link count mismatch');
  }
  if (tiers === 2 && leaves > plan.kS) {
    // Cannot happen when accelerators <= max2, kept as a guard.
    throw new InputError('tiers', `${leaves} leaves exceed the ${plan.kS} ports of a spine`);
  }

  // Spines and cores.
  let spineClasses: SwitchClass[] = [];
  let coreClasses: SwitchClass[] = [];
  let pods = 1;
  let leavesPerPod = leaves;
  const upS = (d: number): number => Math.ceil(d / rS - EPS);
  if (tiers === 2) {
    spineClasses = packed(leafSpineLinks, plan.kS, () => 0);
  } else if (tiers === 3) {
    leavesPerPod = cap.leavesPerPod;
    pods = Math.ceil(leaves / leavesPerPod);
    // Leaves are in placement order (full groups first, the last group last);
    // pod i holds leaves [i * leavesPerPod, (i + 1) * leavesPerPod).
    const upTo = (n: number): number => {
      let s = 0;
      let left = n;
      for (const c of leafClasses) {
        const t = Math.min(left, c.count);
        s += t * c.up;
        left -= t;
        if (left <= 0) break;
      }
      return s;
    };
    const podUp = (i: number): number => upTo(Math.min((i + 1) * leavesPerPod, leaves)) - upTo(i * leavesPerPod);
    let i = 0;
    while (i < pods) {
      const up = podUp(i);
      let j = i + 1;
      while (j < pods && podUp(j) === up) j++;
      for (const c of packed(up, cap.spineDown, upS)) spineClasses.push({ ...c, count: c.count * (j - i) });
      i = j;
    }
    const spineCore = sumClasses(spineClasses, (c) => c.up);
    coreClasses = packed(spineCore, plan.kC, () => 0);
    if (pods > plan.kC) throw new InputError('accelerators', `${pods} pods exceed the ${plan.kC} ports of a core switch`);
  }
  const spines = sumClasses(spineClasses, () => 1);
  const cores = sumClasses(coreClasses, () => 1);
  const spineCoreLinks = sumClasses(spineClasses, (c) => c.up);

  // Achieved oversubscription of full switches.
  const fullLeaf = leafClasses[0];
  const leafRatio = tiers === 1 || !fullLeaf || fullLeaf.up === 0 ? 1 : fullLeaf.down / fullLeaf.up;
  const fullSpine = spineClasses[0];
  const spineRatio = tiers === 3 && fullSpine && fullSpine.up > 0 ? fullSpine.down / fullSpine.up : 1;
  if (leafRatio > 1 + EPS || spineRatio > 1 + EPS) {
    warnings.push({
      severity: 'info',
      code: 'oversubscribed',
      message: `fabric is oversubscribed: leaf ${round(leafRatio)}:1${tiers === 3 ? `, spine ${round(spineRatio)}:1` : ''}`,
    });
  }

  // Length classes by the number of nodes a link's span covers.
  const podNodes = tiers === 3 ? Math.min(nodes, Math.round(cap.groupsPerPod * nodesPerLeaf)) : nodes;
  const nodeLeafClass = lengthClass(Math.min(nodesPerLeaf, nodes), a);
  const leafSpineClass = lengthClass(podNodes, a);
  const spineCoreClass = lengthClass(nodes, a);

  // Transceivers.
  const lines: TransceiverLine[] = [];
  const addLine = (
    side: 'node' | 'switch',
    tier: LinkTier,
    cls: LengthClass,
    moduleLinks: number,
    count: number,
  ): void => {
    const media = mediaOf(cls);
    if (media === 'dac' || count <= 0) return;
    const moduleGbps = moduleLinks * linkGbps;
    const type = `${moduleGbps}G ${moduleLinks > 1 ? `${moduleLinks}x${linkGbps}G ` : ''}${media}`;
    lines.push({
      side,
      tier,
      type,
      moduleGbps,
      linksPerModule: moduleLinks,
      media,
      count: count * planes,
      powerWEach: modulePowerW(moduleGbps, media, a),
      priceUsdEach: modulePriceUsd(moduleGbps, media, a),
    });
  };
  // Node side: per node, ceil(links / nodeLinksPerModule) modules.
  const nlpm = a.nodeLinksPerModule;
  const fullNodeModules = Math.ceil(plan.rails / nlpm);
  const lastNodeModules = Math.ceil((lastNodeAcc * linksPerAccelerator) / nlpm);
  addLine('node', 'nodeLeaf', nodeLeafClass, Math.min(nlpm, plan.rails), (nodes - 1) * fullNodeModules + lastNodeModules);
  // Switch side: per switch, down and up links go to separate modules of `lpm` links.
  const lpmOf = (s: SwitchLike): number => Math.max(1, Math.floor(defaultCageGbps(s, linkGbps) / linkGbps + EPS));
  const lpmL = lpmOf(leafSw);
  const lpmS = lpmOf(spineSw);
  const lpmC = lpmOf(coreSw);
  addLine('switch', 'nodeLeaf', nodeLeafClass, lpmL, sumClasses(leafClasses, (c) => Math.ceil(c.down / lpmL)));
  if (tiers >= 2) {
    addLine('switch', 'leafSpine', leafSpineClass, lpmL, sumClasses(leafClasses, (c) => Math.ceil(c.up / lpmL)));
    addLine('switch', 'leafSpine', leafSpineClass, lpmS, sumClasses(spineClasses, (c) => Math.ceil(c.down / lpmS)));
  }
  if (tiers === 3) {
    addLine('switch', 'spineCore', spineCoreClass, lpmS, sumClasses(spineClasses, (c) => Math.ceil(c.up / lpmS)));
    addLine('switch', 'spineCore', spineCoreClass, lpmC, sumClasses(coreClasses, (c) => Math.ceil(c.down / lpmC)));
  }
  const mergedLines = mergeLines(lines);
  const nodeModules = mergedLines.filter((l) => l.side === 'node').reduce((s, l) => s + l.count, 0);
  const switchModules = mergedLines.filter((l) => l.side === 'switch').reduce((s, l) => s + l.count, 0);
  const opticsW = mergedLines.reduce((s, l) => s + l.count * l.powerWEach, 0);
  const opticsUsd = mergedLines.reduce((s, l) => s + l.count * l.priceUsdEach, 0);

  // Totals over planes.
  const P = planes;
  const links = {
    nodeLeaf: nodeLeafLinks * P,
    leafSpine: leafSpineLinks * P,
    spineCore: spineCoreLinks * P,
    total: (nodeLeafLinks + leafSpineLinks + spineCoreLinks) * P,
  };
  const switches = { leaf: leaves * P, spine: spines * P, core: cores * P, total: (leaves + spines + cores) * P };
  const cables = { inRack: 0, inRow: 0, crossHall: 0 };
  const addCables = (c: LengthClass, n: number): void => {
    if (c === 'in-rack') cables.inRack += n;
    else if (c === 'in-row') cables.inRow += n;
    else cables.crossHall += n;
  };
  addCables(nodeLeafClass, links.nodeLeaf);
  addCables(leafSpineClass, links.leafSpine);
  addCables(spineCoreClass, links.spineCore);
  const cablesUsd =
    links.nodeLeaf * cablePriceUsd(mediaOf(nodeLeafClass), a) +
    links.leafSpine * cablePriceUsd(mediaOf(leafSpineClass), a) +
    links.spineCore * cablePriceUsd(mediaOf(spineCoreClass), a);

  const switchesTypicalW =
    (leaves * leafSw.typicalPowerW + spines * spineSw.typicalPowerW + cores * coreSw.typicalPowerW) * P;
  const switchesMaxW = (leaves * leafSw.maxPowerW + spines * spineSw.maxPowerW + cores * coreSw.maxPowerW) * P;
  const switchesUsd = (leaves * leafSw.priceUsd + spines * spineSw.priceUsd + cores * coreSw.priceUsd) * P;

  // Bisection: the cheapest balanced cut is the one above the top tier's children.
  let cutLinks = nodeLeafLinks;
  if (tiers >= 2) cutLinks = Math.min(cutLinks, leafSpineLinks);
  if (tiers === 3) cutLinks = Math.min(cutLinks, spineCoreLinks);
  const bisectionGbps = (cutLinks * linkGbps * P) / 2;
  const bisectionTBps = gbpsToGBps(bisectionGbps) / 1000;

  const beyondLeafGbps = tiers === 1 ? nicGbps : nicGbps / Math.max(1, leafRatio);
  const beyondPodGbps = tiers === 3 ? beyondLeafGbps / Math.max(1, spineRatio) : beyondLeafGbps;

  const scopes: JobScope[] = [{ scope: 'node', maxNodes: 1, oversubscription: 1, switchHops: 0 }];
  if (tiers === 1) {
    scopes.push({ scope: 'fabric', maxNodes: nodes, oversubscription: 1, switchHops: 1 });
  } else {
    scopes.push({ scope: 'leaf', maxNodes: Math.min(nodesPerLeaf, nodes), oversubscription: 1, switchHops: 1 });
    if (tiers === 3) {
      scopes.push({ scope: 'pod', maxNodes: podNodes, oversubscription: round(leafRatio), switchHops: 3 });
      scopes.push({ scope: 'fabric', maxNodes: nodes, oversubscription: round(leafRatio * spineRatio), switchHops: 5 });
    } else {
      scopes.push({ scope: 'fabric', maxNodes: nodes, oversubscription: round(leafRatio), switchHops: 3 });
    }
  }

  const powerW = switchesTypicalW + opticsW;
  const costUsd = switchesUsd + opticsUsd + cablesUsd;
  const transceivers = nodeModules + switchModules;

  const portUse = {
    leaf: { used: (nodeLeafLinks + leafSpineLinks) * P, total: leaves * plan.kL * P },
    spine: { used: (leafSpineLinks + spineCoreLinks) * P, total: spines * plan.kS * P },
    core: { used: spineCoreLinks * P, total: cores * plan.kC * P },
  };

  return {
    tiers,
    railOptimised: rail,
    planes: P,
    accelerators,
    nodes,
    perNode,
    linkGbps,
    linksPerAccelerator,
    rails: plan.rails,
    radix: { leaf: plan.kL, spine: plan.kS, core: plan.kC },
    switchModels: { leaf: leafSw.id, spine: spineSw.id, core: coreSw.id },
    oversubscription: { leaf: round(leafRatio), spine: round(spineRatio), effective: round(leafRatio * spineRatio) },
    structure: {
      nodesPerLeaf: Math.min(nodesPerLeaf, nodes),
      groups,
      leavesPerPod: Math.min(leavesPerPod, leaves),
      pods,
      nodesPerPod: podNodes,
    },
    switches,
    links,
    portUse,
    transceivers,
    transceiversBySide: { node: nodeModules, switch: switchModules },
    transceiverLines: mergedLines,
    cables,
    cablesByTier: {
      nodeLeaf: { lengthClass: nodeLeafClass, media: mediaOf(nodeLeafClass), count: links.nodeLeaf },
      leafSpine: { lengthClass: leafSpineClass, media: mediaOf(leafSpineClass), count: links.leafSpine },
      spineCore: { lengthClass: spineCoreClass, media: mediaOf(spineCoreClass), count: links.spineCore },
    },
    bisectionTBps: round(bisectionTBps, 6),
    powerKW: round(powerW / 1000, 6),
    maxPowerKW: round((switchesMaxW + opticsW) / 1000, 6),
    power: { switchesTypicalW, switchesMaxW, opticsW: round(opticsW, 6) },
    costUsd: round(costUsd, 2),
    cost: { switchesUsd, opticsUsd: round(opticsUsd, 2), cablesUsd: round(cablesUsd, 2) },
    perAccelerator: {
      scaleOutGbps: nicGbps,
      scaleOutGBps: gbpsToGBps(nicGbps),
      beyondLeafGbps: round(beyondLeafGbps, 6),
      beyondPodGbps: round(beyondPodGbps, 6),
      powerW: round(powerW / accelerators, 6),
      costUsd: round(costUsd / accelerators, 2),
      transceivers: round(transceivers / accelerators, 6),
    },
    scopes,
    warnings,
  };
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function mergeLines(lines: TransceiverLine[]): TransceiverLine[] {
  const out: TransceiverLine[] = [];
  for (const l of lines) {
    const same = out.find((o) => o.side === l.side && o.tier === l.tier && o.type === l.type);
    if (same) same.count += l.count;
    else out.push({ ...l });
  }
  return out;
}

/* ------------------------------------------------------------------ */
/* Job views                                                            */
/* ------------------------------------------------------------------ */

/** The scope, oversubscription and hop count a job spanning `nodes` (aligned, contiguous) sees. */
export function jobView(f: FabricResult, nodes: number): JobScope {
  positiveInt('nodes', nodes);
  if (nodes > f.nodes) throw new InputError('nodes', `the fabric has ${f.nodes} nodes; ${nodes} requested`);
  for (const s of f.scopes) if (nodes <= s.maxNodes) return s;
  const last = f.scopes[f.scopes.length - 1];
  if (!last) throw new Error('internal: fabric without scopes');
  return last;
}

/** Where an accelerator sits: node index (0-based, placement order) and its index in the node. */
export interface AcceleratorPlace {
  node: number;
  accelerator: number;
}

/**
 * Switch hops on the scale-out fabric between two accelerators (first link of
 * each). Same node: 0 (scale-up). Rail-optimised: same rail and group 1;
 * otherwise up to the spine (3) or, between pods, the core (5).
 */
export function switchHops(f: FabricResult, x: AcceleratorPlace, y: AcceleratorPlace): number {
  for (const [p, v] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!Number.isInteger(v.node) || v.node < 0 || v.node >= f.nodes) {
      throw new InputError(`${p}.node`, `must be an integer in 0..${f.nodes - 1}`);
    }
    if (!Number.isInteger(v.accelerator) || v.accelerator < 0 || v.accelerator >= f.perNode) {
      throw new InputError(`${p}.accelerator`, `must be an integer in 0..${f.perNode - 1}`);
    }
  }
  if (x.node === y.node) return 0;
  if (f.tiers === 1) return 1;
  const npl = f.structure.nodesPerLeaf;
  const leafGroupX = Math.floor(x.node / npl);
  const leafGroupY = Math.floor(y.node / npl);
  const sameLeaf = leafGroupX === leafGroupY && (!f.railOptimised || x.accelerator === y.accelerator);
  if (sameLeaf) return 1;
  if (f.tiers === 2) return 3;
  const npp = f.structure.nodesPerPod;
  return Math.floor(x.node / npp) === Math.floor(y.node / npp) ? 3 : 5;
}

/* ------------------------------------------------------------------ */
/* CLI                                                                  */
/* ------------------------------------------------------------------ */

const CLI_FLAGS: Record<string, string> = {
  '--accelerators': 'accelerators',
  '--per-node': 'perNode',
  '--switch': 'switch',
  '--oversubscription': 'oversubscription',
  '--tiers': 'tiers',
  '--gbps': 'nicGbpsPerAccelerator',
  '--planes': 'planes',
  '--rail-optimised': 'railOptimised',
  '--allow-partial-node': 'allowPartialNode',
};
const PATH_TO_FLAG: Record<string, string> = Object.fromEntries(Object.entries(CLI_FLAGS).map(([f, p]) => [p, f]));

function cliNumber(flag: string, raw: string | undefined, integer: boolean): number {
  if (raw === undefined || raw.startsWith('--')) throw new InputError(flag, 'needs a value');
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new InputError(flag, `must be a number (got "${raw}")`);
  if (integer && !Number.isInteger(v)) throw new InputError(flag, `must be an integer (got "${raw}")`);
  return v;
}

/**
 * `cwb fabric --accelerators N --per-node G --switch ID [--oversubscription R]
 * [--tiers 2|3] [--gbps G] [--planes P] [--rail-optimised true|false]`.
 * The per-accelerator scale-out bandwidth defaults to the switch port speed.
 * Returns the JSON-serialisable fabric result; errors are InputError naming the flag.
 */
export function fabricCli(
  argv: string[],
  lookupSwitch: (id: string) => SwitchLike | undefined,
  listSwitchIds: () => string[],
): FabricResult {
  const values = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(flag in CLI_FLAGS)) {
      throw new InputError(flag || 'argv', `unknown argument; expected ${Object.keys(CLI_FLAGS).join(', ')}`);
    }
    if (eq > 0) values.set(flag, arg.slice(eq + 1));
    else if (flag === '--allow-partial-node') values.set(flag, 'true');
    else {
      values.set(flag, argv[i + 1]);
      i++;
    }
  }
  const need = (flag: string): string | undefined => {
    if (!values.has(flag)) throw new InputError(flag, 'is required');
    return values.get(flag);
  };
  const accelerators = cliNumber('--accelerators', need('--accelerators'), true);
  const perNode = cliNumber('--per-node', need('--per-node'), true);
  const id = need('--switch');
  if (id === undefined || id.startsWith('--')) throw new InputError('--switch', 'needs a switch id');
  const sw = lookupSwitch(id);
  if (!sw) throw new InputError('--switch', `unknown switch "${id}"; known: ${listSwitchIds().join(', ')}`);
  const input: FabricInput = { accelerators, perNode, switch: sw, nicGbpsPerAccelerator: sw.portGbps };
  if (values.has('--oversubscription')) input.oversubscription = cliNumber('--oversubscription', values.get('--oversubscription'), false);
  if (values.has('--tiers')) {
    const t = cliNumber('--tiers', values.get('--tiers'), true);
    if (t !== 2 && t !== 3) throw new InputError('--tiers', `must be 2 or 3 (got ${t})`);
    input.tiers = t;
  }
  if (values.has('--gbps')) input.nicGbpsPerAccelerator = cliNumber('--gbps', values.get('--gbps'), false);
  if (values.has('--planes')) input.planes = cliNumber('--planes', values.get('--planes'), true);
  if (values.has('--rail-optimised')) {
    const v = values.get('--rail-optimised');
    if (v !== 'true' && v !== 'false') throw new InputError('--rail-optimised', `must be true or false (got "${String(v)}")`);
    input.railOptimised = v === 'true';
  }
  if (values.has('--allow-partial-node')) input.allowPartialNode = values.get('--allow-partial-node') !== 'false';
  try {
    return generateFabric(input);
  } catch (e) {
    if (e instanceof InputError) {
      const head = e.path.split('.')[0] ?? '';
      const flag = PATH_TO_FLAG[head];
      if (flag && head !== 'switch') {
        throw new InputError(flag, e.message.slice(e.path.length + 2));
      }
      if (head === 'switch') throw new InputError(`--switch ${id}${e.path.slice('switch'.length)}`, e.message.slice(e.path.length + 2));
    }
    throw e;
  }
}

/* ------------------------------------------------------------------ */
/* Expansion to a drawn topology                                        */
/* ------------------------------------------------------------------ */

/** Most links `expandFabric` will materialise unless told otherwise. */
export const EXPAND_MAX_LINKS = 500_000;

/**
 * Materialise a generated fabric as a drawn topology (servers, switches and
 * port-to-port links) for detailed editing or analysis with analyzeTopology.
 * It follows the generator's structure: rail r of node n goes to leaf (group
 * of n, r) (plain: the node's leaf); a leaf's uplinks go round-robin over the
 * spines (of its pod, in 3 tiers) and spine uplinks round-robin over the cores.
 * Switch ports are logical ports at the fabric link speed (after breakout).
 */
export function expandFabric(input: FabricInput, maxLinks = EXPAND_MAX_LINKS): TopologyInput {
  const f = generateFabric(input);
  if (f.links.total > maxLinks) {
    throw new InputError('accelerators', `expanding ${f.links.total} links exceeds the limit of ${maxLinks}; keep the fabric generated`);
  }
  const { leaf: rL, spine: rS } = requestedOversubscription(input);
  const nodes: TopoNode[] = [];
  const links: TopoLink[] = [];
  const npl = f.structure.nodesPerLeaf;
  const rails = f.rails;
  const lpa = f.linksPerAccelerator;
  const lg = f.linkGbps;
  const perNode = f.perNode;
  for (let n = 0; n < f.nodes; n++) {
    const acc = Math.min(perNode, f.accelerators - n * perNode);
    nodes.push({ id: `node${n}`, kind: 'server', ports: rails * f.planes, portGbps: lg, accelerators: acc });
  }
  const hasRail = (n: number, r: number): boolean => Math.floor(r / lpa) < Math.min(perNode, f.accelerators - n * perNode);
  for (let p = 0; p < f.planes; p++) {
    const pre = f.planes > 1 ? `p${p}-` : '';
    // Leaves in placement order with their downlink counts.
    const leafIds: string[] = [];
    const leafDown: number[] = [];
    const addLeaf = (id: string): number => {
      leafIds.push(id);
      leafDown.push(0);
      nodes.push({ id, kind: 'switch', ports: f.radix.leaf, portGbps: lg, tier: 'leaf' });
      return leafIds.length - 1;
    };
    const nodePort = (n: number, r: number): number => p * rails + r;
    const leafPortUse: number[] = [];
    const connectNode = (n: number, r: number, li: number): void => {
      const port = leafDown[li] ?? 0;
      leafDown[li] = port + 1;
      leafPortUse[li] = port + 1;
      links.push({ id: `${pre}nl-${n}-${r}`, from: { nodeId: `node${n}`, port: nodePort(n, r) }, to: { nodeId: leafIds[li] as string, port }, linkGbps: lg });
    };
    if (f.tiers === 1) {
      const li = addLeaf(`${pre}leaf0`);
      for (let n = 0; n < f.nodes; n++) for (let r = 0; r < rails; r++) if (hasRail(n, r)) connectNode(n, r, li);
    } else if (f.railOptimised) {
      for (let g = 0; g < f.structure.groups; g++) {
        const first = leafIds.length;
        for (let r = 0; r < rails; r++) {
          const lastNode = Math.min(f.nodes, (g + 1) * npl) - 1;
          if (!hasRail(lastNode, r) && lastNode === g * npl) continue; // an empty rail leaf is not built
          addLeaf(`${pre}leaf${g}-${r}`);
        }
        for (let n = g * npl; n < Math.min(f.nodes, (g + 1) * npl); n++) {
          for (let r = 0; r < rails; r++) if (hasRail(n, r)) connectNode(n, r, first + r);
        }
      }
    } else {
      for (let g = 0; g < f.structure.groups; g++) {
        const li = addLeaf(`${pre}leaf${g}`);
        for (let n = g * npl; n < Math.min(f.nodes, (g + 1) * npl); n++) {
          for (let r = 0; r < rails; r++) if (hasRail(n, r)) connectNode(n, r, li);
        }
      }
    }
    if (f.tiers === 1) continue;
    const leafUp = leafDown.map((d) => Math.ceil(d / rL - EPS));
    const lpp = f.tiers === 3 ? f.structure.leavesPerPod : leafIds.length;
    const spineIds: string[] = [];
    const spineDown: number[] = [];
    const spinePort: number[] = [];
    for (let first = 0; first < leafIds.length; first += lpp) {
      const last = Math.min(leafIds.length, first + lpp);
      let podUp = 0;
      for (let i = first; i < last; i++) podUp += leafUp[i] ?? 0;
      const cap = f.tiers === 3 ? splitPorts(f.radix.spine, rS).down : f.radix.spine;
      const sp = Math.ceil(podUp / cap);
      const base = spineIds.length;
      for (let s = 0; s < sp; s++) {
        const id = `${pre}spine${base + s}`;
        spineIds.push(id);
        spineDown.push(0);
        spinePort.push(0);
        nodes.push({ id, kind: 'switch', ports: f.radix.spine, portGbps: lg, tier: 'spine' });
      }
      let c = 0;
      for (let i = first; i < last; i++) {
        for (let u = 0; u < (leafUp[i] ?? 0); u++) {
          const s = base + (c++ % sp);
          const port = spinePort[s] ?? 0;
          spinePort[s] = port + 1;
          spineDown[s] = (spineDown[s] ?? 0) + 1;
          const lport = leafPortUse[i] ?? 0;
          leafPortUse[i] = lport + 1;
          links.push({ id: `${pre}ls-${i}-${u}`, from: { nodeId: leafIds[i] as string, port: lport }, to: { nodeId: spineIds[s] as string, port }, linkGbps: lg });
        }
      }
    }
    if (f.tiers !== 3) continue;
    const spineUp = spineDown.map((d) => Math.ceil(d / rS - EPS));
    const totalUp = spineUp.reduce((x, y) => x + y, 0);
    const cores = Math.ceil(totalUp / f.radix.core);
    const corePort: number[] = new Array<number>(cores).fill(0);
    for (let k = 0; k < cores; k++) nodes.push({ id: `${pre}core${k}`, kind: 'switch', ports: f.radix.core, portGbps: lg, tier: 'core' });
    let c = 0;
    for (let s = 0; s < spineIds.length; s++) {
      for (let u = 0; u < (spineUp[s] ?? 0); u++) {
        const k = c++ % cores;
        const port = corePort[k] ?? 0;
        corePort[k] = port + 1;
        const sport = spinePort[s] ?? 0;
        spinePort[s] = sport + 1;
        links.push({ id: `${pre}sc-${s}-${u}`, from: { nodeId: spineIds[s] as string, port: sport }, to: { nodeId: `${pre}core${k}`, port }, linkGbps: lg });
      }
    }
  }
  return { nodes, links };
}
