/**
 * Mixture of experts: the expert-parallel all-to-all by hand, its overlap and node-limited routing,
 * DeepSeek-V3 against its published throughput, and Mixtral-class layouts that answer.
 */
import { describe, expect, it } from 'vitest';
import { ALL_TRAINING_ASSUMPTIONS } from './assumptions';
import { createContext } from './context';
import { layerCosts, nodeLimitFactor } from './layer-costs';
import { modelCounts, normalizeModel } from './model';
import { MODEL_PRESETS } from './presets';
import { REFERENCE_H100_SXM, REFERENCE_H800_SXM } from './reference-accelerators.fixture';
import { estimateTraining } from './search';
import type { TrainingInput } from './types';

const MIXTRAL = MODEL_PRESETS['mixtral-8x7b']!;
const DSV3 = MODEL_PRESETS['deepseek-v3-671b']!;

function mixtralInput(assumptions: Record<string, number> = {}): TrainingInput {
  return {
    model: MIXTRAL,
    training: { tokens: 1e12, globalBatch: 256, microBatch: 1, precision: 'bf16', recompute: 'none', parallelism: { tp: 8, pp: 1, cp: 1, ep: 8, virtualStages: 1 } },
    cluster: { accelerator: REFERENCE_H100_SXM, count: 512, perNode: 8, scaleOutGbps: 400 },
    assumptions: { epCommOverlap: 0, ...assumptions },
  };
}

describe('expert-parallel all-to-all by hand', () => {
  // Bytes each rank sends per token and direction: hidden x bytes x topK x (EP - 1) / EP; dispatch and combine
  // forward, their gradients backward: two all-to-alls per MoE layer each way.
  const h = 4096, topK = 2, s = 4096;
  it('EP8 across nodes (TP8 fills each node): (ep - 1) / ep of the buffer over the 400 Gb/s NIC at 90%, plus 7 hops of 5 us', () => {
    const ctx = createContext(mixtralInput());
    const tokens = s / 8; // sequence parallelism: each TP rank holds s / tp tokens
    const buffer = tokens * topK * h * 2;
    const one = 7 * 5e-6 + ((7 / 8) * buffer) / (50e9 * 0.9);
    const lc = layerCosts(ctx, 8, 1, 8, 1, 'none');
    expect(lc.epFwdS).toBeCloseTo(2 * one, 9);
    expect(lc.epBwdS).toBeCloseTo(2 * one, 9);
    expect(layerCosts(ctx, 8, 1, 8, 1, 'full').epBwdS).toBeCloseTo(4 * one, 9);
  });
  it('EP8 inside one NVLink domain (TP1): over NVLink, 450 GB/s one way at 80%, 7 hops of 1.5 us', () => {
    const ctx = createContext({ ...mixtralInput(), training: { ...mixtralInput().training, parallelism: { tp: 1, pp: 1, cp: 1, ep: 8, virtualStages: 1 } } });
    const buffer = s * topK * h * 2;
    const one = 7 * 1.5e-6 + ((7 / 8) * buffer) / (450e9 * 0.8);
    expect(layerCosts(ctx, 1, 1, 8, 1, 'none').epFwdS).toBeCloseTo(2 * one, 9);
  });
  it('epDispatchBytes 1 (FP8 dispatch) halves the forward dispatch only', () => {
    const ctx = createContext(mixtralInput({ epDispatchBytes: 1 }));
    const buffer = (s / 8) * topK * h * 2;
    const one = (bytes: number) => 7 * 5e-6 + ((7 / 8) * buffer * (bytes / 2)) / (50e9 * 0.9);
    const lc = layerCosts(ctx, 8, 1, 8, 1, 'none');
    expect(lc.epFwdS).toBeCloseTo(one(1) + one(2), 9);
    expect(lc.epBwdS).toBeCloseTo(2 * one(2), 9);
  });
  it('epCommOverlap hides up to the pass compute; the hidden part costs epOverlapSmShare of the compute beside it', () => {
    const bare = layerCosts(createContext(mixtralInput()), 8, 1, 8, 1, 'none');
    const half = layerCosts(createContext(mixtralInput({ epCommOverlap: 0.5, epOverlapSmShare: 0.2 })), 8, 1, 8, 1, 'none');
    // half of the forward all-to-all hidden (it is shorter than the forward compute here), at 0.2 / 0.8 of it in lost compute
    expect(bare.epFwdS).toBeLessThan(bare.fwdS);
    expect(half.epFwdS).toBeCloseTo(0.5 * bare.epFwdS + 0.5 * bare.epFwdS * 0.25, 9);
    // full overlap cannot hide more than the compute: an all-to-all 10x slower than the NIC exposes the rest
    const slow = createContext({ ...mixtralInput({ epCommOverlap: 1, epOverlapSmShare: 0 }), cluster: { ...mixtralInput().cluster, scaleOutGbps: 10 } });
    const lc = layerCosts(slow, 8, 1, 8, 1, 'none');
    const a2a = layerCosts(createContext({ ...mixtralInput(), cluster: { ...mixtralInput().cluster, scaleOutGbps: 10 } }), 8, 1, 8, 1, 'none').epFwdS;
    expect(lc.epFwdS).toBeCloseTo(a2a - lc.fwdS, 9);
  });
  it('node-limited routing: top-8 of 256 experts on EP64 over 8 nodes sends 8 x 56/64 = 7 copies; at most 4 nodes send 4 x 7/8 = 3.5', () => {
    const ctx = createContext({ model: DSV3, training: { tokens: 1e12, globalBatch: 15360, precision: 'fp8' }, cluster: { accelerator: REFERENCE_H800_SXM, count: 2048, perNode: 8, scaleOutGbps: 400 }, assumptions: { moeMaxNodesPerToken: 4 } });
    expect(nodeLimitFactor(ctx, 64, 1)).toBeCloseTo(3.5 / 7, 12);
    expect(nodeLimitFactor(ctx, 8, 1)).toBe(1); // one node: nothing crosses it
    expect(nodeLimitFactor(createContext({ ...mixtralInput(), assumptions: {} }), 8, 8)).toBe(1); // no limit by default
  });
});

describe('latent attention widths', () => {
  it('DeepSeek-V3 attention core per token and layer = 2 s a (192 + 128), against 4 s h for standard heads', () => {
    const c = modelCounts(normalizeModel(DSV3));
    expect(c.attnCoreFwdFlopsPerToken).toBe(2 * 4096 * 128 * (192 + 128));
    expect(modelCounts(normalizeModel(MIXTRAL)).attnCoreFwdFlopsPerToken).toBe(4 * 4096 * 4096);
  });
});

/**
 * DeepSeek-V3 technical report (arXiv:2412.19437): 2,048 H800 (section 3.1), PP16 with DualPipe, EP64 over
 * 8 nodes, ZeRO-1 data parallelism, no tensor parallelism (section 3.2); FP8 training (3.3); sequence 4,096
 * and batch 15,360 (4.2); 180K H800 GPU-hours per trillion tokens (section 1): 1e12 / (180,000 x 3,600) =
 * 1,543 tokens/s per GPU, a whole-run average (restarts included), so a failure-free estimate may sit above it.
 */
const DS_PUBLISHED = 1e12 / (180_000 * 3600);
function dsInput(software: string): TrainingInput {
  return {
    model: DSV3,
    training: { tokens: 1.48e13, globalBatch: 15360, microBatch: 1, precision: 'fp8', zeroStage: 1, recompute: 'none', software, parallelism: { tp: 1, pp: 16, cp: 1, ep: 64, dp: 128, virtualStages: 1 } },
    cluster: { accelerator: REFERENCE_H800_SXM, count: 2048, perNode: 8, scaleOutGbps: 400 },
  };
}

describe('DeepSeek-V3 on 2,048 H800 (published 1,543 tokens/s per GPU)', () => {
  it('deepseek-dualpipe: within 15% of the published throughput, the all-to-all mostly hidden', () => {
    const est = estimateTraining(dsInput('deepseek-dualpipe'));
    const perGpu = est.tokensPerSecond / 2048;
    const error = (perGpu - DS_PUBLISHED) / DS_PUBLISHED;
    console.log(`DeepSeek-V3 2048 H800: published ${DS_PUBLISHED.toFixed(0)} tokens/s/GPU, predicted ${perGpu.toFixed(0)} (${(error * 100).toFixed(1)}%), MFU ${(est.mfu * 100).toFixed(1)}% of FP8 peak, EP exposed ${est.breakdown.epCommS.toFixed(2)} of ${est.stepTimeS.toFixed(2)} s`);
    expect(est.fitsInMemory).toBe(true);
    expect(est.software!.id).toBe('deepseek-dualpipe');
    expect(Math.abs(error)).toBeLessThan(0.15);
    expect(est.breakdown.epCommS).toBeLessThan(0.2 * est.stepTimeS);
  });
  it('the same layout on Megatron-Core without the overlap or node limit: the all-to-all on the critical path, well below the published rate', () => {
    const est = estimateTraining(dsInput('megatron-core-fp8'));
    const dual = estimateTraining(dsInput('deepseek-dualpipe'));
    console.log(`DeepSeek-V3 2048 H800, megatron-core-fp8: ${(est.tokensPerSecond / 2048).toFixed(0)} tokens/s/GPU, EP ${est.breakdown.epCommS.toFixed(2)} of ${est.stepTimeS.toFixed(2)} s`);
    expect(est.breakdown.epCommS).toBeGreaterThan(0.5 * est.breakdown.computeS);
    expect(est.tokensPerSecond).toBeLessThan(0.8 * dual.tokensPerSecond);
  });
});

describe('Mixtral-class layouts answer with EP over the fabric', () => {
  for (const [id, count, tp, pp] of [['mixtral-8x7b', 64, 1, 4], ['mixtral-8x22b', 256, 4, 4]] as const) {
    it(`${id} on ${count} H100, TP${tp} PP${pp} EP8: a number, its all-to-all and assumptions listed`, () => {
      const est = estimateTraining({
        model: MODEL_PRESETS[id]!,
        training: { tokens: 1e12, globalBatch: 256, precision: 'bf16', parallelism: { tp, pp, ep: 8, cp: 1 } },
        cluster: { accelerator: REFERENCE_H100_SXM, count, perNode: 8, scaleOutGbps: 400 },
      });
      expect(est.fitsInMemory).toBe(true);
      expect(est.breakdown.epCommS).toBeGreaterThan(0);
      expect(est.mfu).toBeGreaterThan(0.15);
      expect(est.mfu).toBeLessThan(0.6);
    });
  }
  it('the overlap, SM share, dispatch bytes and node limit are listed assumptions with sources', () => {
    for (const key of ['epCommOverlap', 'epOverlapSmShare', 'epDispatchBytes', 'moeMaxNodesPerToken']) {
      const a = ALL_TRAINING_ASSUMPTIONS.find((x) => x.key === key);
      expect(a?.source).toMatch(/arXiv:2412.19437/);
    }
  });
});
