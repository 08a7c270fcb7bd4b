/**
 * The formulas of the reliability model (MODEL.md): fat-tree default counts,
 * the Young/Daly checkpoint interval, Daly's goodput and the Poisson
 * probability that a hot spare is free.
 */

export const HOURS_PER_DAY = 24;
/** Average month: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 365.25 / 12;
/** Below this goodput the job is reported as unable to make progress; wall-clock uses this floor. */
export const GOODPUT_FLOOR = 1e-6;

/**
 * Switch and link counts of a non-blocking fat tree of radix-k switches for
 * N endpoints (one port each): t tiers reach 2 (k/2)^t endpoints; leaf =
 * ceil(N / (k/2)), each middle tier as many as the leaves, the top tier half
 * as many; t x N links. Reproduces the DGX SuperPOD table (REFERENCE.md).
 */
export function defaultFabricCounts(endpoints: number, radix: number): { tiers: number; switches: number; links: number } {
  const half = Math.max(1, Math.floor(radix / 2));
  if (endpoints <= radix) return { tiers: 1, switches: 1, links: endpoints };
  let tiers = 2;
  while (endpoints > 2 * half ** tiers && tiers < 8) tiers++;
  const leaf = Math.ceil(endpoints / half);
  const top = Math.ceil(leaf / 2);
  return { tiers, switches: leaf * (tiers - 1) + top, links: tiers * endpoints };
}

/** Young's optimal checkpoint interval sqrt(2 x checkpoint cost x MTBF) (Young 1974; Daly 2006 first order). */
export function youngDalyIntervalS(checkpointCostS: number, mtbfS: number): number {
  return Math.sqrt(2 * checkpointCostS * mtbfS);
}

/** ln(e^x - 1) without overflow. */
function logExpm1(x: number): number {
  return x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
}

/**
 * Natural log of the goodput (useful time / wall-clock time) with exponential
 * failures, Daly (2006) "A higher order estimate of the optimum checkpoint
 * interval": wall = M e^(R/M) (e^((tau+delta)/M) - 1) x work / tau.
 * tau: compute between checkpoints, delta: blocking checkpoint cost,
 * R: recovery per failure (incl. any extra rework), M: MTBF, all in seconds.
 */
export function logGoodput(intervalS: number, checkpointCostS: number, recoveryS: number, mtbfS: number): number {
  return (
    Math.log(intervalS) - Math.log(mtbfS) - recoveryS / mtbfS - logExpm1((intervalS + checkpointCostS) / mtbfS)
  );
}

/** Goodput 0..1 (see logGoodput). */
export function dalyGoodput(intervalS: number, checkpointCostS: number, recoveryS: number, mtbfS: number): number {
  return Math.min(1, Math.exp(logGoodput(intervalS, checkpointCostS, recoveryS, mtbfS)));
}

/** P(Poisson(mean) < k): probability that fewer than k nodes are in repair. */
export function poissonCdfBelow(k: number, mean: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return 1;
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i < k; i++) {
    term *= mean / i;
    sum += term;
    if (term < 1e-18 && i > mean) break;
  }
  return Math.min(1, sum);
}

/** A figure in messages: `digits` significant digits, no trailing zeros. */
export function fmt(x: number, digits = 3): string {
  return Number(x.toPrecision(digits)).toString();
}
