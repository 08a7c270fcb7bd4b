import { describe, expect, it } from 'vitest';
import { fmtDays, fmtNum, fmtUsd, pct } from './format';

describe('planner number formatting', () => {
  it('groups thousands and rounds to the digits asked for', () => {
    expect(fmtNum(4194304)).toBe('4,194,304');
    expect(fmtNum(12.345, 1)).toBe('12.3');
  });
  it('gives days more decimals the shorter they are', () => {
    expect(fmtDays(0.456)).toBe('0.46 days');
    expect(fmtDays(7.25)).toBe('7.3 days');
    expect(fmtDays(93.6)).toBe('94 days');
  });
  it('writes dollars in millions and billions with three significant digits', () => {
    expect(fmtUsd(1.5e9)).toBe('$1.5 B');
    expect(fmtUsd(612.34e6)).toBe('$612 M');
    expect(fmtUsd(45.67e6)).toBe('$45.7 M');
    expect(fmtUsd(2.345e6)).toBe('$2.35 M');
    expect(fmtUsd(999_999)).toBe('$999,999');
  });
  it('rounds the overrun to whole per cent, at least 1%', () => {
    expect(pct(125, 100)).toBe('25%');
    expect(pct(100.2, 100)).toBe('1%');
  });
});
