import { describe, expect, it } from 'vitest';
import { HOST_TEXT_EN, HOST_TEXT_ZH, hostText } from './hostText';

describe('desktop host text', () => {
  it('translates every menu label and dialog string into Chinese', () => {
    const keys = Object.keys(HOST_TEXT_EN) as Array<keyof typeof HOST_TEXT_EN>;
    expect(Object.keys(HOST_TEXT_ZH).sort()).toEqual([...keys].sort());
    // Only the format name Markdown reads the same.
    expect(keys.filter((k) => k !== 'report.md' && !/\p{Script=Han}/u.test(HOST_TEXT_ZH[k]))).toEqual([]);
    // Access keys survive translation: every English label with & has one in Chinese too.
    expect(keys.filter((k) => HOST_TEXT_EN[k].includes('&') && !/\(&[A-Z]\)/.test(HOST_TEXT_ZH[k]))).toEqual([]);
    expect(hostText('zh-CN', 'about.data', { dir: '/data' })).toBe('数据目录：/data');
  });
});
