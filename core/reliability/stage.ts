/**
 * Reliability stage: failures, checkpoints and restarts of the training run
 * (core/reliability/reliability.ts) on the job's accelerators, nodes, NICs and the
 * share of its network it uses, with the drawn storage's throughput for
 * checkpoints (or the nodes' own when no storage is drawn).
 */
import type { Design } from '../model/design';
import type { AssumptionLine } from '../results';
import type { TrainingStage } from '../training/stage';
import { pickOverrides } from '../training/stage';
import { warning, type EvalWarning } from '../warnings';
import { RELIABILITY_ASSUMPTIONS, estimateReliability, type ReliabilityResult } from './index';

export interface ReliabilityStage {
  /** Null when the estimate failed (a warning says why). */
  reliability: ReliabilityResult | null;
  assumptions: AssumptionLine[];
  warnings: EvalWarning[];
}

const RELIABILITY_KEYS = new Set<string>(RELIABILITY_ASSUMPTIONS.map((x) => x.key));

export interface ReliabilityInputs {
  storageWriteGBps: number;
  storageReadGBps: number;
  /** From the cost stage; null without accelerators. */
  costPerAcceleratorHourUsd: number | null;
}

function estimate(t: TrainingStage, workload: NonNullable<Design['workload']>, assumptions: Readonly<Record<string, number>>, io: ReliabilityInputs, warnings: EvalWarning[]): ReliabilityResult {
  const { clusters, accelerators, estimate: est } = t;
  const nodes = clusters.reduce((n, p) => n + Math.max(1, Math.round(p.summary.accelerators / p.perNode)), 0);
  const defaultPerNodeWrite = RELIABILITY_ASSUMPTIONS.find((x) => x.key === 'perNodeCheckpointWriteGBps')?.value ?? 1;
  const write = io.storageWriteGBps > 0 ? io.storageWriteGBps : nodes * defaultPerNodeWrite;
  if (!(io.storageWriteGBps > 0)) {
    warnings.push(warning('info', 'no-storage', 'no storage is drawn: checkpoint writes are assumed limited by the nodes (reliability assumption perNodeCheckpointWriteGBps)', [], {}));
  }
  // The job's share of its (main pool's) network: its switches and links scaled by accelerators.
  const net = clusters[0]?.network;
  const share = net && net.accelerators > 0 ? accelerators / net.accelerators : 1;
  const nics = clusters.reduce((n, p) => n + (p.spec.computeNics.count / p.perNode) * p.summary.accelerators, 0);
  const r = workload.reliability;
  return estimateReliability(
    {
      accelerators,
      acceleratorsPerNode: Math.max(1, Math.round(accelerators / nodes)),
      ...(net ? { switches: Math.max(1, Math.round(net.switches * Math.min(1, share))), links: Math.max(1, Math.round(net.links * Math.min(1, share))) } : {}),
      nics: Math.max(1, Math.round(nics)),
      parameterCount: est.parameters,
      failureFreeDays: est.trainingDays,
      storageWriteGBps: write,
      storageReadGBps: io.storageReadGBps > 0 ? io.storageReadGBps : write,
      strategy: r.strategy,
      asyncCheckpoint: r.asyncCheckpoint,
      checkpointIntervalMin: r.checkpointIntervalMin,
      spareNodes: r.spareNodes,
      ...(io.costPerAcceleratorHourUsd !== null ? { costPerAcceleratorHourUsd: io.costPerAcceleratorHourUsd } : {}),
      assumptions: pickOverrides(assumptions, RELIABILITY_KEYS),
      charts: false,
    },
    'workload.reliability',
  );
}

export function reliabilityStage(design: Pick<Design, 'workload' | 'assumptions'>, t: TrainingStage, io: ReliabilityInputs): ReliabilityStage {
  const warnings: EvalWarning[] = [];
  let reliability: ReliabilityResult | null = null;
  if (design.workload) {
    try {
      reliability = estimate(t, design.workload, design.assumptions, io, warnings);
      for (const rw of reliability.warnings) warnings.push(warning(rw.severity, 'reliability', rw.message, [], { detail: rw.message }));
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      warnings.push(warning('warning', 'reliability-error', `reliability estimate: ${detail}`, [], { detail }));
    }
  }
  const overrides = pickOverrides(design.assumptions, RELIABILITY_KEYS);
  const assumptions = RELIABILITY_ASSUMPTIONS.map((x) => ({ key: x.key, label: x.label, value: overrides[x.key] ?? x.value, unit: x.unit, source: x.source }));
  return { reliability, assumptions, warnings };
}
