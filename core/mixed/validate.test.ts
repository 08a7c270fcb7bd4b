import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import { InputError } from '../errors';
import { normalizeModel, resolveTrainingParams } from '../training';
import { createPoolContexts } from './profile';
import type { MixedInput } from './types';
import { checkMemoryFloor, memoryFloor, resolveFixedDims, splitAssumptions } from './validate';

const H100 = DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', 'test');
const A100 = DEFAULT_CATALOG.requireOfKind('a100-sxm4-80gb', 'accelerator', 'test');
const MODEL = { layers: 48, hidden: 2048, heads: 16, vocab: 32000, seqLength: 2048 };

function input(parallelism: MixedInput['training']['parallelism'] = {}): MixedInput {
  return {
    model: MODEL,
    training: { tokens: 1e9, globalBatch: 64, precision: 'bf16', parallelism },
    pools: [
      { accelerator: H100, count: 8, perNode: 8, scaleOutGbps: 400 },
      { accelerator: A100, count: 8, perNode: 8, scaleOutGbps: 200 },
    ],
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

describe('splitAssumptions', () => {
  it('keeps mixed keys apart, fills their defaults and passes the rest to training', () => {
    const r = splitAssumptions({ crossPoolLatencyS: 2e-5, kernelOverheadS: 0 });
    expect(r.training).toEqual({ kernelOverheadS: 0 });
    expect(r.mixed).toEqual({ crossPoolLatencyS: 2e-5, crossPoolBusEfficiency: 0.9 });
  });
  it('refuses a negative or zero-efficiency mixed key by its path', () => {
    expect(pathOf(() => splitAssumptions({ crossPoolLatencyS: -1 }))).toBe('assumptions.crossPoolLatencyS');
    expect(pathOf(() => splitAssumptions({ crossPoolBusEfficiency: 0 }))).toBe('assumptions.crossPoolBusEfficiency');
  });
});

describe('resolveFixedDims', () => {
  const model = normalizeModel(MODEL);
  const pcs = createPoolContexts(input(), {});
  it('reads what the scenario fixes and leaves the rest to the search', () => {
    const f = resolveFixedDims(input({ tp: 2, pp: 4 }), model, pcs);
    expect(f).toMatchObject({ tp: 2, pp: 4, dp: undefined, v: undefined });
  });
  it('names the field that cannot hold', () => {
    expect(pathOf(() => resolveFixedDims(input({ pp: 1 }), model, pcs))).toBe('training.parallelism.pp'); // < 2 pools
    expect(pathOf(() => resolveFixedDims(input({ virtualStages: 5 }), model, pcs))).toBe(
      'training.parallelism.virtualStages',
    );
    expect(pathOf(() => resolveFixedDims(input({ pp: 16, virtualStages: 4 }), model, pcs))).toBe('model.layers'); // 64 > 48
    expect(pathOf(() => resolveFixedDims(input({ tp: 3 }), model, pcs))).toBe('model.heads');
    expect(pathOf(() => resolveFixedDims(input({ tp: 16 }), model, pcs))).toBe('cluster.pools[0].count');
    expect(pathOf(() => resolveFixedDims(input({ ep: 2 }), model, pcs))).toBe('training.parallelism.ep'); // dense
    expect(pathOf(() => resolveFixedDims(input({ dp: 0 }), model, pcs))).toBe('training.parallelism.dp');
  });
});

describe('memoryFloor', () => {
  it('is one replica of weights, gradients and optimizer states plus the reserve on every accelerator', () => {
    const pcs = createPoolContexts(input(), {});
    const params = resolveTrainingParams({});
    const f = memoryFloor(pcs, params, 1e9);
    // 2 + 4 + 12 B per parameter (BF16 weights, FP32 gradients, Adam in FP32) and 3 GiB reserve on 16 accelerators
    expect(f.stateBytesPerParam).toBe(18);
    expect(f.needBytes).toBe(18e9 + 16 * 3 * 2 ** 30);
    // 8 H100 of 81,559 MiB + 8 A100 of 81,920 MiB (the devices' nvidia-smi totals)
    expect(f.holdBytes).toBe(8 * 81_559 * 2 ** 20 + 8 * 81_920 * 2 ** 20);
    expect(() => checkMemoryFloor(f, params, 1e9)).not.toThrow();
    // 80 B parameters x 18 B = 1.44 TB > 1.37 TB
    expect(pathOf(() => checkMemoryFloor(memoryFloor(pcs, params, 80e9), params, 80e9))).toBe('cluster.pools');
  });
});
