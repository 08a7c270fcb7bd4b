/**
 * Sizing of a fat-tree by arithmetic (no switch or link objects): the link
 * speed and logical radix of each tier, the capacity of 1, 2 and 3 tiers, the
 * tier choice, and the switches of each tier as classes of identical switches
 * (count, downlinks, uplinks). The rules are stated in fabric-generate.ts.
 */
import { InputError } from '../errors';
import type { ValidFabricInput } from './fabric-input';
import { EPS } from './fabric-math';
import { spreadCores, spreadPod, type LeafRun } from './fabric-pairs';
import type { FabricWarning, SwitchLike } from './fabric-types';

/** Split a radix k into (down, up) with down / up <= r, maximising down. */
export function splitPorts(k: number, r: number): { down: number; up: number } {
  // At most k - 1 downlinks (one port goes up), so the loop below runs at most k times.
  let down = Math.min(k - 1, Math.floor((k * r) / (r + 1) + EPS));
  while (down > 1 && down + Math.ceil(down / r - EPS) > k) down--;
  const up = Math.ceil(down / r - EPS);
  return { down, up };
}

/** Switches of one tier that share a usage pattern: `count` switches each with `down` and `up` links. */
export interface SwitchClass {
  count: number;
  down: number;
  up: number;
}

/** Sum of f over every switch of the classes. */
export function sumClasses(cs: SwitchClass[], f: (c: SwitchClass) => number): number {
  let s = 0;
  for (const c of cs) s += c.count * f(c);
  return s;
}

/** Link speed, links per node and logical radix of each tier (per plane). */
export interface Plan {
  linkGbps: number;
  /** rails / perNode (below 1 when accelerators share a NIC port). */
  linksPerAccelerator: number;
  /** Links of a node per plane: its ports on the plane x links per port. */
  rails: number;
  /** Speed of a compute NIC port and the ports of a node on each plane. */
  portGbps: number;
  portsPerPlane: number;
  nodes: number;
  /** Rails of the last node (fewer when it is partly filled: ceil(its accelerators x rails / perNode)). */
  lastNodeRails: number;
  kL: number;
  kS: number;
  kC: number;
  rL: number;
  rS: number;
  rail: boolean;
  /** Downlinks of a full leaf: the most the leaf ratio allows (splitPorts), or fewer when that spreads better. */
  leafDown: number;
}

export interface Capacity {
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

/**
 * Logical ports of a switch at `linkGbps` (ports broken out up to maxBreakout
 * links each); warns when port capacity is left unused.
 */
export function logicalRadix(s: SwitchLike, linkGbps: number, maxBreakout: number, warnings: FabricWarning[]): number {
  const split = Math.floor(s.portGbps / linkGbps + EPS);
  const b = Math.min(split, maxBreakout);
  if (split > maxBreakout) {
    warnings.push({
      severity: 'warning',
      code: 'port-underused',
      message: `${s.id}: ${s.portGbps} Gb/s ports carry at most ${maxBreakout} x ${linkGbps} Gb/s links; capacity is left unused`,
    });
  } else if (Math.abs(split * linkGbps - s.portGbps) > EPS * s.portGbps) {
    warnings.push({
      severity: 'warning',
      code: 'port-underused',
      message: `${s.id}: ${s.portGbps} Gb/s ports do not divide into ${linkGbps} Gb/s links; capacity is left unused`,
    });
  }
  return s.ports * b;
}

/**
 * One link speed across the plane, limited by the NIC port and the slowest
 * tier's ports; the links each node has per plane (its ports on the plane x
 * links per port); the radix of each tier.
 */
export function planLinks(v: ValidFabricInput, warnings: FabricWarning[]): Plan {
  const portGbps = (v.nicGbps * v.perNode) / v.nicPorts;
  const portsPerPlane = v.nicPorts / v.planes;
  const minPort = Math.min(...[v.leafSw, v.spineSw, v.coreSw].map((s) => s.portGbps));
  const linkGbps = Math.min(portGbps, minPort);
  const linksPerPort = Math.ceil(portGbps / linkGbps - EPS);
  if (Math.abs(linksPerPort * linkGbps - portGbps) > EPS * portGbps) {
    const what = portsPerPlane === v.perNode ? 'per accelerator per plane' : 'NIC ports';
    warnings.push({
      severity: 'warning',
      code: 'link-rounding',
      message: `${portGbps} Gb/s ${what} is not a multiple of ${linkGbps} Gb/s links; rounded up to ${linksPerPort} links`,
    });
  }
  const maxBreakout = v.a.maxBreakout;
  const kL = logicalRadix(v.leafSw, linkGbps, maxBreakout, warnings);
  const rails = portsPerPlane * linksPerPort;
  const nodes = Math.ceil(v.accelerators / v.perNode);
  const lastNodeAcc = v.accelerators - (nodes - 1) * v.perNode;
  return {
    linkGbps,
    linksPerAccelerator: rails / v.perNode,
    rails,
    portGbps,
    portsPerPlane,
    nodes,
    lastNodeRails: lastNodeAcc === v.perNode ? rails : Math.ceil((lastNodeAcc * rails) / v.perNode - EPS),
    kL,
    kS: logicalRadix(v.spineSw, linkGbps, maxBreakout, warnings),
    kC: logicalRadix(v.coreSw, linkGbps, maxBreakout, warnings),
    rL: v.rL,
    rS: v.rS,
    rail: v.rail,
    leafDown: splitPorts(kL, v.rL).down,
  };
}

/** Most accelerators 1, 2 and 3 tiers reach, and the leaf/pod structure that sets them. */
export function capacity(p: Plan, perNode: number): Capacity {
  const leaf = { down: p.leafDown };
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

/**
 * The fewest tiers that reach the accelerators (or the forced count), after
 * checking that a leaf can take a node at all. Throws InputError naming the
 * field when the switches cannot reach the count.
 */
export function chooseTiers(v: ValidFabricInput, plan: Plan, cap: Capacity): 1 | 2 | 3 {
  const { accelerators, leafSw, spineSw, coreSw } = v;
  if (cap.leafDown < 1) throw new InputError('oversubscription', 'leaves have no downlinks left');
  if (!v.rail && cap.nodesPerLeaf < 1) {
    throw new InputError(
      'railOptimised',
      `a node's ${plan.rails} links do not fit the ${cap.leafDown} downlinks of one leaf; use a rail-optimised fabric`,
    );
  }
  let tiers: 1 | 2 | 3;
  if (v.tiers === 2) {
    if (accelerators > cap.max2) {
      throw new InputError(
        'tiers',
        `2 tiers of ${leafSw.id}/${spineSw.id} (radix ${plan.kL}/${plan.kS}) reach at most ${cap.max2} accelerators; ${accelerators} requested`,
      );
    }
    tiers = 2;
  } else if (v.tiers === 3) {
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
      `${accelerators} exceeds the maximum reachable with 3 tiers of ${leafSw.id}${spineSw.id !== leafSw.id || coreSw.id !== leafSw.id ? `/${spineSw.id}/${coreSw.id}` : ''} (radix ${plan.kC}, oversubscription ${v.rL}:1): at most ${cap.max3} accelerators`,
    );
  }
  return tiers;
}

/**
 * The leaf tier: switch classes in placement order (full groups first), groups and
 * nodes per leaf. A class's `up` is the fewest uplinks its downlinks need;
 * layoutUpperTiers gives the uplinks cabled (equal links to every spine).
 */
export interface LeafLayout {
  classes: SwitchClass[];
  groups: number;
  nodesPerLeaf: number;
  /** Leaf switches per plane. */
  leaves: number;
  /** Node-leaf links per plane. */
  nodeLeafLinks: number;
}

/**
 * Leaves per plane. The last node may be partly filled; the last group (or
 * leaf) carries only what is left, its uplinks ceil(used downlinks / ratio).
 */
export function layoutLeaves(v: ValidFabricInput, plan: Plan, cap: Capacity, tiers: 1 | 2 | 3, warnings: FabricWarning[]): LeafLayout {
  const { nodes, rL, lastNodeRails } = plan;
  const nodeLeafLinks = (nodes - 1) * plan.rails + lastNodeRails;
  const classes: SwitchClass[] = [];
  let groups: number;
  let nodesPerLeaf: number;
  const upL = (d: number): number => (tiers === 1 ? 0 : Math.ceil(d / rL - EPS));
  if (tiers === 1) {
    nodesPerLeaf = nodes;
    groups = 1;
    classes.push({ count: 1, down: nodeLeafLinks, up: 0 });
  } else if (plan.rail) {
    nodesPerLeaf = cap.nodesPerLeaf;
    groups = Math.ceil(nodes / nodesPerLeaf);
    const lastGroupNodes = nodes - (groups - 1) * nodesPerLeaf;
    // Rails carried by the partly filled last node: its first lastNodeRails rails.
    if (groups > 1) classes.push({ count: (groups - 1) * plan.rails, down: nodesPerLeaf, up: upL(nodesPerLeaf) });
    // Last group: rails present on the last node get lastGroupNodes links; the others one fewer.
    const full = lastNodeRails;
    const short = plan.rails - lastNodeRails;
    classes.push({ count: full, down: lastGroupNodes, up: upL(lastGroupNodes) });
    if (short > 0 && lastGroupNodes - 1 > 0) {
      classes.push({ count: short, down: lastGroupNodes - 1, up: upL(lastGroupNodes - 1) });
    } else if (short > 0) {
      warnings.push({ severity: 'info', code: 'empty-rail', message: `${short} rail leaves of the last group carry no node` });
    }
  } else {
    nodesPerLeaf = cap.nodesPerLeaf;
    groups = Math.ceil(nodes / nodesPerLeaf);
    const lastLeafNodes = nodes - (groups - 1) * nodesPerLeaf;
    const perNodeLinks = plan.rails;
    if (groups > 1) classes.push({ count: groups - 1, down: nodesPerLeaf * perNodeLinks, up: upL(nodesPerLeaf * perNodeLinks) });
    const lastDown = (lastLeafNodes - 1) * perNodeLinks + lastNodeRails;
    classes.push({ count: 1, down: lastDown, up: upL(lastDown) });
  }
  const leaves = sumClasses(classes, () => 1);
  if (Math.abs(sumClasses(classes, (c) => c.down) - nodeLeafLinks) > 0.5) {
    throw new Error('internal: node-leaf link count mismatch');
  }
  if (tiers === 2 && leaves > plan.kS) {
    // Cannot happen when accelerators <= max2, kept as a guard.
    throw new InputError('tiers', `${leaves} leaves exceed the ${plan.kS} ports of a spine`);
  }
  return { classes, groups, nodesPerLeaf, leaves, nodeLeafLinks };
}

/** One kind of pod (consecutive identical pods): its leaves, spines and links per pair. */
export interface PodRun {
  /** Pods of this kind. */
  count: number;
  /** Leaves of one pod, as runs of identical downlinks, in placement order. */
  leaves: LeafRun[];
  spines: number;
  /** Links from each leaf run to each spine of the pod. */
  linksPerSpine: number[];
  /** Downlinks and uplinks of each spine of the pod. */
  spineDown: number;
  spineUp: number;
  /** Links from each spine to each core of its group (3 tiers). */
  linksPerCore: number;
}

/** Spine and core tiers per plane, and the leaf tier with its uplinks. */
export interface UpperLayout {
  /** Leaf classes with their uplinks (equal links to every spine of the pod). */
  leafClasses: SwitchClass[];
  leafSpineLinks: number;
  spineClasses: SwitchClass[];
  coreClasses: SwitchClass[];
  pods: number;
  leavesPerPod: number;
  podRuns: PodRun[];
  /** Core groups (spine i of every pod goes to group i mod coreGroups) and cores per group. */
  coreGroups: number;
  coresPerGroup: number;
  spines: number;
  cores: number;
  spineCoreLinks: number;
}

/** The leaves [start, start + n) in placement order, as runs of identical downlinks. */
function leafRuns(leafClasses: readonly SwitchClass[], start: number, n: number): LeafRun[] {
  const out: LeafRun[] = [];
  let skip = start;
  let left = n;
  for (const c of leafClasses) {
    if (left <= 0) break;
    if (skip >= c.count) {
      skip -= c.count;
      continue;
    }
    const t = Math.min(left, c.count - skip);
    skip = 0;
    left -= t;
    const last = out[out.length - 1];
    if (last && last.down === c.down) last.count += t;
    else out.push({ count: t, down: c.down });
  }
  return out;
}

const runsKey = (runs: readonly LeafRun[]): string => runs.map((r) => `${r.count}x${r.down}`).join(',');

/**
 * Downlinks a full leaf has (a whole group of nodes under a rail-optimised leaf,
 * whole nodes under a plain one), when partly filled units are cabled as full ones.
 */
export function fullLeafDown(plan: Plan, cap: Capacity, fullUnits: boolean): number | undefined {
  if (!fullUnits) return undefined;
  return plan.rail ? cap.nodesPerLeaf : cap.nodesPerLeaf * plan.rails;
}

/**
 * Spines and cores with equal, whole links per leaf-spine and spine-core pair
 * (fabric-pairs.ts). 2 tiers: one pod of every leaf, whose spines take a port
 * from every leaf. 3 tiers: pods of leavesPerPod leaves (the last may be smaller),
 * identical consecutive pods sized once; spines split their ports by the spine
 * ratio; cores in groups, spine i of every pod to every core of group i mod G.
 * Throws InputError when no spine or core count fits the ports.
 */
export function layoutUpperTiers(leaf: LeafLayout, plan: Plan, cap: Capacity, tiers: 1 | 2 | 3, fullUnits = true): UpperLayout {
  const none: UpperLayout = {
    leafClasses: leaf.classes.map((c) => ({ ...c, up: 0 })),
    leafSpineLinks: 0,
    spineClasses: [],
    coreClasses: [],
    pods: 1,
    leavesPerPod: leaf.leaves,
    podRuns: [],
    coreGroups: 0,
    coresPerGroup: 0,
    spines: 0,
    cores: 0,
    spineCoreLinks: 0,
  };
  if (tiers === 1) return none;
  const fullDown = fullLeafDown(plan, cap, fullUnits);
  const leavesPerPod = tiers === 2 ? leaf.leaves : cap.leavesPerPod;
  const pods = Math.ceil(leaf.leaves / leavesPerPod);
  if (tiers === 3 && pods > plan.kC) throw new InputError('accelerators', `${pods} pods exceed the ${plan.kC} ports of a core switch`);
  const spinePorts = tiers === 2 ? plan.kS : cap.spineDown;
  const podRuns: PodRun[] = [];
  // Pods lying wholly inside one leaf class are alike: jump over them in one step.
  const classEnds: number[] = [];
  let end = 0;
  for (const c of leaf.classes) classEnds.push((end += c.count));
  const podSize = (i: number): number => Math.min(leavesPerPod, leaf.leaves - i * leavesPerPod);
  let i = 0;
  while (i < pods) {
    const runs = leafRuns(leaf.classes, i * leavesPerPod, podSize(i));
    const key = runsKey(runs);
    let j = i + 1;
    if (runs.length === 1) {
      // Last pod index whose leaves end within the class this pod starts in.
      const ce = classEnds.find((e) => e > i * leavesPerPod) ?? leaf.leaves;
      j = Math.max(j, Math.min(pods, Math.floor(ce / leavesPerPod)));
      while (j > i + 1 && podSize(j - 1) !== leavesPerPod) j--;
    }
    while (j < pods && runsKey(leafRuns(leaf.classes, j * leavesPerPod, podSize(j))) === key) j++;
    const spread = spreadPod(runs, plan.kL, plan.rL, spinePorts, fullDown);
    if (!spread) {
      throw new InputError('accelerators', `no spine count gives each of ${runs.reduce((s, r) => s + r.count, 0)} leaves equal links to every spine within ${spinePorts} spine ports`);
    }
    podRuns.push({ count: j - i, leaves: runs, spines: spread.spines, linksPerSpine: spread.linksPerSpine, spineDown: spread.spineDown, spineUp: 0, linksPerCore: 0 });
    i = j;
  }
  let coreClasses: SwitchClass[] = [];
  let coreGroups = 0;
  let coresPerGroup = 0;
  if (tiers === 3) {
    const spineRuns = () => podRuns.map((p) => ({ count: p.count, spines: p.spines, down: p.spineDown }));
    let spread = spreadCores(spineRuns(), plan.kS, plan.rS, plan.kC);
    const fullSpines = podRuns[0]?.spines ?? 0;
    if (!spread && podRuns.some((p) => p.spines < fullSpines)) {
      // A small pod's few spines limit the core groups: build it with a full pod's spines.
      for (const p of podRuns) {
        if (p.spines >= fullSpines) continue;
        const wider = spreadPod(p.leaves, plan.kL, plan.rL, spinePorts, fullDown, fullSpines);
        if (wider) Object.assign(p, { spines: wider.spines, linksPerSpine: wider.linksPerSpine, spineDown: wider.spineDown });
      }
      spread = spreadCores(spineRuns(), plan.kS, plan.rS, plan.kC);
    }
    if (!spread) throw new InputError('accelerators', `no core count gives every spine equal links to the cores of its group within ${plan.kC} core ports`);
    podRuns.forEach((p, k) => {
      p.spineUp = spread.spineUp[k] ?? 0;
      p.linksPerCore = spread.linksPerCore[k] ?? 0;
    });
    coreClasses = spread.coreClasses;
    coreGroups = spread.groups;
    coresPerGroup = spread.coresPerGroup;
  }
  const leafClasses: SwitchClass[] = [];
  for (const p of podRuns) {
    p.leaves.forEach((r, k) => leafClasses.push({ count: r.count * p.count, down: r.down, up: (p.linksPerSpine[k] ?? 0) * p.spines }));
  }
  const spineClasses: SwitchClass[] = podRuns.map((p) => ({ count: p.count * p.spines, down: p.spineDown, up: p.spineUp }));
  return {
    leafClasses,
    leafSpineLinks: sumClasses(leafClasses, (c) => c.up),
    spineClasses,
    coreClasses,
    pods,
    leavesPerPod,
    podRuns,
    coreGroups,
    coresPerGroup,
    spines: sumClasses(spineClasses, () => 1),
    cores: sumClasses(coreClasses, () => 1),
    spineCoreLinks: sumClasses(spineClasses, (c) => c.up),
  };
}

/** Achieved downlink:uplink ratios of the first (full) leaf and spine class. */
export function achievedRatios(tiers: 1 | 2 | 3, leafClasses: SwitchClass[], spineClasses: SwitchClass[]): { leafRatio: number; spineRatio: number } {
  const fullLeaf = leafClasses[0];
  const leafRatio = tiers === 1 || !fullLeaf || fullLeaf.up === 0 ? 1 : fullLeaf.down / fullLeaf.up;
  const fullSpine = spineClasses[0];
  const spineRatio = tiers === 3 && fullSpine && fullSpine.up > 0 ? fullSpine.down / fullSpine.up : 1;
  return { leafRatio, spineRatio };
}
