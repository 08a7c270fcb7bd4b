import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { design, rack } from '../stages.fixture';
import { buildReport } from './build';
import { reportContext } from './context';
import { formatNum, formatNumber, type Num } from './format';
import { renderHtml } from './html';
import { facilitySection } from './sections-facility';

const d = design({
  racks: [rack('r', { count: 8, cooling: 'cold-plate', powerBudgetW: 140_000 })],
  servers: [{ id: 's', partId: 'gb200-nvl72', rackId: 'r' }],
  site: { city: 'hohhot', facility: { upsTopology: '2N' } },
});
const results = evaluate(d);

describe('facility report section', () => {
  it('draws the one-line diagram with the UPS modules and the generators as the results give them', () => {
    const s = facilitySection(reportContext({ lang: 'en', date: '2026-01-01', appVersion: '0' }), results);
    const fig = s.blocks.find((b) => b.kind === 'figure');
    expect(fig?.kind === 'figure' && fig.svg).toBeTruthy();
    const ups = results.facility.electrical.stages.find((x) => x.stage === 'ups')!;
    const svg = fig!.kind === 'figure' ? fig!.svg : '';
    expect(svg).toContain(`${formatNumber(ups.units, 'int')} × ${formatNumber(ups.unitKVA, 'int')} kVA (2N)`);
    expect(svg).toContain('Standby generators');
    expect(svg).toContain('stroke-dasharray');
  });
  it('lists 12 months and the annual PUE, with the climate source', () => {
    const s = facilitySection(reportContext({ lang: 'en', date: '2026-01-01', appVersion: '0' }), results);
    const months = s.blocks.find((b) => b.kind === 'table' && b.id === 'facility-months');
    expect(months?.kind === 'table' && months.rows.length).toBe(12);
    const p = s.blocks.find((b) => b.kind === 'p');
    expect(p?.kind === 'p' && p.text).toMatch(/Hohhot.*China Statistical Yearbook/);
  });
  it('is in the HTML report in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const html = renderHtml(buildReport(d, results, { lang, date: '2026-01-01', appVersion: '0' }));
      expect(html).toContain(lang === 'en' ? 'One-line diagram of the power chain' : '供电链单线图');
      expect(html).toContain(formatNumber(results.facility.designDay.facilityPowerKW, 'd1'));
    }
  });
});

describe('peak vs average and a rack-scale system\'s all-in power in the power section (issue 21)', () => {
  it('gives the design-day peak beside the year mean, and the NVL72 at 132 kW nameplate, 141 kW with its NVLink switches, 145 kW all-in', async () => {
    const { powerItems, powerSection } = await import('./sections-power');
    for (const lang of ['en', 'zh-CN'] as const) {
      const s = powerSection(reportContext({ lang, date: '2026-01-01', appVersion: '0' }), results, powerItems(results.power));
      const table = s.blocks.find((b) => b.kind === 'table' && b.id === 'power-breakdown');
      const footer = table?.kind === 'table' ? (table.footer ?? []) : [];
      const mean = footer.find((r) => String(r[0]).includes(lang === 'en' ? 'year mean' : '全年平均'));
      const peak = footer.find((r) => String(r[0]).includes(lang === 'en' ? 'design day' : '设计日'));
      const text = (c: unknown) => (typeof c === 'string' ? c : formatNum(c as Num));
      expect(text(mean?.[1])).toBe(formatNumber(results.power.facilityPowerKW, 'd1'));
      expect(text(peak?.[1])).toBe(formatNumber(results.facility.designDay.facilityPowerKW, 'd1'));
      // The grid is sized on the peak: a warmer design day draws more than the year's mean.
      expect(results.facility.designDay.facilityPowerKW).toBeGreaterThan(results.power.facilityPowerKW);
      const kv = s.blocks.filter((b) => b.kind === 'kv').flatMap((b) => (b.kind === 'kv' ? b.items : []));
      const line = (label: string) => text(kv.find((i) => i.label.includes('NVL72') && i.label.includes(label))?.value);
      expect(line(lang === 'en' ? 'compute nameplate' : '计算铭牌')).toMatch(/^132(\.0)? kW$/);
      expect(line(lang === 'en' ? 'scale-up switches' : '纵向扩展交换机')).toMatch(/^141(\.0)? kW$/);
      expect(line(lang === 'en' ? 'all-in' : '全口径')).toMatch(/^145(\.0)? kW$/);
    }
  });
});
