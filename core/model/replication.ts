import type { Design } from './design';

/**
 * Effective multiplier of every group: its own count times its ancestors'.
 * A scalable unit drawn once with count 16 inside a hall with count 2 counts 32 times.
 */
export function groupMultipliers(d: Pick<Design, 'groups'>): Map<string, number> {
  const byId = new Map(d.groups.map((g) => [g.id, g]));
  const memo = new Map<string, number>();
  const resolve = (gid: string, depth: number): number => {
    const cached = memo.get(gid);
    if (cached !== undefined) return cached;
    const g = byId.get(gid);
    if (!g || depth > byId.size) return 1;
    const m = g.count * (g.parentId ? resolve(g.parentId, depth + 1) : 1);
    memo.set(gid, m);
    return m;
  };
  for (const g of d.groups) resolve(g.id, 0);
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
