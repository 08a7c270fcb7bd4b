/**
 * Equal links per switch pair. A leaf must give every spine of its pod the same
 * whole number of links, and a spine every core of its core group, or ECMP
 * hashing loads the links unevenly; vendors therefore build more spines than the
 * bare port minimum when a leaf's uplinks do not divide over it (NVIDIA DGX
 * SuperPOD B300 XDR, 4 SUs: 72 uplinks per leaf go to 18 spines x 4 links, not to
 * 16 spines; DGX H100, 3 SUs: 32 uplinks go to 16 spines x 2, not to 12).
 *
 * Both searches below are over at most a switch radix of candidates and work on
 * classes of identical switches, never on switch objects.
 */
import { EPS } from './fabric-math';
import type { SwitchClass } from './fabric-sizing';

/** Identical leaves of one pod: `count` leaves with `down` downlinks each. */
export interface LeafRun {
  count: number;
  down: number;
}

/** How one pod's leaves spread over its spines. */
export interface PodSpread {
  spines: number;
  /** Links from each leaf of run i to each spine (every leaf reaches every spine equally). */
  linksPerSpine: number[];
  /** Downlinks of every spine of the pod (all alike: each leaf gives each spine the same links). */
  spineDown: number;
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b - EPS);

/**
 * The fewest spines S for one pod (with 2 tiers: the whole fabric) such that every
 * leaf gives every spine the same whole number of links m, with S x m within the
 * leaf's uplink ports [ceil(down / ratio), radix - down], and the spine ports the
 * pod takes (the sum of m over its leaves) within `spinePorts`.
 *
 * `fullDown`: when set, every leaf is cabled as a full leaf of `fullDown`
 * downlinks (a partly filled unit gets the uplinks of a full one); otherwise each
 * leaf gets the fewest uplinks its own downlinks need, rounded up to a multiple of S.
 * `minSpines`: at least this many spines (a small pod built with a full pod's spines).
 * Returns undefined when no spine count fits.
 */
export function spreadPod(
  runs: readonly LeafRun[],
  leafRadix: number,
  leafRatio: number,
  spinePorts: number,
  fullDown?: number,
  minSpines = 1,
): PodSpread | undefined {
  const need = runs.map((r) => ceilDiv(fullDown ?? r.down, leafRatio));
  const room = runs.map((r) => leafRadix - (fullDown ?? r.down));
  let total = 0;
  let most = 0;
  runs.forEach((r, i) => {
    total += r.count * (need[i] ?? 0);
    most = Math.max(most, need[i] ?? 0);
  });
  // Beyond `most` spines every leaf has one link per spine and more spines only cost more.
  for (let s = Math.max(1, minSpines, ceilDiv(total, spinePorts)); s <= Math.max(most, minSpines); s++) {
    const m = need.map((n) => ceilDiv(n, s));
    if (m.some((mi, i) => mi * s > (room[i] ?? 0))) continue;
    let down = 0;
    runs.forEach((r, i) => (down += r.count * (m[i] ?? 0)));
    if (down <= spinePorts) return { spines: s, linksPerSpine: m, spineDown: down };
  }
  return undefined;
}

/** Identical pods: `count` pods of `spines` spines, each spine with `down` downlinks. */
export interface SpineRun {
  count: number;
  spines: number;
  down: number;
}

/** How the spines spread over the cores. */
export interface CoreSpread {
  /** Core groups: spine i of every pod connects to the cores of group (i mod groups). */
  groups: number;
  coresPerGroup: number;
  /** Links from each spine of run i to each core of its group. */
  linksPerCore: number[];
  /** Uplinks of each spine of run i (coresPerGroup x linksPerCore). */
  spineUp: number[];
  /** Cores as classes of identical load (downlinks used). */
  coreClasses: SwitchClass[];
}

/**
 * Cores per group worth trying: every count up to the most uplinks a spine needs
 * when that is small (any real switch), else the counts that change the first
 * pod's links per core (at most about 2 sqrt(n) of them).
 */
function coreCandidates(first: number, most: number): number[] {
  if (most <= 4096) return Array.from({ length: most }, (_, i) => i + 1);
  const out = new Set<number>();
  for (let k = 1; k * k <= first; k++) {
    out.add(k);
    out.add(ceilDiv(first, k));
  }
  out.add(most);
  return [...out].filter((c) => c >= 1 && c <= most).sort((x, y) => x - y);
}

/** Spines of a pod of `spines` spines that fall in core group g of `groups`. */
export function spinesInGroup(spines: number, groups: number, g: number): number {
  return Math.floor(spines / groups) + (g < spines % groups ? 1 : 0);
}

/**
 * The fewest cores C = groups x coresPerGroup such that every spine gives every
 * core of its group the same whole number of links m (cores x m within the spine's
 * uplink ports [ceil(down / ratio), radix - down]), no core has more ports taken
 * than it has, and every pod has a spine in every group (groups <= the spines of
 * the smallest pod; else some spines could not reach that pod). Among equal counts, the fewest links per pair (the widest
 * spread) wins. Returns undefined when no layout fits (more pods than core ports).
 */
export function spreadCores(runs: readonly SpineRun[], spineRadix: number, spineRatio: number, corePorts: number): CoreSpread | undefined {
  const R = runs.length;
  const need = runs.map((r) => ceilDiv(r.down, spineRatio));
  const room = runs.map((r) => spineRadix - r.down);
  // Every pod needs a spine in every group, or its spines in a group without one cannot reach it.
  let maxGroups = Infinity;
  let maxNeed = 0;
  for (let i = 0; i < R; i++) {
    maxGroups = Math.min(maxGroups, runs[i]?.spines ?? 0);
    maxNeed = Math.max(maxNeed, need[i] ?? 0);
  }
  const m = new Array<number>(R).fill(0);
  // Core ports taken on a core of group 0, the most loaded (it gets ceil(spines / groups) spines of every pod).
  const load = (g: number): number => {
    let s = 0;
    for (let i = 0; i < R; i++) {
      const r = runs[i] as SpineRun;
      s += r.count * Math.ceil(r.spines / g) * (m[i] ?? 0);
    }
    return s;
  };
  let best: { c: number; g: number; m: number[]; total: number } | undefined;
  for (const c of coreCandidates(need[0] ?? 0, maxNeed)) {
    let fits = true;
    let ports = 0;
    for (let i = 0; i < R; i++) {
      const mi = ceilDiv(need[i] ?? 0, c);
      m[i] = mi;
      if (mi * c > (room[i] ?? 0)) fits = false;
      ports += (runs[i] as SpineRun).count * (runs[i] as SpineRun).spines * mi;
    }
    if (!fits) continue;
    // The groups share the spine uplinks: at least ports / corePorts of them.
    let lo = Math.max(1, Math.ceil(ports / corePorts - EPS));
    if (lo > maxGroups || (best && lo * c > best.total)) continue;
    if (load(maxGroups) > corePorts) continue;
    let hi = maxGroups;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (load(mid) <= corePorts) hi = mid;
      else lo = mid + 1;
    }
    const total = lo * c;
    if (!best || total < best.total || (total === best.total && (m[0] ?? 0) < (best.m[0] ?? 0))) best = { c, g: lo, m: [...m], total };
  }
  if (!best) return undefined;
  const { c, g: groups, m: links } = best;
  const byLoad = new Map<number, number>();
  for (let g = 0; g < groups; g++) {
    const load = runs.reduce((s, r, i) => s + r.count * spinesInGroup(r.spines, groups, g) * (links[i] ?? 0), 0);
    byLoad.set(load, (byLoad.get(load) ?? 0) + c);
  }
  const coreClasses = [...byLoad.entries()].sort((x, y) => y[0] - x[0]).map(([down, count]) => ({ count, down, up: 0 }));
  return { groups, coresPerGroup: c, linksPerCore: links, spineUp: links.map((mi) => mi * c), coreClasses };
}
