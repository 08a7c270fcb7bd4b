/**
 * The parts of Results a report reads defensively: the training estimate (by
 * the field names of the CLI contract) and the collective tables. Absent or
 * non-numeric fields show as missing rather than failing the report.
 */
import type { Results } from '../evaluate';
import type { TrainingTimeline } from '../training';

// ---------------------------------------------------------------------------
// The training part of Results, read defensively by the names of the CLI
// contract (CLI.md `estimate`): absent or non-numeric fields show as missing.

export interface TrainingView {
  stepTimeS?: number;
  tokensPerSecond?: number;
  mfu?: number;
  hfu?: number;
  modelTflopsPerAccelerator?: number;
  hardwareTflopsPerAccelerator?: number;
  trainingDays?: number;
  memoryPerAcceleratorGiB?: number;
  fitsInMemory?: boolean;
  steps?: number;
  parameters?: number;
  parallelism: Record<string, number | string>;
  breakdown: Record<string, number>;
  memory: Record<string, number>;
  reliability: Record<string, number>;
  /** Where wall-clock hours go (reliability timeBreakdownHours). */
  reliabilityHours?: Record<string, number>;
  stages: { pool: string; acceleratorId?: string; layers?: number; tp?: number; stageTimeS?: number; memoryGiB?: number }[];
  aggregateUtilization?: number;
  uniformSplitTokensPerSecond?: number;
  /** The simulated step, when evaluate() was asked for it. */
  timeline?: TrainingTimeline;
  /** The software preset the estimate assumed (its label). */
  software?: string;
  /** The preset's id (training.software), for its name in the report's language. */
  softwareId?: string;
  /** Layers of every pipeline stage and whether the input gave them or the engine balanced them. */
  stageSplit?: { layersPerStage: number[]; source: string };
}

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
function numbers(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRec(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

export function trainingView(results: Results): TrainingView | undefined {
  const t: unknown = results.training;
  if (!isRec(t)) return undefined;
  const par: Record<string, number | string> = {};
  if (isRec(t.parallelism)) {
    for (const [k, x] of Object.entries(t.parallelism)) {
      if ((typeof x === 'number' && Number.isFinite(x)) || typeof x === 'string') par[k] = x;
    }
  }
  const stages = Array.isArray(t.stages)
    ? t.stages.filter(isRec).map((s) => ({
        pool: String(s.pool ?? ''),
        acceleratorId: typeof s.acceleratorId === 'string' ? s.acceleratorId : undefined,
        layers: numOf(s.layers),
        tp: numOf(s.tp),
        stageTimeS: numOf(s.stageTimeS),
        memoryGiB: numOf(s.memoryGiB),
      }))
    : [];
  return {
    stepTimeS: numOf(t.stepTimeS),
    tokensPerSecond: numOf(t.tokensPerSecond),
    mfu: numOf(t.mfu),
    hfu: numOf(t.hfu),
    modelTflopsPerAccelerator: numOf(t.modelTflopsPerAccelerator),
    hardwareTflopsPerAccelerator: numOf(t.hardwareTflopsPerAccelerator),
    trainingDays: numOf(t.trainingDays),
    memoryPerAcceleratorGiB: numOf(t.memoryPerAcceleratorGiB),
    fitsInMemory: typeof t.fitsInMemory === 'boolean' ? t.fitsInMemory : undefined,
    steps: numOf(t.steps),
    parameters: numOf(t.parameters),
    parallelism: par,
    breakdown: numbers(t.breakdown),
    memory: numbers(t.memory),
    reliability: numbers(t.reliability),
    reliabilityHours: isRec(t.reliability) && isRec(t.reliability.timeBreakdownHours) ? numbers(t.reliability.timeBreakdownHours) : undefined,
    stages,
    aggregateUtilization: numOf(t.aggregateUtilization),
    uniformSplitTokensPerSecond: numOf(t.uniformSplitTokensPerSecond),
    ...(isRec(t.timeline) && Array.isArray(t.timeline.intervals) && Array.isArray(t.timeline.rows) ? { timeline: t.timeline as unknown as TrainingTimeline } : {}),
    ...(isRec(t.software) && typeof t.software.label === 'string' ? { software: t.software.label, ...(typeof t.software.id === 'string' ? { softwareId: t.software.id } : {}) } : {}),
    ...(isRec(t.stageSplit) && Array.isArray(t.stageSplit.layersPerStage) && t.stageSplit.layersPerStage.every((x) => typeof x === 'number')
      ? { stageSplit: { layersPerStage: t.stageSplit.layersPerStage as number[], source: String(t.stageSplit.source ?? '') } }
      : {}),
  };
}

/** "7, 8 x 14, 7": layers per stage with runs of equal stages folded. */
export function stageSplitText(layers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < layers.length; ) {
    let j = i;
    while (j + 1 < layers.length && layers[j + 1] === layers[i]) j++;
    const n = j - i + 1;
    parts.push(n > 2 ? `${layers[i]} × ${n}` : Array.from({ length: n }, () => String(layers[i])).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** Step-time components in the order the chart stacks them (CLI.md `breakdown`). */
export const BREAKDOWN_KEYS = [
  'computeS',
  'tpCommS',
  'cpCommS',
  'epCommS',
  'ppCommS',
  'pipelineBubbleS',
  'dpCommExposedS',
  'optimizerS',
  'stragglerS',
  'frameworkOverheadS',
] as const;

// ---------------------------------------------------------------------------
// Collective tables: evaluate() may attach them (`collectives`: groups of
// rows from core/network/collectives.ts collectiveTable). Read defensively.

export interface CollectiveRowView {
  op: string;
  bytes: number;
  timeS: number;
  algorithm: string;
  algbwGBps: number;
  busbwGBps: number;
}
export interface CollectiveGroupView {
  name: string;
  rows: CollectiveRowView[];
}

export function collectiveGroups(results: Results): CollectiveGroupView[] {
  const raw: unknown = (results as unknown as Record<string, unknown>).collectives;
  const toRows = (v: unknown): CollectiveRowView[] =>
    Array.isArray(v)
      ? v.filter(isRec).flatMap((r) => {
          const bytes = numOf(r.bytes);
          const timeS = numOf(r.timeS);
          const algbw = numOf(r.algbwGBps);
          const busbw = numOf(r.busbwGBps);
          if (bytes === undefined || timeS === undefined || algbw === undefined || busbw === undefined) return [];
          return [{ op: String(r.op ?? ''), bytes, timeS, algorithm: String(r.algorithm ?? ''), algbwGBps: algbw, busbwGBps: busbw }];
        })
      : [];
  if (Array.isArray(raw)) {
    // Either rows directly, or groups {name|group, rows|table}.
    if (raw.every((x) => isRec(x) && ('rows' in x || 'table' in x))) {
      return raw.filter(isRec).map((g) => ({ name: String(g.name ?? g.group ?? g.label ?? ''), rows: toRows(g.rows ?? g.table) }));
    }
    const rows = toRows(raw);
    return rows.length > 0 ? [{ name: '', rows }] : [];
  }
  if (isRec(raw)) {
    return Object.entries(raw).map(([name, v]) => ({ name, rows: toRows(isRec(v) ? (v.rows ?? v.table) : v) }));
  }
  return [];
}
