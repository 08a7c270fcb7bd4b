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
import { validateFabricInput, type ValidFabricInput } from './fabric-input';
import { jobScopes } from './fabric-jobs';
import { EPS, gbpsToGBps, round } from './fabric-math';
import { cabling, lengthClass, mediaOf, opticsTotals, transceiverLines, type TierClasses } from './fabric-optics';
import {
  achievedRatios,
  capacity,
  chooseTiers,
  layoutLeaves,
  layoutUpperTiers,
  planLinks,
  type LeafLayout,
  type Plan,
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
  const perPlane = { nodeLeaf: leaf.nodeLeafLinks, leafSpine: leaf.leafSpineLinks, spineCore: upper.spineCoreLinks };
  const links = {
    nodeLeaf: perPlane.nodeLeaf * P,
    leafSpine: perPlane.leafSpine * P,
    spineCore: perPlane.spineCore * P,
    total: (perPlane.nodeLeaf + perPlane.leafSpine + perPlane.spineCore) * P,
  };
  const n = { leaf: leaf.leaves, spine: upper.spines, core: upper.cores };
  const switches = { leaf: n.leaf * P, spine: n.spine * P, core: n.core * P, total: (n.leaf + n.spine + n.core) * P };
  const { nodeModules, switchModules, opticsW, opticsUsd } = opticsTotals(s.lines);
  const { cables, cablesUsd } = cabling(links, lengths, a);
  const { switchesTypicalW, switchesMaxW, switchesUsd } = switchTotals(n, v);
  const beyondLeafGbps = tiers === 1 ? nicGbps : nicGbps / Math.max(1, leafRatio);
  const beyondPodGbps = tiers === 3 ? beyondLeafGbps / Math.max(1, spineRatio) : beyondLeafGbps;
  const powerW = switchesTypicalW + opticsW;
  const costUsd = switchesUsd + opticsUsd + cablesUsd;
  const transceivers = nodeModules + switchModules;
  const nodes = plan.nodes;
  const tierCables = (t: LinkTier) => ({ lengthClass: lengths[t], media: mediaOf(lengths[t]), count: links[t] });
  return {
    tiers,
    railOptimised: v.rail,
    planes: P,
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
    },
    switches,
    links,
    portUse: {
      leaf: { used: (perPlane.nodeLeaf + perPlane.leafSpine) * P, total: n.leaf * plan.kL * P },
      spine: { used: (perPlane.leafSpine + perPlane.spineCore) * P, total: n.spine * plan.kS * P },
      core: { used: perPlane.spineCore * P, total: n.core * plan.kC * P },
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
    warnings: s.warnings,
  };
}

/**
 * Size a fat-tree fabric. Throws InputError (with the field path) on bad input
 * or when even three tiers of the chosen switch cannot reach the accelerator count.
 */
export function generateFabric(input: FabricInput): FabricResult {
  const v = validateFabricInput(input);
  const warnings: FabricWarning[] = [];
  const plan = planLinks(v, warnings);
  const cap = capacity(plan, v.perNode);
  const tiers = chooseTiers(v, plan, cap);
  const leaf = layoutLeaves(v, plan, cap, tiers, warnings);
  const upper = layoutUpperTiers(leaf, plan, cap, tiers);
  const { leafRatio, spineRatio } = achievedRatios(tiers, leaf.classes, upper.spineClasses);
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
      linksPerAccelerator: plan.linksPerAccelerator,
      rails: plan.rails,
      nodes,
      lastNodeAcc: v.accelerators - (nodes - 1) * v.perNode,
      switches: { leaf: v.leafSw, spine: v.spineSw, core: v.coreSw },
      leafClasses: leaf.classes,
      spineClasses: upper.spineClasses,
      coreClasses: upper.coreClasses,
      lengths,
    },
    v.a,
  );
  return fabricResult({ v, plan, tiers, leaf, upper, leafRatio, spineRatio, podNodes, lengths, lines, warnings });
}
