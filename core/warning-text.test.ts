import { describe, expect, it } from 'vitest';
import { evaluate, type EvalWarning } from './evaluate';
import { parseDesign } from './model';
import type { DesignInput } from './model/design';
import { TEMPLATES } from './model/templates';
import { TRANSLATED_WARNING_CODES, warningText } from './warning-text';

const base = (extra: Partial<DesignInput>): DesignInput => ({ schemaVersion: 2, id: 'd', name: 'test', ...extra });
const rack = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Rack ${id}`,
  position: { x: 0, y: 0 },
  heightU: 42,
  powerBudgetW: 40_000,
  cooling: 'air' as const,
  ...extra,
});

/** Designs that between them raise most of the engine's warnings. */
function warningsOfManyDesigns(): EvalWarning[] {
  const designs: DesignInput[] = [
    base({
      racks: [rack('r', { heightU: 20, powerBudgetW: 10_000 })],
      servers: [
        { id: 'a', partId: 'dgx-h100', rackId: 'r', slotU: 1 },
        { id: 'b', partId: 'dgx-h100', rackId: 'r', slotU: 5 },
        { id: 'c', partId: 'dgx-h100', rackId: 'r', slotU: 15 },
        { id: 'bad', partId: 'dgx-h10', rackId: 'r', slotU: 19 },
      ],
      pdus: [{ id: 'p', partId: 'pdu-rack-43kw', rackId: 'r', quantity: 1 }],
      assumptions: { 'cooling.airDensityLimitKW': -1, 'no.suchKey': 3 },
    }),
    base({
      groups: [{ id: 'g-empty', name: 'Empty SU', kind: 'su', count: 1, position: { x: 0, y: 0 } }],
      racks: [
        rack('air', { powerBudgetW: 60_000 }),
        rack('cp', { cooling: 'cold-plate', powerBudgetW: 140_000, count: 2 }),
        rack('small', { coolingCapacityW: 10_000 }),
        rack('rd', { cooling: 'rear-door', powerBudgetW: 120_000 }),
      ],
      servers: [
        { id: 'x', partId: 'dgx-h100', rackId: 'air', slotU: 1, quantity: 5 },
        { id: 'n', partId: 'gb200-nvl72', rackId: 'cp', slotU: 1 },
        { id: 's', partId: 'dgx-h100', rackId: 'small', slotU: 1, quantity: 2 },
        { id: 'g', partId: 'gb200-nvl72', rackId: 'air', slotU: 41 },
        { id: 'h', partId: 'atlas-800t-a2', rackId: 'rd', slotU: 1, quantity: 9 },
      ],
      coolingUnits: [{ id: 'cdu', name: 'CDU 1', partId: 'cdu-inrack-150kw', rackIds: ['cp', 'air'] }],
      fabrics: [
        { id: 'f', name: 'Fabric F', switchPartId: 'qm9700' },
        { id: 'f2', name: 'Empty', groupId: 'g-empty', switchPartId: 'qm9700' },
      ],
      workload: {
        model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
        training: {
          tokens: 3e11,
          globalBatch: 7,
          precision: 'bf16',
          zeroStage: 1,
          parallelism: { tp: 8, pp: 1, cp: 1 },
        },
        reliability: { strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 },
      },
    }),
    ...TEMPLATES.map((t) => t.build() as DesignInput),
  ];
  return designs.flatMap((d) => evaluate(parseDesign(d)).warnings);
}

describe('engine warnings in Chinese', () => {
  const warnings = warningsOfManyDesigns();
  const codes = new Set(warnings.map((w) => w.code));

  it('every warning carries the values of its message', () => {
    expect(codes.size).toBeGreaterThanOrEqual(12);
    for (const w of warnings) expect(w.params, w.code).toBeDefined();
  });

  it('a translated code reads in Chinese, with every name and number of the English message', () => {
    let translated = 0;
    for (const w of warnings) {
      const zh = warningText(w, 'zh-CN');
      expect(zh, w.code).not.toMatch(/undefined|NaN|\[object/);
      if (!TRANSLATED_WARNING_CODES.includes(w.code)) continue;
      translated++;
      expect(zh, w.code).not.toBe(w.message);
      expect(zh, w.code).toMatch(/[\u4e00-\u9fff]/);
      // Rack, unit and fabric names and the numbers the English text gives appear in the Chinese one.
      for (const v of Object.values(w.params ?? {})) {
        if (typeof v === 'number' || /^(Rack |CDU|Fabric|Empty|dgx|qm)/.test(String(v)))
          expect(zh, `${w.code}: ${String(v)}`).toContain(String(v));
      }
    }
    expect(translated).toBeGreaterThanOrEqual(12);
  });

  it('English is the engine text, unchanged', () => {
    for (const w of warnings) expect(warningText(w, 'en')).toBe(w.message);
  });

  it('a warning without values, or of an unknown code, is shown as written', () => {
    const w: EvalWarning = {
      severity: 'info',
      code: 'something-new',
      message: 'as written',
      entityIds: [],
      params: { a: 1 },
    };
    expect(warningText(w, 'zh-CN')).toBe('as written');
    expect(warningText({ ...w, code: 'rack-over-budget', params: undefined }, 'zh-CN')).toBe('as written');
  });
});
