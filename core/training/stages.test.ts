/**
 * Uneven pipeline stages: the input's layersPerStage, the engine's balanced split
 * (embedding on the first stage, output layer and loss on the last), the bubble of
 * uneven stages and the memory of each stage; the software presets; MFU against
 * the accelerator count at constant global batch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import { createContext } from './engine';
import { MODEL_PRESETS } from './presets';
import { estimateTraining } from './search';
import { SOFTWARE_PRESET_IDS, SOFTWARE_PRESETS } from './software';
import { TrainingSchema } from '../model/design';
import { balancedSplit, evenSplit, inflightPerLayer } from './stages';
import type { TrainingInput } from './types';

const H100 = REFERENCE_H100_SXM;

function llama405(count: number, training: Partial<TrainingInput['training']> = {}): TrainingInput {
  return {
    model: MODEL_PRESETS['llama3-405b']!,
    training: { tokens: 1.56e13, globalBatch: 2048, precision: 'bf16', ...training },
    cluster: { accelerator: H100, count, perNode: 8, scaleOutGbps: 400 },
  };
}

function pathOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.path;
    throw e;
  }
  return 'no error';
}

describe('balanced split', () => {
  it('Llama 3 405B on 16 stages: 7, 8 x 14, 7 when the output layer costs most of a layer (the paper\'s layout)', () => {
    // stage times: 7 + emb, 8, ..., 8, 7 + head; with emb ~ 0 and head = 0.7 layer no split has a slower stage below 8
    expect(balancedSplit(126, 16, 1, { layerS: 1, embS: 0.01, headS: 0.7 })).toEqual([7, ...new Array<number>(14).fill(8), 7]);
    // no head or embedding: the 126 layers as evenly as they go, the spare ones on the middle stages
    expect(balancedSplit(126, 16, 1, { layerS: 1, embS: 0, headS: 0 }).reduce((a, b) => a + b, 0)).toBe(126);
    expect(Math.max(...balancedSplit(126, 16, 1, { layerS: 1, embS: 0, headS: 0 }))).toBe(8);
    expect(evenSplit(10, 4)).toEqual([2, 3, 3, 2]);
  });

  it('every stage keeps at least one layer per model chunk', () => {
    const s = balancedSplit(20, 4, 4, { layerS: 1, embS: 0, headS: 3 });
    expect(s.reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(4);
  });

  it('activations in flight per layer: 1F1B pp - j; interleaved (2(pp - j - 1) + (v - 1) pp + 1) / v (Megatron warm-up)', () => {
    expect([0, 1, 3].map((j) => inflightPerLayer(4, 1, j, 100))).toEqual([4, 3, 1]);
    expect(inflightPerLayer(4, 2, 0, 100)).toBe((2 * 3 + 4 + 1) / 2);
    // never more than the step's micro-batches
    expect(inflightPerLayer(16, 1, 0, 4)).toBe(4);
  });
});

describe('Llama 3 405B TP8 PP16 (126 layers) answers', () => {
  it('on 16,384 H100 as Meta ran it (TP8 PP16 DP128, FSDP ~ ZeRO 2, no recomputation): MFU between 35% and 50%, the engine splitting the 126 layers', () => {
    const e = estimateTraining(llama405(16384, { microBatch: 1, recompute: 'none', zeroStage: 2, parallelism: { tp: 8, pp: 16, dp: 128, cp: 1, ep: 1 } }));
    expect(e.fitsInMemory).toBe(true);
    expect(e.mfu).toBeGreaterThan(0.35);
    expect(e.mfu).toBeLessThan(0.5);
    expect(e.stageSplit!.source).toBe('balanced');
    expect(e.stageSplit!.layersPerStage.reduce((a, b) => a + b, 0)).toBe(126);
    expect(e.stageSplit!.layersPerStage).toHaveLength(16);
  });

  it('a given split is used as given; the bubble of uneven stages is the other stages\' time once (not pp - 1 slowest slots)', () => {
    const split = [7, ...new Array<number>(14).fill(8), 7];
    const input = llama405(8192, { microBatch: 1, recompute: 'none', layersPerStage: split, parallelism: { tp: 8, pp: 16, cp: 1, ep: 1, virtualStages: 1 } });
    const e = estimateTraining(input);
    expect(e.stageSplit).toEqual({ layersPerStage: split, source: 'input' });
    // the slowest stage sets the pace: the bubble is (sum of stage times - slowest) per micro-batch <= (pp - 1) x slowest
    const perMicro = (e.breakdown.computeS + e.breakdown.tpCommS + e.breakdown.cpCommS) / e.microBatchesPerStep;
    expect(e.breakdown.pipelineBubbleS).toBeLessThan(15 * perMicro);
    expect(e.breakdown.pipelineBubbleS).toBeGreaterThan(14 * perMicro * (7 / 8));
  });

  it('a 70-layer model on PP12 and a 61-layer MoE on PP16 answer', () => {
    const m70 = { ...MODEL_PRESETS['llama3-70b']!, layers: 70 };
    const e = estimateTraining({ model: m70, training: { tokens: 1e12, globalBatch: 1536, precision: 'bf16', parallelism: { pp: 12 } }, cluster: { accelerator: H100, count: 768, perNode: 8, scaleOutGbps: 400 } });
    expect(e.parallelism.pp).toBe(12);
    expect(e.stageSplit!.layersPerStage.reduce((a, b) => a + b, 0)).toBe(70);
    const ds = estimateTraining({
      model: MODEL_PRESETS['deepseek-v3-671b']!,
      training: { tokens: 1.48e13, globalBatch: 15360, precision: 'fp8', parallelism: { tp: 1, pp: 16, ep: 64 } },
      cluster: { accelerator: { ...H100, scaleUp: { ...H100.scaleUp, bandwidthGBps: 400 } }, count: 2048, perNode: 8, scaleOutGbps: 400 },
    });
    expect(ds.fitsInMemory).toBe(true);
    expect(ds.stageSplit!.layersPerStage).toHaveLength(16);
    expect(ds.breakdown.epCommS).toBeGreaterThan(0);
    expect(ds.mfu).toBeGreaterThan(0.05);
  });
});

describe('bad training.layersPerStage', () => {
  const base = (layersPerStage: unknown, pp = 16) =>
    llama405(16384, { layersPerStage: layersPerStage as number[], parallelism: { tp: 8, pp, cp: 1, ep: 1, virtualStages: 1 }, microBatch: 1, recompute: 'none' });
  it('not summing to the layer count, a zero entry, or a length other than pp is refused naming training.layersPerStage', () => {
    expect(pathOf(() => estimateTraining(base([8, ...new Array<number>(15).fill(8)])))).toBe('training.layersPerStage');
    expect(pathOf(() => estimateTraining(base([0, ...new Array<number>(14).fill(9), 0])))).toBe('training.layersPerStage[0]');
    expect(pathOf(() => estimateTraining(base(new Array<number>(14).fill(9))))).toBe('training.layersPerStage');
  });
});

describe('software presets', () => {
  it('each is a set of assumption values with a source; the input\'s own overrides win', () => {
    for (const p of Object.values(SOFTWARE_PRESETS)) {
      expect(p.source.length).toBeGreaterThan(40);
      expect(Object.keys(p.assumptions).length).toBeGreaterThan(0);
    }
    const input = llama405(1024, { globalBatch: 512, software: 'megatron-lm-2021' });
    expect(createContext(input).params.flashAttention).toBe(0);
    expect(createContext({ ...input, assumptions: { flashAttention: 1 } }).params.flashAttention).toBe(1);
    expect(createContext({ ...input, training: { ...input.training, software: 'deepspeed-zero3' } }).zero).toBe(3);
    expect(createContext({ ...input, training: { ...input.training, software: 'megatron-core-fp8' } }).precision).toBe('fp8');
    expect(pathOf(() => createContext({ ...input, training: { ...input.training, software: 'jax' } }))).toBe('training.software');
  });

  it('the design document accepts exactly the presets the engine knows', () => {
    const schema = TrainingSchema.shape.software.unwrap();
    expect([...schema.options].sort()).toEqual([...SOFTWARE_PRESET_IDS].sort());
  });

  it('the estimate says which preset it assumed', () => {
    expect(estimateTraining(llama405(1024, { globalBatch: 512 })).software).toEqual({ id: 'megatron-core', label: SOFTWARE_PRESETS['megatron-core'].label });
  });
});

describe('MFU against the accelerator count at constant global batch', () => {
  it('property: for the same model and layout, MFU never rises when only the accelerator count grows', () => {
    fc.assert(
      fc.property(
        fc.record({
          layers: fc.constantFrom(24, 30, 32),
          hidden: fc.constantFrom(2048, 4096),
          tp: fc.constantFrom(1, 2, 4, 8),
          pp: fc.constantFrom(1, 2, 3, 4),
          v: fc.constantFrom(1, 2),
          dp: fc.constantFrom(1, 2, 4, 8),
          factor: fc.constantFrom(2, 4),
          recompute: fc.constantFrom('none', 'selective', 'full') as fc.Arbitrary<'none' | 'selective' | 'full'>,
          zero: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>,
        }),
        ({ layers, hidden, tp, pp, v, dp, factor, recompute, zero }) => {
          const vv = pp === 1 ? 1 : v;
          const globalBatch = 64 * pp * dp * factor;
          const at = (d: number) =>
            estimateTraining({
              model: { layers, hidden, heads: hidden / 128, kvHeads: 8, ffnHidden: 3.5 * hidden, gatedFfn: true, vocab: 128256, seqLength: 4096 },
              training: { tokens: 1e11, globalBatch, microBatch: 1, precision: 'bf16', recompute, zeroStage: zero, parallelism: { tp, pp, cp: 1, ep: 1, virtualStages: vv, dp: d } },
              cluster: { accelerator: { ...H100, memoryGiB: 1e6 }, count: tp * pp * d, perNode: 8, scaleOutGbps: 400 },
            });
          const small = at(dp);
          const big = at(dp * factor);
          expect(big.stageSplit).toEqual(small.stageSplit);
          expect(big.mfu).toBeLessThanOrEqual(small.mfu * (1 + 1e-12));
        },
      ),
      { numRuns: 120, seed: 14 },
    );
  });
});
