import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import { normalizeModel } from '../training';
import { createPoolContexts } from './profile';
import { cartesian, fitStageCounts, permutations, poolTpChoices } from './space';
import type { MixedInput } from './types';

const H100 = DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', 'test');
// 16 heads (and 16 KV heads): tp must divide 16
const MODEL = { layers: 48, hidden: 2048, heads: 16, vocab: 32000, seqLength: 2048 };

describe('permutations', () => {
  it('lists every pool order up to three pools', () => {
    expect(permutations(1)).toEqual([[0]]);
    expect(permutations(2)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(permutations(3)).toHaveLength(6);
    expect(new Set(permutations(3).map((p) => p.join(''))).size).toBe(6);
  });
  it('keeps the given order and its reverse beyond three pools', () => {
    expect(permutations(4)).toEqual([
      [0, 1, 2, 3],
      [3, 2, 1, 0],
    ]);
  });
});

describe('cartesian', () => {
  it('enumerates one choice per list in lexicographic order', () => {
    expect(cartesian([[1, 2], [4], [8, 16]])).toEqual([
      [1, 4, 8],
      [1, 4, 16],
      [2, 4, 8],
      [2, 4, 16],
    ]);
  });
});

describe('fitStageCounts', () => {
  it('keeps every pool stage when the pipeline can take them', () => {
    expect(fitStageCounts([2, 3], 48, undefined)).toEqual([2, 3]);
  });
  it('shrinks proportionally to the layer units available', () => {
    // 8 + 4 = 12 stages for 6 units: floor(8 x 6 / 12) = 4, floor(4 x 6 / 12) = 2
    expect(fitStageCounts([8, 4], 6, undefined)).toEqual([4, 2]);
  });
  it('meets a fixed pp exactly, or gives up', () => {
    // pp 3 of 12: floor(8 x 3 / 12) = 2, floor(4 x 3 / 12) = 1
    expect(fitStageCounts([8, 4], 48, 3)).toEqual([2, 1]);
    expect(fitStageCounts([8, 4], 48, 20)).toBeNull();
  });
  it('trims the largest pool after rounding up to one stage a pool', () => {
    // target 3: floor(7 x 3 / 9) = 2, the others raised to 1 -> 4 stages; the largest gives one back
    expect(fitStageCounts([7, 1, 1], 3, undefined)).toEqual([1, 1, 1]);
    // three pools cannot fit a two-unit pipeline at one stage each
    expect(fitStageCounts([10, 1, 1], 2, undefined)).toBeNull();
  });
});

describe('poolTpChoices', () => {
  const input = (count: number): MixedInput => ({
    model: MODEL,
    training: { tokens: 1e9, globalBatch: 64, precision: 'bf16' },
    pools: [{ accelerator: H100, count, perNode: 8, scaleOutGbps: 400 }],
  });
  const model = normalizeModel(MODEL);
  it('takes powers of two up to the scale-up domain and the pool size that split the heads', () => {
    const [big] = createPoolContexts(input(64), {});
    expect(poolTpChoices(big!, model, undefined, undefined, 2)).toEqual([1, 2, 4, 8]); // 8-GPU NVLink domain
    const [small] = createPoolContexts(input(4), {});
    expect(poolTpChoices(small!, model, undefined, undefined, 2)).toEqual([1, 2, 4]);
  });
  it('narrows to the standalone tp and its neighbours from three pools on, and honours a fixed tp', () => {
    const [pc] = createPoolContexts(input(64), {});
    expect(poolTpChoices(pc!, model, undefined, 4, 3)).toEqual([2, 4, 8]);
    expect(poolTpChoices(pc!, model, undefined, 4, 2)).toEqual([1, 2, 4, 8]);
    expect(poolTpChoices(pc!, model, 2, 4, 3)).toEqual([2]);
  });
});
