/**
 * The built-in templates' MFU against published runs of their models' class. Published MFU is
 * recomputed here from published step times with the usual FLOPs per token, 6 x parameters + 12 x layers x
 * hidden x sequence (attention scores and values over the full sequence: the engine's and Megatron's
 * convention), over the H100's 989 dense BF16 TFLOPS.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { TEMPLATES } from '../model/templates';
import { NEMO_H100 } from './calibration-rows.fixture';

/** Llama 3.1 8B: 8.03B parameters, 32 layers, hidden 4,096 (model card), sequence 8,192 in the recipes. */
const FLOPS_PER_TOKEN_8B = 6 * 8.03e9 + 12 * 32 * 4096 * 8192;

describe('sample design: a 7B model on 64 H100 in BF16 within the published range of 7-8B H100 BF16 runs', () => {
  // NVIDIA dgxc-benchmarking (NeMo 24.09), Llama 3.1 8B BF16 on 8 and 128 H100: step times 12.91 s and 13.1 s
  const published = NEMO_H100.filter((r) => r.model === 'llama3-8b').map((r) => (r.batch * 8192) / r.bf16 / r.gpus * FLOPS_PER_TOKEN_8B / 989e12);
  it('published MFU of the NeMo 8B BF16 rows is 58-63% by this convention', () => {
    for (const m of published) {
      expect(m).toBeGreaterThan(0.58);
      expect(m).toBeLessThan(0.63);
    }
  });
  it('the sample (Llama 2 7B, sequence 4,096, BF16, megatron-core) shows MFU within 10% of that range and says its preset and stage split', () => {
    const sample = TEMPLATES.find((t) => t.id === 'sample')!;
    const r = evaluate(sample.build());
    const t = r.training!;
    const [lo, hi] = [Math.min(...published), Math.max(...published)];
    console.log(`sample: MFU ${(t.mfu * 100).toFixed(1)}%; published Llama 3.1 8B BF16 on H100 (NeMo 24.09): ${published.map((m) => (m * 100).toFixed(1) + '%').join(', ')}`);
    expect(t.mfu).toBeGreaterThan(lo * 0.9);
    expect(t.mfu).toBeLessThan(hi * 1.1);
    expect(t.software!.id).toBe('megatron-core');
    expect(t.stageSplit!.layersPerStage).toEqual([32]);
  });
});
