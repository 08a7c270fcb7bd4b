import { describe, expect, it } from 'vitest';
import { minMaxSplit, uniformSplit } from './split';

describe('uniformSplit', () => {
  it('spreads units evenly with the remainder on the first stages', () => {
    expect(uniformSplit(10, 3)).toEqual([4, 3, 3]);
    expect(uniformSplit(48, 4)).toEqual([12, 12, 12, 12]);
    expect(uniformSplit(5, 5)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('minMaxSplit surplus', () => {
  it('takes a surplus unit back from the slowest-per-unit stage that has more than one', () => {
    // unit times 1, 1, 3; no fixed cost; 6 units. The smallest T with enough capacity is 3:
    // floor(3/1) + floor(3/1) + floor(3/3) = 3 + 3 + 1 = 7 units, one too many. The slowest
    // stage (3 s a unit) is at its one-unit minimum, so the first of the two 1-s stages gives
    // one back: [2, 3, 1], slowest stage 3 s (no split of 6 units does better than 3 s).
    expect(minMaxSplit(6, [1, 1, 3], [0, 0, 0], [100, 100, 100])).toEqual([2, 3, 1]);
  });
  it('leaves every stage at least one unit', () => {
    // 3 units on 3 stages: one each whatever the speeds
    expect(minMaxSplit(3, [1, 5, 9], [0, 0, 0], [10, 10, 10])).toEqual([1, 1, 1]);
  });
});
