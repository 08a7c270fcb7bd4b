/**
 * The "replicas" layout for mixed pools: every pool trains whole model
 * replicas with its own parallelism on its own share of the global batch
 * (larger shares for faster pools), and the gradients are all-reduced between
 * pools once per step. It applies when every pool can hold the model alone; the
 * estimate keeps whichever of this and the cross-pool pipeline is faster.
 *
 * Cross-pool gradient exchange: after each pool's own reduce-scatter every
 * accelerator holds a shard of its pool's gradient; the pools' layouts differ,
 * so the whole gradient (parameters x gradReduceBytes) crosses between pools,
 * as a ring over pools: 2 (k - 1) / k of it through each pool's accelerators
 * at the cross-pool rate. It is taken as exposed (not overlapped).
 */
import type { MixedParams } from './assumptions';
import type { MixedEstimate, MixedInput, MixedStage } from './types';

type Plan = (input: MixedInput) => MixedEstimate;

/** Split `G` sequences in proportion to `weights`, in units of `q` (largest remainder), each pool >= one unit. */
export function proportionalShares(G: number, q: number, weights: readonly number[]): number[] | null {
  const U = Math.floor(G / q);
  const k = weights.length;
  if (U < k || U * q !== G) return null;
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const exact = weights.map((w) => (U * w) / total);
  const units = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = U - units.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    units[i]!++;
    left--;
  }
  // pools raised to the one-unit minimum are paid for by the largest shares
  while (left < 0) {
    let j = 0;
    for (let i = 1; i < k; i++) if (units[i]! > units[j]!) j = i;
    if (units[j]! <= 1) return null;
    units[j]!--;
    left++;
  }
  return units.map((u) => u * q);
}

export function planReplicas(
  input: MixedInput,
  pipeline: MixedEstimate,
  plan: Plan,
  params: MixedParams & { gradReduceBytes: number },
): MixedEstimate | null {
  const k = input.pools.length;
  if (pipeline.pools.some((p) => p.standaloneBasis !== 'searched' && p.standaloneBasis !== 'non-uniform-split'))
    return null;
  const G = input.training.globalBatch;
  // shares move in units of q sequences: the largest power of two dividing G that leaves >= 32 units per pool
  let q = 1;
  while (G % (q * 2) === 0 && G / (q * 2) >= 32 * k) q *= 2;

  const gbps = Math.min(input.crossPoolGbps ?? Infinity, ...input.pools.map((p) => p.scaleOutGbps));
  const syncS = (used: number[]): number => {
    if (k < 2) return 0;
    const bytes = pipeline.parameters * params.gradReduceBytes;
    let t = 0;
    for (const n of used) {
      const poolBytesPerS = n * (gbps / 8) * 1e9 * params.crossPoolBusEfficiency;
      t = Math.max(t, ((2 * (k - 1)) / k) * (bytes / poolBytesPerS));
    }
    return t + 2 * (k - 1) * params.crossPoolLatencyS;
  };

  // each pool's plan for a batch share, computed once (null: no plan for that share)
  const memo = new Map<string, MixedEstimate | null>();
  const planFor = (i: number, share: number): MixedEstimate | null => {
    const key = `${i}|${share}`;
    if (memo.has(key)) return memo.get(key)!;
    let out: MixedEstimate | null = null;
    try {
      out = plan({
        ...input,
        training: { ...input.training, globalBatch: share },
        pools: [input.pools[i]!],
        crossPoolGbps: undefined,
      });
    } catch {
      out = null;
    }
    memo.set(key, out);
    return out;
  };

  const evaluate = (shares: number[] | null) => {
    if (!shares) return null;
    const plans: MixedEstimate[] = [];
    for (let i = 0; i < k; i++) {
      const p = planFor(i, shares[i]!);
      if (!p) return null;
      plans.push(p);
    }
    if (plans.some((p) => !p.fitsInMemory)) return null;
    let slowest = 0;
    plans.forEach((p, i) => {
      if (p.stepTimeS > plans[slowest]!.stepTimeS) slowest = i;
    });
    const sync = syncS(plans.map((p) => p.pools[0]!.used));
    return { shares, plans, slowest, sync, stepTimeS: plans[slowest]!.stepTimeS + sync };
  };

  const first = evaluate(
    proportionalShares(
      G,
      q,
      pipeline.pools.map((p) => p.standaloneTokensPerSecond),
    ),
  );
  if (!first) return null;
  // one rebalancing round on the measured sequences per second of each pool
  const second = evaluate(
    proportionalShares(
      G,
      q,
      first.plans.map((p, i) => first.shares[i]! / p.stepTimeS),
    ),
  );
  const best = second && second.stepTimeS < first.stepTimeS ? second : first;
  // the naive split: in proportion to accelerator count
  const naive = evaluate(
    proportionalShares(
      G,
      q,
      input.pools.map((p) => p.count),
    ),
  );

  const slow = best.plans[best.slowest]!;
  const step = best.stepTimeS;
  const seqLength = input.model.seqLength;
  const tokensPerSecond = (G * seqLength) / step;
  const summedPeak = pipeline.pools.reduce((s, p) => s + p.count * p.peakTflopsPerAccelerator * 1e12, 0);
  const totalAcc = pipeline.pools.reduce((s, p) => s + p.count, 0);
  const hardwareFlopsPerStep = best.plans.reduce((s, p) => s + p.hardwareFlopsPerStep, 0);
  const stages: MixedStage[] = [];
  let offset = 0;
  let bottleneckStage = 0;
  best.plans.forEach((p, i) => {
    if (i === best.slowest) bottleneckStage = offset + p.bottleneck.stage;
    for (const st of p.stages) stages.push({ ...st, pool: pipeline.pools[i]!.name, poolIndex: i });
    offset += p.stages.length;
  });
  const sumStandalone = pipeline.pools.reduce((s, p) => s + p.standaloneTokensPerSecond, 0);
  return {
    ...pipeline,
    stepTimeS: step,
    tokensPerSecond,
    mfu: pipeline.modelFlopsPerStep / (step * summedPeak),
    hfu: hardwareFlopsPerStep / (step * summedPeak),
    modelTflopsPerAccelerator: pipeline.modelFlopsPerStep / step / totalAcc / 1e12,
    hardwareTflopsPerAccelerator: hardwareFlopsPerStep / step / totalAcc / 1e12,
    trainingDays: (pipeline.trainingDays * pipeline.tokensPerSecond) / tokensPerSecond,
    memoryPerAcceleratorGiB: Math.max(...best.plans.map((p) => p.memoryPerAcceleratorGiB)),
    fitsInMemory: true,
    parallelism: { ...slow.parallelism, dp: best.plans.reduce((s, p) => s + p.parallelism.dp, 0) },
    breakdown: { ...slow.breakdown, dpCommExposedS: slow.breakdown.dpCommExposedS + best.sync },
    stages,
    pools: pipeline.pools.map((p, i) => {
      const own = best.plans[i]!.pools[0]!;
      return { ...p, used: own.used, idle: own.idle, stages: own.stages, tp: own.tp, layers: own.layers };
    }),
    bottleneck: {
      stage: bottleneckStage,
      pool: pipeline.pools[best.slowest]!.name,
      reason: 'slowest pool on its share of the batch (shares move in whole units of micro-batches)',
      code: 'batch-share',
    },
    aggregateUtilization: sumStandalone > 0 ? tokensPerSecond / sumStandalone : 0,
    uniformSplitTokensPerSecond: naive ? (G * seqLength) / naive.stepTimeS : 0,
    uniformSplitFitsInMemory: naive !== null,
    hardwareFlopsPerStep,
    microBatchesPerStep: slow.microBatchesPerStep,
    configurationsSearched:
      pipeline.configurationsSearched + best.plans.reduce((s, p) => s + p.configurationsSearched, 0),
    crossPoolGbps: Number.isFinite(gbps) ? gbps : 0,
    layout: 'replicas',
    batchShares: best.shares,
    alternatives: { pipelineTokensPerSecond: pipeline.tokensPerSecond, replicasTokensPerSecond: tokensPerSecond },
    notes: [
      `replicas layout: each pool trains whole replicas on its share of the global batch (${best.shares.join(' + ')} sequences); gradients cross between pools once per step (${best.sync.toFixed(4)} s)`,
      ...pipeline.notes.filter((n) => !n.includes('accelerators idle')),
      ...best.plans.flatMap((p) => p.notes.filter((n) => n.includes('accelerators idle'))),
    ],
  };
}
