/**
 * The planner's search space: allowed accelerator x server x count (a ladder
 * from one server to the maximum) x cooling x leaf oversubscription, each
 * configuration a slot with its exact economics and a compute-bound lower
 * bound on its training time. Configurations no fabric can connect, and
 * servers the allowed cooling cannot serve, become notes.
 */
import type { ServerSpec } from '../catalog/types';
import { InputError } from '../errors';
import { plannerAssumption } from './assumptions';
import type { PlanContext, Slot } from './context';
import { candidateEconomics, scaleOutGbpsPerAccelerator, type Economics } from './economics';
import { coolingFits, type CoolingOption, type ResolvedAllowance } from './requirements';
import { lowerBoundDays, peakFlops } from './timeModel';

/**
 * Accelerator counts tried for a server of `perNode`: whole servers at 1x and
 * 1.5x each power of two (8, 16, 24, 32, 48, ...), plus the smallest and the
 * largest whole-server counts within min..max (the design generator builds
 * whole servers only).
 */
export function countLadder(perNode: number, minCount: number, maxCount: number, stepsPerDoubling = 2): number[] {
  const out = new Set<number>();
  const add = (n: number) => {
    if (n >= minCount && n <= maxCount) out.add(n);
  };
  const mults = stepsPerDoubling >= 2 ? [1, 1.5] : [1];
  for (let p = 1; p * perNode <= maxCount; p *= 2) {
    for (const f of mults) {
      const k = p * f;
      if (Number.isInteger(k)) add(k * perNode);
    }
  }
  const top = Math.floor(maxCount / perNode) * perNode;
  if (top >= perNode) add(top);
  const lowest = Math.ceil(minCount / perNode) * perNode;
  add(lowest);
  return [...out].sort((a, b) => a - b);
}

/** The network-relevant key of a configuration: slots with equal keys share a parallelism search. */
function timeKey(al: ResolvedAllowance, server: ServerSpec, count: number, oversub: number, econ: Economics): string {
  return `${al.accelerator.id}|${server.acceleratorsPerServer}|${scaleOutGbpsPerAccelerator(server)}|${econ.fabricTiers > 0 ? oversub : 1}|${econ.inNetworkReduction}|${count}`;
}

/**
 * Economics of one configuration, or undefined (with one note per accelerator,
 * server and oversubscription: the smallest count that fails, as counts ascend)
 * when no fabric can be built for it.
 */
function economicsOrNote(
  ctx: PlanContext,
  al: ResolvedAllowance,
  server: ServerSpec,
  count: number,
  cooling: CoolingOption,
  oversub: number,
  fabricFailures: Set<string>,
): Economics | undefined {
  try {
    return candidateEconomics(al.accelerator, server, count, cooling, oversub, ctx.site, ctx.catalog, ctx.overrides);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const key = `${al.accelerator.id}|${server.id}|${oversub}`;
    if (!fabricFailures.has(key)) {
      fabricFailures.add(key);
      ctx.notes.push(
        `${al.accelerator.id} on ${server.id}, oversubscription ${oversub}: from ${count} accelerators up no fabric can be built (${e.message})`,
      );
    }
    return undefined;
  }
}

/** The slots of one server of an allowance (appended to `slots`). */
function serverSlots(
  ctx: PlanContext,
  al: ResolvedAllowance,
  server: ServerSpec,
  coolings: readonly CoolingOption[],
  fabricFailures: Set<string>,
  slots: Slot[],
): void {
  const { parsed, stats } = ctx;
  const perNode = server.acceleratorsPerServer;
  const ladderSteps = plannerAssumption('planner.countLadderSteps', ctx.overrides);
  const ladder = al.counts ?? countLadder(perNode, al.minCount, al.maxCount, ladderSteps);
  const peak = peakFlops(al.accelerator, ctx.precision);
  for (const count of ladder) {
    const nodes = Math.ceil(count / perNode);
    const oversubs = nodes > 1 ? parsed.oversubscription : parsed.oversubscription.slice(0, 1);
    for (const cooling of coolings) {
      for (const oversub of oversubs) {
        stats.configurations++;
        const econ = economicsOrNote(ctx, al, server, count, cooling, oversub, fabricFailures);
        if (!econ) continue;
        const tLB = lowerBoundDays(ctx.flopsPerToken, ctx.tokens, count, peak);
        const idx = slots.length;
        slots.push({
          idx,
          allowance: al,
          acc: al.accelerator,
          server,
          count,
          cooling,
          oversub,
          econ,
          tLB,
          timeKey: timeKey(al, server, count, oversub, econ),
        });
      }
    }
  }
}

/** Every configuration of the requirements as a slot, in allowance, server, count, cooling, oversubscription order. */
export function enumerateSlots(ctx: PlanContext): Slot[] {
  const slots: Slot[] = [];
  const fabricFailures = new Set<string>();
  for (const al of ctx.parsed.allowances) {
    for (const server of al.servers) {
      const coolings = ctx.parsed.cooling.filter((co) => coolingFits(server, co));
      if (coolings.length === 0) {
        ctx.stats.screenedOut.cooling++;
        ctx.notes.push(
          `${server.id} (${al.accelerator.id}) needs ${server.cooling === 'immersion' ? 'immersion' : 'liquid (cold-plate or immersion)'} cooling, which constraints.cooling does not offer.`,
        );
        continue;
      }
      serverSlots(ctx, al, server, coolings, fabricFailures, slots);
    }
  }
  if (slots.length === 0) {
    throw new InputError('constraints.cooling', 'no allowed server can use the allowed cooling options');
  }
  return slots;
}
