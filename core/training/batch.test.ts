import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { TEMPLATES, templateById } from '../model/templates';
import { warningText } from '../warning-text';
import { MODEL_PRESETS } from './presets';
import { dataParallelDegrees, nearestWorkingBatches, workingGlobalBatch } from './batch';
import { searchParallelism } from './search';
import { REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import type { ModelSpec } from './types';

const LLAMA3_8B = MODEL_PRESETS['llama3-8b'] as ModelSpec; // 32 layers, 32 heads, 8 KV heads
const LLAMA3_70B = MODEL_PRESETS['llama3-70b'] as ModelSpec; // 80 layers, 64 heads, 8 KV heads

function withWorkload(id: string, model: ModelSpec, globalBatch: number) {
  const d = templateById(id)!.build();
  return {
    ...d,
    workload: {
      model: { ...model },
      training: { tokens: 300e9, globalBatch, precision: 'bf16' as const, zeroStage: 1 as const, parallelism: {} },
      reliability: { strategy: 'automatic' as const, asyncCheckpoint: false, spareNodes: 0 },
    },
  };
}

describe('global batch sizes a cluster can run', () => {
  it('data-parallel degrees of 10,000 cards for Llama 3 8B, by hand', () => {
    // 10,000 = 2^4 x 5^4. tp is a power of two dividing 32 heads and 8 KV heads or divisible by 8 (1..32);
    // a stage may hold any number of layers, so pp is any divisor of 10,000 / tp up to the 32 layers;
    // dp = 10,000 / (tp x pp): 25 = 10,000 / (16 x 25), 50, ...; 40 and 80 would need tp x pp = 250 or 125,
    // whose odd part 125 exceeds 32 stages, and dp below 25 needs tp x pp of 500 or more.
    expect(dataParallelDegrees(LLAMA3_8B, 10000)).toEqual([25, 50, 100, 125, 200, 250, 400, 500, 625, 1000, 1250, 2000, 2500, 5000, 10000]);
    // 576 = 2^6 x 9 GB200 GPUs, Llama 3 70B: tp 1..64 in powers of two (8 KV heads), pp | 576 / tp up to 80
    // layers (pp 9, 18, ... hold the 80 layers unevenly): every divisor of 576 is a dp
    expect(dataParallelDegrees(LLAMA3_70B, 576)).toEqual([1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 32, 36, 48, 64, 72, 96, 144, 192, 288, 576]);
  });

  it('a new workload batch: kept when it works, else the multiple of dp within 2x that most layouts run', () => {
    expect(workingGlobalBatch(LLAMA3_8B, 1024, 1024)).toBe(1024);
    // 1536 on 10,000 cards: no dp above divides it (each is a multiple of 25); of the multiples within
    // [768, 3072], 2000 runs the most dp (25, 50, 100, 125, 200, 250, 400, 500, 1000, 2000)
    expect(workingGlobalBatch(LLAMA3_8B, 10000, 1536)).toBe(2000);
    // 1024 on 576: dp 1..64 in powers of two divide 1024 (e.g. tp 1 x pp 9 x dp 64)
    expect(workingGlobalBatch(LLAMA3_70B, 576, 1024)).toBe(1024);
    // every suggestion is accepted by the search
    for (const [m, n, b] of [[LLAMA3_8B, 10000, 1536], [LLAMA3_70B, 576, 1024]] as const) {
      const g = workingGlobalBatch(m, n, b);
      const s = searchParallelism({
        model: m,
        training: { tokens: 1e12, globalBatch: g, precision: 'bf16' },
        cluster: { accelerator: REFERENCE_H100_SXM, count: n, perNode: 8, scaleOutGbps: 400 },
      });
      expect(s.counts.valid).toBeGreaterThan(0);
    }
  });

  it('Ascend 10k template + Llama 3 8B at batch 1536: the rule and the nearest batches that work, not a bare refusal', () => {
    const r = evaluate(withWorkload('ascend-910b-10k', LLAMA3_8B, 1536));
    expect(r.training).toBeUndefined();
    const w = r.warnings.find((x) => x.code === 'training-batch-infeasible')!;
    expect(w.severity).toBe('error');
    // with TP within the 8-NPU node the smallest dp is 50 (tp 8 x pp 25): below 1536 the nearest multiple of a
    // layout's dp is 1500 (30 x 50), above it 1550 (31 x 50)
    expect(w.params).toMatchObject({ batch: 1536, below: '1500', above: '1550' });
    expect(w.message).toContain('training.globalBatch');
    expect(w.message).toContain('dp x training.microBatch');
    expect(w.message).toContain('1500 (tp');
    expect(warningText(w, 'zh-CN')).toContain('最接近的可行批大小：1500（tp');
    // the suggested batches do run
    for (const b of [1500, 1550]) expect(evaluate(withWorkload('ascend-910b-10k', LLAMA3_8B, b)).training).toBeDefined();
  });

  it('GB200 SU + Llama 3 70B at batch 1024 runs: a pipeline of 9 stages holds the 80 layers unevenly (dp 64)', () => {
    const r = evaluate(withWorkload('gb200-nvl72-su', LLAMA3_70B, 1024));
    expect(r.warnings.find((x) => x.code === 'training-batch-infeasible')).toBeUndefined();
    expect(r.training).toBeDefined();
    expect(1024 % (r.training!.parallelism.dp * r.training!.parallelism.microBatch)).toBe(0);
  });

  it('no suggestion when the batch is not the problem', () => {
    const input = {
      model: { ...LLAMA3_8B, hidden: 3840, heads: 30, kvHeads: 30, layers: 31 },
      training: { tokens: 1e12, globalBatch: 7, precision: 'bf16' as const, parallelism: { tp: 3 } },
      cluster: { accelerator: REFERENCE_H100_SXM, count: 16, perNode: 8, scaleOutGbps: 400 },
    };
    expect(nearestWorkingBatches(input, 7)).toBeNull();
  });
});

describe('templates open with a workload the engine estimates', () => {
  for (const t of TEMPLATES) {
    it(`${t.id}: a workload and a training estimate, the workload's model named in the description`, () => {
      const d = t.build();
      expect(d.workload).toBeDefined();
      const r = evaluate(d);
      expect(r.training).toBeDefined();
      expect(r.warnings.filter((w) => w.code.startsWith('training-'))).toEqual([]);
      expect(t.description.en).toContain(d.workload!.model.name!);
    });
  }
});
