/**
 * Mixed-chip pipeline planner. Expected numbers come from hand calculations
 * written out next to each assertion, or from the homogeneous training engine
 * (an independent code path: estimateTraining's own search and step model).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import type { AcceleratorSpec } from '../catalog/types';
import { InputError } from '../errors';
import { estimateTraining } from '../training';
import type { ModelSpec, TrainingSpec } from '../training/types';
import { estimateMixed, minMaxSplit, proportionalShares, resolvePools } from './index';
import type { MixedInput, MixedPool } from './types';

const H100: AcceleratorSpec = DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', 'test');
const A100: AcceleratorSpec = DEFAULT_CATALOG.requireOfKind('a100-sxm4-80gb', 'accelerator', 'test');

/** An H100 slowed down exactly 3x in compute and memory bandwidth (same memory, same links). */
const SLOW3: AcceleratorSpec = {
  ...H100,
  id: 'h100-third',
  name: 'H100 at one third speed',
  peakTflops: { bf16: H100.peakTflops.bf16 / 3, fp16: H100.peakTflops.fp16 / 3, fp8: H100.peakTflops.fp8 / 3 },
  memoryTBps: H100.memoryTBps / 3,
};

// 48 layers, hidden 2048, 16 heads: 12 h^2 + 4 h = 50,339,840 parameters per layer
const SMALL: ModelSpec = { layers: 48, hidden: 2048, heads: 16, vocab: 32000, seqLength: 2048 };
/** Per-layer time must scale exactly with 1 / peak: no fixed per-kernel overhead. */
const NO_FIXED_OVERHEAD = { kernelOverheadS: 0 };

function pool(accelerator: AcceleratorSpec, count: number, extra: Partial<MixedPool> = {}): MixedPool {
  return { accelerator, count, perNode: 8, scaleOutGbps: 400, ...extra };
}

/** Two stages, one accelerator each, one pipeline; eight micro-batches of one sequence. */
function twoStage(fast: AcceleratorSpec, slow: AcceleratorSpec, extra: Partial<MixedInput> = {}): MixedInput {
  const training: TrainingSpec = {
    tokens: 1e10,
    globalBatch: 8,
    microBatch: 1,
    precision: 'bf16',
    recompute: 'full',
    parallelism: { tp: 1, dp: 1, virtualStages: 1 },
  };
  return {
    model: SMALL,
    training,
    pools: [pool(fast, 1, { name: 'fast' }), pool(slow, 1, { name: 'slow' })],
    assumptions: NO_FIXED_OVERHEAD,
    ...extra,
  };
}

function sumBreakdown(b: Record<string, number>): number {
  return Object.values(b).reduce((s, x) => s + x, 0);
}

function expectFiniteDeep(x: unknown, path = 'result'): void {
  if (typeof x === 'number') expect(Number.isFinite(x), path).toBe(true);
  else if (Array.isArray(x)) x.forEach((v, i) => expectFiniteDeep(v, `${path}[${i}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) expectFiniteDeep(v, `${path}.${k}`);
}

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('minMaxSplit', () => {
  it('splits in inverse proportion to per-unit time', () => {
    // unit times 1 and 3: 48 units -> 36 on the fast stage, 12 on the slow (36 x 1 = 12 x 3 = 36)
    expect(minMaxSplit(48, [1, 3], [0, 0], [100, 100])).toEqual([36, 12]);
    // a fixed cost of 4 on the fast stage: T = 4 + a = 3 b, a + b = 48 -> a = 35, b = 13 (T = 39) beats a = 36 (T = 40)
    expect(minMaxSplit(48, [1, 3], [4, 0], [100, 100])).toEqual([35, 13]);
  });
  it('respects capacity caps and returns null when the caps cannot hold the model', () => {
    expect(minMaxSplit(48, [1, 3], [0, 0], [20, 100])).toEqual([20, 28]);
    expect(minMaxSplit(48, [1, 1], [0, 0], [20, 20])).toBeNull();
    expect(minMaxSplit(2, [1, 1, 1], [0, 0, 0], [5, 5, 5])).toBeNull();
  });
});

describe('proportionalShares', () => {
  it('splits the batch in proportion to the weights in whole units, each pool at least one unit', () => {
    // 1024 / 64 = 16 units at 3 : 1 -> 12 : 4 units
    expect(proportionalShares(1024, 64, [3, 1])).toEqual([768, 256]);
    // 10 units at 1 : 1 : 1 -> 3.33 each: 3 + 3 + 3, the spare unit to the first pool
    expect(proportionalShares(100, 10, [1, 1, 1])).toEqual([40, 30, 30]);
    // a tiny weight still gets one unit, paid for by the largest share
    expect(proportionalShares(128, 32, [1, 1000])).toEqual([32, 96]);
    expect(proportionalShares(64, 32, [1, 1, 1])).toBeNull();
  });
});

describe('estimateMixed: two identical pools', () => {
  // GPT-3 175B on 2 x 512 A100 80GB, 200 Gb/s per GPU, global batch 4096
  const model: ModelSpec = { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 };
  const training: TrainingSpec = { tokens: 3e11, globalBatch: 4096, precision: 'bf16' };
  const p = pool(A100, 512, { scaleOutGbps: 200 });
  const r = estimateMixed({ model, training, pools: [p, { ...p }] });

  it('reach >= 97% of the summed standalone throughput and match the homogeneous 1,024-GPU estimate within 3%', () => {
    const hom = estimateTraining({
      model,
      training,
      cluster: { accelerator: A100, count: 1024, perNode: 8, scaleOutGbps: 200 },
    });
    expect(r.aggregateUtilization).toBeGreaterThanOrEqual(0.97);
    expect(Math.abs(r.tokensPerSecond / hom.tokensPerSecond - 1)).toBeLessThan(0.03);
    expect(r.pools.every((x) => x.standaloneBasis === 'searched' || x.standaloneBasis === 'non-uniform-split')).toBe(
      true,
    );
  });

  it('splits the work evenly, uses every accelerator and reports a consistent estimate', () => {
    // either layout may win by a hair for identical pools; both must split evenly
    if (r.layout === 'pipeline') expect(r.pools.map((x) => x.layers)).toEqual([48, 48]);
    else expect(r.batchShares).toEqual([2048, 2048]);
    expect(r.pools.map((x) => x.idle)).toEqual([0, 0]);
    // one pipeline of 96 layers, or (replicas) one per pool, their stages listed one after another
    const pipelines = r.layout === 'pipeline' ? 1 : r.pools.length;
    expect(r.stages.reduce((s, x) => s + x.layers, 0)).toBe(96 * pipelines);
    expect(r.stages.length).toBe(r.parallelism.pp * pipelines);
    expect(sumBreakdown({ ...r.breakdown })).toBeCloseTo(r.stepTimeS, 9);
    expect(r.fitsInMemory).toBe(true);
    for (const s of r.stages) expect(s.memoryGiB).toBeLessThanOrEqual(s.capacityGiB);
    expect(r.memoryPerAcceleratorGiB).toBeCloseTo(Math.max(...r.stages.map((s) => s.memoryGiB)), 9);
    // identical pools: the naive uniform split is already optimal
    expect(r.uniformSplitTokensPerSecond).toBeCloseTo(r.tokensPerSecond, 6);
    // MFU against the summed peak, model FLOPs by Narayanan et al. (2021) without recompute:
    // 72 B s L h^2 (1 + s / 6h + V / 12 L h) per step
    const { layers: L, hidden: h, seqLength: s, vocab: V } = model;
    const flops = 72 * 4096 * s * L * h * h * (1 + s / (6 * h) + V / (12 * L * h));
    expect(r.mfu).toBeCloseTo(flops / (r.stepTimeS * 1024 * 312e12), 9);
    expect(r.tokensPerSecond).toBeCloseTo((4096 * 2048) / r.stepTimeS, 6);
    expect(r.trainingDays).toBeCloseTo(3e11 / r.tokensPerSecond / 86400, 9);
    expectFiniteDeep(r);
  });
});

describe('estimateMixed: pools with a 3:1 per-chip speed ratio', () => {
  const r = estimateMixed(twoStage(H100, SLOW3));

  it('gives the fast pool about three quarters of the layers', () => {
    // equal stage times: l_fast x t = l_slow x 3 t with l_fast + l_slow = 48 -> 36 : 12;
    // the embedding or output layer on one stage moves it by a layer or two
    const fast = r.stages.find((s) => s.pool === 'fast')!;
    const slow = r.stages.find((s) => s.pool === 'slow')!;
    expect(Math.abs(fast.layers - 36)).toBeLessThanOrEqual(2);
    expect(fast.layers + slow.layers).toBe(48);
    expect(r.pools.find((p) => p.name === 'fast')!.layers).toBe(fast.layers);
  });

  it('beats the naive uniform split by about 2x', () => {
    // uniform 24 : 24 -> the slow stage takes 24 x 3 t = 72 t per micro-batch instead of ~36 t
    const gain = r.tokensPerSecond / r.uniformSplitTokensPerSecond;
    expect(gain).toBeGreaterThan(1.6);
    expect(gain).toBeLessThan(2.1);
    expect(sumBreakdown({ ...r.breakdown })).toBeCloseTo(r.stepTimeS, 9);
  });

  it('reports stage times that are balanced, with the bottleneck the slowest stage', () => {
    const times = r.stages.map((s) => s.stageTimeS);
    expect(Math.max(...times) / Math.min(...times)).toBeLessThan(1.15);
    expect(r.stages[r.bottleneck.stage]!.stageTimeS).toBe(Math.max(...times));
    // MFU relative to the summed peak of both chips: 989 + 989 / 3 TFLOPS
    expect(r.mfu).toBeCloseTo(r.modelFlopsPerStep / (r.stepTimeS * (989e12 + 989e12 / 3)), 9);
  });

  it('splits a real H100 + A100 pair towards the H100 and beats the uniform split', () => {
    const model: ModelSpec = { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 };
    const mix = estimateMixed({
      model,
      training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16' },
      pools: [pool(H100, 1024), pool(A100, 1024, { scaleOutGbps: 200 })],
    });
    const h = mix.pools[0]!;
    const a = mix.pools[1]!;
    // 989 vs 312 TFLOPS (3.2x), 3.35 vs 2.04 TB/s: the H100 pool takes well over half of the layers
    expect(h.layers / (h.layers + a.layers)).toBeGreaterThan(0.65);
    expect(mix.tokensPerSecond).toBeGreaterThan(1.2 * mix.uniformSplitTokensPerSecond);
    expect(mix.aggregateUtilization).toBeGreaterThan(0.8);
    expect(mix.aggregateUtilization).toBeLessThanOrEqual(1.02);
    expectFiniteDeep(mix);
  });
});

describe('estimateMixed: replicas layout (every pool holds the model)', () => {
  // 7B-class model on 2 x 64 H100: small enough that plain data parallelism (pp = 1) is best
  const model: ModelSpec = { layers: 32, hidden: 4096, heads: 32, vocab: 32000, seqLength: 4096 };
  const training: TrainingSpec = { tokens: 1e11, globalBatch: 1024, precision: 'bf16' };

  it('two identical pools train whole replicas and match the homogeneous 128-GPU estimate within 3%', () => {
    const r = estimateMixed({ model, training, pools: [pool(H100, 64), pool(H100, 64)] });
    const hom = estimateTraining({
      model,
      training,
      cluster: { accelerator: H100, count: 128, perNode: 8, scaleOutGbps: 400 },
    });
    expect(r.layout).toBe('replicas');
    expect(r.batchShares).toEqual([512, 512]);
    expect(r.alternatives.replicasTokensPerSecond).toBe(r.tokensPerSecond);
    expect(r.alternatives.pipelineTokensPerSecond).toBeLessThan(r.tokensPerSecond);
    expect(Math.abs(r.tokensPerSecond / hom.tokensPerSecond - 1)).toBeLessThan(0.03);
    expect(r.aggregateUtilization).toBeGreaterThanOrEqual(0.97);
    expect(r.pools.map((p) => p.layers)).toEqual([32, 32]);
    expect(sumBreakdown({ ...r.breakdown })).toBeCloseTo(r.stepTimeS, 9);
    expectFiniteDeep(r);
  });

  it('gives a 3x faster pool about three quarters of a large batch', () => {
    // with 4,096 sequences the per-step gradient exchange inside each pool is well amortised
    const big = { ...training, globalBatch: 4096 };
    const r = estimateMixed({
      model,
      training: big,
      pools: [pool(H100, 64, { name: 'fast' }), pool(SLOW3, 64, { name: 'slow' })],
    });
    expect(r.layout).toBe('replicas');
    // shares in proportion to speed: 4096 x 3 / 4 = 3072 sequences (shares move in units of 64)
    expect(Math.abs(r.batchShares![0]! - 3072)).toBeLessThanOrEqual(128);
    expect(r.batchShares![0]! + r.batchShares![1]!).toBe(4096);
    // the naive split by accelerator count (2048 : 2048) leaves the fast pool waiting: ~1.5x slower
    expect(r.tokensPerSecond).toBeGreaterThan(1.3 * r.uniformSplitTokensPerSecond);
    expect(r.aggregateUtilization).toBeGreaterThan(0.85);
  });

  it('counts the gradient exchange between pools in the step', () => {
    const slowLink = estimateMixed({ model, training, pools: [pool(H100, 64), pool(H100, 64)], crossPoolGbps: 1 });
    const fastLink = estimateMixed({ model, training, pools: [pool(H100, 64), pool(H100, 64)], crossPoolGbps: 400 });
    expect(slowLink.stepTimeS).toBeGreaterThan(fastLink.stepTimeS);
    // parameters 32 x (12 x 4096^2 + 4 x 4096) + 2 x 32000 x 4096 = 6,705,119,232; FP32 gradients cross
    // between two pools: 2 x (1/2) x 26.82e9 B through 64 GPUs x 1 Gb/s / 8 x 0.9 = 7.2e9 B/s -> 3.725 s
    // (+ 2 x 10 us latency), on top of each pool's own (here fully overlapped) gradient reduction
    const sync = (6_705_119_232 * 4) / (64 * 0.125e9 * 0.9) + 2e-5;
    if (slowLink.layout === 'replicas') expect(slowLink.breakdown.dpCommExposedS).toBeGreaterThanOrEqual(sync - 1e-9);
    // the pipeline alternative pays with activations crossing instead; either way the step grows by >= 1 s
    expect(slowLink.stepTimeS - fastLink.stepTimeS).toBeGreaterThan(1);
    expect(slowLink.stepTimeS).toBeLessThanOrEqual(fastLink.stepTimeS + sync + 1e-6);
  });
});

describe('estimateMixed: three pools', () => {
  it('orders the layer shares by chip speed and keeps the estimate consistent', () => {
    // per-chip speed 3 : 1 : 1/3 (an H100, a third of it, a ninth of it), one accelerator each:
    // stage times balance at l1 t = 3 l2 t = 9 l3 t with l1 + l2 + l3 = 48 -> 33.2 : 11.1 : 3.7
    const SLOW9: AcceleratorSpec = {
      ...SLOW3,
      id: 'h100-ninth',
      peakTflops: { bf16: SLOW3.peakTflops.bf16 / 3, fp16: SLOW3.peakTflops.fp16 / 3, fp8: SLOW3.peakTflops.fp8 / 3 },
      memoryTBps: SLOW3.memoryTBps / 3,
    };
    const base = twoStage(H100, SLOW3);
    const r = estimateMixed({
      ...base,
      pools: [pool(SLOW9, 1, { name: 'c' }), pool(H100, 1, { name: 'a' }), pool(SLOW3, 1, { name: 'b' })],
    });
    const layers = Object.fromEntries(r.pools.map((p) => [p.name, p.layers]));
    expect(layers.a! + layers.b! + layers.c!).toBe(48);
    expect(Math.abs(layers.a! - 33.2)).toBeLessThanOrEqual(2.5);
    expect(Math.abs(layers.b! - 11.1)).toBeLessThanOrEqual(2);
    expect(Math.abs(layers.c! - 3.7)).toBeLessThanOrEqual(1.5);
    expect(r.stages.length).toBe(3);
    expect(sumBreakdown({ ...r.breakdown })).toBeCloseTo(r.stepTimeS, 9);
    expect(r.tokensPerSecond).toBeGreaterThan(r.uniformSplitTokensPerSecond);
    expectFiniteDeep(r);
  });
});

describe('estimateMixed: memory-limited pool', () => {
  // The fast chip with 16 GB: 16e9 B = 14.90 GiB, minus the 3 GiB runtime reserve = 11.90 GiB = 12.78e9 B.
  // One layer's weights, FP32 gradients and Adam states at dp = 1: 50,339,840 x 18 B = 0.906e9 B,
  // so it can hold at most floor(12.78 / 0.906) = 14 layers, fewer once the embedding or output layer
  // (32000 x 2048 x 18 B = 1.18e9 B) and activations are added; unconstrained it would take ~36.
  const SMALL_MEMORY: AcceleratorSpec = { ...H100, id: 'h100-16gb', memoryGB: 16, memoryGiB: 16e9 / 2 ** 30 };
  const r = estimateMixed(twoStage(SMALL_MEMORY, SLOW3));
  const fast = r.stages.find((s) => s.pool === 'fast')!;
  const slow = r.stages.find((s) => s.pool === 'slow')!;

  it('caps the small-memory stage at what fits and gives the rest to the other pool', () => {
    expect(fast.layers).toBeLessThanOrEqual(14);
    expect(fast.layers).toBeGreaterThanOrEqual(10);
    expect(fast.layers).toBe(fast.maxLayers);
    expect(slow.layers).toBe(48 - fast.layers);
    expect(fast.memoryGiB).toBeLessThanOrEqual(fast.capacityGiB);
    expect(r.fitsInMemory).toBe(true);
    expect(r.bottleneck.pool).toBe('slow');
    expect(r.bottleneck.reason).toMatch(/memory/);
    // The reason is also given as a code (for translation) with the pool that is full.
    expect(r.bottleneck.code).toBe('memory');
    expect(r.bottleneck.cappedPools).toEqual(['fast']);
  });

  it('is slower than with enough memory', () => {
    const roomy = estimateMixed(twoStage(H100, SLOW3));
    expect(r.stepTimeS).toBeGreaterThan(roomy.stepTimeS * 1.3);
  });
});

describe('estimateMixed: link between pools', () => {
  it('a slower crossPoolGbps lengthens the step through the pipeline exchange', () => {
    const fast = estimateMixed(twoStage(H100, SLOW3, { crossPoolGbps: 400 }));
    const slow = estimateMixed(twoStage(H100, SLOW3, { crossPoolGbps: 10 }));
    expect(slow.stepTimeS).toBeGreaterThan(fast.stepTimeS);
    expect(slow.breakdown.ppCommS).toBeGreaterThan(fast.breakdown.ppCommS);
    expect(slow.crossPoolGbps).toBe(10);
    // Hand calculation at 10 Gb/s: one boundary, activations of one micro-batch 1 x 2048 x 2048 x 2 B
    // = 8,388,608 B at 10/8 GB/s x 0.9 efficiency = 7.456 ms + 10 us latency, forward and backward,
    // for each of 8 micro-batches: 8 x 2 x 7.466 ms = 0.1195 s
    const oneWay = 1e-5 + (2048 * 2048 * 2) / ((10e9 / 8) * 0.9);
    expect(slow.breakdown.ppCommS).toBeCloseTo(8 * 2 * oneWay, 9);
  });

  it('is capped by the pools\u2019 own scale-out rate', () => {
    const r = estimateMixed({ ...twoStage(H100, SLOW3, { crossPoolGbps: 1600 }) });
    expect(r.crossPoolGbps).toBe(400);
  });
});

describe('estimateMixed: standalone fallback', () => {
  it('uses the memory-unconstrained throughput for a pool that cannot hold the model alone', () => {
    // 2 x 12 GB hold at most 2 x (12e9 B - 3 GiB reserve) = 17.6e9 B, less than the model states
    // 48 x 0.906e9 B = 43.5e9 B; together with 4 x 80 GB they can
    const SMALL_MEMORY: AcceleratorSpec = { ...H100, id: 'h100-12gb', memoryGB: 12, memoryGiB: 12e9 / 2 ** 30 };
    const r = estimateMixed({
      model: SMALL,
      training: { tokens: 1e10, globalBatch: 64, precision: 'bf16' },
      pools: [pool(SMALL_MEMORY, 2, { name: 'small' }), pool(H100, 4, { name: 'big' })],
    });
    const small = r.pools.find((p) => p.name === 'small')!;
    expect(small.standaloneBasis).toBe('memory-unconstrained');
    expect(r.notes.join(' ')).toMatch(/cannot hold the model alone/);
    expect(r.aggregateUtilization).toBeGreaterThan(0);
    expect(r.aggregateUtilization).toBeLessThanOrEqual(1.02);
  });
});

describe('estimateMixed: bad input', () => {
  const base = twoStage(H100, SLOW3);

  it('names a pool with zero accelerators', () => {
    const e = inputError(() => estimateMixed({ ...base, pools: [pool(H100, 1), pool(SLOW3, 0)] }));
    expect(e.message).toBe('cluster.pools[1].count: must be >= 1');
  });

  it('rejects an empty pool list and a bad cross-pool rate', () => {
    expect(inputError(() => estimateMixed({ ...base, pools: [] })).path).toBe('cluster.pools');
    expect(inputError(() => estimateMixed({ ...base, crossPoolGbps: 0 })).path).toBe('cluster.crossPoolGbps');
  });

  it('rejects a pipeline deeper than the layer count', () => {
    const model = { ...SMALL, layers: 4 };
    const six = Array.from({ length: 6 }, () => pool(H100, 1));
    expect(inputError(() => estimateMixed({ ...base, model, pools: six })).message).toBe(
      'model.layers: 4 layers cannot fill a pipeline of 6 stages (at least one stage per pool)',
    );
    const fixedPp = { ...base.training, parallelism: { pp: 6 } };
    expect(inputError(() => estimateMixed({ ...base, model, training: fixedPp })).message).toBe(
      'model.layers: 4 layers cannot fill a pipeline of 6 stages',
    );
  });

  it('says how much memory the model needs when the pools cannot hold it together', () => {
    // GPT-3 175B: 96 x (12 x 12288^2 + 4 x 12288) + 51200 x 12288 = 174.6e9 parameters (tied embeddings)
    // x 18 B = 3.143e12 B = 2.859 TiB, plus 16 x 3 GiB = 0.047 TiB: 2.90 TiB; 8 H100 (81,559 MiB) and
    // 8 A100 (81,920 MiB) hold 8 x 85.52e9 + 8 x 85.90e9 B = 1.371e12 B = 1.25 TiB
    const model: ModelSpec = {
      layers: 96,
      hidden: 12288,
      heads: 96,
      vocab: 51200,
      seqLength: 2048,
      tiedEmbeddings: true,
    };
    const e = inputError(() =>
      estimateMixed({
        model,
        training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16' },
        pools: [pool(H100, 8), pool(A100, 8)],
      }),
    );
    expect(e.path).toBe('cluster.pools');
    expect(e.message).toMatch(/needs at least 2\.90 TiB .* the pools hold 1\.25 TiB/);
  });

  it('re-paths accelerator errors to the pool', () => {
    const broken = { ...H100, memoryTBps: 0 };
    expect(inputError(() => estimateMixed({ ...base, pools: [pool(H100, 1), pool(broken, 1)] })).path).toBe(
      'cluster.pools[1].accelerator.memoryTBps',
    );
  });
});

describe('estimateMixed: speed', () => {
  it('plans two pools of 4,096 accelerators quickly', () => {
    const model: ModelSpec = { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 };
    const t0 = performance.now();
    const r = estimateMixed({
      model,
      training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16' },
      pools: [pool(H100, 4096), pool(A100, 4096, { scaleOutGbps: 200 })],
    });
    const ms = performance.now() - t0;
    expect(r.fitsInMemory).toBe(true);
    // budget 1 s on an idle 2-core machine; generous here because tests share the machine
    expect(ms).toBeLessThan(5000);
  });
});

describe('resolvePools', () => {
  it('fills perNode and scaleOutGbps from the default server of each accelerator', () => {
    const pools = resolvePools([
      { accelerator: 'h100-sxm5-80gb', count: 512 },
      { accelerator: 'mtt-s4000', count: 1024, scaleOutGbps: 100 },
      { accelerator: 'ascend-910b', count: 256, perNode: 16, name: 'npu' },
    ]);
    // DGX H100: 8 GPUs, 8 x 400 Gb/s compute NICs -> 400 Gb/s per GPU
    expect(pools[0]).toMatchObject({ count: 512, perNode: 8, scaleOutGbps: 400 });
    expect(pools[0]!.accelerator.id).toBe('h100-sxm5-80gb');
    expect(pools[1]).toMatchObject({ perNode: 8, scaleOutGbps: 100 });
    // Atlas 800T A2: 8 NPUs, 8 x 200 Gb/s -> 200 Gb/s per NPU; perNode as given
    expect(pools[2]).toMatchObject({ name: 'npu', perNode: 16, scaleOutGbps: 200 });
  });

  it('names an unknown accelerator id by its pool', () => {
    expect(
      inputError(() =>
        resolvePools([
          { accelerator: 'h100-sxm5-80gb', count: 8 },
          { accelerator: 'h1000', count: 8 },
        ]),
      ).path,
    ).toBe('cluster.pools[1].accelerator');
  });

  it('plans an NVIDIA + Moore Threads mix from scenario pools', () => {
    const r = estimateMixed({
      model: { layers: 32, hidden: 4096, heads: 32, vocab: 32000, seqLength: 4096 },
      training: { tokens: 1e11, globalBatch: 512, precision: 'bf16' },
      pools: resolvePools([
        { accelerator: 'h100-sxm5-80gb', count: 64 },
        { accelerator: 'mtt-s4000', count: 256 },
      ]),
      crossPoolGbps: 100,
    });
    // 64 x 989 vs 256 x 100 TFLOPS: the H100 pool does most of the work (more layers, or more of the batch)
    if (r.layout === 'pipeline') expect(r.pools[0]!.layers).toBeGreaterThan(r.pools[1]!.layers);
    else expect(r.batchShares![0]!).toBeGreaterThan(r.batchShares![1]!);
    expect(r.crossPoolGbps).toBe(100);
    expect(r.aggregateUtilization).toBeGreaterThan(0.5);
    expect(r.aggregateUtilization).toBeLessThanOrEqual(1.02);
    expectFiniteDeep(r);
  });
});
