/**
 * The training sections: the estimate (parallelism, throughput, step-time
 * breakdown, memory), reliability (interruptions, checkpoints, wall-clock
 * time) and the stage split with the accelerator pools.
 */
import type { Results } from '../evaluate';
import type { Design } from '../model';
import { partName, type ReportContext } from './context';
import { formatNum, formatNumber, num, type Num } from './format';
import { MESSAGES, type MsgKey, type Translate } from './i18n';
import type { Block, Section } from './model';
import { BREAKDOWN_KEYS, stageSplitText, type TrainingView } from './results-view';
import { PALETTE, stackedBarSvg } from './svg';
import { timelineChartLayout, timelineChartSvg } from './timeline-chart';
import type { TimelineKind, TrainingTimeline } from '../training';

/** Seconds: two decimals, or significant digits below 0.01 s. */
export function secs(t: Translate, v: number | undefined): Num {
  return num(v, v !== undefined && Math.abs(v) < 0.01 && v !== 0 ? 'auto' : 'd2', t('uS'));
}

/** "TP 8 · PP 4 · DP 16 · VP 2": the parallelism degrees present, in a fixed order. */
export function parallelismText(par: TrainingView['parallelism']): string {
  return ['tp', 'pp', 'dp', 'cp', 'ep', 'virtualStages']
    .filter((k) => par[k] !== undefined)
    .map((k) => `${k.toUpperCase() === 'VIRTUALSTAGES' ? 'VP' : k.toUpperCase()} ${typeof par[k] === 'number' ? formatNumber(par[k], 'int') : String(par[k])}`)
    .join(' · ');
}

/** The software preset's name in the report's language (the engine's English label for an unknown preset). */
export function softwareName(t: Translate, tr: TrainingView): string {
  const key = `software.${tr.softwareId ?? ''}`;
  return key in MESSAGES.en ? t(key as MsgKey) : (tr.software ?? '');
}

/** The headline figures of the training estimate. */
export function trainingFigures({ t }: ReportContext, design: Design, tr: TrainingView): Block {
  const par = tr.parallelism;
  const wl = design.workload;
  return {
    kind: 'kv',
    items: [
      ...(wl ? [{ label: t('model'), value: wl.model.name ?? wl.model.preset ?? `${wl.model.layers} × ${wl.model.hidden}` }] : []),
      ...(tr.parameters !== undefined ? [{ label: t('parameters'), value: num(tr.parameters / 1e9, 'd1', 'B') }] : []),
      { label: t('parallelism'), value: parallelismText(par) },
      ...(par.microBatch !== undefined ? [{ label: t('microBatch'), value: typeof par.microBatch === 'number' ? num(par.microBatch, 'int') : String(par.microBatch) }] : []),
      ...(par.recompute !== undefined ? [{ label: t('recompute'), value: String(par.recompute) }] : []),
      ...(tr.software !== undefined ? [{ label: t('softwarePreset'), value: softwareName(t, tr) }] : []),
      ...(tr.stageSplit !== undefined && tr.stageSplit.layersPerStage.length > 0
        ? [{ label: t('stageSplit'), value: `${stageSplitText(tr.stageSplit.layersPerStage)} (${t(tr.stageSplit.source === 'input' ? 'stageSplitInput' : 'stageSplitBalanced')})` }]
        : []),
      { label: t('stepTime'), value: secs(t, tr.stepTimeS) },
      { label: t('tokensPerSecond'), value: num(tr.tokensPerSecond, 'int') },
      { label: t('mfu'), value: num(tr.mfu, 'pct') },
      { label: t('hfu'), value: num(tr.hfu, 'pct') },
      { label: t('modelTflops'), value: num(tr.modelTflopsPerAccelerator, 'd1', t('uTflops')) },
      { label: t('hardwareTflops'), value: num(tr.hardwareTflopsPerAccelerator, 'd1', t('uTflops')) },
      { label: t('memoryPerAccelerator'), value: num(tr.memoryPerAcceleratorGiB, 'd1', t('uGiB')) },
      ...(tr.fitsInMemory !== undefined ? [{ label: t('fitsInMemory'), value: tr.fitsInMemory ? t('yes') : t('no') }] : []),
      ...(tr.steps !== undefined ? [{ label: t('steps'), value: num(tr.steps, 'int') }] : []),
      { label: t('trainingDays'), value: num(tr.trainingDays, 'd1', t('uDays')) },
    ],
  };
}

/** Step-time components as a stacked bar and a table (none when the estimate has no breakdown). */
export function stepBreakdownBlocks({ t }: ReportContext, tr: TrainingView): Block[] {
  const bd = BREAKDOWN_KEYS.filter((k) => tr.breakdown[k] !== undefined).map((k) => ({ key: k, s: tr.breakdown[k]! }));
  if (bd.length === 0) return [];
  return [
    {
      kind: 'figure',
      id: 'step-time',
      caption: t('stepBreakdown'),
      alt: bd.map((x) => `${t(x.key)} ${formatNum(secs(t, x.s))}`).join(', '),
      svg: stackedBarSvg(
        bd.map((x) => ({ label: t(x.key), value: x.s, text: formatNum(secs(t, x.s)) })),
        { label: t('stepBreakdown'), totalText: `${t('stepTime')}: ${formatNum(secs(t, tr.stepTimeS))}` },
      ),
    },
    {
      kind: 'table',
      id: 'step-breakdown',
      columns: [{ label: t('item') }, { label: `${t('time')} (${t('uS')})`, align: 'right' }],
      rows: bd.map((x) => [t(x.key), secs(t, x.s)]),
      footer: [[t('stepTime'), secs(t, tr.stepTimeS)]],
    },
  ];
}

const MEMORY_KEYS: [string, MsgKey][] = [
  ['weightsGiB', 'memoryWeights'],
  ['gradientsGiB', 'memoryGradients'],
  ['optimizerGiB', 'memoryOptimizer'],
  ['activationsGiB', 'memoryActivations'],
  ['buffersGiB', 'memoryBuffers'],
];

/** Memory per accelerator by component, with total and capacity (none when absent). */
export function memoryBlocks({ t }: ReportContext, tr: TrainingView): Block[] {
  const mem = MEMORY_KEYS.filter(([k]) => tr.memory[k] !== undefined);
  if (mem.length === 0) return [];
  return [
    {
      kind: 'table',
      id: 'memory',
      caption: t('memoryPerAccelerator'),
      columns: [{ label: t('item') }, { label: t('uGiB'), align: 'right' }],
      rows: mem.map(([k, label]) => [t(label), num(tr.memory[k], 'd1')]),
      footer: [
        ...(tr.memory.totalGiB !== undefined ? [[t('total'), num(tr.memory.totalGiB, 'd1')]] : []),
        ...(tr.memory.capacityGiB !== undefined ? [[t('capacity'), num(tr.memory.capacityGiB, 'd1')]] : []),
      ],
    },
  ];
}

const TIMELINE_LABELS: Record<TimelineKind, MsgKey> = {
  forward: 'tlForward',
  backward: 'tlBackward',
  comm: 'tlComm',
  p2p: 'tlP2p',
  stall: 'tlStall',
  bubble: 'tlBubble',
  dp: 'tlDp',
  optimizer: 'tlOptimizer',
};

/** The step timeline as a Gantt chart, and the critical path by kind (none when Results carry no timeline). */
export function timelineBlocks({ t }: ReportContext, tl: TrainingTimeline | undefined): Block[] {
  if (!tl || !Array.isArray(tl.intervals) || !Array.isArray(tl.rows) || tl.rows.length === 0) return [];
  const pools = tl.pools ?? [];
  const mixed = pools.length > 1;
  const rowLabels = tl.rows.map((r) => `${t('tlStage')} ${r.stage + 1}${mixed && r.pool !== undefined ? ` · ${pools[r.pool] ?? ''}` : ''}`);
  const rowColours = tl.rows.map((r) => (mixed && r.pool !== undefined ? PALETTE[r.pool % PALETTE.length] : undefined));
  const layout = timelineChartLayout(tl, { width: 680, rowHeight: tl.rows.length > 24 ? 10 : 16, labelWidth: mixed ? 150 : 70, maxRects: 4000, rowLabels, rowColours });
  const kinds = (Object.keys(TIMELINE_LABELS) as TimelineKind[]).filter((k) => tl.intervals.some((x) => x.kind === k));
  const kindLabels = Object.fromEntries(Object.entries(TIMELINE_LABELS).map(([k, key]) => [k, t(key)])) as Record<TimelineKind, string>;
  const step = formatNum(secs(t, tl.stepTimeS));
  const caption = `${t('tlCaption')}. ${t('tlSimulated')} ${step}, ${t('tlClosedForm')} ${formatNum(secs(t, tl.closedFormStepTimeS))}.${layout.merged ? ` ${t('tlMerged')}` : ''}`;
  const critical = kinds.filter((k) => tl.criticalByKind[k] > 0);
  return [
    {
      kind: 'figure',
      id: 'step-timeline',
      caption,
      alt: `${t('tlSimulated')} ${step}: ${tl.rows.length} × ${t('tlStage')}, ${critical.map((k) => `${kindLabels[k]} ${formatNum(secs(t, tl.criticalByKind[k]))}`).join(', ')}`,
      svg: timelineChartSvg(layout, { label: t('tlCaption'), tickText: (x) => formatNumber(x, 'auto'), kindLabels, axisLabel: t('tlAxis'), criticalLabel: t('tlCritical'), kinds }),
    },
    {
      kind: 'table',
      id: 'step-timeline-critical',
      caption: t('tlCriticalTable'),
      columns: [{ label: t('item') }, { label: `${t('time')} (${t('uS')})`, align: 'right' }, { label: '%', align: 'right' }],
      rows: critical.map((k) => [kindLabels[k], secs(t, tl.criticalByKind[k]), num(tl.criticalByKind[k] / tl.stepTimeS, 'pct')]),
      footer: [[t('tlSimulated'), secs(t, tl.stepTimeS), num(1, 'pct')]],
    },
  ];
}

export function trainingSection(ctx: ReportContext, design: Design, tr: TrainingView): Section {
  const blocks: Block[] = [trainingFigures(ctx, design, tr), ...stepBreakdownBlocks(ctx, tr), ...timelineBlocks(ctx, tr.timeline), ...memoryBlocks(ctx, tr)];
  return { id: 'training', title: ctx.t('secTraining'), pageBreak: true, blocks };
}

const HOUR_KEYS: [string, MsgKey][] = [
  ['useful', 'hoursUseful'],
  ['checkpoint', 'hoursCheckpoint'],
  ['rework', 'hoursRework'],
  ['recovery', 'hoursRecovery'],
];

/** Where wall-clock hours go, as a stacked bar (none without the breakdown). */
export function wallClockBlocks({ t }: ReportContext, tr: TrainingView): Block[] {
  const hours = tr.reliabilityHours;
  if (!hours) return [];
  const items = HOUR_KEYS.filter(([k]) => hours[k] !== undefined).map(([k, label]) => ({ label: t(label), h: hours[k]! }));
  return [
    {
      kind: 'figure',
      id: 'wall-clock',
      caption: t('wallClockBreakdown'),
      alt: items.map((x) => `${x.label} ${formatNumber(x.h, 'int')} ${t('uHours')}`).join(', '),
      svg: stackedBarSvg(
        items.map((x) => ({ label: x.label, value: x.h, text: `${formatNumber(x.h, 'int')} ${t('uHours')}` })),
        { label: t('wallClockBreakdown'), totalText: `${t('wallClockDays')}: ${formatNum(num(tr.reliability.wallClockDays, 'd1', t('uDays')))}` },
      ),
    },
  ];
}

export function reliabilitySection(ctx: ReportContext, tr: TrainingView): Section {
  const { t } = ctx;
  const rel = tr.reliability;
  return {
    id: 'reliability',
    title: t('secReliability'),
    blocks: [
      {
        kind: 'kv',
        items: [
          { label: t('interruptionsPerDay'), value: num(rel.interruptionsPerDay, 'd2', t('uPerDay')) },
          { label: t('mtbfHours'), value: num(rel.mtbfHours, 'd1', t('uHours')) },
          { label: t('checkpointInterval'), value: num(rel.checkpointIntervalMin, 'd1', t('uMin')) },
          { label: t('goodput'), value: num(rel.goodput, 'pct') },
          { label: t('trainingDays'), value: num(tr.trainingDays, 'd1', t('uDays')) },
          { label: t('wallClockDays'), value: num(rel.wallClockDays, 'd1', t('uDays')) },
          ...(rel.expectedInterruptions !== undefined ? [{ label: t('expectedInterruptions'), value: num(rel.expectedInterruptions, 'd1') }] : []),
          ...(rel.checkpointSizeGB !== undefined ? [{ label: t('checkpointSize'), value: num(rel.checkpointSizeGB, 'int', 'GB') }] : []),
          ...(rel.checkpointWriteS !== undefined ? [{ label: t('checkpointWrite'), value: secs(t, rel.checkpointWriteS) }] : []),
          ...(rel.recoveryS !== undefined ? [{ label: t('recoveryTime'), value: num(rel.recoveryS / 60, 'd1', t('uMin')) }] : []),
        ],
      },
      ...wallClockBlocks(ctx, tr),
    ],
  };
}

/** Per pipeline stage: pool, part, layers, TP, time and memory; then the split's utilisation. */
export function stageBlocks({ t, catalog }: ReportContext, tr: TrainingView): Block[] {
  return [
    {
      kind: 'table',
      id: 'stages',
      columns: [
        { label: '#', align: 'right' },
        { label: t('pool') },
        { label: t('part') },
        { label: t('layers'), align: 'right' },
        { label: 'TP', align: 'right' },
        { label: `${t('stageTime')} (${t('uS')})`, align: 'right' },
        { label: `${t('memoryPerAccelerator')} (${t('uGiB')})`, align: 'right' },
      ],
      rows: tr.stages.map((s, i) => [
        num(i + 1, 'int'),
        s.pool,
        s.acceleratorId ? partName(catalog, s.acceleratorId) : null,
        num(s.layers, 'int'),
        num(s.tp, 'int'),
        secs(t, s.stageTimeS),
        num(s.memoryGiB, 'd1'),
      ]),
    },
    {
      kind: 'kv',
      items: [
        { label: t('aggregateUtilization'), value: num(tr.aggregateUtilization, 'pct') },
        { label: t('uniformSplitTokensPerSecond'), value: num(tr.uniformSplitTokensPerSecond, 'int') },
        { label: t('tokensPerSecond'), value: num(tr.tokensPerSecond, 'int') },
      ],
    },
  ];
}

/** The accelerator pools of a mixed design. */
export function poolTable({ t, catalog }: ReportContext, results: Results): Block {
  return {
    kind: 'table',
    id: 'pools',
    caption: t('pools'),
    columns: [{ label: t('pool') }, { label: t('part') }, { label: t('accelerators'), align: 'right' }, { label: t('servers'), align: 'right' }, { label: `${t('peakPflopsByPool')} (${t('uPflops')})`, align: 'right' }],
    rows: results.pools.map((pl) => [pl.pool, partName(catalog, pl.acceleratorId), num(pl.accelerators, 'int'), num(pl.servers, 'int'), num(pl.peakPflopsBf16, 'd1')]),
  };
}

/** Pools (when more than one) and the stage split (when the estimate has stages); nothing when neither. */
export function stagesSection(ctx: ReportContext, results: Results, tr: TrainingView | undefined): Section | undefined {
  const blocks: Block[] = [];
  if (results.pools.length > 1) blocks.push(poolTable(ctx, results));
  if (tr && tr.stages.length > 0) blocks.push(...stageBlocks(ctx, tr));
  return blocks.length > 0 ? { id: 'stages', title: ctx.t('secStages'), blocks } : undefined;
}
