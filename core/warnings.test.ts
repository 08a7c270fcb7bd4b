import { describe, expect, it } from 'vitest';
import { MAX_WARNINGS_PER_CODE, finishWarnings, overrideWarnings, poolWarnings, warning } from './warnings';

describe('warnings stage', () => {
  it('sorts errors, then warnings, then notes, each in the order found across stages', () => {
    const out = finishWarnings([
      [warning('info', 'a', 'a1'), warning('warning', 'b', 'b1')],
      [warning('error', 'c', 'c1'), warning('info', 'a', 'a2'), warning('error', 'd', 'd1')],
    ]);
    expect(out.map((w) => w.message)).toEqual(['c1', 'd1', 'b1', 'a1', 'a2']);
  });

  it(`keeps the first ${MAX_WARNINGS_PER_CODE} of a code and counts the rest in a note`, () => {
    const many = Array.from({ length: 73 }, (_, i) => warning('warning', 'x', `x${i}`));
    const out = finishWarnings([many, [warning('warning', 'y', 'y')]]);
    expect(out.filter((w) => w.code === 'x')).toHaveLength(50);
    expect(out.filter((w) => w.code === 'x').at(-1)!.message).toBe('x49');
    expect(out.at(-1)).toEqual({ severity: 'info', code: 'x-truncated', message: '23 more "x" warnings not shown', entityIds: [], params: { n: 23, code: 'x' } });
  });

  it('assumption problems and several pools have their own warnings', () => {
    expect(overrideWarnings([{ key: 'k', severity: 'error', message: 'must be >= 0' }])[0]).toMatchObject({ code: 'assumption-invalid', message: 'assumptions.k: must be >= 0' });
    const pools = [
      { pool: 'h100', acceleratorId: 'h', accelerators: 32, servers: 4, peakPflopsBf16: 1 },
      { pool: 'ascend', acceleratorId: 'a', accelerators: 16, servers: 2, peakPflopsBf16: 1 },
    ];
    expect(poolWarnings(pools)[0]).toMatchObject({ code: 'mixed-pools', params: { n: 2, pools: 'h100: 32, ascend: 16' } });
    expect(poolWarnings(pools.slice(0, 1))).toEqual([]);
  });
});
