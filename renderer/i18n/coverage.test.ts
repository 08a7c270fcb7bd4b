/**
 * zh-CN coverage: every string the UI shows has a Chinese entry — the UI dictionary,
 * the display name of every built-in catalog part, every engine assumption's label
 * and unit, and every word of the design and catalog vocabulary shown in lists.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../core/catalog';
import type { CatalogPart } from '../../core/catalog/types';
import {
  CableMediaSchema,
  ClimateSchema,
  GroupKindSchema,
  RackCoolingSchema,
  SwitchRoleSchema,
  TrainingSchema,
} from '../../core/model/design';
import { ENGINE_ASSUMPTIONS } from '../panels/AssumptionsEditor';
import { ASSUMPTION_LABELS_ZH, ASSUMPTION_UNITS_ZH } from './assumptions.zh-CN';
import { CATALOG_NAMES_ZH } from './catalog.zh-CN';
import { partName, termText } from './catalogText';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

/** Keys whose text is the same in both languages: abbreviations, symbols and placeholders only. */
const NEUTRAL: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'export.pdf',
  'export.html',
  'canvas.rackUsage',
  'canvas.power',
  'canvas.count',
  'results.pue',
  'results.mfu',
  'kind.pdu',
  'refuse.apiFailed',
  'planner.col.rank',
  'planner.col.mfu',
  'custom.tdpW',
  'term.power.ups',
  'term.groupKind.pod',
]);
/** Trade and format names, written the same in Chinese. */
const TRADE_NAMES: ReadonlySet<MessageKey> = new Set<MessageKey>(['term.protocol.infiniband', 'export.md']);

const KINDS = [
  'accelerator',
  'server',
  'switch',
  'transceiver',
  'cable',
  'nic',
  'cooling',
  'storage',
  'power',
] as const;
const allParts = (): CatalogPart[] => KINDS.flatMap((k) => DEFAULT_CATALOG.list(k) as CatalogPart[]);
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

describe('zh-CN coverage', () => {
  it('translates every UI string key (only abbreviations and symbols read the same)', () => {
    const same = (Object.keys(en) as MessageKey[]).filter(
      (k) => zhCN[k] === en[k] && !NEUTRAL.has(k) && !TRADE_NAMES.has(k),
    );
    expect(same).toEqual([]);
    for (const k of NEUTRAL) expect(en[k].replace(/\{\w+\}/g, ''), k).not.toMatch(/[a-z]{4,}/);
  });

  it('names every built-in catalog part in Chinese, and lists no part that does not exist', () => {
    const parts = allParts();
    expect(parts.length).toBeGreaterThan(50);
    const missing = parts.filter((p) => !CATALOG_NAMES_ZH[p.id]).map((p) => p.id);
    expect(missing).toEqual([]);
    const ids = new Set(parts.map((p) => p.id));
    expect(Object.keys(CATALOG_NAMES_ZH).filter((id) => !ids.has(id))).toEqual([]);
    // Names made only of model numbers stay as the vendor writes them; a name with words is translated.
    const untranslated = parts.filter((p) => {
      const zh = partName('zh-CN', p);
      const words = p.name.replace(/\([^)]*\)/g, '').match(/\b[a-z]{3,}\b/g) ?? [];
      return zh === p.name && words.length > 0;
    });
    expect(untranslated.map((p) => p.name)).toEqual([]);
    // English keeps the catalog's own name; a custom part keeps its author's name.
    const dgx = parts.find((p) => p.id === 'hgx-h100')!;
    expect(partName('en', dgx)).toBe(dgx.name);
    expect(partName('zh-CN', { ...dgx, custom: true, name: 'My HGX' })).toBe('My HGX');
  });

  it('labels every engine assumption and its unit in Chinese', () => {
    const rows = ENGINE_ASSUMPTIONS.flatMap((g) => g.rows);
    expect(rows.length).toBeGreaterThan(50);
    expect(
      rows.filter((a) => !ASSUMPTION_LABELS_ZH[a.key] || !hasHan(ASSUMPTION_LABELS_ZH[a.key]!)).map((a) => a.key),
    ).toEqual([]);
    expect([...new Set(rows.map((a) => a.unit))].filter((u) => !(u in ASSUMPTION_UNITS_ZH))).toEqual([]);
    for (const g of ENGINE_ASSUMPTIONS) {
      const key = `assumptions.engine.${g.engine}` as MessageKey;
      expect(en[key], key).toBeDefined();
      expect(hasHan(zhCN[key]), key).toBe(true);
    }
  });

  it('has a Chinese word for every option of the lists the inspector and palette show', () => {
    const vocab: Array<[Parameters<typeof termText>[1], readonly string[]]> = [
      ['rackCooling', RackCoolingSchema.options],
      ['role', SwitchRoleSchema.options],
      ['groupKind', GroupKindSchema.options],
      ['climate', ClimateSchema.options],
      ['media', CableMediaSchema.options],
      ['recompute', TrainingSchema.shape.recompute.unwrap().options],
      ['cooling', [...new Set(DEFAULT_CATALOG.list('cooling').map((p) => (p as { coolingKind: string }).coolingKind))]],
      ['power', [...new Set(DEFAULT_CATALOG.list('power').map((p) => (p as { powerKind: string }).powerKind))]],
      ['protocol', [...new Set(DEFAULT_CATALOG.list('switch').map((p) => (p as { protocol: string }).protocol))]],
      ['medium', [...new Set(DEFAULT_CATALOG.list('cooling').map((p) => (p as { medium: string }).medium))]],
    ];
    const missing: string[] = [];
    for (const [group, values] of vocab) {
      for (const v of values) {
        const key = `term.${group}.${v}` as MessageKey;
        if (!(key in en) || !(key in zhCN)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
    expect(termText('zh-CN', 'climate', 'hot-humid')).toBe('湿热');
    expect(termText('en', 'recompute', 'selective')).toBe('selective');
  });
});
