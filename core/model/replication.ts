import type { Design } from './design';

/**
 * Effective multiplier of every group: its own count times its ancestors'.
 * A scalable unit drawn once with count 16 inside a hall with count 2 counts 32 times.
 */
export function groupMultipliers(d: Pick<Design, 'groups'>): Map<string, number> {
  const byId = new Map(d.groups.map((g) => [g.id, g]));
  const memo = new Map<string, number>();
  // Iterative: walk up to a resolved ancestor, then resolve the chain top-down. A cycle
  // (refused by parseDesign, but the UI may hold an unparsed document) stops the walk.
  for (const start of d.groups) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let gid: string | undefined = start.id;
    while (gid !== undefined && !memo.has(gid) && !onChain.has(gid) && byId.has(gid)) {
      chain.push(gid);
      onChain.add(gid);
      gid = byId.get(gid)!.parentId;
    }
    let m = gid !== undefined ? (memo.get(gid) ?? 1) : 1;
    for (let k = chain.length - 1; k >= 0; k--) {
      const id = chain[k]!;
      m *= byId.get(id)!.count;
      memo.set(id, m);
    }
  }
  return memo;
}

/**
 * How many real items one entity stands for: its own quantity, times its rack's
 * count, times the multipliers of the group it (or its rack) sits in.
 */
export function replicationOf(
  e: { quantity?: number; rackId?: string; groupId?: string },
  d: Pick<Design, 'groups' | 'racks'>,
  multipliers: Map<string, number> = groupMultipliers(d),
  rackById?: Map<string, { count: number; groupId?: string }>,
): number {
  let n = e.quantity ?? 1;
  let gid = e.groupId;
  if (e.rackId !== undefined) {
    const rack = rackById ? rackById.get(e.rackId) : d.racks.find((r) => r.id === e.rackId);
    if (rack) {
      n *= rack.count;
      gid = rack.groupId ?? gid;
    }
  }
  if (gid !== undefined) n *= multipliers.get(gid) ?? 1;
  return n;
}

/** Whether group `gid` is `root` or lies inside it, given each group's parent (stops on a cycle). */
export function inGroupSubtree(
  parents: ReadonlyMap<string, string | undefined>,
  gid: string | undefined,
  root: string,
): boolean {
  let g = gid;
  for (let guard = 0; g !== undefined && guard <= parents.size; guard++) {
    if (g === root) return true;
    g = parents.get(g);
  }
  return false;
}
