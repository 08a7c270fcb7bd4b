import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { detectLocale, translate } from './index';

/** Parameter names, once each: `{n}` and the plural form `{n, plural, ...}`. */
const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();

describe('i18n', () => {
  it('zh-CN has exactly the English keys, each with the same {parameters}, none left empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) {
      const zh = zhCN[k as keyof typeof en];
      expect(params(zh), k).toEqual(params(v));
      expect(zh.trim().length, k).toBeGreaterThan(0);
    }
  });

  it('formats parameters and picks the locale from the browser language', () => {
    expect(translate('en', 'status.accelerators', { n: '10,000' })).toBe('10,000 accelerators');
    expect(translate('zh-CN', 'status.accelerators', { n: '10,000' })).toBe('10,000 张加速卡');
    expect(detectLocale('zh-TW')).toBe('zh-CN');
    expect(detectLocale('zh')).toBe('zh-CN');
    expect(detectLocale('en-GB')).toBe('en');
    expect(detectLocale('de-DE')).toBe('en');
    expect(detectLocale(undefined)).toBe('en');
  });

  it('picks the plural form by the count: 1 row, 4 rows, 1,024 rows (formatted counts too); Chinese has one form', () => {
    expect(translate('en', 'facility.rows', { n: 1 })).toBe('1 row');
    expect(translate('en', 'facility.rows', { n: '4' })).toBe('4 rows');
    expect(translate('en', 'facility.rows', { n: '1,024' })).toBe('1,024 rows');
    expect(translate('en', 'facility.rows', { n: '0' })).toBe('0 rows');
    expect(translate('zh-CN', 'facility.rows', { n: '1' })).toBe('1 列');
    expect(translate('en', 'status.accelerators', { n: '1' })).toBe('1 accelerator');
    expect(translate('en', 'canvas.warnings', { n: 1 })).toBe('1 warning');
    expect(translate('en', 'planner.summary', { n: '1', front: '1', ms: '20' })).toBe('1 configuration meets every constraint; 1 on the Pareto front (20 ms).');
    expect(translate('en', 'planner.summary', { n: '12', front: '3', ms: '20' })).toMatch(/^12 configurations meet every constraint;/);
    // No English message is left with a count before a plural noun it does not inflect.
    for (const [k, v] of Object.entries(en)) expect(v, k).not.toMatch(/(^|[^,\w]) ?\{n\} (rows|racks|entities|warnings|items|switches|nodes|accelerators)\b/);
  });
});
