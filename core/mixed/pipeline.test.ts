/**
 * The pieces of one mixed-chip plan: the link between pools, the stages' memory
 * model, the step time of a laid-out pipeline and the exactness of the branch
 * and bound over layouts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import {
  bubbleFactor,
  buildStages,
  createMixedContext,
  crossGbpsBetween,
  embeddingCopies,
  stageFixedS,
  type Config,
} from './layout';
import { createPoolContexts } from './profile';
import { enumerateCandidates, searchLayouts } from './search';
import { searchSpace } from './space';
import { minMaxSplit } from './split';
import { evaluatePlan } from './step';
import type { MixedInput } from './types';
import { resolveFixedDims, splitAssumptions } from './validate';

const H100 = DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', 'test');
const A100 = DEFAULT_CATALOG.requireOfKind('a100-sxm4-80gb', 'accelerator', 'test');
// 48 layers, hidden 2048, vocabulary 32,000 (embedding 65,536,000 parameters)
const MODEL = { layers: 48, hidden: 2048, heads: 16, vocab: 32000, seqLength: 2048 };

function setup(extra: Partial<MixedInput> = {}) {
  const input: MixedInput = {
    model: MODEL,
    training: { tokens: 1e9, globalBatch: 16, precision: 'bf16' },
    pools: [
      { accelerator: H100, count: 8, perNode: 8, scaleOutGbps: 400 },
      { accelerator: A100, count: 8, perNode: 8, scaleOutGbps: 200 },
    ],
    ...extra,
  };
  const { training, mixed } = splitAssumptions(input.assumptions);
  const pcs = createPoolContexts(input, training);
  const mc = createMixedContext(input, pcs, mixed);
  return { input, mc, fixed: resolveFixedDims(input, mc.model, pcs) };
}

function config(over: Partial<Config> = {}): Config {
  return {
    order: [0, 1],
    v: 1,
    mb: 1,
    rc: 'full',
    dp: 1,
    ep: 1,
    cp: 1,
    tp: [1, 1],
    stages: [2, 2],
    micro: 16,
    ...over,
  };
}

describe('the link between pools', () => {
  it('runs at the slowest of crossPoolGbps and the two pools\u2019 scale-out', () => {
    expect(crossGbpsBetween(setup().mc, 0, 1)).toBe(200);
    expect(crossGbpsBetween(setup({ crossPoolGbps: 100 }).mc, 0, 1)).toBe(100);
    expect(crossGbpsBetween(setup({ crossPoolGbps: 800 }).mc, 0, 0)).toBe(400);
  });
});

describe('pipeline bubble factor', () => {
  it('is 1 - interleaveEfficiency (0.8 in the default megatron-core preset) x (1 - 1/v)', () => {
    const { mc } = setup();
    expect(mc.params.interleaveEfficiency).toBe(0.8);
    expect(bubbleFactor(mc, 1)).toBe(1);
    expect(bubbleFactor(mc, 2)).toBeCloseTo(1 - 0.8 * 0.5, 15);
    expect(bubbleFactor(mc, 4)).toBeCloseTo(1 - 0.8 * 0.75, 15);
  });
});

describe('stage memory', () => {
  it('puts the embedding on the first and last stage only (both on a one-stage pipeline unless tied)', () => {
    expect([0, 1, 2, 3].map((j) => embeddingCopies(4, j === 0, j === 3, false))).toEqual([1, 0, 0, 1]);
    expect(embeddingCopies(1, true, true, false)).toBe(2);
    expect(embeddingCopies(1, true, true, true)).toBe(1);
  });
  it('charges the first stage one embedding matrix of weights, gradients and Adam states more than a middle stage', () => {
    const { mc } = setup();
    const stages = buildStages(mc, config({ tp: [2, 1] }));
    expect(stages.map((s) => [s.pool, s.position, s.first, s.last])).toEqual([
      [0, 0, true, false],
      [0, 1, false, false],
      [1, 2, false, false],
      [1, 3, false, true],
    ]);
    // at dp 1 every parameter costs 2 + 4 + 12 = 18 B; 32,000 x 2,048 / tp 2 parameters per accelerator
    expect(stages[0]!.fixedBytes - stages[1]!.fixedBytes).toBeCloseTo(((32000 * 2048) / 2) * 18, 0);
    for (const st of stages) {
      expect(st.fixedBytes + st.maxLayers * st.perLayerBytes).toBeLessThanOrEqual(st.capacityBytes);
      expect(st.fixedBytes + (st.maxLayers + 1) * st.perLayerBytes).toBeGreaterThan(st.capacityBytes);
    }
  });
});

describe('step time of a laid-out pipeline', () => {
  it('adds the bubble b x (sum - max) of the stage times and sums its breakdown to the step', () => {
    const { mc } = setup();
    const cfg = config();
    const stages = buildStages(mc, cfg);
    const layers = [14, 14, 10, 10];
    const r = evaluatePlan(mc, cfg, stages, layers);
    const T = stages.map((st, j) => layers[j]! * st.prof.layerS + stageFixedS(st));
    const max = Math.max(...T);
    expect(r.stageTimes).toEqual(T);
    expect(r.bottleneck).toBe(T.indexOf(max));
    expect(r.breakdown.pipelineBubbleS).toBeCloseTo(1 * (T.reduce((a, b) => a + b, 0) - max), 12);
    const sum = Object.values(r.breakdown).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(r.stepTimeS, 12);
    // 16 micro-batches through the slowest stage: its compute and tensor-parallel time 16 times
    expect(r.breakdown.computeS + r.breakdown.tpCommS + r.breakdown.cpCommS + r.breakdown.epCommS).toBeCloseTo(
      16 * max,
      9,
    );
  });
});

describe('branch and bound over layouts', () => {
  const { input, mc, fixed } = setup();
  const space = searchSpace(mc.pcs, mc.model, input.training.globalBatch, fixed, [null, null]);
  const { candidates, anyShape } = enumerateCandidates(mc, space, fixed.pp);
  const evaluated = candidates.map((c) => {
    const stages = buildStages(mc, c.cfg);
    const v = c.cfg.v;
    const units = minMaxSplit(
      mc.L / v,
      stages.map((st) => v * st.prof.layerS),
      stages.map(stageFixedS),
      stages.map((st) => Math.floor(st.maxLayers / v)),
    );
    return {
      c,
      step: units
        ? evaluatePlan(
            mc,
            c.cfg,
            stages,
            units.map((u) => u * v),
          ).stepTimeS
        : null,
    };
  });

  it('bounds every layout from below', () => {
    expect(anyShape).toBe(true);
    expect(candidates.length).toBeGreaterThan(100);
    for (const e of evaluated) if (e.step !== null) expect(e.c.bound).toBeLessThanOrEqual(e.step * (1 + 1e-12));
  });

  it('finds the same plan as evaluating every layout, with fewer splits', () => {
    const exhaustive = Math.min(...evaluated.filter((e) => e.step !== null).map((e) => e.step!));
    const { best, searched } = searchLayouts(mc, [...candidates]);
    expect(best!.r.stepTimeS).toBe(exhaustive);
    expect(searched).toBeLessThan(candidates.length);
  });
});
