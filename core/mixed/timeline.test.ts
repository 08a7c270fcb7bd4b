import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import { evaluate } from '../evaluate';
import { TEMPLATES } from '../model/templates';
import type { StepTimeline } from '../training';
import { estimateMixed } from './engine';
import { mixedTimeline } from './timeline';
import type { MixedEstimate, MixedInput } from './types';

const H100 = DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', 'test');
const A100 = DEFAULT_CATALOG.requireOfKind('a100-sxm4-80gb', 'accelerator', 'test');

/** Per row: the time of its slots (compute and exposed TP/CP/EP communication). */
function slotTime(tl: StepTimeline, stage: number): number {
  return tl.intervals
    .filter((x) => x.stage === stage && (x.kind === 'forward' || x.kind === 'backward' || x.kind === 'comm'))
    .reduce((t, x) => t + x.endS - x.startS, 0);
}

/** Each stage's slots add up to what the planner says the stage is busy per step (its stage time x micro-batches). */
function expectStagesAsPlanned(tl: StepTimeline, est: MixedEstimate): void {
  expect(tl.rows).toHaveLength(est.stages.length);
  est.stages.forEach((st, j) => {
    expect(tl.rows[j]!.pool).toBe(st.poolIndex);
    expect(tl.rows[j]!.layers).toBe(st.layers);
    expect(slotTime(tl, j)).toBeCloseTo(st.busyPerStepS, 9);
  });
  const critical = Object.values(tl.criticalByKind).reduce((a, b) => a + b, 0);
  expect(critical).toBeCloseTo(tl.stepTimeS, 9);
}

describe('mixed-pool step timeline', () => {
  it('pipeline layout: rows are the planned stages with their pools, layers and stage times', () => {
    const input: MixedInput = {
      model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
      training: { tokens: 1e9, globalBatch: 512, precision: 'bf16' },
      pools: [
        { accelerator: H100, count: 256, perNode: 8, scaleOutGbps: 400 },
        { accelerator: A100, count: 256, perNode: 8, scaleOutGbps: 200 },
      ],
    };
    const est = estimateMixed(input);
    expect(est.layout).toBe('pipeline');
    const tl = mixedTimeline(input, est);
    expectStagesAsPlanned(tl, est);
    expect(new Set(tl.rows.map((r) => r.pool))).toEqual(new Set([0, 1]));
    expect(tl.pools).toEqual(est.pools.map((p) => p.name));
    // the closed form paces every boundary at the slowest (between pools); the schedule prices each
    // boundary on its own network, and fills/drains with each stage's own time: a little shorter
    expect(tl.stepTimeS).toBeLessThan(est.stepTimeS);
    expect(Math.abs(tl.differenceFromClosedForm)).toBeLessThan(0.05);
  });

  it('replicas layout (mixed template): every pool\'s pipeline on its rows, then the exchange between pools', () => {
    const t = TEMPLATES.find((x) => x.id === 'mixed-h100-ascend')!;
    const r = evaluate(t.build(), { timeline: true });
    const est = r.training as MixedEstimate;
    expect(est.layout).toBe('replicas');
    const tl = r.training!.timeline!;
    expectStagesAsPlanned(tl, est);
    for (let i = 0; i < est.pools.length; i++) expect(tl.rows.filter((x) => x.pool === i)).toHaveLength(est.pools[i]!.stages);
    // every row ends with the exchange between pools, at the same time
    const last = tl.rows.map((row) => tl.intervals.filter((x) => x.stage === row.stage).at(-1)!);
    expect(new Set(last.map((x) => x.kind))).toEqual(new Set(['dp']));
    expect(new Set(last.map((x) => x.endS))).toEqual(new Set([tl.stepTimeS]));
    expect(Math.abs(tl.differenceFromClosedForm)).toBeLessThan(0.02);
  });

  it('evaluate() leaves the timeline out unless asked', () => {
    const t = TEMPLATES.find((x) => x.id === 'sample')!;
    expect(evaluate(t.build()).training?.timeline).toBeUndefined();
    const tl = evaluate(t.build(), { timeline: true }).training!.timeline!;
    expect(tl.rows.length).toBeGreaterThan(0);
    expect(tl.stepTimeS).toBeCloseTo(tl.closedFormStepTimeS, 6);
  });
});
