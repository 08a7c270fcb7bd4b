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
 * - 2 tiers: the fewest spines S such that every leaf gives every spine the
 *   same whole number of links m (S x m within the leaf's uplink ports, the
 *   leaves' m summed within a spine's ports); every spine takes a port from
 *   every leaf, so leaves <= kS (k^2/2 endpoints when non-blocking). When the
 *   bare minimum ceil(uplinks / kS) does not divide a leaf's uplinks, more
 *   spines are used (NVIDIA DGX SuperPOD B300 XDR, 4 SUs: 18 spines x 4 links).
 * - 3 tiers: leaves are grouped in pods of at most ds leaves (ds = spine
 *   downlinks; rail-optimised pods hold whole groups); each pod has the fewest
 *   spines with equal links from each of its leaves; spine uplinks >=
 *   ceil(down / spine oversubscription); cores in G groups of c, spine i of
 *   every pod to every core of group i mod G with equal links, the fewest cores
 *   G x c within the core ports; pods <= kC (k^3/4 endpoints when
 *   non-blocking). With 64-port switches this gives the DGX SuperPOD counts
 *   exactly (16 SUs: 128 leaf, 128 spine, 64 core).
 * - Partly filled units: the last group/leaf/pod carries only the nodes that
 *   are left, but (assumption partialUnitFullUplinks, default 1, after NVIDIA's
 *   SuperPOD guidance) its leaves are cabled with a full leaf's uplinks; with 0
 *   a leaf gets ceil(used downlinks / oversubscription) rounded up to whole
 *   links per spine. See fabric-pairs.ts.
 */
import { InputError } from '../errors';
import { validateFabricInput, type ValidFabricInput } from './fabric-input';
import { jobScopes } from './fabric-jobs';
import { EPS, gbpsToGBps, round } from './fabric-math';
import { cabling, lengthClass, mediaOf, opticsTotals, transceiverLines, type TierClasses } from './fabric-optics';
import {
  achievedRatios,
  capacity,
  chooseTiers,
  layoutLeaves,
  fullLeafDown,
  layoutUpperTiers,
  planLinks,
  type Capacity,
  type LeafLayout,
  type Plan,
  type SwitchClass,
  type UpperLayout,
} from './fabric-sizing';
import type { FabricInput, FabricResult, FabricWarning, LinkTier, TransceiverLine } from './fabric-types';

/** Switch counts per plane of each tier. */
interface TierCounts {
  leaf: number;
  spine: number;
  core: number;
}

/** Power and price of the switches (without optics) over all planes. */
export function switchTotals(
  n: TierCounts,
  v: Pick<ValidFabricInput, 'leafSw' | 'spineSw' | 'coreSw' | 'planes'>,
): { switchesTypicalW: number; switchesMaxW: number; switchesUsd: number } {
  const { leafSw, spineSw, coreSw, planes: P } = v;
  return {
    switchesTypicalW: (n.leaf * leafSw.typicalPowerW + n.spine * spineSw.typicalPowerW + n.core * coreSw.typicalPowerW) * P,
    switchesMaxW: (n.leaf * leafSw.maxPowerW + n.spine * spineSw.maxPowerW + n.core * coreSw.maxPowerW) * P,
    switchesUsd: (n.leaf * leafSw.priceUsd + n.spine * spineSw.priceUsd + n.core * coreSw.priceUsd) * P,
  };
}

/**
 * Unidirectional bandwidth across the worst balanced cut, TB/s: the cheapest
 * balanced cut is the one above the top tier's children (links per plane).
 */
export function bisectionTBps(tiers: 1 | 2 | 3, links: Record<LinkTier, number>, linkGbps: number, planes: number): number {
  let cutLinks = links.nodeLeaf;
  if (tiers >= 2) cutLinks = Math.min(cutLinks, links.leafSpine);
  if (tiers === 3) cutLinks = Math.min(cutLinks, links.spineCore);
  const bisectionGbps = (cutLinks * linkGbps * planes) / 2;
  return gbpsToGBps(bisectionGbps) / 1000;
}

/** Everything the sizing steps produced, for the result. */
interface Sized {
  v: ValidFabricInput;
  plan: Plan;
  tiers: 1 | 2 | 3;
  leaf: LeafLayout;
  upper: UpperLayout;
  leafRatio: number;
  spineRatio: number;
  podNodes: number;
  lengths: TierClasses;
  lines: TransceiverLine[];
  warnings: FabricWarning[];
}

/** Totals over planes, per-accelerator figures and the result shape. */
function fabricResult(s: Sized): FabricResult {
  const { v, plan, tiers, leaf, upper, leafRatio, spineRatio, lengths } = s;
  const { accelerators, nicGbps, a, planes: P } = v;
  const perPlane = { nodeLeaf: leaf.nodeLeafLinks, leafSpine: upper.leafSpineLinks, spineCore: upper.spineCoreLinks };
  const links = {
    nodeLeaf: perPlane.nodeLeaf * P,
    leafSpine: perPlane.leafSpine * P,
    spineCore: perPlane.spineCore * P,
    total: (perPlane.nodeLeaf + perPlane.leafSpine + perPlane.spineCore) * P,
  };
  const n = { leaf: leaf.leaves, spine: upper.spines, core: upper.cores };
  const switches = { leaf: n.leaf * P, spine: n.spine * P, core: n.core * P, total: (n.leaf + n.spine + n.core) * P };
  const modules = opticsTotals(s.lines);
  const { nodeModules, switchModules, opticsUsd } = modules;
  const { cables, cablesUsd, cablesW } = cabling(links, lengths, plan.linkGbps, a);
  // Optics power: the transceiver modules and the active cables (AEC retimers, AOC ends).
  const opticsW = modules.opticsW + cablesW;
  const { switchesTypicalW, switchesMaxW, switchesUsd } = switchTotals(n, v);
  const beyondLeafGbps = tiers === 1 ? nicGbps : nicGbps / Math.max(1, leafRatio);
  const beyondPodGbps = tiers === 3 ? beyondLeafGbps / Math.max(1, spineRatio) : beyondLeafGbps;
  const powerW = switchesTypicalW + opticsW;
  const costUsd = switchesUsd + opticsUsd + cablesUsd;
  const transceivers = nodeModules + switchModules;
  const nodes = plan.nodes;
  const portUse = {
    leaf: { used: (perPlane.nodeLeaf + perPlane.leafSpine) * P, total: n.leaf * plan.kL * P },
    spine: { used: (perPlane.leafSpine + perPlane.spineCore) * P, total: n.spine * plan.kS * P },
    core: { used: perPlane.spineCore * P, total: n.core * plan.kC * P },
  };
  const tierCables = (t: LinkTier) => ({ lengthClass: lengths[t], media: mediaOf(lengths[t], plan.linkGbps, a), count: links[t] });
  return {
    tiers,
    railOptimised: v.rail && !v.railOnly,
    railOnly: v.railOnly,
    railNetworks: v.railOnly ? plan.rails * P : 0,
    planes: P,
    nicPortsPerNode: v.nicPorts,
    portsPerPlane: plan.portsPerPlane,
    accelerators,
    nodes,
    perNode: v.perNode,
    linkGbps: plan.linkGbps,
    linksPerAccelerator: plan.linksPerAccelerator,
    rails: plan.rails,
    radix: { leaf: plan.kL, spine: plan.kS, core: plan.kC },
    switchModels: { leaf: v.leafSw.id, spine: v.spineSw.id, core: v.coreSw.id },
    oversubscription: { leaf: round(leafRatio), spine: round(spineRatio), effective: round(leafRatio * spineRatio) },
    structure: {
      nodesPerLeaf: Math.min(leaf.nodesPerLeaf, nodes),
      groups: leaf.groups,
      leavesPerPod: Math.min(upper.leavesPerPod, n.leaf),
      pods: upper.pods,
      nodesPerPod: s.podNodes,
      spinesPerPod: upper.podRuns[0]?.spines ?? 0,
      coreGroups: upper.coreGroups,
      coresPerGroup: upper.coresPerGroup,
    },
    switches,
    links,
    linksPerPair: { leafSpine: upper.podRuns[0]?.linksPerSpine[0] ?? 0, spineCore: upper.podRuns[0]?.linksPerCore ?? 0 },
    portUse,
    unusedPorts: {
      leaf: portUse.leaf.total - portUse.leaf.used,
      spine: portUse.spine.total - portUse.spine.used,
      core: portUse.core.total - portUse.core.used,
    },
    transceivers,
    transceiversBySide: { node: nodeModules, switch: switchModules },
    transceiverLines: s.lines,
    cables,
    cablesByTier: { nodeLeaf: tierCables('nodeLeaf'), leafSpine: tierCables('leafSpine'), spineCore: tierCables('spineCore') },
    bisectionTBps: round(bisectionTBps(tiers, perPlane, plan.linkGbps, P), 6),
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
    scopes: jobScopes(tiers, nodes, leaf.nodesPerLeaf, s.podNodes, leafRatio, spineRatio),
    totals: {
      switches: switches.total,
      links: links.total,
      transceivers,
      powerKW: round(powerW / 1000, 6),
      maxPowerKW: round((switchesMaxW + opticsW) / 1000, 6),
      costUsd: round(costUsd, 2),
    },
    warnings: s.warnings,
  };
}

/** A sized fabric and the layout it was computed from (for expansion). */
export interface SizedFabric {
  result: FabricResult;
  plan: Plan;
  leaf: LeafLayout;
  upper: UpperLayout;
  /** Requested leaf and spine downlink:uplink ratios. */
  ratios: { leaf: number; spine: number };
}

interface Layout {
  plan: Plan;
  cap: Capacity;
  tiers: 1 | 2 | 3;
  leaf: LeafLayout;
  upper: UpperLayout;
  warnings: FabricWarning[];
}

/**
 * The switches a layout needs at least, from its leaves alone: the leaf uplinks
 * U (each leaf at least ceil(down / ratio), a full leaf's when partly filled units
 * are cabled as full), spines >= U / spine ports, cores >= U / spine ratio / core ports.
 */
function fewestSwitches(v: ValidFabricInput, plan: Plan, cap: Capacity, tiers: 1 | 2 | 3, leaf: LeafLayout): number {
  if (tiers === 1) return leaf.leaves;
  const full = fullLeafDown(plan, cap, v.a.partialUnitFullUplinks === 1);
  let up = 0;
  for (const c of leaf.classes) up += c.count * Math.ceil((full ?? c.down) / plan.rL - EPS);
  const spinePorts = tiers === 2 ? plan.kS : cap.spineDown;
  const spines = Math.ceil(up / spinePorts - EPS);
  const cores = tiers === 3 ? Math.ceil(up / plan.rS / plan.kC - EPS) : 0;
  return leaf.leaves + spines + cores;
}

/** The layout with `leafDown` downlinks per full leaf, or undefined when it cannot have fewer than `below` switches. */
function layoutWith(v: ValidFabricInput, base: Plan, leafDown: number, planWarnings: readonly FabricWarning[], below = Infinity): Layout | undefined {
  const warnings = [...planWarnings];
  const plan = { ...base, leafDown };
  const cap = capacity(plan, v.perNode);
  const tiers = chooseTiers(v, plan, cap);
  const leaf = layoutLeaves(v, plan, cap, tiers, warnings);
  if (fewestSwitches(v, plan, cap, tiers, leaf) >= below) return undefined;
  const upper = layoutUpperTiers(leaf, plan, cap, tiers, v.a.partialUnitFullUplinks === 1);
  return { plan, cap, tiers, leaf, upper, warnings };
}

/** Most narrower leaf splits tried, whatever the share (a 65,536-port switch would otherwise try thousands). */
const MAX_SPLITS_TRIED = 32;

/**
 * The layout with the fewest switches over the leaf splits from the most
 * downlinks the ratio allows to a share `leafSplitSearch` fewer (ties: more downlinks):
 * at 2:1 a 128-port leaf splits 85 / 43, and 43 uplinks (a prime) only spread
 * evenly over 43 spines, where 80 / 40 spreads over 10. A split whose leaves
 * alone bound it to as many switches as the best so far is not laid out.
 * Errors of the full split are thrown; a narrower split that cannot be built is skipped.
 */
function bestLayout(v: ValidFabricInput, base: Plan, planWarnings: readonly FabricWarning[]): Layout {
  let best = layoutWith(v, base, base.leafDown, planWarnings) as Layout;
  const count = (l: Layout) => l.leaf.leaves + l.upper.spines + l.upper.cores;
  if (best.tiers === 1) return best;
  const least = Math.max(1, base.leafDown - MAX_SPLITS_TRIED, Math.ceil(base.leafDown * (1 - v.a.leafSplitSearch) - EPS));
  for (let d = base.leafDown - 1; d >= least; d--) {
    let l: Layout | undefined;
    try {
      l = layoutWith(v, base, d, planWarnings, count(best));
    } catch (e) {
      if (e instanceof InputError) continue;
      throw e;
    }
    if (l && count(l) < count(best)) best = l;
  }
  return best;
}

/** `k` identical copies of a layout (the rail networks of a rail-only fabric). */
function copies(l: Layout, k: number): Layout {
  if (k === 1) return l;
  const times = (cs: readonly SwitchClass[]) => cs.map((c) => ({ ...c, count: c.count * k }));
  const { leaf, upper } = l;
  return {
    ...l,
    leaf: { ...leaf, classes: times(leaf.classes), leaves: leaf.leaves * k, nodeLeafLinks: leaf.nodeLeafLinks * k },
    upper: {
      ...upper,
      leafClasses: times(upper.leafClasses),
      spineClasses: times(upper.spineClasses),
      coreClasses: times(upper.coreClasses),
      podRuns: upper.podRuns.map((p) => ({ ...p, count: p.count * k })),
      leafSpineLinks: upper.leafSpineLinks * k,
      spineCoreLinks: upper.spineCoreLinks * k,
      spines: upper.spines * k,
      cores: upper.cores * k,
    },
  };
}

/**
 * The layout of one plane. Rail-only: one rail network per rail, each a fat tree
 * of the nodes with one link per node (sized as a plain fabric of single-link
 * endpoints), and `rails` copies of it.
 */
function planeLayout(v: ValidFabricInput, plan: Plan, planWarnings: readonly FabricWarning[]): Layout {
  if (!v.railOnly) return bestLayout(v, plan, planWarnings);
  const rv: ValidFabricInput = { ...v, accelerators: plan.nodes, perNode: 1, planes: 1, nicPorts: 1, rail: false };
  const rp: Plan = { ...plan, rails: 1, linksPerAccelerator: 1, portsPerPlane: 1, lastNodeRails: 1, rail: false };
  let one: Layout;
  try {
    one = bestLayout(rv, rp, planWarnings);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.path, `rail-only, each of the ${plan.rails} rail networks joins ${plan.nodes} nodes: ${e.message.slice(e.path.length + 2)}`);
    throw e;
  }
  return { ...copies(one, plan.rails), plan: { ...plan, leafDown: one.plan.leafDown } };
}

/** The compute fabric of a valid input (no front-end). */
function sizeValid(v: ValidFabricInput): SizedFabric {
  const planWarnings: FabricWarning[] = [];
  const base = planLinks(v, planWarnings);
  const { plan, cap, tiers, leaf, upper, warnings } = planeLayout(v, base, planWarnings);
  const { leafRatio, spineRatio } = achievedRatios(tiers, upper.leafClasses, upper.spineClasses);
  if (leafRatio > 1 + EPS || spineRatio > 1 + EPS) {
    warnings.push({
      severity: 'info',
      code: 'oversubscribed',
      message: `fabric is oversubscribed: leaf ${round(leafRatio)}:1${tiers === 3 ? `, spine ${round(spineRatio)}:1` : ''}`,
    });
  }
  // Length classes by the number of nodes a link's span covers.
  const nodes = plan.nodes;
  const podNodes = tiers === 3 ? Math.min(nodes, Math.round(cap.groupsPerPod * leaf.nodesPerLeaf)) : nodes;
  const lengths: TierClasses = {
    nodeLeaf: lengthClass(Math.min(leaf.nodesPerLeaf, nodes), v.a),
    leafSpine: lengthClass(podNodes, v.a),
    spineCore: lengthClass(nodes, v.a),
  };
  const lines = transceiverLines(
    {
      tiers,
      planes: v.planes,
      linkGbps: plan.linkGbps,
      rails: plan.rails,
      nodes,
      lastNodeRails: plan.lastNodeRails,
      switches: { leaf: v.leafSw, spine: v.spineSw, core: v.coreSw },
      leafClasses: upper.leafClasses,
      spineClasses: upper.spineClasses,
      coreClasses: upper.coreClasses,
      lengths,
    },
    v.a,
  );
  const result = fabricResult({ v, plan, tiers, leaf, upper, leafRatio, spineRatio, podNodes, lengths, lines, warnings });
  return { result, plan, leaf, upper, ratios: { leaf: v.rL, spine: v.rS } };
}

/**
 * The front-end network's input: the nodes are its endpoints, each with its
 * front-end ports (on different leaves when 2 or more, as dual-homed storage
 * and in-band ports are cabled), one plane, the switch and ratio asked for.
 */
function frontEndInput(v: ValidFabricInput, nodes: number): ValidFabricInput | undefined {
  const fe = v.frontEnd;
  if (!fe) return undefined;
  const sw = fe.switch;
  return {
    ...v,
    accelerators: nodes,
    perNode: 1,
    nicGbps: fe.portsPerNode * fe.portGbps,
    planes: 1,
    nicPorts: fe.portsPerNode,
    rail: fe.portsPerNode > 1,
    railOnly: false,
    frontEnd: undefined,
    leafSw: sw,
    spineSw: sw,
    coreSw: sw,
    rL: fe.oversubscription ?? 1,
    rS: 1,
    tiers: undefined,
    a: { ...v.a, nodeLinksPerModule: 1 },
  };
}

/** Size a fabric, keeping the layout (see generateFabric). */
export function sizeFabric(input: FabricInput): SizedFabric {
  const v = validateFabricInput(input);
  const sized = sizeValid(v);
  const fev = frontEndInput(v, sized.plan.nodes);
  if (fev) {
    let fe: FabricResult;
    try {
      fe = sizeValid(fev).result;
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`frontEnd.${e.path}`, e.message.slice(e.path.length + 2));
      throw e;
    }
    const r = sized.result;
    r.frontEnd = fe;
    r.totals = {
      switches: r.switches.total + fe.switches.total,
      links: r.links.total + fe.links.total,
      transceivers: r.transceivers + fe.transceivers,
      powerKW: round(r.powerKW + fe.powerKW, 6),
      maxPowerKW: round(r.maxPowerKW + fe.maxPowerKW, 6),
      costUsd: round(r.costUsd + fe.costUsd, 2),
    };
  }
  return sized;
}

/**
 * Size a fat-tree fabric. Throws InputError (with the field path) on bad input
 * or when even three tiers of the chosen switch cannot reach the accelerator count.
 */
export function generateFabric(input: FabricInput): FabricResult {
  return sizeFabric(input).result;
}
