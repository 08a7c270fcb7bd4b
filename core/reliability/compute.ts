/**
 * One reliability estimate: failures -> checkpointing -> recovery ->
 * checkpoint interval -> goodput, wall-clock time and losses -> warnings.
 * Each step is a function of its own module; this one composes them.
 */
import { checkpointInterval, checkpointTimes, type CheckpointTimes } from './checkpoint';
import { failureRates, type FailureRates } from './failures';
import { DAYS_PER_MONTH, GOODPUT_FLOOR, HOURS_PER_DAY, fmt, logGoodput } from './formulas';
import type { Normalized } from './input';
import { recoveryTimes, type RecoveryTimes } from './recovery';
import type { ReliabilityResult, ReliabilityWarning } from './types';

export interface Core {
  result: Omit<ReliabilityResult, 'charts' | 'strategies'>;
  mtbfS: number;
  blockingS: number;
  intervalS: number;
}

export interface CoreOptions {
  /** Replace the total recovery time (chart of goodput vs recovery). */
  recoveryOverrideS?: number;
  /** Replace the checkpoint interval without warnings (chart of goodput vs interval). */
  intervalOverrideS?: number;
}

export interface WallClock {
  goodput: number;
  wallH: number;
  expectedInterruptions: number;
  timeBreakdownHours: ReliabilityResult['timeBreakdownHours'];
  lostAcceleratorHours: number;
  spareAcceleratorHours: number;
}

/**
 * Goodput (Daly), wall-clock hours and where they go. Below GOODPUT_FLOOR the
 * job cannot make progress: an error, and wall-clock at the floor. The loss is
 * split first-order (checkpoints, rework, recovery) and scaled to the exact total.
 */
export function wallClock(
  n: Pick<Normalized, 'failureFreeDays' | 'accelerators' | 'spareNodes' | 'perNode'>,
  f: Pick<FailureRates, 'lambdaPerH' | 'mtbfHours' | 'mtbfS'>,
  c: Pick<CheckpointTimes, 'blockingS' | 'extraReworkS'>,
  recoveryS: number,
  intervalS: number,
  warnings: ReliabilityWarning[],
): WallClock {
  const { blockingS, extraReworkS } = c;
  const lg = logGoodput(intervalS, blockingS, recoveryS + extraReworkS, f.mtbfS);
  let goodput = Math.min(1, Math.exp(lg));
  const usefulH = n.failureFreeDays * HOURS_PER_DAY;
  let wallH: number;
  if (!(goodput >= GOODPUT_FLOOR)) {
    warnings.push({
      severity: 'error',
      message: `the job cannot make progress: goodput is below ${GOODPUT_FLOOR} (MTBF ${fmt(f.mtbfHours)} h against recovery ${fmt(recoveryS / 3600)} h and checkpoint ${fmt(blockingS / 60)} min); wall-clock shown at the floor`,
    });
    goodput = Math.max(0, goodput);
    wallH = usefulH / GOODPUT_FLOOR;
  } else {
    wallH = usefulH / goodput;
  }
  const lossH = Math.max(0, wallH - usefulH);
  const expectedInterruptions = wallH * f.lambdaPerH;
  // First-order split of the loss, scaled to the exact total.
  const ckptFirst = usefulH * (blockingS / intervalS);
  const reworkFirst = (expectedInterruptions * ((intervalS + blockingS) / 2 + extraReworkS)) / 3600;
  const recoveryFirst = (expectedInterruptions * recoveryS) / 3600;
  const firstSum = ckptFirst + reworkFirst + recoveryFirst;
  const scale = firstSum > 0 ? lossH / firstSum : 0;
  const timeBreakdownHours = {
    useful: usefulH,
    checkpoint: ckptFirst * scale,
    rework: reworkFirst * scale,
    recovery: recoveryFirst * scale,
  };
  const lostAcceleratorHours = lossH * n.accelerators;
  const spareAcceleratorHours = n.spareNodes * n.perNode * wallH;
  return { goodput, wallH, expectedInterruptions, timeBreakdownHours, lostAcceleratorHours, spareAcceleratorHours };
}

/** Warnings about the storage, checkpoint cost, recovery, goodput and spares of an estimate. */
export function estimateWarnings(
  n: Normalized,
  f: Pick<FailureRates, 'mtbfHours' | 'mtbfS'>,
  c: Pick<CheckpointTimes, 'inMemory' | 'blockingS'>,
  r: Pick<RecoveryTimes, 'recoveryS' | 'pNoSpare' | 'nodesInRepair'>,
  goodput: number,
  warnings: ReliabilityWarning[],
): void {
  const { a } = n;
  const { inMemory, blockingS } = c;
  const { mtbfHours, mtbfS } = f;
  const { recoveryS, pNoSpare } = r;
  if (n.storageWriteGBps === 0 && inMemory)
    warnings.push({
      severity: 'warning',
      message: 'storage has no write throughput: in-memory checkpoints only, nothing survives a loss of the host-memory replicas',
    });
  if (!inMemory && n.storageWriteGBps > n.nodes * a.perNodeCheckpointWriteGBps)
    warnings.push({
      severity: 'info',
      message: `checkpoint writes are limited by the nodes (${n.nodes} x ${fmt(a.perNodeCheckpointWriteGBps)} GB/s), not by the storage (${fmt(n.storageWriteGBps)} GB/s)`,
    });
  if (blockingS > 0.1 * mtbfS)
    warnings.push({
      severity: 'warning',
      message: `a blocking checkpoint (${fmt(blockingS / 60)} min) takes more than 10% of the MTBF (${fmt(mtbfHours)} h): use faster storage or asynchronous checkpoints`,
    });
  if (recoveryS >= mtbfS)
    warnings.push({
      severity: 'error',
      message: `recovery (${fmt(recoveryS / 3600)} h) takes as long as the MTBF (${fmt(mtbfHours)} h): the job spends most of its time recovering`,
    });
  if (goodput >= GOODPUT_FLOOR && goodput < 0.5)
    warnings.push({ severity: 'warning', message: `goodput is ${fmt(goodput * 100)}%: more than half the wall-clock time is lost to failures and checkpoints` });
  if (n.spareNodes > 0 && pNoSpare > 0.1)
    warnings.push({
      severity: 'warning',
      message: `${n.spareNodes} hot spare node(s) are exhausted ${fmt(pNoSpare * 100)}% of the time (about ${fmt(r.nodesInRepair)} nodes in repair on average)`,
    });
  if (!n.sharedSparePool && n.spareNodes === 0)
    warnings.push({
      severity: 'warning',
      message: `no spare nodes and no shared pool: every node failure waits ${fmt(a.nodeRepairHours)} h for repair`,
    });
}

export function compute(n: Normalized, opts: CoreOptions = {}): Core {
  const warnings: ReliabilityWarning[] = [];
  const { a } = n;
  const f = failureRates(n);
  const c = checkpointTimes(n);
  const r = recoveryTimes(n, f, c.reloadComputedS, opts.recoveryOverrideS);
  const { intervalS, optimalIntervalS } = checkpointInterval(n, c, f.mtbfS, opts.intervalOverrideS, warnings);
  const w = wallClock(n, f, c, r.recoveryS, intervalS, warnings);
  estimateWarnings(n, f, c, r, w.goodput, warnings);
  const { lambdaPerH } = f;
  const hostGBps = n.accelerators * a.deviceToHostGBpsPerAccelerator;
  return {
    mtbfS: f.mtbfS,
    blockingS: c.blockingS,
    intervalS,
    result: {
      interruptionsPerDay: lambdaPerH * HOURS_PER_DAY,
      mtbfHours: f.mtbfHours,
      checkpointIntervalMin: intervalS / 60,
      goodput: w.goodput,
      wallClockDays: w.wallH / HOURS_PER_DAY,
      interruptionsPerWeek: lambdaPerH * HOURS_PER_DAY * 7,
      interruptionsPerMonth: lambdaPerH * HOURS_PER_DAY * DAYS_PER_MONTH,
      expectedInterruptions: w.expectedInterruptions,
      failureFreeDays: n.failureFreeDays,
      nodes: n.nodes,
      switches: n.switches,
      links: n.links,
      nics: n.nics,
      components: f.components,
      strategy: n.strategy,
      asyncCheckpoint: c.asyncCheckpoint,
      checkpointSizeGB: c.checkpointSizeGB,
      checkpointWriteS: c.writeS,
      checkpointBlockingS: c.blockingS,
      checkpointReadS: c.reloadComputedS,
      checkpointWriteGBps: c.inMemory ? hostGBps : c.writeGBps,
      checkpointReadGBps: c.inMemory ? hostGBps : c.readGBps,
      optimalCheckpointIntervalMin: optimalIntervalS / 60,
      recoveryS: r.recoveryS,
      recoveryBreakdown: { detectionS: r.detectionS, rescheduleS: r.rescheduleS, restartS: r.restartS, reloadS: r.reloadS },
      extraReworkS: c.extraReworkS,
      nodeLevelShare: f.nodeLevelShare,
      spareNodes: n.spareNodes,
      pNoSpare: r.pNoSpare,
      timeBreakdownHours: w.timeBreakdownHours,
      lostAcceleratorHours: w.lostAcceleratorHours,
      lostCostUsd: w.lostAcceleratorHours * n.cost,
      spareAcceleratorHours: w.spareAcceleratorHours,
      spareCostUsd: w.spareAcceleratorHours * n.cost,
      costPerAcceleratorHourUsd: n.cost,
      assumptions: { ...a },
      warnings,
    },
  };
}
