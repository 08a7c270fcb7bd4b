/**
 * How a pipeline's layers are dealt out to its stages, for the single-pool
 * engine and the mixed-chip planner alike: the min-max split (the slowest
 * stage as fast as it can be, within each stage's memory) and the even split.
 */

/**
 * Min-max layer split. Stage j costs fixed_j + units x unitS_j per micro-batch
 * and holds at most cap_j units. Returns units per stage (each >= 1, summing to
 * U) minimising the slowest stage, or null when the caps cannot hold U units.
 */
export function minMaxSplit(
  U: number,
  unitS: readonly number[],
  fixedS: readonly number[],
  cap: readonly number[],
): number[] | null {
  const S = unitS.length;
  if (S === 0 || S > U) return null;
  let total = 0;
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < S; j++) {
    const c = cap[j]!;
    if (c < 1) return null;
    total += c;
    lo = Math.max(lo, fixedS[j]! + unitS[j]!);
    hi = Math.max(hi, fixedS[j]! + Math.min(c, U) * unitS[j]!);
  }
  if (total < U) return null;
  const count = (T: number, out?: number[]): number => {
    let n = 0;
    for (let j = 0; j < S; j++) {
      const k = Math.max(0, Math.min(cap[j]!, U, Math.floor((T - fixedS[j]!) / unitS[j]! + 1e-9)));
      if (out) out[j] = k;
      n += k;
    }
    return n;
  };
  if (count(lo) < U) {
    for (let it = 0; it < 64 && hi - lo > hi * 1e-12; it++) {
      const mid = (lo + hi) / 2;
      if (count(mid) >= U) hi = mid;
      else lo = mid;
    }
  } else hi = lo;
  const units = new Array<number>(S).fill(0);
  const n = count(hi, units);
  return n > U ? trimSurplus(units, n, U, unitS) : units;
}

/**
 * Take surplus units back from the stages slowest per unit (they lengthen the
 * pipeline fill the most), never below one unit a stage; null when that cannot
 * bring the total `n` down to `U`.
 */
function trimSurplus(units: number[], n: number, U: number, unitS: readonly number[]): number[] | null {
  const S = units.length;
  const idx = Array.from({ length: S }, (_, j) => j).sort((a, b) => unitS[b]! - unitS[a]! || a - b);
  while (n > U) {
    let moved = false;
    for (const j of idx) {
      if (n <= U) break;
      if (units[j]! > 1) {
        units[j]!--;
        n--;
        moved = true;
      }
    }
    if (!moved) return null;
  }
  return units;
}

/** Spread U units evenly over S stages (extra units on the first stages). */
export function uniformSplit(U: number, S: number): number[] {
  const base = Math.floor(U / S);
  const extra = U - base * S;
  return Array.from({ length: S }, (_, j) => base + (j < extra ? 1 : 0));
}
