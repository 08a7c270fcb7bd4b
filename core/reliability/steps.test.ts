import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { checkpointInterval, checkpointTimes } from './checkpoint';
import { wallClock } from './compute';
import { failureRates } from './failures';
import { normalize } from './input';
import { recoveryTimes } from './recovery';
import type { ReliabilityInput, ReliabilityWarning } from './types';

const ZERO_RATES = {
  acceleratorFailuresPerHour: 0,
  hbmFailuresPerHour: 0,
  nicFailuresPerHour: 0,
  switchFailuresPerHour: 0,
  linkFailuresPerHour: 0,
  hostFailuresPerHour: 0,
  softwareFailuresPerHour: 0,
};

/**
 * 64 accelerators in 8 nodes, 1e9 parameters at 2 + 12 bytes = 14 GB per
 * checkpoint; storage 4 GB/s (nodes could take 8 x 1 GB/s), 1 GB/s per
 * accelerator to host memory (64 GB/s).
 */
function job(extra: Partial<ReliabilityInput> = {}) {
  return normalize(
    {
      accelerators: 64,
      acceleratorsPerNode: 8,
      parameterCount: 1e9,
      failureFreeDays: 10,
      storageWriteGBps: 4,
      ...extra,
      assumptions: {
        ...ZERO_RATES,
        acceleratorFailuresPerHour: 1e-3,
        checkpointWeightBytesPerParam: 2,
        checkpointOptimizerBytesPerParam: 12,
        perNodeCheckpointWriteGBps: 1,
        perNodeCheckpointReadGBps: 1,
        deviceToHostGBpsPerAccelerator: 1,
        nodeRepairHours: 2,
        ...extra.assumptions,
      },
    },
    '',
  );
}

describe('failures', () => {
  it('sums count x rate; node-level share from the kinds that take a node out', () => {
    // 64 accelerators x 1e-3 = 0.064 /h (node level) + 8 nodes x 1e-3 software = 0.008 /h.
    const f = failureRates({ ...job(), a: { ...job().a, softwareFailuresPerHour: 1e-3 } });
    expect(f.lambdaPerH).toBeCloseTo(0.072, 12);
    expect(f.mtbfHours).toBeCloseTo(1 / 0.072, 9);
    expect(f.mtbfS).toBeCloseTo(3600 / 0.072, 6);
    expect(f.nodeLevelShare).toBeCloseTo(0.064 / 0.072, 12);
  });

  it('refuses an infinite MTBF', () => {
    expect(() => failureRates({ ...job(), a: { ...job().a, acceleratorFailuresPerHour: 0 } })).toThrow(InputError);
  });
});

describe('checkpoint times', () => {
  it('synchronous: the storage write (14 GB / 4 GB/s = 3.5 s) blocks training', () => {
    const c = checkpointTimes(job());
    expect(c).toMatchObject({ checkpointSizeGB: 14, writeGBps: 4, blockingS: 3.5, writeS: 3.5, extraReworkS: 0, reloadComputedS: 3.5 });
  });

  it('asynchronous: only the 14 / 64 s snapshot blocks; a failure during the write loses 3.5 - 0.21875 s more', () => {
    const c = checkpointTimes(job({ asyncCheckpoint: true }));
    expect(c.blockingS).toBeCloseTo(0.21875, 12);
    expect(c.writeS).toBe(3.5);
    expect(c.extraReworkS).toBeCloseTo(3.28125, 12);
  });

  it('in memory: snapshot to host memory for write and reload', () => {
    const c = checkpointTimes(job({ strategy: 'in-memory' }));
    expect([c.blockingS, c.writeS, c.reloadComputedS]).toEqual([0.21875, 0.21875, 0.21875]);
  });

  it('node-limited writes: 8 nodes x 1 GB/s below a 100 GB/s storage', () => {
    expect(checkpointTimes(job({ storageWriteGBps: 100 })).writeGBps).toBe(8);
  });
});

describe('checkpoint interval', () => {
  const c = { blockingS: 3.5, writeS: 3.5, asyncCheckpoint: false };
  it('Young/Daly: sqrt(2 x 3.5 s x 25,200 s) = 420 s', () => {
    expect(checkpointInterval({ userIntervalS: undefined }, c, 25_200, undefined, []).intervalS).toBeCloseTo(420, 9);
  });

  it("the user's interval, raised to the write time with a warning", () => {
    const warnings: ReliabilityWarning[] = [];
    expect(checkpointInterval({ userIntervalS: 600 }, c, 25_200, undefined, warnings).intervalS).toBe(600);
    expect(checkpointInterval({ userIntervalS: 1 }, c, 25_200, undefined, warnings).intervalS).toBe(3.5);
    expect(warnings.map((w) => w.severity)).toEqual(['warning']);
  });

  it("a chart's override wins, silently, but never below the write time", () => {
    const warnings: ReliabilityWarning[] = [];
    expect(checkpointInterval({ userIntervalS: 600 }, c, 25_200, 1, warnings).intervalS).toBe(3.5);
    expect(warnings).toEqual([]);
  });
});

describe('recovery', () => {
  // 0.5 node-level failures per hour x 2 h repair = 1 node in repair on average.
  const failures = { nodeLevelPerH: 0.5, nodeLevelShare: 0.5 };
  const recovery = { detectionS: 100, rescheduleS: 1000, hotSpareSwapS: 10, restartS: 200 };

  it('one hot spare is free with P(Poisson(1) = 0) = 1/e; else a cold node from the pool', () => {
    const r = recoveryTimes(job({ spareNodes: 1, recovery }), failures, 3.5, undefined);
    const pHot = Math.exp(-1);
    const reschedule = 0.5 * (pHot * 10 + (1 - pHot) * 1000);
    expect(r.pNoSpare).toBeCloseTo(1 - pHot, 12);
    expect(r.rescheduleS).toBeCloseTo(reschedule, 9);
    expect(r.recoveryS).toBeCloseTo(100 + reschedule + 200 + 3.5, 9);
  });

  it('without a shared pool the job waits for a repair, shared by the spares: 7,200 s / 2', () => {
    const r = recoveryTimes(job({ spareNodes: 1, sharedSparePool: false, recovery }), failures, 3.5, undefined);
    const pHot = Math.exp(-1);
    expect(r.rescheduleS).toBeCloseTo(0.5 * (pHot * 10 + (1 - pHot) * 3600), 9);
  });

  it("a chart's total recovery replaces the sum", () => {
    expect(recoveryTimes(job({ recovery }), failures, 3.5, 42).recoveryS).toBe(42);
  });
});

describe('wall-clock time', () => {
  const n = job();
  const f = { lambdaPerH: 0.1, mtbfHours: 10, mtbfS: 36_000 };
  const c = { blockingS: 60, extraReworkS: 0 };

  it('splits the loss first-order and scales it to the exact wall-clock', () => {
    const w = wallClock(n, f, c, 600, 1200, []);
    const h = w.timeBreakdownHours;
    expect(h.useful).toBe(240);
    expect(h.useful + h.checkpoint + h.rework + h.recovery).toBeCloseTo(w.wallH, 9);
    expect(w.wallH).toBeCloseTo(240 / w.goodput, 9);
    expect(w.expectedInterruptions).toBeCloseTo(w.wallH * 0.1, 9);
    // First order: checkpoints 240 h x 60 / 1200; per interruption (1200 + 60) / 2 s rework and 600 s recovery.
    expect(h.rework / h.recovery).toBeCloseTo(630 / 600, 9);
    expect(h.checkpoint / h.recovery).toBeCloseTo(12 / ((w.expectedInterruptions * 600) / 3600), 9);
    expect(w.lostAcceleratorHours).toBeCloseTo((w.wallH - 240) * 64, 6);
  });

  it('below the goodput floor: an error and wall-clock at the floor', () => {
    const warnings: ReliabilityWarning[] = [];
    const w = wallClock(n, { lambdaPerH: 100, mtbfHours: 0.01, mtbfS: 36 }, c, 36_000, 1200, warnings);
    expect(w.wallH).toBeCloseTo(240 / 1e-6, 3);
    expect(warnings.map((x) => x.severity)).toEqual(['error']);
  });
});
