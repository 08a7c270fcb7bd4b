/** The report names the software preset in its own language (issue 14: reports say which preset the estimate used). */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { TEMPLATES } from '../model/templates';
import { SOFTWARE_PRESET_IDS, SOFTWARE_PRESETS } from '../training';
import { reportContext } from './context';
import { MESSAGES, type MsgKey } from './i18n';
import { trainingView } from './results-view';
import { trainingFigures } from './sections-training';

function figures(lang: 'en' | 'zh-CN') {
  const design = TEMPLATES.find((t) => t.id === 'h100-superpod-1k')!.build();
  const tr = trainingView(evaluate(design))!;
  const ctx = reportContext({ lang, date: '2026-01-01', appVersion: '0' });
  const block = trainingFigures(ctx, design, tr);
  if (block.kind !== 'kv') throw new Error('expected a key-value block');
  return block.items;
}

describe('software preset in the report', () => {
  it('zh-CN prints the Chinese name of the preset, not the engine English label', () => {
    const row = figures('zh-CN').find((i) => i.label === '软件栈');
    expect(row?.value).toBe('Megatron-Core + FlashAttention + 分布式优化器');
  });
  it('en prints the engine label', () => {
    const row = figures('en').find((i) => i.label === 'Software stack');
    expect(row?.value).toBe(SOFTWARE_PRESETS['megatron-core'].label);
  });
  it('every preset has a name in both languages, the English one equal to the engine label', () => {
    for (const id of SOFTWARE_PRESET_IDS) {
      const key = `software.${id}` as MsgKey;
      expect(MESSAGES.en[key]).toBe(SOFTWARE_PRESETS[id].label);
      expect(MESSAGES['zh-CN'][key]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
