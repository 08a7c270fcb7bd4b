import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { design, rack } from '../stages.fixture';
import { buildReport } from './build';
import { reportContext } from './context';
import { formatNumber } from './format';
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
