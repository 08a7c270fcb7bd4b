/**
 * Comparison report: 2-4 designs side by side. Each design's report model is
 * built as usual; the comparison lines up their summary figures (the same
 * Num values, so the same digits as each design's own report), charts the
 * headline metrics and lists every design's warnings.
 */
import { InputError } from '../errors';
import type { Catalog } from '../catalog';
import type { Design } from '../model';
import type { Results } from '../evaluate';
import { buildReport, type BuildOptions } from './build';
import { formatNum, num, type Num } from './format';
import { htmlDocument, renderSection } from './html';
import { translator } from './i18n';
import { mdSection, mdEscape } from './markdown';
import type { Block, Cell, ReportModel, Section, StatsBlock, WarningsBlock } from './model';
import { barChartSvg, PALETTE } from './svg';

export interface CompareEntry {
  design: Design;
  results: Results;
}

export type CompareOptions = Omit<BuildOptions, 'catalog'> & { catalog?: Catalog };

function statsOf(m: ReportModel): StatsBlock['items'] {
  const out: StatsBlock['items'] = [];
  for (const s of m.sections) for (const b of s.blocks) if (b.kind === 'stats') out.push(...b.items);
  return out;
}

function warningsOf(m: ReportModel): WarningsBlock['items'] {
  const s = m.sections.find((x) => x.id === 'warnings');
  const b = s?.blocks.find((x): x is WarningsBlock => x.kind === 'warnings');
  return b?.items ?? [];
}

/** The comparison as report sections (shared by the HTML and Markdown writers). */
export function compareSections(entries: readonly CompareEntry[], opts: CompareOptions): { title: string; sections: Section[]; models: ReportModel[] } {
  if (entries.length < 2 || entries.length > 4) {
    throw new InputError('designs', `a comparison needs 2 to 4 designs, got ${entries.length}`);
  }
  const t = translator(opts.lang);
  const models = entries.map((e) => buildReport(e.design, e.results, opts));
  const names = entries.map((e, i) => `${i + 1}. ${e.design.name}`);

  // Union of summary metrics in first-seen order; a design without one shows an empty cell.
  const order: { id: string; label: string }[] = [];
  const byDesign = models.map((m) => new Map(statsOf(m).map((it) => [it.id, it.value])));
  for (const m of models) {
    for (const it of statsOf(m)) if (!order.some((o) => o.id === it.id)) order.push({ id: it.id, label: it.label });
  }
  const rows: Cell[][] = order.map((o) => [o.label, ...byDesign.map((d) => d.get(o.id) ?? num(null, 'int'))]);
  const warnCount = models.map((m) => warningsOf(m).length);
  rows.push([t('secWarnings'), ...warnCount.map((n): Num => ({ kind: 'num', value: n, style: 'int' }))]);

  const sections: Section[] = [];
  sections.push({
    id: 'compare-summary',
    title: t('secSummary'),
    blocks: [
      {
        kind: 'table',
        id: 'compare',
        columns: [{ label: t('metric') }, ...names.map((n) => ({ label: n, align: 'right' as const }))],
        rows,
      },
    ],
  });

  // One bar chart per headline metric present in every design.
  const chartIds = ['peakPflops', 'facilityPower', 'pue', 'capex', 'opexYear', 'trainingDays', 'wallClockDays'];
  const charts: Block[] = [];
  for (const id of chartIds) {
    const label = order.find((o) => o.id === id)?.label;
    const values = byDesign.map((d) => d.get(id));
    if (!label || values.some((v) => v === undefined || v.value === null)) continue;
    charts.push({
      kind: 'figure',
      id: `compare-${id}`,
      caption: label,
      alt: `${label}: ${values.map((v, i) => `${names[i]} ${formatNum(v!)}`).join(', ')}`,
      svg: barChartSvg(
        values.map((v, i) => ({ label: names[i]!, value: v!.value!, text: formatNum(v!), color: PALETTE[i % PALETTE.length] })),
        { label, width: 640 },
      ),
    });
  }
  if (charts.length > 0) sections.push({ id: 'compare-charts', title: t('charts'), blocks: charts });

  const warnBlocks: Block[] = [];
  models.forEach((m, i) => {
    const items = warningsOf(m);
    warnBlocks.push({ kind: 'p', text: `${names[i]}: ${items.length === 0 ? t('noWarnings') : ''}`.trim() });
    if (items.length > 0) warnBlocks.push({ kind: 'warnings', items });
  });
  sections.push({ id: 'compare-warnings', title: t('secWarnings'), blocks: warnBlocks });

  const title = `${t('comparisonTitle')}: ${entries.map((e) => e.design.name).join(' / ')}`;
  return { title, sections, models };
}

function coverHtml(title: string, names: string[], opts: CompareOptions): string {
  const t = translator(opts.lang);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    `<header><div class="kicker" style="color:#2f6db5">${esc(t('comparisonTitle'))}</div><h1>${esc(title)}</h1>` +
    `<dl class="kv"><dt>${esc(t('date'))}</dt><dd>${esc(opts.date)}</dd><dt>${esc(t('appVersion'))}</dt><dd>${esc(opts.appVersion)}</dd></dl>` +
    `<ol>${names.map((n) => `<li>${esc(n)}</li>`).join('')}</ol></header>`
  );
}

/** Standalone HTML comparison of 2-4 designs. */
export function compareReportHtml(entries: readonly CompareEntry[], opts: CompareOptions): string {
  const { title, sections } = compareSections(entries, opts);
  const names = entries.map((e) => e.design.name);
  const body = coverHtml(title, names, opts) + sections.map(renderSection).join('\n');
  return htmlDocument(opts.lang, title, body);
}

/** Markdown comparison of 2-4 designs. */
export function compareReportMarkdown(entries: readonly CompareEntry[], opts: CompareOptions): string {
  const t = translator(opts.lang);
  const { title, sections } = compareSections(entries, opts);
  let out = `# ${mdEscape(title)}\n\n- **${mdEscape(t('date'))}:** ${opts.date}\n- **${mdEscape(t('appVersion'))}:** ${mdEscape(opts.appVersion)}\n\n`;
  out += sections.map((s) => mdSection(s)).join('\n');
  return out;
}

/** Both renderings at once. */
export function compareReport(entries: readonly CompareEntry[], opts: CompareOptions): { html: string; md: string } {
  return { html: compareReportHtml(entries, opts), md: compareReportMarkdown(entries, opts) };
}
