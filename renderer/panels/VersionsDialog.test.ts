import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { formatBytes, noteText } from './VersionsDialog';

describe('versions list text', () => {
  it('shows the host notes in the UI language and keeps other notes as written', () => {
    const zh = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => translate('zh-CN', k, p);
    const en = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => translate('en', k, p);
    expect(noteText(zh, 'Restored version 12')).toBe('由第 12 版恢复');
    expect(noteText(en, 'Restored version 12')).toBe('Restored version 12');
    expect(noteText(zh, 'Imported from pod (1).cwb.json')).toBe('从 pod (1).cwb.json 导入');
    expect(noteText(zh, 'Imported from a.cwb.json (schema 1, upgraded)')).toBe(
      '从 a.cwb.json 导入（架构版本 1，已升级）',
    );
    expect(noteText(zh, 'bigger racks')).toBe('bigger racks');
  });

  it('gives sizes in B below 1 KiB, then KB and MB of 1024', () => {
    expect(formatBytes('en', 558)).toBe('558 B');
    expect(formatBytes('en', 1536)).toBe('1.5 KB');
    expect(formatBytes('en', 3 * 1048576)).toBe('3 MB');
    expect(formatBytes('en', undefined)).toBe('—');
  });
});
