/**
 * Sizing of a fat-tree by arithmetic (no switch or link objects): the link
 * speed and logical radix of each tier, the capacity of 1, 2 and 3 tiers, the
 * tier choice, and the switches of each tier as classes of identical switches
 * (count, downlinks, uplinks). The rules are stated in fabric-generate.ts.
 */
import { InputError } from '../errors';
import type { ValidFabricInput } from './fabric-input';
import { EPS } from './fabric-math';
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

/**
 * Spread `links` evenly (round-robin) over the fewest switches with `cap` ports
 * for them: ceil(links / cap) switches, the load differing by at most one.
 */
export function packed(links: number, cap: number, upOf: (down: number) => number): SwitchClass[] {
  if (links <= 0) return [];
  const count = Math.ceil(links / cap);
  const q = Math.floor(links / count);
  const rem = links - q * count;
  const out: SwitchClass[] = [];
  if (rem > 0) out.push({ count: rem, down: q + 1, up: upOf(q + 1) });
  if (count - rem > 0) out.push({ count: count - rem, down: q, up: upOf(q) });
  return out;
}

/** Link speed, links per node and logical radix of each tier (per plane). */
export interface Plan {
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
 * One link speed across the plane, limited by the slowest tier's ports; the
 * links each accelerator needs at that speed; the radix of each tier.
 */
export function planLinks(v: ValidFabricInput, warnings: FabricWarning[]): Plan {
  const planeGbps = v.nicGbps / v.planes;
  const minPort = Math.min(...[v.leafSw, v.spineSw, v.coreSw].map((s) => s.portGbps));
  const linkGbps = Math.min(planeGbps, minPort);
  const linksPerAccelerator = Math.ceil(planeGbps / linkGbps - EPS);
  if (Math.abs(linksPerAccelerator * linkGbps - planeGbps) > EPS * planeGbps) {
    warnings.push({
      severity: 'warning',
      code: 'link-rounding',
      message: `${planeGbps} Gb/s per accelerator per plane is not a multiple of ${linkGbps} Gb/s links; rounded up to ${linksPerAccelerator} links`,
    });
  }
  const maxBreakout = v.a.maxBreakout;
  return {
    linkGbps,
    linksPerAccelerator,
    rails: v.perNode * linksPerAccelerator,
    nodes: Math.ceil(v.accelerators / v.perNode),
    kL: logicalRadix(v.leafSw, linkGbps, maxBreakout, warnings),
    kS: logicalRadix(v.spineSw, linkGbps, maxBreakout, warnings),
    kC: logicalRadix(v.coreSw, linkGbps, maxBreakout, warnings),
    rL: v.rL,
    rS: v.rS,
    rail: v.rail,
  };
}

/** Most accelerators 1, 2 and 3 tiers reach, and the leaf/pod structure that sets them. */
export function capacity(p: Plan, perNode: number): Capacity {
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

/** The leaf tier: switch classes in placement order (full groups first), groups and nodes per leaf. */
export interface LeafLayout {
  classes: SwitchClass[];
  groups: number;
  nodesPerLeaf: number;
  /** Leaf switches per plane. */
  leaves: number;
  /** Node-leaf and leaf-spine links per plane. */
  nodeLeafLinks: number;
  leafSpineLinks: number;
}

/**
 * Leaves per plane. The last node may be partly filled; the last group (or
 * leaf) carries only what is left, its uplinks ceil(used downlinks / ratio).
 */
export function layoutLeaves(v: ValidFabricInput, plan: Plan, cap: Capacity, tiers: 1 | 2 | 3, warnings: FabricWarning[]): LeafLayout {
  const { accelerators, perNode } = v;
  const { nodes, linksPerAccelerator, rL } = plan;
  const lastNodeAcc = accelerators - (nodes - 1) * perNode;
  const nodeLeafLinks = accelerators * linksPerAccelerator;
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
    // Rails carried by the partly filled last node: rail r exists if accelerator floor(r / linksPerAccelerator) exists.
    const lastNodeRails = lastNodeAcc * linksPerAccelerator;
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
    const lastDown = (lastLeafNodes - 1) * perNodeLinks + lastNodeAcc * linksPerAccelerator;
    classes.push({ count: 1, down: lastDown, up: upL(lastDown) });
  }
  const leaves = sumClasses(classes, () => 1);
  const leafSpineLinks = sumClasses(classes, (c) => c.up);
  if (Math.abs(sumClasses(classes, (c) => c.down) - nodeLeafLinks) > 0.5) {
    throw new Error('internal: node-leaf link count mismatch');
  }
  if (tiers === 2 && leaves > plan.kS) {
    // Cannot happen when accelerators <= max2, kept as a guard.
    throw new InputError('tiers', `${leaves} leaves exceed the ${plan.kS} ports of a spine`);
  }
  return { classes, groups, nodesPerLeaf, leaves, nodeLeafLinks, leafSpineLinks };
}

/** Spine and core tiers per plane. */
export interface UpperLayout {
  spineClasses: SwitchClass[];
  coreClasses: SwitchClass[];
  pods: number;
  leavesPerPod: number;
  spines: number;
  cores: number;
  spineCoreLinks: number;
}

/** Uplinks of the first n leaves in placement order. */
function uplinksOfFirst(leafClasses: SwitchClass[], n: number): number {
  let s = 0;
  let left = n;
  for (const c of leafClasses) {
    const t = Math.min(left, c.count);
    s += t * c.up;
    left -= t;
    if (left <= 0) break;
  }
  return s;
}

/**
 * Spines (2 tiers: leaf uplinks packed on the fewest spines; 3 tiers: per pod
 * of leavesPerPod leaves, pods with the same uplinks sized once) and cores
 * (spine uplinks packed on the fewest cores).
 */
export function layoutUpperTiers(leaf: LeafLayout, plan: Plan, cap: Capacity, tiers: 1 | 2 | 3): UpperLayout {
  let spineClasses: SwitchClass[] = [];
  let coreClasses: SwitchClass[] = [];
  let pods = 1;
  let leavesPerPod = leaf.leaves;
  const upS = (d: number): number => Math.ceil(d / plan.rS - EPS);
  if (tiers === 2) {
    spineClasses = packed(leaf.leafSpineLinks, plan.kS, () => 0);
  } else if (tiers === 3) {
    leavesPerPod = cap.leavesPerPod;
    pods = Math.ceil(leaf.leaves / leavesPerPod);
    // Leaves are in placement order (full groups first, the last group last);
    // pod i holds leaves [i * leavesPerPod, (i + 1) * leavesPerPod).
    const podUp = (i: number): number =>
      uplinksOfFirst(leaf.classes, Math.min((i + 1) * leavesPerPod, leaf.leaves)) - uplinksOfFirst(leaf.classes, i * leavesPerPod);
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
  return {
    spineClasses,
    coreClasses,
    pods,
    leavesPerPod,
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
