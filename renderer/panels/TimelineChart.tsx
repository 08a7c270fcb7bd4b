/**
 * The step timeline (Gantt chart) in the training card: one optimizer step, pipeline stages as
 * rows, forward/backward/communication/idle in distinct colours, the critical path as a red line,
 * rows of a mixed design in their pool's colour. Zoom with the wheel or the buttons, drag to pan.
 * The layout is core/report/timeline-chart.ts (the reports draw the same chart); it bounds the
 * rectangles drawn, merging intervals too narrow to see. The worker simulates the step only
 * while the chart is open.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { CRITICAL_COLOUR, TIMELINE_COLOURS, timelineChartLayout, type TimelineRect } from '../../core/report/timeline-chart';
import { TIMELINE_MAX_SLOTS, type TimelineKind, type TrainingTimeline } from '../../core/training';
import type { Results } from '../../core/evaluate';
import { setTimelineWanted, useResults } from '../engine/client';
import { poolColourOf } from '../engine/view';
import { fmtNumber, useI18n, type Locale, type MessageKey } from '../i18n';

const KINDS: readonly TimelineKind[] = ['forward', 'backward', 'comm', 'p2p', 'stall', 'bubble', 'dp', 'optimizer'];
const MAX_RECTS = 2500;
const ZOOM = 1.6;

type Window = { startS: number; endS: number };
type T = (k: MessageKey, p?: Record<string, string | number>) => string;

function secs(locale: Locale, s: number): string {
  const a = Math.abs(s);
  return fmtNumber(locale, s, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 3 : 5);
}

/** Zoom `w` by `factor` (< 1 zooms in) around time `at`, kept inside [0, total]. */
export function zoomWindow(w: Window, factor: number, at: number, total: number): Window {
  const span = Math.min(total, Math.max(total * 1e-5, (w.endS - w.startS) * factor));
  let start = at - (at - w.startS) * (span / (w.endS - w.startS));
  start = Math.max(0, Math.min(total - span, start));
  return { startS: start, endS: start + span };
}

function rectTitle(r: TimelineRect, stageLabel: string, t: T, locale: Locale): string {
  const range = `${secs(locale, r.startS)}–${secs(locale, r.endS)} s`;
  if (r.count > 1) return `${stageLabel} · ${t('timeline.merged', { n: r.count })} · ${range}`;
  const parts = [stageLabel, t(`timeline.kind.${r.kind}` as MessageKey)];
  if (r.microBatch >= 0) parts.push(t('timeline.microBatch', { n: r.microBatch + 1 }));
  if (r.chunk >= 0) parts.push(t('timeline.chunk', { n: r.chunk + 1 }));
  parts.push(range);
  return parts.join(' · ');
}

const Chart = memo(function Chart({ tl, pools }: { tl: TrainingTimeline; pools: Results['pools'] }) {
  const { t, locale } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(520);
  const [win, setWin] = useState<Window>({ startS: 0, endS: tl.stepTimeS });
  const drag = useRef<{ x: number; win: Window } | null>(null);
  useEffect(() => setWin({ startS: 0, endS: tl.stepTimeS }), [tl]);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  const mixed = (tl.pools?.length ?? 0) > 1;
  const labels = useMemo(
    () => tl.rows.map((r) => t('timeline.stage', { n: r.stage + 1 }) + (mixed && r.pool !== undefined ? ` · ${tl.pools![r.pool] ?? ''}` : '')),
    [tl, mixed, t],
  );
  const colours = useMemo(
    () => tl.rows.map((r) => (mixed && r.pool !== undefined ? poolColourOf(pools, tl.pools![r.pool] ?? '') : undefined)),
    [tl, mixed, pools],
  );
  const rowHeight = tl.rows.length > 24 ? 10 : 15;
  const layout = useMemo(
    () => timelineChartLayout(tl, { width, window: win, maxRects: MAX_RECTS, rowLabels: labels, rowColours: colours, rowHeight, labelWidth: mixed ? 120 : 60 }),
    [tl, width, win, labels, colours, rowHeight, mixed],
  );
  const byRow = useMemo(() => {
    const out: TimelineRect[][] = tl.rows.map(() => []);
    for (const r of layout.rects) out[r.row]?.push(r);
    return out;
  }, [layout, tl]);

  const total = tl.stepTimeS;
  const zoom = useCallback((factor: number, at?: number) => setWin((w) => zoomWindow(w, factor, at ?? (w.startS + w.endS) / 2, total)), [total]);
  const timeAt = useCallback(
    (clientX: number, el: Element) => {
      const x = clientX - el.getBoundingClientRect().left;
      return layout.startS + ((x - layout.plotX) / layout.plotW) * (layout.endS - layout.startS);
    },
    [layout],
  );
  const svgRef = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    // a non-passive listener, so the wheel zooms the chart instead of scrolling the panel
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1 / ZOOM : ZOOM, timeAt(e.clientX, el));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom, timeAt]);

  const kinds = KINDS.filter((k) => tl.intervals.some((x) => x.kind === k));
  const zoomed = win.startS > 0 || win.endS < total;
  // kinds with at least 0.05% of the critical path (the optimizer step is often far less)
  const critical = kinds.filter((k) => tl.criticalByKind[k] >= 5e-4 * tl.stepTimeS);
  return (
    <div ref={box} className="timeline" data-testid="timeline">
      <div className="timeline-tools">
        <button type="button" className="btn small" onClick={() => zoom(1 / ZOOM)} data-testid="timeline-zoom-in" title={t('timeline.zoomIn')}>
          +
        </button>
        <button type="button" className="btn small" onClick={() => zoom(ZOOM)} disabled={!zoomed} data-testid="timeline-zoom-out" title={t('timeline.zoomOut')}>
          −
        </button>
        <button type="button" className="btn small" onClick={() => setWin({ startS: 0, endS: total })} disabled={!zoomed} data-testid="timeline-fit">
          {t('timeline.fit')}
        </button>
        <span className="timeline-window" data-testid="timeline-window">
          {t('timeline.window', { a: secs(locale, layout.startS), b: secs(locale, layout.endS) })}
        </span>
      </div>
      <svg
        ref={svgRef}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label={t('timeline.title')}
        data-testid="timeline-chart"
        data-rects={layout.rects.length}
        data-merged={layout.merged ? 'true' : 'false'}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, win };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const span = d.win.endS - d.win.startS;
          const dt = ((d.x - e.clientX) / layout.plotW) * span;
          const start = Math.max(0, Math.min(total - span, d.win.startS + dt));
          setWin({ startS: start, endS: start + span });
        }}
        onPointerUp={() => (drag.current = null)}
      >
        <rect x={layout.plotX} y={layout.top} width={layout.plotW} height={layout.rows.length * rowHeight} fill="var(--timeline-bg, #f7f8fa)" />
        {layout.ticks.map((tk) => (
          <g key={tk.s}>
            <line x1={tk.x} x2={tk.x} y1={layout.top - 3} y2={layout.height - 4} stroke="var(--border)" strokeWidth={0.5} />
            <text x={tk.x} y={layout.top - 6} textAnchor="middle" fontSize={9} fill="var(--text-2)">
              {secs(locale, tk.s)}
            </text>
          </g>
        ))}
        <text x={4} y={layout.top - 6} fontSize={9} fill="var(--text-2)">
          {t('timeline.axis')}
        </text>
        {layout.rows.map((row, i) => (
          <g key={i} data-testid="timeline-row" data-stage={i} data-pool={tl.rows[i]?.pool ?? ''}>
            {row.colour && <rect x={0} y={row.y + 2} width={4} height={rowHeight - 5} fill={row.colour} data-testid="timeline-pool-strip" />}
            <text x={7} y={row.y + rowHeight - 5} fontSize={rowHeight > 12 ? 10 : 8} fill="var(--text)">
              {row.label}
            </text>
            {byRow[i]!.map((r, j) => (
              <rect key={j} x={r.x} y={r.y} width={r.w} height={r.h} fill={TIMELINE_COLOURS[r.kind]} data-kind={r.kind}>
                <title>{rectTitle(r, row.label, t, locale)}</title>
              </rect>
            ))}
          </g>
        ))}
        {layout.critical.map((c, i) => (
          <rect key={i} x={c.x} y={c.y - 1} width={c.w} height={2} fill={CRITICAL_COLOUR} data-testid="timeline-critical" pointerEvents="none" />
        ))}
      </svg>
      <div className="timeline-legend">
        {kinds.map((k) => (
          <span key={k}>
            <i style={{ background: TIMELINE_COLOURS[k] }} />
            {t(`timeline.kind.${k}` as MessageKey)}
          </span>
        ))}
        <span>
          <i className="line" style={{ background: CRITICAL_COLOUR }} />
          {t('timeline.critical')}
        </span>
      </div>
      <div className="timeline-summary" data-testid="timeline-summary">
        {t('timeline.summary', {
          sim: secs(locale, tl.stepTimeS),
          closed: secs(locale, tl.closedFormStepTimeS),
          diff: `${tl.differenceFromClosedForm >= 0 ? '+' : ''}${fmtNumber(locale, tl.differenceFromClosedForm * 100, 2)}%`,
        })}
        <br />
        {t('timeline.criticalParts', {
          parts: critical.map((k) => `${t(`timeline.kind.${k}` as MessageKey)} ${fmtNumber(locale, (tl.criticalByKind[k] / tl.stepTimeS) * 100, 1)}%`).join(' · '),
        })}
        {layout.merged && (
          <>
            <br />
            {t('timeline.mergedNote')}
          </>
        )}
      </div>
    </div>
  );
});

/** The "Step timeline" expander of the training card. */
export function TimelineSection({ r }: { r: Results }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  // the results shown when the chart was opened: until newer ones arrive, the step is being simulated
  const [openedWith, setOpenedWith] = useState<Results | null>(null);
  const evaluating = useResults((s) => s.evaluating);
  useEffect(() => {
    setTimelineWanted(open);
  }, [open]);
  useEffect(() => () => setTimelineWanted(false), []);
  const tl = r.training?.timeline;
  return (
    <details
      className="timeline-section"
      data-testid="timeline-section"
      open={open}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        setOpen(now);
        if (now) setOpenedWith(r);
      }}
    >
      <summary>{t('timeline.title')}</summary>
      {open && (tl ? <Chart tl={tl} pools={r.pools} /> : <div className="muted">{evaluating || openedWith === r ? t('timeline.loading') : t('timeline.none', { max: fmtNumber(locale, TIMELINE_MAX_SLOTS, 0) })}</div>)}
      {open && <div className="timeline-summary">{t('timeline.hint')}</div>}
    </details>
  );
}
