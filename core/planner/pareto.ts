/**
 * Pareto dominance over minimised objective vectors.
 */

/** True when `a` is no worse than `b` in every coordinate and better in at least one (all minimised). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? Infinity;
    const y = b[i] ?? Infinity;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * The non-dominated items (all objectives minimised), in input order. Items
 * with identical vectors are all kept (neither dominates the other).
 * O(n x front) after a sort on the first objective.
 */
export function paretoFront<T>(items: readonly T[], vector: (t: T) => readonly number[]): T[] {
  const withV = items.map((item, index) => ({ item, index, v: vector(item) }));
  // Sort lexicographically: an item can only be dominated by one that sorts before it.
  withV.sort((p, q) => {
    for (let i = 0; i < p.v.length; i++) {
      const d = (p.v[i] ?? 0) - (q.v[i] ?? 0);
      if (d !== 0) return d;
    }
    return p.index - q.index;
  });
  const front: typeof withV = [];
  for (const c of withV) {
    if (!front.some((f) => dominates(f.v, c.v))) front.push(c);
  }
  return front.sort((p, q) => p.index - q.index).map((f) => f.item);
}
