import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE } from './economics';
import { defaultGlobalBatch, nearestPow2, resolveSite } from './workload';

describe('default global batch', () => {
  it('is the given batch, else 4,194,304 tokens over the sequence length at the nearest power of two', () => {
    expect(defaultGlobalBatch(96, 8192, {})).toBe(96);
    expect(defaultGlobalBatch(undefined, 8192, {})).toBe(512); // 4,194,304 / 8,192 = 512
    expect(defaultGlobalBatch(undefined, 3000, {})).toBe(1024); // 1,398 -> 1,024 (1,398 / 1,024 < 2,048 / 1,398)
    expect(defaultGlobalBatch(undefined, 2048, { 'planner.defaultBatchTokens': 1e6 })).toBe(512); // 488 -> 512
  });
  it('rounds to the nearest power of two by ratio, at least 1', () => {
    expect(nearestPow2(0.3)).toBe(1);
    expect(nearestPow2(5)).toBe(4); // 5/4 = 1.25 < 8/5 = 1.6
    expect(nearestPow2(6)).toBe(8); // 6/4 = 1.5 > 8/6 = 1.33
  });
});

describe('site', () => {
  it('fills every field the requirements leave out from the default site', () => {
    expect(resolveSite(undefined)).toEqual(DEFAULT_SITE);
    expect(resolveSite({ climate: 'hot', electricityUsdPerKWh: 0.12 })).toEqual({
      ...DEFAULT_SITE,
      climate: 'hot',
      electricityUsdPerKWh: 0.12,
    });
  });
});
