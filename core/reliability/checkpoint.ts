/**
 * Checkpointing of a job: checkpoint size, write and read times (storage or,
 * in-memory and asynchronous, the device-to-host snapshot), the part that
 * blocks training, the extra rework of a not yet durable checkpoint, and the
 * checkpoint interval (Young/Daly optimum, the user's, or a chart's override,
 * never shorter than the write time).
 */
import { fmt, youngDalyIntervalS } from './formulas';
import type { Normalized } from './input';
import type { ReliabilityWarning } from './types';

export interface CheckpointTimes {
  checkpointSizeGB: number;
  /** Achieved storage write / read throughput (storage or node limited), GB/s. */
  writeGBps: number;
  readGBps: number;
  /** Device-to-host snapshot of the whole checkpoint, s. */
  snapshotS: number;
  inMemory: boolean;
  asyncCheckpoint: boolean;
  blockingS: number;
  writeS: number;
  extraReworkS: number;
  /** Checkpoint reload time as computed (before a user override). */
  reloadComputedS: number;
}

export function checkpointTimes(n: Normalized): CheckpointTimes {
  const { a } = n;
  const checkpointSizeGB =
    (n.parameterCount * (a.checkpointWeightBytesPerParam + a.checkpointOptimizerBytesPerParam)) / 1e9;
  const writeGBps = Math.min(n.storageWriteGBps, n.nodes * a.perNodeCheckpointWriteGBps);
  const readGBps = Math.min(n.storageReadGBps, n.nodes * a.perNodeCheckpointReadGBps);
  const storageWriteS = writeGBps > 0 ? checkpointSizeGB / writeGBps : 0;
  const storageReadS = readGBps > 0 ? checkpointSizeGB / readGBps : 0;
  const snapshotS = checkpointSizeGB / (n.accelerators * a.deviceToHostGBpsPerAccelerator);
  const inMemory = n.strategy === 'in-memory';
  const asyncCheckpoint = inMemory || n.asyncCheckpoint;
  let blockingS: number;
  let writeS: number;
  let extraReworkS: number;
  if (inMemory) {
    blockingS = snapshotS;
    writeS = snapshotS;
    extraReworkS = 0;
  } else if (n.asyncCheckpoint) {
    blockingS = snapshotS;
    writeS = Math.max(storageWriteS, snapshotS);
    // The checkpoint is durable only once the background write finishes: a
    // failure within writeS of the snapshot loses the previous interval too.
    extraReworkS = writeS - snapshotS;
  } else {
    blockingS = storageWriteS;
    writeS = storageWriteS;
    extraReworkS = 0;
  }
  const reloadComputedS = inMemory ? snapshotS : storageReadS;
  return { checkpointSizeGB, writeGBps, readGBps, snapshotS, inMemory, asyncCheckpoint, blockingS, writeS, extraReworkS, reloadComputedS };
}

/**
 * The checkpoint interval in seconds: a chart's override (no warnings), the
 * user's interval, or the Young/Daly optimum, raised to the write time.
 */
export function checkpointInterval(
  n: Pick<Normalized, 'userIntervalS'>,
  c: Pick<CheckpointTimes, 'blockingS' | 'writeS' | 'asyncCheckpoint'>,
  mtbfS: number,
  intervalOverrideS: number | undefined,
  warnings: ReliabilityWarning[],
): { intervalS: number; optimalIntervalS: number } {
  const { writeS } = c;
  const optimalIntervalS = youngDalyIntervalS(c.blockingS, mtbfS);
  let intervalS: number;
  if (intervalOverrideS !== undefined) {
    intervalS = Math.max(intervalOverrideS, writeS, 1e-9);
  } else if (n.userIntervalS !== undefined) {
    intervalS = n.userIntervalS;
    if (intervalS < writeS) {
      warnings.push({
        severity: 'warning',
        message: `checkpointIntervalMin (${fmt(intervalS / 60)} min) is shorter than the checkpoint write time (${fmt(writeS / 60)} min); using the write time`,
      });
      intervalS = writeS;
    }
  } else {
    intervalS = optimalIntervalS;
    if (intervalS < writeS) {
      if (c.asyncCheckpoint)
        warnings.push({
          severity: 'info',
          message: `the Young/Daly interval (${fmt(optimalIntervalS / 60)} min) is shorter than the checkpoint write time (${fmt(writeS / 60)} min); checkpointing as often as the writes allow`,
        });
      intervalS = writeS;
    }
  }
  if (!(intervalS > 0)) intervalS = Math.max(optimalIntervalS, 1e-9);
  return { intervalS, optimalIntervalS };
}
