/**
 * Memory capacity and the activation model against independent figures:
 * the device's own memory report (nvidia-smi), Korthikanti et al. 2022's
 * activation formulas without dropout, and layouts NVIDIA publishes as run
 * without activation recomputation on 80 GB H100s.
 */
import { describe, expect, it } from 'vitest';
import { REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import { createContext, layerProfile } from './engine';
import { MODEL_PRESETS } from './presets';
import { estimateTraining } from './search';
import type { TrainingInput } from './types';

const H100 = REFERENCE_H100_SXM;
const GiB = 2 ** 30;

function nemo(model: keyof typeof MODEL_PRESETS, count: number, globalBatch: number, p: { tp: number; pp: number; cp: number; v: number }): TrainingInput {
  return {
    model: MODEL_PRESETS[model]!,
    training: {
      tokens: 1e12,
      globalBatch,
      microBatch: 1,
      precision: 'bf16',
      zeroStage: 1,
      parallelism: { tp: p.tp, pp: p.pp, cp: p.cp, ep: 1, virtualStages: p.v },
    },
    cluster: { accelerator: H100, count, perNode: 8, scaleOutGbps: 400 },
  };
}

describe('memory capacity', () => {
  it('an H100 SXM holds 81,559 MiB (79.65 GiB) as nvidia-smi reports, not 80e9 bytes (74.5 GiB)', () => {
    const e = estimateTraining(nemo('llama3-8b', 8, 128, { tp: 1, pp: 1, cp: 2, v: 1 }));
    expect(e.memory.capacityGiB).toBeCloseTo(81_559 / 1024, 9);
  });

  // NVIDIA dgxc-benchmarking, llama3.1/README_405b.md (NeMo 24.09): Llama 3.1 405B on 576 H100 with
  // TP=8, PP=9, CP=2, VP=7, MBS=1, GBS=252 (GA=63), BF16 and FP8, no activation recomputation configured.
  it('Llama 3.1 405B as NVIDIA runs it on 576 H100 (TP8 PP9 CP2 VP7, GBS 252) fits without recompute', () => {
    const input = nemo('llama3-405b', 576, 252, { tp: 8, pp: 9, cp: 2, v: 7 });
    const fixed = estimateTraining({ ...input, training: { ...input.training, recompute: 'none' } });
    expect(fixed.fitsInMemory).toBe(true);
    expect(fixed.memoryPerAcceleratorGiB).toBeLessThanOrEqual(81_559 / 1024);
    // it needs more than 80e9 bytes (74.5 GiB): read as 1e9-byte gigabytes, the card would refuse it
    expect(fixed.memoryPerAcceleratorGiB).toBeGreaterThan(80e9 / GiB);
    const decimal = estimateTraining({
      ...input,
      training: { ...input.training, recompute: 'none' },
      cluster: { ...input.cluster, accelerator: { ...H100, memoryGiB: 80e9 / GiB } },
    });
    expect(decimal.fitsInMemory).toBe(false);
    // left open, recompute is searched and none is chosen: it fits and is the fastest
    expect(estimateTraining(input).parallelism.recompute).toBe('none');
  });

  // llama3.1/README_8b.md: 8 H100, TP=1, PP=1, CP=2, MBS=1, GBS=128; README_70b.md: 64 H100, TP=4 PP=4 CP=2 VP=5.
  it('Llama 3.1 8B (8 H100, CP2) and 70B (64 H100, TP4 PP4 CP2 VP5) as NVIDIA runs them fit without recompute', () => {
    for (const input of [nemo('llama3-8b', 8, 128, { tp: 1, pp: 1, cp: 2, v: 1 }), nemo('llama3-70b', 64, 128, { tp: 4, pp: 4, cp: 2, v: 5 })]) {
      const e = estimateTraining({ ...input, training: { ...input.training, recompute: 'none' } });
      expect(e.fitsInMemory, input.model.name).toBe(true);
    }
  });
});

describe('activations without dropout (Llama-style models)', () => {
  // Korthikanti et al. 2022, section 4.1, per layer: attention 11sbh + 5as^2b, MLP 19sbh, layernorms 4sbh.
  // Without dropout the two 1-byte residual masks (2sbh) and the attention-score dropout (mask as^2b and
  // output 2as^2b) go: with TP t and no SP, sbh(8 + 24/t) + 2as^2b/t.
  const s = 2048, b = 1, h = 12288, a = 96, t = 8;
  const gpt3NoDropout: TrainingInput = {
    model: { ...MODEL_PRESETS['gpt3-175b']!, vocab: 51200, ffnHidden: 4 * h, dropout: 0 },
    training: { tokens: 1e9, globalBatch: 64, precision: 'bf16', sequenceParallel: false },
    cluster: { accelerator: H100, count: 64, perNode: 8, scaleOutGbps: 400 },
    assumptions: { flashAttention: 0 },
  };
  it('tensor parallel, no recompute: sbh(8 + 24/t) + 2as^2b/t', () => {
    const p = layerProfile(createContext(gpt3NoDropout), { tp: t, microBatch: b, recompute: 'none' });
    expect(p.layerActivationGiB * GiB).toBeCloseTo(s * b * h * (8 + 24 / t) + (2 * a * s * s * b) / t, 0);
  });
  it('dropout 0.1 keeps the masks: sbh(10 + 24/t + 5as/ht) (the paper formula)', () => {
    const p = layerProfile(createContext({ ...gpt3NoDropout, model: { ...gpt3NoDropout.model, dropout: 0.1 } }), { tp: t, microBatch: b, recompute: 'none' });
    expect(p.layerActivationGiB * GiB).toBeCloseTo(s * b * h * (10 + 24 / t + (5 * a * s) / (h * t)), 0);
  });
});
