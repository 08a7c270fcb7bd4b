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
    // 10,000 = 2^4 x 5^4. tp is a power of two dividing 32 heads and 8 KV heads (1, 2, 4, 8);
    // pp divides both the 32 layers and 10,000 / tp, so pp is a power of two too; tp x pp <= 16
    // (the power of two in 10,000): dp = 10,000 / 1, 2, 4, 8, 16.
    expect(dataParallelDegrees(LLAMA3_8B, 10000)).toEqual([625, 1250, 2500, 5000, 10000]);
    // 576 = 2^6 x 9 GB200 GPUs, Llama 3 70B: tp in 1..8 (8 KV heads), pp | 80 and pp | 576/tp
    // (1, 2, 4, 8, 16): tp x pp = 1..64 in powers of two (tp x pp = 128 needs pp 16 and tp 8: 576/8 = 72, 72 % 16 != 0).
    expect(dataParallelDegrees(LLAMA3_70B, 576)).toEqual([9, 18, 36, 72, 144, 288, 576]);
  });

  it('a new workload batch: kept when it works, else the multiple of dp within 2x that most layouts run', () => {
    expect(workingGlobalBatch(LLAMA3_8B, 1024, 1024)).toBe(1024);
    // 1536 on 10,000 cards: multiples of 625 in [768, 3072] are 1250 (runs dp 625 and 1250), 1875 (625 only),
    // 2500 (625, 1250, 2500); 2500 runs the most layouts.
    expect(workingGlobalBatch(LLAMA3_8B, 10000, 1536)).toBe(2500);
    // 1024 on 576: 1152 = 2 x 576 runs every dp (9..576 all divide 1152); so does 576 but 1152 is nearer to 1024
    expect(workingGlobalBatch(LLAMA3_70B, 576, 1024)).toBe(1152);
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
    // below 1536: multiples of dp 625 / 1250 -> 1250; above: 1875 (3 x 625)
    expect(w.params).toMatchObject({ batch: 1536, below: '1250', above: '1875' });
    expect(w.message).toContain('training.globalBatch');
    expect(w.message).toContain('dp x training.microBatch');
    expect(w.message).toContain('1250 (tp');
    expect(warningText(w, 'zh-CN')).toContain('最接近的可行批大小：1250（tp');
    // the suggested batches do run
    for (const b of [1250, 1875]) expect(evaluate(withWorkload('ascend-910b-10k', LLAMA3_8B, b)).training).toBeDefined();
  });

  it('GB200 SU + Llama 3 70B at batch 1024: nearest 1017 (113 x 9) and 1026 (57 x 18 or 114 x 9)', () => {
    const d = withWorkload('gb200-nvl72-su', LLAMA3_70B, 1024);
    const r = evaluate(d);
    const w = r.warnings.find((x) => x.code === 'training-batch-infeasible');
    expect(w?.params).toMatchObject({ batch: 1024, below: '1017', above: '1026' });
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
