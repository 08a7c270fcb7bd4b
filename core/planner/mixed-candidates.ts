/**
 * Mixed-chip candidates (core/mixed): every pair of allowed accelerators at
 * their largest allowed counts, on their preferred servers, with the first
 * allowed cooling both servers can use and the first oversubscription. The
 * pipeline split across pools is searched by estimateMixed (about a second
 * each, so the space is kept to pairs); power and cost come from evaluate()
 * of the generated two-pool design.
 */
import type { ServerSpec } from '../catalog/types';
import { InputError } from '../errors';
import { evaluate } from '../evaluate';
import { estimateMixed, type MixedEstimate } from '../mixed';
import type { Design } from '../model/design';
import { estimateReliability } from '../reliability';
import { plannerAssumption } from './assumptions';
import type { PlanContext } from './context';
import { scaleOutGbpsPerAccelerator } from './economics';
import type { CandidateMetrics, PlanCandidate, PlanScenario } from './plan-types';
import { coolingFits, type CoolingOption, type ResolvedAllowance } from './requirements';
import { DAYS_PER_YEAR, violations } from './screen';
import { peakFlops } from './timeModel';

/** One side of a pair: the allowance, its preferred server and its largest whole-server count. */
interface PoolChoice {
  al: ResolvedAllowance;
  server: ServerSpec;
  count: number;
}

function poolChoice(al: ResolvedAllowance): PoolChoice {
  const server = al.servers[0]!;
  return { al, server, count: Math.floor(al.maxCount / server.acceleratorsPerServer) * server.acceleratorsPerServer };
}

const poolsOf = (a: PoolChoice, b: PoolChoice) => [
  { accelerator: a.al.accelerator.id, server: a.server.id, count: a.count },
  { accelerator: b.al.accelerator.id, server: b.server.id, count: b.count },
];

/** estimateMixed of the pair; null (with a note) when the engine refuses it. */
function estimatePair(ctx: PlanContext, a: PoolChoice, b: PoolChoice, label: string): MixedEstimate | null {
  const pool = (p: PoolChoice) => ({
    accelerator: p.al.accelerator,
    count: p.count,
    perNode: p.server.acceleratorsPerServer,
    scaleOutGbps: scaleOutGbpsPerAccelerator(p.server) || 1,
  });
  try {
    return estimateMixed({
      model: ctx.model,
      training: {
        tokens: ctx.tokens,
        globalBatch: ctx.globalBatch,
        precision: ctx.precision,
        zeroStage: ctx.zeroStage,
      },
      pools: [pool(a), pool(b)],
      assumptions: ctx.overrides,
    });
  } catch (e) {
    if (e instanceof InputError) {
      ctx.notes.push(`mixed ${label}: ${e.message}`);
      return null;
    }
    throw e;
  }
}

function mixedScenario(
  ctx: PlanContext,
  a: PoolChoice,
  b: PoolChoice,
  label: string,
  cooling: CoolingOption,
  oversub: number,
  est: MixedEstimate,
): PlanScenario {
  return {
    name: `Mixed: ${label} (${cooling})`,
    model: ctx.model,
    training: {
      tokens: ctx.tokens,
      globalBatch: ctx.globalBatch,
      microBatch: est.parallelism.microBatch,
      precision: ctx.precision,
      recompute: est.parallelism.recompute,
      zeroStage: ctx.zeroStage,
      parallelism: {},
    },
    cluster: {
      accelerator: a.al.accelerator.id,
      server: a.server.id,
      count: a.count + b.count,
      perNode: a.server.acceleratorsPerServer,
      scaleOutGbps: scaleOutGbpsPerAccelerator(a.server),
      oversubscription: oversub,
      cooling,
      pools: poolsOf(a, b),
    },
    site: { ...ctx.site },
  };
}

/** Metrics of the pair from its estimate, evaluate() of its design and reliability over its nodes. */
function mixedMetrics(
  ctx: PlanContext,
  est: MixedEstimate,
  r: ReturnType<typeof evaluate>,
  accelerators: number,
  nodes: number,
): CandidateMetrics {
  const rel = estimateReliability({
    accelerators,
    acceleratorsPerNode: Math.round(accelerators / nodes),
    parameterCount: ctx.counts.totalParams,
    failureFreeDays: est.trainingDays,
    storageWriteGBps: nodes * plannerAssumption('planner.checkpointWriteGBpsPerNode', ctx.overrides),
    strategy: 'automatic',
    charts: false,
  });
  const days = Math.max(rel.wallClockDays, est.trainingDays);
  const energyMWh = (r.facilityPowerKW * days * 24) / 1000;
  return {
    trainingDays: est.trainingDays,
    wallClockDays: days,
    goodput: rel.goodput,
    stepTimeS: est.stepTimeS,
    tokensPerSecond: est.tokensPerSecond,
    mfu: est.mfu,
    memoryPerAcceleratorGiB: est.memoryPerAcceleratorGiB,
    itPowerKW: r.itPowerKW,
    facilityPowerKW: r.facilityPowerKW,
    pue: r.pue ?? 1,
    capexUsd: r.capexUsd,
    opexUsdPerYear: r.cost.opexPerYearUsd,
    tcoUsd: r.capexUsd + (r.cost.opexPerYearUsd * days) / DAYS_PER_YEAR,
    energyMWh,
    co2Tonnes: energyMWh * ctx.site.gridKgCO2PerKWh,
  };
}

/** The pair as a candidate, or null when it cannot run, fit, be built or meet the limits. */
function mixedPair(ctx: PlanContext, a: PoolChoice, b: PoolChoice): PlanCandidate | null {
  const accA = a.al.accelerator;
  const accB = b.al.accelerator;
  const label = `${accA.id} x ${a.count} + ${accB.id} x ${b.count}`;
  const cooling = ctx.parsed.cooling.find((co) => coolingFits(a.server, co) && coolingFits(b.server, co));
  if (!cooling || a.count < 1 || b.count < 1) return null;
  const peak = a.count * peakFlops(accA, ctx.precision) + b.count * peakFlops(accB, ctx.precision);
  const lb = (ctx.flopsPerToken * ctx.tokens) / peak / 86400;
  if (ctx.limits.deadline !== undefined && lb > ctx.limits.deadline) return null;
  const est = estimatePair(ctx, a, b, label);
  if (!est || !est.fitsInMemory) return null;
  const oversub = ctx.parsed.oversubscription[0] ?? 1;
  const scenario = mixedScenario(ctx, a, b, label, cooling, oversub, est);
  let design: Design;
  try {
    design = ctx.build(scenario);
  } catch (e) {
    if (e instanceof InputError) {
      ctx.notes.push(`mixed ${label}: no design could be built: ${e.message}`);
      return null;
    }
    throw e;
  }
  const r = evaluate(design, { catalog: ctx.catalog, skipTraining: true });
  const nodes =
    Math.ceil(a.count / a.server.acceleratorsPerServer) + Math.ceil(b.count / b.server.acceleratorsPerServer);
  const metrics = mixedMetrics(ctx, est, r, a.count + b.count, nodes);
  ctx.stats.mixedEvaluated++;
  if (violations(ctx.limits, metrics).length > 0) return null;
  const fab = r.fabrics[0];
  return {
    id: `mixed.${accA.id}+${accB.id}.${a.count}+${b.count}.${cooling}.os${oversub}`,
    rank: 0,
    accelerator: `${accA.id}+${accB.id}`,
    acceleratorName: `${accA.name} + ${accB.name}`,
    server: `${a.server.id}+${b.server.id}`,
    count: a.count + b.count,
    nodes,
    perNode: a.server.acceleratorsPerServer,
    cooling,
    oversubscription: oversub,
    switch: fab?.switchPartId ?? '',
    fabricTiers: fab?.tiers ?? 0,
    switches: r.switches,
    parallelism: { ...est.parallelism },
    metrics,
    onParetoFront: false,
    checkedBy: 'evaluate',
    warnings: [
      ...r.warnings
        .filter((w) => w.severity !== 'info')
        .map((w) => w.message)
        .slice(0, 9),
      `pipeline split over pools: ${est.pools.map((pl) => `${pl.name} ${pl.stages} stages, ${pl.layers} layers`).join('; ')}`,
    ],
    scenario,
    pools: poolsOf(a, b),
    ...(ctx.req.options.designs ? { design } : {}),
  };
}

/** Every pair of allowed accelerators as a two-pool candidate that meets the limits. */
export async function mixedCandidates(ctx: PlanContext): Promise<PlanCandidate[]> {
  const allowances = ctx.parsed.allowances;
  const out: PlanCandidate[] = [];
  const pairs: Array<[ResolvedAllowance, ResolvedAllowance]> = [];
  for (let i = 0; i < allowances.length; i++)
    for (let j = i + 1; j < allowances.length; j++) pairs.push([allowances[i]!, allowances[j]!]);
  if (pairs.length === 0) {
    ctx.notes.push('options.mixedPools: needs at least two allowed accelerators.');
    return out;
  }
  ctx.progress.total += pairs.length;
  for (const [a, b] of pairs) {
    await ctx.progress.tick();
    const cand = mixedPair(ctx, poolChoice(a), poolChoice(b));
    if (cand) out.push(cand);
  }
  return out;
}
