import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { detectLocale, translate } from './index';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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
});
