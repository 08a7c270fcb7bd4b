/**
 * The floor layout a generated fabric's cables follow: how many of its nodes share a
 * rack (links within it are in-rack: copper) and a row (a rack group, a scalable
 * unit: links within it are in-row: multimode or AOC), read from the design's racks
 * and groups. They replace the network assumptions nodesPerRack and nodesPerRow
 * unless the design overrides those.
 */
import type { PlacedServer } from '../inventory/stage';

/** The value carrying the most weight (ties: the larger value). */
function heaviest(weights: ReadonlyMap<number, number>): number | undefined {
  let best: number | undefined;
  let bestW = -1;
  for (const [v, w] of weights) {
    if (w > bestW || (w === bestW && best !== undefined && v > best)) {
      best = v;
      bestW = w;
    }
  }
  return best;
}

/**
 * Fabric nodes per rack and per rack group of the servers in a fabric's scope, each
 * the most common by nodes; absent where the servers sit outside racks or groups.
 * `perNode`: accelerators per fabric node (a rack-scale system has several nodes).
 */
export function floorLayout(scope: readonly PlacedServer[], perNode: number): { nodesPerRack?: number; nodesPerRow?: number } {
  // Nodes in one instance of each rack, and the rack's group and instances.
  const racks = new Map<string, { nodes: number; instances: number; count: number; groupId: string | undefined }>();
  for (const si of scope) {
    const slot = si.rack;
    if (!slot) continue;
    const nodes = si.entity.quantity * Math.max(1, Math.round(si.spec.acceleratorsPerServer / perNode));
    const r = racks.get(slot.rack.id) ?? { nodes: 0, instances: slot.instances, count: slot.rack.count, groupId: slot.rack.groupId };
    r.nodes += nodes;
    racks.set(slot.rack.id, r);
  }
  if (racks.size === 0) return {};
  const perRack = new Map<number, number>();
  const perGroup = new Map<string, { nodes: number; weight: number }>();
  for (const r of racks.values()) {
    perRack.set(r.nodes, (perRack.get(r.nodes) ?? 0) + r.nodes * r.instances);
    if (r.groupId === undefined) continue;
    // One instance of the group holds `count` of this rack.
    const g = perGroup.get(r.groupId) ?? { nodes: 0, weight: 0 };
    g.nodes += r.nodes * r.count;
    g.weight += r.nodes * r.instances;
    perGroup.set(r.groupId, g);
  }
  const perRow = new Map<number, number>();
  for (const g of perGroup.values()) perRow.set(g.nodes, (perRow.get(g.nodes) ?? 0) + g.weight);
  const nodesPerRack = heaviest(perRack);
  const nodesPerRow = heaviest(perRow);
  return {
    ...(nodesPerRack !== undefined && nodesPerRack >= 1 ? { nodesPerRack } : {}),
    ...(nodesPerRow !== undefined && nodesPerRow >= 1 ? { nodesPerRow: Math.max(nodesPerRow, nodesPerRack ?? 1) } : {}),
  };
}
