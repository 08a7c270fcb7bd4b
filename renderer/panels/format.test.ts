import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatPflops, formatPowerKW, formatUsd } from './format';

describe('short numbers with units', () => {
  it('steps power up from kW to TW and stays a few characters long', () => {
    expect(formatPowerKW('en', 64.9)).toEqual(['64.9', 'kW']);
    expect(formatPowerKW('en', 1234)).toEqual(['1.23', 'MW']);
    expect(formatPowerKW('en', 3_236_250)).toEqual(['3.24', 'GW']);
    // 1e15 W = 1e12 kW = 1,000 TW.
    expect(formatPowerKW('en', 1e12)).toEqual(['1,000', 'TW']);
    // Stepped up, three significant figures stay: 1,002 kW is 1.00 MW, not "1 MW".
    expect(formatPowerKW('en', 1002)).toEqual(['1.00', 'MW']);
    // Far beyond anything: scientific, never a 20-digit number.
    const [v, u] = formatPowerKW('en', 1e30);
    expect(u).toBe('TW');
    expect(v).toBe('1E21');
  });

  it('writes money as M / B / T USD in English and 万 / 亿 美元 in Chinese', () => {
    expect(formatUsd('en', 440_658)).toEqual(['440,658', 'USD']);
    expect(formatUsd('en', 3_900_000)).toEqual(['3.9', 'M USD']);
    expect(formatUsd('en', 195.64e9)).toEqual(['196', 'B USD']);
    expect(formatUsd('en', 2.5e12)).toEqual(['2.5', 'T USD']);
    expect(formatUsd('zh-CN', 9_999)).toEqual(['9,999', '美元']);
    // 3,900,000 USD = 390 x 10^4 (万).
    expect(formatUsd('zh-CN', 3_900_000)).toEqual(['390', '万美元']);
    // 195.64e9 USD = 1,956.4 x 10^8 (亿).
    expect(formatUsd('zh-CN', 195.64e9)).toEqual(['1,956', '亿美元']);
  });

  it('steps compute from PFLOPS to ZFLOPS', () => {
    expect(formatPflops('en', 63.3)).toEqual(['63.3', 'PFLOPS']);
    expect(formatPflops('en', 3_164_831.6)).toEqual(['3.16', 'ZFLOPS']);
    expect(formatPflops('en', 79_120_031.6)).toEqual(['79.1', 'ZFLOPS']);
  });

  it('gives long durations in years, and counts compact above ten million', () => {
    expect(formatDuration('en', 2.6 * 86400)).toEqual(['2.6', 'd']);
    // 1e30 tokens at any speed: thousands of years are shown as years, not 12-digit days.
    expect(formatDuration('en', 86400 * 365 * 4200)).toEqual(['4,200', 'yr']);
    expect(formatDuration('zh-CN', 86400 * 3)).toEqual(['3', '天']);
    expect(formatCount('en', 3_200_032)).toBe('3,200,032');
    expect(formatCount('en', 64_000_000)).toBe('64M');
    expect(formatCount('zh-CN', 120_000_000)).toBe('1.2亿');
  });
});
