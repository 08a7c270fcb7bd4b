import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bomCsv, parseBomCsv, parseCsv, toCsv } from './csv';
import { formatNum, formatNumber, num, formatBytes } from './format';
import { MESSAGES } from './i18n';
import type { BomRow, Sheet } from './model';
import { base64Utf8 } from './markdown';
import { barChartSvg, rackElevationSvg, stackedBarSvg, topologySvg } from './svg';
import { columnName, readXlsx, safeSheetName, writeXlsx } from './xlsx';

describe('formatNumber', () => {
  it('groups thousands and rounds to the style', () => {
    expect(formatNumber(1234567.891, 'int')).toBe('1,234,568');
    expect(formatNumber(1234567.891, 'd1')).toBe('1,234,567.9');
    expect(formatNumber(999.996, 'd2')).toBe('1,000.00');
    expect(formatNumber(0.1234, 'd3')).toBe('0.123');
    expect(formatNumber(-1500, 'int')).toBe('-1,500');
    expect(formatNumber(-0.04, 'd1')).toBe('0.0');
    expect(formatNumber(0.4567, 'pct')).toBe('45.7%');
    expect(formatNumber(12_345_678.4, 'usd')).toBe('$12,345,678');
    expect(formatNumber(-250, 'usd')).toBe('-$250');
  });
  it('auto keeps about three significant digits', () => {
    expect(formatNumber(1.5e-6, 'auto')).toBe('1.5e-6');
    expect(formatNumber(0.0125, 'auto')).toBe('0.0125');
    expect(formatNumber(0.8, 'auto')).toBe('0.8');
    expect(formatNumber(1.234, 'auto')).toBe('1.23');
    expect(formatNumber(56.78, 'auto')).toBe('56.8');
    expect(formatNumber(1024, 'auto')).toBe('1,024');
    expect(formatNumber(4.5e12, 'auto')).toBe('4.5e12');
    expect(formatNumber(0, 'auto')).toBe('0');
  });
  it('never prints NaN or Infinity', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, undefined, null]) {
      expect(formatNumber(v, 'd2')).toBe('—');
    }
    expect(formatNum(num(Number.NaN, 'd1', 'kW'))).toBe('—');
    expect(formatNum(num(12.34, 'd1', 'kW'))).toBe('12.3 kW');
  });
  it('formats binary sizes', () => {
    expect(formatBytes(2 ** 20)).toBe('1 MiB');
    expect(formatBytes(8 * 2 ** 30)).toBe('8 GiB');
  });
});

describe('i18n', () => {
  it('has every label in both languages, non-empty', () => {
    const en = Object.keys(MESSAGES.en).sort();
    const zh = Object.keys(MESSAGES['zh-CN']).sort();
    expect(zh).toEqual(en);
    for (const k of en) {
      expect(MESSAGES.en[k as keyof typeof MESSAGES.en].length).toBeGreaterThan(0);
      expect(MESSAGES['zh-CN'][k as keyof typeof MESSAGES.en].length).toBeGreaterThan(0);
    }
    // Section titles really are translated.
    expect(MESSAGES['zh-CN'].secBom).not.toBe(MESSAGES.en.secBom);
  });
});

const BOM: BomRow[] = [
  { partId: 'dgx-h100', name: 'NVIDIA DGX H100', category: 'server', quantity: 128, unitPriceUsd: 350000, totalUsd: 44800000, source: 'NVIDIA DGX H100 datasheet, "list"' },
  { partId: 'qm9700', name: 'Quantum-2, QM9700', category: 'switch', quantity: 48, unitPriceUsd: 33000.5, totalUsd: 1584024, source: 'line1\nline2' },
  { partId: 'x', name: '=SUM(A1)', category: 'other', quantity: 1, unitPriceUsd: 0.1, totalUsd: 0.1, source: '' },
];

describe('CSV', () => {
  it('round-trips the BOM, quoting commas, quotes and newlines', () => {
    const text = bomCsv(BOM);
    expect(text.split('\r\n')[0]).toBe('partId,name,category,quantity,unitPriceUsd,totalUsd,source');
    const back = parseBomCsv(text);
    expect(back.slice(0, 2)).toEqual(BOM.slice(0, 2));
    // Formula-looking text is defused with a leading apostrophe.
    expect(back[2]?.name).toBe("'=SUM(A1)");
    expect(back[2]?.unitPriceUsd).toBe(0.1);
  });
  it('parses quoted fields', () => {
    expect(parseCsv('a,"b,""c""",d\r\n1,,3\n')).toEqual([
      ['a', 'b,"c"', 'd'],
      ['1', '', '3'],
    ]);
    expect(toCsv(['x'], [[null], [Number.NaN]])).toBe('x\r\n\r\n\r\n');
  });
});

describe('XLSX', () => {
  const sheets: Sheet[] = [
    { name: 'BOM', columns: ['partId', 'name', 'quantity', 'totalUsd'], rows: BOM.map((b) => [b.partId, b.name, b.quantity, b.totalUsd]) },
    { name: '功率 / Power', columns: ['rack', 'kW'], rows: [['r<1>&"', 10.25], ['r2', null], ['r3', 1e-7]] },
  ];
  it('names columns like a spreadsheet', () => {
    expect(columnName(0)).toBe('A');
    expect(columnName(25)).toBe('Z');
    expect(columnName(26)).toBe('AA');
    expect(columnName(701)).toBe('ZZ');
    expect(columnName(702)).toBe('AAA');
    const taken = new Set<string>();
    expect(safeSheetName('a/b', taken)).toBe('a b');
    expect(safeSheetName('A B', taken)).toBe('A B (2)');
  });
  it('writes the OOXML parts and reads the same cells back', () => {
    const bytes = writeXlsx(sheets);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'].sort(),
    );
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="功率   Power"');
    const back = readXlsx(bytes);
    expect(back.map((s) => s.columns)).toEqual(sheets.map((s) => s.columns));
    expect(back[0]?.rows).toEqual(sheets[0]?.rows);
    expect(back[1]?.rows).toEqual([['r<1>&"', 10.25], ['r2'], ['r3', 1e-7]]);
  });
  it('is deterministic', () => {
    expect(Buffer.from(writeXlsx(sheets)).equals(Buffer.from(writeXlsx(sheets)))).toBe(true);
  });
});

describe('SVG figures', () => {
  it('bar chart scales bars to the largest value', () => {
    const svg = barChartSvg(
      [
        { label: 'IT', value: 100, text: '100 kW' },
        { label: 'Cooling', value: 25, text: '25 kW' },
      ],
      { label: 'power', width: 500 },
    );
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.25, 3);
    expect(svg).toContain('100 kW');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
  it('stacked bar, topology and racks carry no NaN and escape text', () => {
    const a = stackedBarSvg(
      [
        { label: 'compute', value: 3, text: '3 s' },
        { label: '<bubble>', value: 1, text: '1 s' },
        { label: 'zero', value: 0, text: '0 s' },
      ],
      { label: 'step', totalText: 'Step 4 s' },
    );
    expect(a).toContain('&lt;bubble&gt;');
    const t = topologySvg(
      [
        { label: 'Spine', count: 32, countText: '32' },
        { label: 'Leaf', count: 64, countText: '64' },
        { label: 'Servers', count: 0, countText: '0' },
      ],
      { label: 'topology' },
    );
    const r = rackElevationSvg(
      [{ title: 'Rack A × 4', heightU: 42, devices: [{ slotU: 1, heightU: 8, label: 'DGX H100', category: 'server' }, { slotU: 42, heightU: 2, label: 'too tall', category: 'switch' }] }],
      { label: 'racks' },
    );
    for (const s of [a, t, r]) expect(s).not.toMatch(/NaN|Infinity|http/);
    // The device above the top is clipped to the rack: 1U drawn at 11 px.
    expect(r).toMatch(/height="10"/);
  });
  it('base64 encodes UTF-8', () => {
    expect(base64Utf8('Man')).toBe('TWFu');
    expect(base64Utf8('Ma')).toBe('TWE=');
    expect(Buffer.from(base64Utf8('机柜 ✓'), 'base64').toString('utf8')).toBe('机柜 ✓');
  });
});
