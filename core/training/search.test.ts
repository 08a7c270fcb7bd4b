import { describe, expect, it } from 'vitest';
import { REFERENCE_A100_80GB, REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import { InputError } from '../errors';
import { MODEL_PRESETS } from './presets';
import { estimateTraining, searchParallelism } from './search';
import type { TrainingInput } from './types';

const A100 = REFERENCE_A100_80GB;
const H100 = REFERENCE_H100_SXM;

const gpt3: TrainingInput = {
  model: MODEL_PRESETS['gpt3-175b']!,
  training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16' },
  cluster: { accelerator: A100, count: 1024, perNode: 8, scaleOutGbps: 200 },
};

/** The same input with the search rules lifted: every layout is a candidate. */
const gpt3Free: TrainingInput = { ...gpt3, training: { ...gpt3.training, allowTpAcrossDomains: true, allowCpForSpeed: true } };

describe('parallelism search', () => {
  const s = searchParallelism(gpt3Free, { limit: 100000, rejectedLimit: 100000 });

  it('ranks fitting configurations by step time; every one uses all accelerators and fits', () => {
    expect(s.candidates.length).toBeGreaterThan(10);
    for (let i = 1; i < s.candidates.length; i++)
      expect(s.candidates[i]!.stepTimeS).toBeGreaterThanOrEqual(s.candidates[i - 1]!.stepTimeS);
    for (const c of s.candidates) {
      const p = c.config;
      expect(p.tp * p.pp * p.dp * p.cp).toBe(1024);
      expect(96 % p.tp).toBe(0);
      // a stage may hold any number of layers, at least one per model chunk
      expect(p.pp * p.virtualStages).toBeLessThanOrEqual(96);
      expect(1536 % (p.dp * p.microBatch)).toBe(0);
      expect(c.memoryPerAcceleratorGiB).toBeLessThanOrEqual(80); // A100 80GB: 81,920 MiB
      expect(c.mfu).toBeLessThanOrEqual(1);
    }
    expect(s.counts.considered).toBe(s.counts.valid + s.counts.divisibility);
    expect(s.counts.valid).toBe(s.counts.fitting + s.counts.memory);
  });

  it('keeps rejected configurations with their reason', () => {
    const mem = s.rejected.filter((r) => r.reason === 'memory');
    const div = s.rejected.filter((r) => r.reason === 'divisibility');
    expect(mem.length).toBe(s.counts.memory);
    expect(div.length).toBe(s.counts.divisibility);
    // tp = 1, pp = 2 cannot hold 87B parameters (18 bytes each) in 80 GiB
    expect(mem.some((r) => r.config.tp === 1 && r.config.pp === 2)).toBe(true);
    for (const r of mem) expect(r.memoryGiB!).toBeGreaterThan(80);
    // heads 96 not divisible by tp 64
    expect(div.some((r) => r.message.startsWith('model.heads') && r.message.includes('training.parallelism.tp'))).toBe(true);
    expect(div.some((r) => r.message.startsWith('training.globalBatch'))).toBe(true);
  });

  it('the best configuration is the default of an estimate that leaves parallelism open', () => {
    const e = estimateTraining(gpt3Free);
    expect(e.parallelism).toEqual(s.candidates[0]!.config);
    expect(e.stepTimeS).toBeCloseTo(s.candidates[0]!.stepTimeS, 12);
    expect(e.fitsInMemory).toBe(true);
    // the classic hand-tuned layout is valid and fits, and is no faster than the searched best
    const classic = s.candidates.find(
      (c) => c.config.tp === 8 && c.config.pp === 8 && c.config.dp === 16 && c.config.microBatch === 1 && c.config.recompute === 'full' && c.config.virtualStages === 1,
    );
    expect(classic).toBeDefined();
    expect(classic!.stepTimeS).toBeGreaterThanOrEqual(e.stepTimeS);
  });

  it('fixed fields are respected and the rest searched', () => {
    const r = searchParallelism({ ...gpt3, training: { ...gpt3.training, recompute: 'full', parallelism: { tp: 4 } } });
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      expect(c.config.tp).toBe(4);
      expect(c.config.recompute).toBe('full');
    }
  });

  it('a fixed field that can never work is an input error naming both fields', () => {
    expect(() => estimateTraining({ ...gpt3, training: { ...gpt3.training, parallelism: { tp: 64 } } })).toThrow(InputError);
    expect(() => estimateTraining({ ...gpt3, training: { ...gpt3.training, parallelism: { tp: 64 } } })).toThrow(
      /model\.heads.*training\.parallelism\.tp/,
    );
  });

  it('a model that fits nowhere says so and gives the smallest memory it would need', () => {
    const e = estimateTraining({
      model: MODEL_PRESETS['megatron-1t']!,
      training: { tokens: 1e11, globalBatch: 64, precision: 'bf16' },
      cluster: { accelerator: A100, count: 8, perNode: 8, scaleOutGbps: 200 },
    });
    expect(e.fitsInMemory).toBe(false);
    // 1T parameters over 8 GPUs with ZeRO-1 over dp: at least the 2-byte weights + 4-byte gradients of 1/8 of the model
    expect(e.minMemoryGiB!).toBeGreaterThan((1e12 / 8) * 6 / 2 ** 30);
    expect(e.memoryPerAcceleratorGiB).toBeCloseTo(e.minMemoryGiB!, 6);
    expect(e.notes.join(' ')).toContain('does not fit');
  });

  it('mixture of experts: expert parallelism is searched and all-to-all appears', () => {
    const e = estimateTraining({
      model: MODEL_PRESETS['mixtral-8x7b']!,
      training: { tokens: 1e12, globalBatch: 1024, precision: 'bf16' },
      cluster: { accelerator: H100, count: 256, perNode: 8, scaleOutGbps: 400 },
    });
    expect(e.fitsInMemory).toBe(true);
    expect(8 % e.parallelism.ep).toBe(0);
    if (e.parallelism.ep > 1) expect(e.breakdown.epCommS).toBeGreaterThan(0);
    expect(e.activeParameters).toBeLessThan(e.parameters);
  });

  it('405B-class model on 16,384 accelerators: the rules narrow the space; lifted, every layout is valid-checked (speed: npm run bench)', () => {
    const input: TrainingInput = {
      model: { ...MODEL_PRESETS['llama3-405b']!, layers: 128 },
      training: { tokens: 15e12, globalBatch: 2048, precision: 'bf16' },
      cluster: { accelerator: H100, count: 16384, perNode: 8, scaleOutGbps: 400 },
    };
    const ruled = searchParallelism(input);
    const free = searchParallelism({ ...input, training: { ...input.training, allowTpAcrossDomains: true, allowCpForSpeed: true } });
    expect(free.counts.valid).toBeGreaterThan(1000);
    expect(ruled.counts.considered).toBeLessThan(free.counts.considered);
    expect(ruled.best!.fits).toBe(true);
    expect(ruled.best!.config.tp).toBeLessThanOrEqual(8);
    // 8,192 tokens: at most CP2 (cpMinTokensPerRank 4,096), and only for a layout that fits without it under no recompute mode
    expect(ruled.best!.config.cp).toBeLessThanOrEqual(2);
    expect(ruled.cpForMemory).toBe(ruled.best!.config.cp > 1);
  });
});
