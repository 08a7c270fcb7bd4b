/**
 * Recovery from an interruption: detection, rescheduling (a hot spare when
 * one is free, else a cold node from the shared pool or a wait for repair,
 * weighted by the share of failures that take a node out), restart and
 * checkpoint reload, from the strategy preset and the user's overrides.
 */
import { RECOVERY_PRESETS } from './assumptions';
import { poissonCdfBelow } from './formulas';
import type { Normalized } from './input';

export interface RecoveryTimes {
  detectionS: number;
  rescheduleS: number;
  restartS: number;
  reloadS: number;
  /** detection + reschedule + restart + reload, or a chart's override. */
  recoveryS: number;
  /** Mean nodes in repair when a node fails. */
  nodesInRepair: number;
  /** Probability that no hot spare is free. */
  pNoSpare: number;
}

export function recoveryTimes(
  n: Pick<Normalized, 'strategy' | 'recovery' | 'a' | 'spareNodes' | 'sharedSparePool'>,
  failures: { nodeLevelPerH: number; nodeLevelShare: number },
  reloadComputedS: number,
  recoveryOverrideS: number | undefined,
): RecoveryTimes {
  const { a } = n;
  const preset = RECOVERY_PRESETS[n.strategy];
  const detectionS = n.recovery.detectionS ?? preset.detectionS;
  const coldRescheduleS = n.recovery.rescheduleS ?? preset.rescheduleS;
  const hotSpareSwapS = n.recovery.hotSpareSwapS ?? preset.hotSpareSwapS;
  const restartS = n.recovery.restartS ?? preset.restartS;
  const reloadS = n.recovery.reloadS ?? reloadComputedS;
  const repairS = a.nodeRepairHours * 3600;
  // Nodes in repair at a failure ~ Poisson(node-level failure rate x repair time) (M/G/inf, PASTA).
  const nodesInRepair = failures.nodeLevelPerH * a.nodeRepairHours;
  const pHotSpare = poissonCdfBelow(n.spareNodes, nodesInRepair);
  const pNoSpare = 1 - pHotSpare;
  const noHotSpareS = n.sharedSparePool ? coldRescheduleS : repairS / (n.spareNodes + 1);
  const nodeRescheduleS = pHotSpare * hotSpareSwapS + pNoSpare * noHotSpareS;
  const rescheduleS = failures.nodeLevelShare * nodeRescheduleS;
  const recoveryS = recoveryOverrideS ?? detectionS + rescheduleS + restartS + reloadS;
  return { detectionS, rescheduleS, restartS, reloadS, recoveryS, nodesInRepair, pNoSpare };
}
