import { describe, expect, it } from 'vitest';
import { simulateStep, type TimelineStageSpec } from '../training/timeline';
import { timelineChartLayout, timelineChartSvg, tickStep, TIMELINE_COLOURS } from './timeline-chart';

const stage = (f: number, b: number): TimelineStageSpec => ({ chunks: [{ fwdS: f, fwdCommS: 0, bwdS: b, bwdCommS: 0 }], sendNextS: 0, sendPrevS: 0, tail: [] });
const labels = (n: number) => Array.from({ length: n }, (_, i) => `S${i + 1}`);

describe('timeline chart layout', () => {
  // 1F1B pp = 4, 8 micro-batches, f 1 s, b 2 s: 33 s (core/training/timeline.test.ts works it out)
  const tl = simulateStep({ stages: [0, 1, 2, 3].map(() => stage(1, 2)), microBatches: 8 });

  it('one rectangle per interval when all are wide enough, at x = plotX + t / 33 s x plotW', () => {
    const l = timelineChartLayout(tl, { width: 660 + 102 + 8, labelWidth: 96, rowLabels: labels(4) });
    expect(l.plotX).toBe(102);
    expect(l.plotW).toBe(660);
    expect(l.merged).toBe(false);
    expect(l.rects).toHaveLength(tl.intervals.length);
    // stage 4's first backward: [4 s, 6 s] -> x = 102 + 4/33 x 660 = 182, width 40
    const b0 = l.rects.find((r) => r.row === 3 && r.kind === 'backward' && r.microBatch === 0)!;
    expect(b0.x).toBeCloseTo(182, 9);
    expect(b0.w).toBeCloseTo(40, 9);
    expect(l.rows.map((r) => r.label)).toEqual(['S1', 'S2', 'S3', 'S4']);
    // the critical path runs under all of stage 4, from F_0 at 3 s to the end of B_7 at 4 + 21 + 2 = 27 s, as one segment
    const c4 = l.critical.filter((c) => c.y === l.top + 3 * l.rowHeight + l.rowHeight - 2);
    expect(c4).toHaveLength(1);
    expect(c4[0]!.x).toBeCloseTo(102 + (3 / 33) * 660, 9);
    expect(c4[0]!.w).toBeCloseTo((24 / 33) * 660, 9);
    // ticks every 5 s
    expect(l.ticks.map((t) => t.s)).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });

  it('zoomed to [10 s, 20 s]: only intervals in the window, clipped to the plot', () => {
    const l = timelineChartLayout(tl, { width: 400, rowLabels: labels(4), window: { startS: 10, endS: 20 } });
    expect(l.intervalsShown).toBe(tl.intervals.filter((x) => x.endS > 10 && x.startS < 20).length);
    for (const r of l.rects) {
      expect(r.x).toBeGreaterThanOrEqual(l.plotX - 1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(l.plotX + l.plotW + 1e-9);
    }
    expect(l.ticks.map((t) => t.s)).toEqual([10, 12, 14, 16, 18, 20]);
  });

  it('a large step stays within the rectangle budget: merged blocks tile each row', () => {
    const big = simulateStep({ stages: Array.from({ length: 32 }, () => stage(1, 2)), microBatches: 512 });
    expect(big.intervals.length).toBeGreaterThan(30_000);
    const l = timelineChartLayout(big, { width: 700, rowLabels: labels(32), maxRects: 3000 });
    expect(l.merged).toBe(true);
    expect(l.rects.length).toBeLessThanOrEqual(3000 + 4 * 32);
    for (let row = 0; row < 32; row++) {
      const w = l.rects.filter((r) => r.row === row).reduce((a, r) => a + r.w, 0);
      expect(w).toBeCloseTo(l.plotW, 0);
    }
  });

  it('tick steps are 1, 2 or 5 x 10^k', () => {
    expect(tickStep(33)).toBe(5);
    expect(tickStep(10)).toBe(2);
    expect(tickStep(0.7)).toBe(0.1);
    expect(tickStep(7000)).toBe(1000);
  });

  it('SVG: every rectangle in its kind colour, labels escaped, pool strips', () => {
    const l = timelineChartLayout(tl, { width: 500, rowLabels: ['a<b', 'S2', 'S3', 'S4'], rowColours: ['#123456'] });
    const kindLabels = { forward: 'F', backward: 'B', comm: 'C', p2p: 'P', stall: 'X', bubble: 'I', dp: 'D', optimizer: 'O' };
    const svg = timelineChartSvg(l, { label: 'step', tickText: String, kindLabels, criticalLabel: 'crit', kinds: ['forward', 'backward', 'bubble'] });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('fill="#123456"');
    expect(svg.split(`fill="${TIMELINE_COLOURS.backward}"`).length - 1).toBe(32 + 1); // 32 backwards + the legend swatch
  });
});

describe('the step timeline in reports', () => {
  it('a figure and the critical path table when Results carry a timeline; none otherwise; not in the JSON export', async () => {
    const { evaluate } = await import('../evaluate');
    const { TEMPLATES } = await import('../model/templates');
    const { buildReport, reportJson } = await import('./index');
    const design = TEMPLATES.find((t) => t.id === 'mixed-h100-ascend')!.build();
    const opts = { lang: 'zh-CN' as const, date: '2026-01-01', appVersion: '0' };
    const withTl = evaluate(design, { timeline: true });
    const blocks = buildReport(design, withTl, opts).sections.flatMap((s) => s.blocks);
    const fig = blocks.find((b) => b.kind === 'figure' && b.id === 'step-timeline');
    expect(fig).toBeDefined();
    const rows = withTl.training!.timeline!.rows.length;
    // one label per stage row, with its pool
    const svg = fig?.kind === 'figure' ? fig.svg : '';
    expect((svg.match(/>阶段 \d+ · /g) ?? []).length).toBe(rows);
    expect(blocks.some((b) => b.kind === 'table' && b.id === 'step-timeline-critical')).toBe(true);
    const without = buildReport(design, evaluate(design), opts).sections.flatMap((s) => s.blocks);
    expect(without.some((b) => b.kind === 'figure' && b.id === 'step-timeline')).toBe(false);
    expect(JSON.parse(reportJson(design, withTl, opts)).results.training.timeline).toBeUndefined();
  });
});
