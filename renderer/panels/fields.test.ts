import { describe, expect, it } from 'vitest';
import { BOUNDS } from '../../core/model/bounds';
import { UNIT_SYMBOLS, UNIT_WORDS_ZH } from '../i18n/units';
import { boundError, designBound, rangeLabel } from './fields';

describe('inspector field bounds', () => {
  it('finds the engine bound of every number field the inspector edits', () => {
    const expected: Array<[string, (typeof BOUNDS)[keyof typeof BOUNDS]]> = [
      ['groups[0].count', BOUNDS.count],
      ['racks[0].count', BOUNDS.count],
      ['racks[0].heightU', BOUNDS.heightU],
      ['racks[0].powerBudgetW', BOUNDS.rackPowerW],
      ['racks[0].coolingCapacityW', BOUNDS.rackPowerW],
      ['servers[0].slotU', BOUNDS.slotU],
      ['servers[0].quantity', BOUNDS.count],
      ['coolingUnits[0].quantity', BOUNDS.count],
      ['cables[0].linkGbps', BOUNDS.linkGbps],
      ['cables[0].lengthM', BOUNDS.cableLengthM],
      ['cables[0].quantity', BOUNDS.count],
      ['fabrics[0].oversubscription', BOUNDS.oversubscription],
      ['fabrics[0].planes', BOUNDS.planes],
      ['site.electricityUsdPerKWh', BOUNDS.electricityUsdPerKWh],
      ['site.gridKgCO2PerKWh', BOUNDS.gridKgCO2PerKWh],
      ['site.waterUsdPerM3', BOUNDS.waterUsdPerM3],
      ['site.depreciationYears', BOUNDS.depreciationYears],
      ['workload.model.layers', BOUNDS.layers],
      ['workload.model.heads', BOUNDS.heads],
      ['workload.model.kvHeads', BOUNDS.heads],
      ['workload.model.seqLength', BOUNDS.seqLength],
      ['workload.training.tokens', BOUNDS.tokens],
      ['workload.training.globalBatch', BOUNDS.globalBatch],
      ['workload.training.microBatch', BOUNDS.microBatch],
      ['workload.training.parallelism.tp', BOUNDS.parallelDegree],
    ];
    for (const [path, bound] of expected) expect(designBound(path), path).toBe(bound);
  });

  it('refuses a rack count of 1e9 and a power budget of 1e15 W with the allowed range, in both languages', () => {
    expect(boundError('en', BOUNDS.count, 1e9)).toBe('1,000,000,000 is outside the allowed range: 1 to 10,000,000.');
    expect(boundError('zh-CN', BOUNDS.count, 1e9)).toBe('1,000,000,000 超出允许范围：1 至 10,000,000。');
    expect(boundError('en', BOUNDS.rackPowerW, 1e15)).toContain('1 to 2,000,000 W');
    expect(boundError('en', BOUNDS.count, 2.5)).toBe(
      '2.5 is not a whole number. Allowed: whole numbers from 1 to 10,000,000.',
    );
    expect(boundError('en', BOUNDS.count, 10_000_000)).toBeNull();
    expect(rangeLabel('zh-CN', BOUNDS.globalBatch)).toBe('1 至 100,000,000条序列');
    expect(rangeLabel('en', BOUNDS.tokens)).toBe('1 to 10,000,000,000,000,000 tokens');
  });

  it('has a Chinese word (or a language-neutral symbol) for every unit of the bounds', () => {
    for (const [name, b] of Object.entries(BOUNDS)) {
      expect(UNIT_SYMBOLS.has(b.unit) || b.unit in UNIT_WORDS_ZH, `${name}: "${b.unit}"`).toBe(true);
    }
  });
});
