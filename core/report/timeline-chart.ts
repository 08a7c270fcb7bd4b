/**
 * The step timeline as a Gantt chart: pipeline stages as rows, time across. One layout
 * serves the results panel (drawn as SVG elements, zoomable) and the reports (as an SVG
 * string), so both show the same chart.
 *
 * Bounded: at most about `maxRects` rectangles whatever the number of intervals. Intervals
 * narrower than a minimum width are merged with their neighbours on the row into one
 * block, drawn as its (up to three) largest kinds side by side in proportion to their
 * time (zoom in to see the intervals apart).
 * The critical path is drawn as a line under the row where it runs.
 */
import type { StepTimeline, TimelineKind } from '../training/timeline';
import { escapeXml, fitText, textWidth } from './svg';

/** Forward, backward, communication, bubble and the step's end in distinct colours. */
export const TIMELINE_COLOURS: Record<TimelineKind, string> = {
  forward: '#7fb2ea',
  backward: '#2f6db5',
  comm: '#e0a030',
  p2p: '#9d6cc9',
  stall: '#c96a6a',
  bubble: '#e4e7eb',
  dp: '#2a9d8f',
  optimizer: '#6b7a8f',
};
export const CRITICAL_COLOUR = '#d23c3c';

export interface TimelineChartOptions {
  /** Total width, px. */
  width: number;
  rowHeight?: number;
  labelWidth?: number;
  /** The shown part of the step, s (default: all of it). */
  window?: { startS: number; endS: number };
  /** Most rectangles drawn (default 3,000). */
  maxRects?: number;
  /** Narrowest rectangle before neighbours are merged, px (default 2). */
  minRectPx?: number;
  rowLabels: readonly string[];
  /** A colour per row (the pool's), drawn as a strip at the row's start. */
  rowColours?: readonly (string | undefined)[];
}

export interface TimelineRect {
  row: number;
  x: number;
  y: number;
  w: number;
  h: number;
  kind: TimelineKind;
  critical: boolean;
  /** Intervals drawn by this rectangle (1, or more when merged). */
  count: number;
  /** Of a single interval: its micro-batch and chunk (-1 when none). */
  microBatch: number;
  chunk: number;
  startS: number;
  endS: number;
}

export interface TimelineChartLayout {
  width: number;
  height: number;
  plotX: number;
  plotW: number;
  rowHeight: number;
  /** Top of the first row (below the axis). */
  top: number;
  startS: number;
  endS: number;
  rows: Array<{ y: number; label: string; colour?: string }>;
  rects: TimelineRect[];
  /** Critical-path segments: a line at y from x to x + w. */
  critical: Array<{ x: number; y: number; w: number }>;
  ticks: Array<{ x: number; s: number }>;
  /** Intervals in the window, and rectangles drawn for them. */
  intervalsShown: number;
  merged: boolean;
}

/** A round tick step (1, 2 or 5 x 10^k) giving about `n` ticks over `span`. */
export function tickStep(span: number, n = 6): number {
  if (!(span > 0)) return 1;
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

interface Block {
  x0: number;
  x1: number;
  time: Float64Array;
  critical: boolean;
  count: number;
  first: { microBatch: number; chunk: number; kind: TimelineKind };
  startS: number;
  endS: number;
}

const KINDS: readonly TimelineKind[] = ['forward', 'backward', 'comm', 'p2p', 'stall', 'bubble', 'dp', 'optimizer'];
/** A merged block shows this many of its kinds. */
const MERGED_KINDS = 3;

/** Lay the chart out for `opts.width` px; see the file comment for merging. */
export function timelineChartLayout(tl: Pick<StepTimeline, 'intervals' | 'stages' | 'stepTimeS'>, opts: TimelineChartOptions): TimelineChartLayout {
  const rowHeight = opts.rowHeight ?? 16;
  const labelWidth = opts.labelWidth ?? 96;
  const top = 18;
  const plotX = labelWidth + 6;
  const plotW = Math.max(40, opts.width - plotX - 8);
  const startS = Math.max(0, opts.window?.startS ?? 0);
  const endS = Math.min(tl.stepTimeS, opts.window?.endS ?? tl.stepTimeS);
  const span = endS > startS ? endS - startS : tl.stepTimeS || 1;
  const px = (s: number) => plotX + ((s - startS) / span) * plotW;
  const rowsN = tl.stages;
  const perRow = Math.max(8, Math.floor((opts.maxRects ?? 3000) / Math.max(1, rowsN)));
  // a row of width plotW holds at most plotW / minPx blocks of MERGED_KINDS rectangles and as many single ones
  const minPx = Math.max(opts.minRectPx ?? 2, ((MERGED_KINDS + 1) * plotW) / perRow);
  const barH = rowHeight - 5;
  const rects: TimelineRect[] = [];
  const critical: TimelineChartLayout['critical'] = [];
  let shown = 0;
  let merged = false;
  let block: Block | null = null;
  let crit: { x0: number; x1: number; y: number } | null = null;

  const flushBlock = (row: number) => {
    if (!block) return;
    const b: Block = block;
    block = null;
    const y = top + row * rowHeight + 2;
    const w = Math.max(b.x1 - b.x0, 0.5);
    const base = { row, y, h: barH, critical: b.critical, count: b.count, startS: b.startS, endS: b.endS };
    if (b.count === 1) {
      rects.push({ ...base, x: b.x0, w, kind: b.first.kind, microBatch: b.first.microBatch, chunk: b.first.chunk });
      return;
    }
    // merged: the (at most 3) kinds that take most of the block, side by side in proportion
    merged = true;
    const top3 = KINDS.map((_, k) => k)
      .filter((k) => b.time[k]! > 0)
      .sort((p, q) => b.time[q]! - b.time[p]!)
      .slice(0, MERGED_KINDS)
      .sort((p, q) => p - q);
    const total = top3.reduce((t, k) => t + b.time[k]!, 0);
    let x = b.x0;
    for (const k of top3) {
      const part = total > 0 ? (w * b.time[k]!) / total : w / top3.length;
      rects.push({ ...base, x, w: part, kind: KINDS[k]!, microBatch: -1, chunk: -1 });
      x += part;
    }
  };
  const flushCrit = () => {
    if (crit) critical.push({ x: crit.x0, y: crit.y, w: Math.max(crit.x1 - crit.x0, 1) });
    crit = null;
  };

  let row = -1;
  for (const iv of tl.intervals) {
    if (iv.stage !== row) {
      flushBlock(row);
      flushCrit();
      row = iv.stage;
    }
    if (iv.endS <= startS || iv.startS >= endS) continue;
    shown++;
    const x0 = px(Math.max(iv.startS, startS));
    const x1 = px(Math.min(iv.endS, endS));
    if (iv.critical) {
      const y = top + row * rowHeight + rowHeight - 2;
      if (crit && x0 - crit.x1 < 1) crit.x1 = x1;
      else {
        flushCrit();
        crit = { x0, x1, y };
      }
    }
    const k = KINDS.indexOf(iv.kind);
    if (x1 - x0 >= minPx) flushBlock(row);
    if (!block) {
      block = { x0, x1, time: new Float64Array(KINDS.length), critical: false, count: 0, first: { microBatch: iv.microBatch, chunk: iv.chunk, kind: iv.kind }, startS: iv.startS, endS: iv.endS };
    }
    block.x1 = x1;
    block.time[k] = block.time[k]! + (iv.endS - iv.startS);
    block.critical ||= iv.critical;
    block.count++;
    block.endS = iv.endS;
    if (block.x1 - block.x0 >= minPx) flushBlock(row);
  }
  flushBlock(row);
  flushCrit();

  const step = tickStep(span);
  const ticks: TimelineChartLayout['ticks'] = [];
  for (let s = Math.ceil(startS / step) * step; s <= endS + 1e-12 * span; s += step) ticks.push({ x: px(s), s });
  const rows = Array.from({ length: rowsN }, (_, i) => ({
    y: top + i * rowHeight,
    label: opts.rowLabels[i] ?? String(i + 1),
    ...(opts.rowColours?.[i] ? { colour: opts.rowColours[i] } : {}),
  }));
  return { width: opts.width, height: top + rowsN * rowHeight + 4, plotX, plotW, rowHeight, top, startS, endS, rows, rects, critical, ticks, intervalsShown: shown, merged };
}

const FONT = 'font-family="Noto Sans CJK SC, Noto Sans, DejaVu Sans, Arial, sans-serif"';

/**
 * The chart as an SVG string (reports): the layout, an axis in seconds (`tickText` formats a
 * tick), a legend of the kinds (`kindLabels`) and the critical path (`criticalLabel`).
 */
export function timelineChartSvg(
  layout: TimelineChartLayout,
  opts: { label: string; tickText: (s: number) => string; axisLabel?: string; kindLabels: Record<TimelineKind, string>; criticalLabel: string; kinds?: readonly TimelineKind[] },
): string {
  const { width, plotX, plotW, top, rowHeight } = layout;
  // legend items, wrapped onto as many lines as the width needs
  const items = [...(opts.kinds ?? KINDS).map((k) => ({ colour: TIMELINE_COLOURS[k], text: opts.kindLabels[k], line: false })), { colour: CRITICAL_COLOUR, text: opts.criticalLabel, line: true }];
  const placed: Array<{ x: number; y: number; colour: string; text: string; line: boolean }> = [];
  let lx = plotX;
  let ly = layout.height + 6;
  for (const it of items) {
    const w = 20 + textWidth(it.text, 10);
    if (lx + w > width && lx > plotX) {
      lx = plotX;
      ly += 15;
    }
    placed.push({ x: lx, y: ly, ...it });
    lx += w + 8;
  }
  const height = ly + 18;
  let s = `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(opts.label)}" ${FONT} font-size="10">`;
  s += `<rect x="${plotX}" y="${top}" width="${plotW}" height="${layout.rows.length * rowHeight}" fill="#f7f8fa"/>`;
  for (const t of layout.ticks) {
    s += `<line x1="${t.x.toFixed(1)}" y1="${top - 3}" x2="${t.x.toFixed(1)}" y2="${layout.height - 4}" stroke="#d0d4da" stroke-width="0.5"/>`;
    s += `<text x="${t.x.toFixed(1)}" y="${top - 6}" text-anchor="middle" fill="#555">${escapeXml(opts.tickText(t.s))}</text>`;
  }
  if (opts.axisLabel) s += `<text x="8" y="${top - 6}" fill="#555">${escapeXml(opts.axisLabel)}</text>`;
  for (const r of layout.rows) {
    if (r.colour) s += `<rect x="0" y="${r.y + 2}" width="4" height="${rowHeight - 5}" fill="${escapeXml(r.colour)}"/>`;
    s += `<text x="8" y="${r.y + rowHeight - 5}" fill="#333">${escapeXml(fitText(r.label, plotX - 14, 10))}</text>`;
  }
  for (const r of layout.rects)
    s += `<rect x="${r.x.toFixed(2)}" y="${r.y}" width="${r.w.toFixed(2)}" height="${r.h}" fill="${TIMELINE_COLOURS[r.kind]}"/>`;
  for (const c of layout.critical)
    s += `<rect x="${c.x.toFixed(2)}" y="${c.y - 1}" width="${c.w.toFixed(2)}" height="2" fill="${CRITICAL_COLOUR}"/>`;
  for (const it of placed)
    s += it.line
      ? `<rect x="${it.x.toFixed(1)}" y="${it.y + 4}" width="14" height="2" fill="${it.colour}"/><text x="${(it.x + 17).toFixed(1)}" y="${it.y + 9}" fill="#333">${escapeXml(it.text)}</text>`
      : `<rect x="${it.x.toFixed(1)}" y="${it.y}" width="10" height="10" fill="${it.colour}"/><text x="${(it.x + 13).toFixed(1)}" y="${it.y + 9}" fill="#333">${escapeXml(it.text)}</text>`;
  return s + '</svg>';
}
