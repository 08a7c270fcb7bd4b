import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../errors';
import {
  RELIABILITY_ASSUMPTIONS,
  afrFromPerHour,
  defaultFabricCounts,
  estimateReliability,
  fitFromPerHour,
  jobMtbf,
  perHourFromAfr,
  youngDalyIntervalS,
  type ReliabilityInput,
  type ReliabilityResult,
} from './index';

const base: ReliabilityInput = {
  accelerators: 1024,
  acceleratorsPerNode: 8,
  parameterCount: 175e9,
  failureFreeDays: 30,
  storageWriteGBps: 100,
};

/** Only the accelerator rate, so the MTBF is a round number. */
const ONLY_ACCEL = {
  hbmFailuresPerHour: 0,
  nicFailuresPerHour: 0,
  switchFailuresPerHour: 0,
  linkFailuresPerHour: 0,
  hostFailuresPerHour: 0,
  softwareFailuresPerHour: 0,
};

function gpuFailuresPerWeek(r: ReliabilityResult): number {
  const gpu = r.components.filter((c) => c.component === 'accelerator' || c.component === 'hbm');
  return gpu.reduce((s, c) => s + c.jobFailuresPerHour, 0) * 24 * 7;
}

function allFinite(x: unknown, path = 'result'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [path];
  if (Array.isArray(x)) return x.flatMap((v, i) => allFinite(v, `${path}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => allFinite(v, `${path}.${k}`));
  return [];
}

describe('assumptions', () => {
  it('are listed as data with key, label, value, unit, source and description', () => {
    const keys = new Set<string>();
    for (const a of RELIABILITY_ASSUMPTIONS) {
      expect(a.key).toBeTruthy();
      expect(keys.has(a.key)).toBe(false);
      keys.add(a.key);
      expect(a.label.length).toBeGreaterThan(0);
      expect(a.unit.length).toBeGreaterThan(0);
      expect(a.source.length).toBeGreaterThan(10);
      expect(a.description.length).toBeGreaterThan(10);
      expect(Number.isFinite(a.value)).toBe(true);
      expect(a.value).toBeGreaterThan(0);
    }
    for (const k of ['accelerator', 'hbm', 'nic', 'switch', 'link', 'host', 'software'])
      expect(keys.has(`${k}FailuresPerHour`)).toBe(true);
  });

  it('FIT and AFR conversions', () => {
    // 1e-6 per hour = 1000 FIT; AFR = 1 - exp(-8766e-6) = 0.8728%.
    expect(fitFromPerHour(1e-6)).toBeCloseTo(1000, 9);
    expect(afrFromPerHour(1e-6)).toBeCloseTo(1 - Math.exp(-0.008766), 12);
    expect(perHourFromAfr(afrFromPerHour(3e-5))).toBeCloseTo(3e-5, 15);
  });
});

describe('fabric defaults', () => {
  it('reproduce the DGX SuperPOD switch and cable counts (REFERENCE.md table)', () => {
    // rows: GPUs -> leaf + spine + core, cables per tier x tiers
    const rows: [number, number, number][] = [
      [512, 16 + 8, 2 * 512],
      [1024, 32 + 16, 2 * 1024],
      [2048, 64 + 32, 2 * 2048],
      [4096, 128 + 128 + 64, 3 * 4096],
      [8192, 256 + 256 + 128, 3 * 8192],
      [16384, 512 + 512 + 256, 3 * 16384],
    ];
    for (const [gpus, switches, links] of rows) {
      const f = defaultFabricCounts(gpus, 64);
      expect(f.switches, `${gpus} switches`).toBe(switches);
      expect(f.links, `${gpus} links`).toBe(links);
    }
  });
});

describe('calibration against published interruption rates', () => {
  it('a 1,000-card cluster is interrupted at least 15 times a month (REFERENCE.md, industry report 2024)', () => {
    const r = jobMtbf({ accelerators: 1000, acceleratorsPerNode: 8 });
    expect(r.interruptionsPerMonth).toBeGreaterThanOrEqual(15);
    // and not absurdly more (same order of magnitude)
    expect(r.interruptionsPerMonth).toBeLessThan(45);
  });

  it('a ~400-GPU cluster sees 1-2 GPU failures a week (REFERENCE.md, BLOOM-176B)', () => {
    for (const gpus of [384, 400, 416]) {
      const r = estimateReliability({ ...base, accelerators: gpus, charts: false });
      const perWeek = gpuFailuresPerWeek(r);
      expect(perWeek, `${gpus} GPUs`).toBeGreaterThanOrEqual(1);
      expect(perWeek, `${gpus} GPUs`).toBeLessThanOrEqual(2);
    }
  });

  it('16,384 H100 is in the ballpark of Llama 3: 419 unexpected interruptions in 54 days', () => {
    const llama = 419 / 54; // 7.76 a day
    const r = jobMtbf({ accelerators: 16384, acceleratorsPerNode: 8 });
    expect(r.interruptionsPerDay).toBeGreaterThan(llama / 1.5);
    expect(r.interruptionsPerDay).toBeLessThan(llama * 1.5);
    // Llama 3: one failure about every 3 hours
    expect(r.mtbfHours).toBeGreaterThan(1.5);
    expect(r.mtbfHours).toBeLessThan(4.5);
  });

  it('with the unblended Llama 3 GPU rates the 16,384-GPU job reproduces 419/54 exactly', () => {
    // Per-GPU-hour rates straight from Table 5: 196 accelerator and 72 HBM events over 16,384 x 1,296 GPU-hours.
    const gpuHours = 16384 * 54 * 24;
    const r = jobMtbf({
      accelerators: 16384,
      acceleratorsPerNode: 8,
      assumptions: { acceleratorFailuresPerHour: 196 / gpuHours, hbmFailuresPerHour: 72 / gpuHours },
    });
    expect(r.interruptionsPerDay).toBeCloseTo(419 / 54, 9);
  });

  it('a Llama 3-like run (automatic recovery, hot spares, async checkpoints) keeps effective training time above 90%', () => {
    // Llama 3 reports >90% effective training time on 16,384 H100 (REFERENCE.md: top clusters > 90%).
    const r = estimateReliability({
      accelerators: 16384,
      acceleratorsPerNode: 8,
      parameterCount: 405e9,
      failureFreeDays: 54,
      storageWriteGBps: 1000,
      asyncCheckpoint: true,
      spareNodes: 16,
      charts: false,
    });
    expect(r.goodput).toBeGreaterThan(0.9);
    expect(r.goodput).toBeLessThan(0.99);
  });

  it('a 10,000-card cluster is interrupted daily', () => {
    const r = jobMtbf({ accelerators: 10000, acceleratorsPerNode: 8 });
    expect(r.interruptionsPerDay).toBeGreaterThanOrEqual(1);
    expect(r.mtbfHours).toBeLessThanOrEqual(24);
  });

  it('job failure rate scales with the number of each component', () => {
    // Doubling every count doubles the failure rate (explicit counts so no fabric tier step).
    const one = jobMtbf({ accelerators: 1000, acceleratorsPerNode: 8, switches: 50, links: 2000 });
    const two = jobMtbf({ accelerators: 2000, acceleratorsPerNode: 8, switches: 100, links: 4000 });
    expect(two.interruptionsPerDay).toBeCloseTo(2 * one.interruptionsPerDay, 9);
  });
});

describe('checkpoint size', () => {
  it('matches BLOOM-176B: bf16 weights 329 GB(iB), full checkpoint with optimizer 2.3 TB', () => {
    const params = 176.247e9;
    const full = estimateReliability({ ...base, parameterCount: params, charts: false });
    // 176.247e9 x (2 + 12) B = 2,467 GB; BLOOM reports 2.3 TB (2.24 TiB = 2,467 GB)
    expect(full.checkpointSizeGB / 1.099511627776 / 1000).toBeCloseTo(2.24, 2);
    const weights = estimateReliability({
      ...base,
      parameterCount: params,
      assumptions: { checkpointOptimizerBytesPerParam: 0 },
      charts: false,
    });
    // 329 GiB = 329 x 1.073741824 GB = 353.3 GB
    expect(Math.abs(weights.checkpointSizeGB - 329 * 1.073741824) / weights.checkpointSizeGB).toBeLessThan(0.01);
  });

  it('write time is limited by storage or by the nodes, whichever is slower', () => {
    // 175e9 x 14 B = 2,450 GB. 128 nodes x 10 GB/s = 1,280 GB/s > 100 GB/s storage -> 24.5 s.
    const r = estimateReliability({ ...base, charts: false });
    expect(r.checkpointSizeGB).toBeCloseTo(2450, 9);
    expect(r.checkpointWriteS).toBeCloseTo(24.5, 9);
    // Fast storage, 16 nodes: 16 x 10 = 160 GB/s binds -> 2450 / 160 = 15.3125 s
    const small = estimateReliability({ ...base, accelerators: 128, storageWriteGBps: 5000, charts: false });
    expect(small.checkpointWriteS).toBeCloseTo(15.3125, 9);
    expect(small.warnings.some((w) => w.message.includes('limited by the nodes'))).toBe(true);
  });

  it('asynchronous checkpoints block only for the snapshot to host memory', () => {
    // snapshot: 2,450 GB / (1,024 x 20 GB/s) = 0.11963 s
    const r = estimateReliability({ ...base, asyncCheckpoint: true, charts: false });
    expect(r.checkpointBlockingS).toBeCloseTo(2450 / (1024 * 20), 9);
    expect(r.checkpointWriteS).toBeCloseTo(24.5, 9);
    expect(r.checkpointIntervalMin * 60).toBeGreaterThanOrEqual(r.checkpointWriteS);
  });
});

describe('Young/Daly interval and goodput, by hand', () => {
  // 1,000 accelerators x 1e-5 failures/h = 0.01/h -> MTBF 100 h = 360,000 s.
  // Checkpoint 175e9 x 14 B = 2,450 GB at 100 GB/s -> delta = 24.5 s.
  // Young/Daly: sqrt(2 x 24.5 x 360,000) = sqrt(17,640,000) = 4,200 s = 70 min.
  const input: ReliabilityInput = {
    accelerators: 1000,
    acceleratorsPerNode: 8,
    parameterCount: 175e9,
    failureFreeDays: 30,
    storageWriteGBps: 100,
    strategy: 'automatic',
    assumptions: { ...ONLY_ACCEL, acceleratorFailuresPerHour: 1e-5 },
  };

  it('interval = sqrt(2 x write time x MTBF) = 70 min', () => {
    const r = estimateReliability(input);
    expect(r.mtbfHours).toBeCloseTo(100, 9);
    expect(r.checkpointWriteS).toBeCloseTo(24.5, 9);
    expect(r.checkpointIntervalMin).toBeCloseTo(70, 9);
    expect(youngDalyIntervalS(24.5, 360000)).toBeCloseTo(4200, 9);
  });

  it('recovery = detection + rescheduling + restart + reload', () => {
    // automatic: 300 s detection + 600 s cold reschedule (every failure is node-level here, no spares)
    // + 300 s restart + 2,450 GB / 100 GB/s read = 24.5 s -> 1,224.5 s
    const r = estimateReliability(input);
    expect(r.recoveryS).toBeCloseTo(1224.5, 6);
  });

  it('goodput matches Daly and, to first order, 1 - delta/tau - tau/2M - R/M', () => {
    const r = estimateReliability(input);
    const M = 360000;
    const tau = 4200;
    const delta = 24.5;
    const R = 1224.5;
    const daly = tau / (M * Math.exp(R / M) * Math.expm1((tau + delta) / M));
    expect(r.goodput).toBeCloseTo(daly, 12);
    // first order: 1 - 24.5/4200 - 4200/720000 - 1224.5/360000 = 1 - 0.005833 - 0.005833 - 0.003401 = 0.98493
    expect(Math.abs(r.goodput - 0.98493)).toBeLessThan(5e-4);
    // 30 days / 0.98493 = 30.459 days
    expect(r.wallClockDays).toBeCloseTo(30 / r.goodput, 9);
    // lost accelerator-hours = (wall - useful) x 24 x 1,000, at $2/h
    expect(r.lostAcceleratorHours).toBeCloseTo((r.wallClockDays - 30) * 24 * 1000, 6);
    expect(r.lostCostUsd).toBeCloseTo(r.lostAcceleratorHours * 2, 6);
    const b = r.timeBreakdownHours;
    expect(b.useful + b.checkpoint + b.rework + b.recovery).toBeCloseTo(r.wallClockDays * 24, 6);
  });

  it("uses the user's interval when given", () => {
    const r = estimateReliability({ ...input, checkpointIntervalMin: 30 });
    expect(r.checkpointIntervalMin).toBe(30);
    expect(r.optimalCheckpointIntervalMin).toBeCloseTo(70, 9);
    // the optimum beats a far-off interval
    expect(estimateReliability(input).goodput).toBeGreaterThan(r.goodput);
  });

  it('the Young/Daly interval is near the best point of the goodput-vs-interval chart', () => {
    const r = estimateReliability(input);
    const pts = r.charts!.goodputVsCheckpointInterval;
    const best = pts.reduce((a, b) => (b.goodput > a.goodput ? b : a));
    expect(best.intervalMin / 70).toBeGreaterThanOrEqual(0.75);
    expect(best.intervalMin / 70).toBeLessThanOrEqual(1.5);
  });

  it('BLOOM: checkpoint every 3 h loses ~1.5 h of work per crash', () => {
    const r = estimateReliability({ ...base, accelerators: 384, checkpointIntervalMin: 180, charts: false });
    const reworkPerCrashH = r.timeBreakdownHours.rework / r.expectedInterruptions;
    expect(reworkPerCrashH).toBeGreaterThan(1.35);
    expect(reworkPerCrashH).toBeLessThan(1.65);
  });
});

describe('recovery strategies and spares', () => {
  it('manual takes hours, automatic minutes, in-memory with a hot spare seconds', () => {
    const manual = estimateReliability({ ...base, strategy: 'manual', charts: false });
    const auto = estimateReliability({ ...base, strategy: 'automatic', charts: false });
    const mem = estimateReliability({ ...base, strategy: 'in-memory', spareNodes: 4, charts: false });
    expect(manual.recoveryS).toBeGreaterThanOrEqual(3600);
    expect(auto.recoveryS).toBeGreaterThanOrEqual(60);
    expect(auto.recoveryS).toBeLessThan(3600);
    expect(mem.recoveryS).toBeLessThan(120);
    expect(mem.goodput).toBeGreaterThan(auto.goodput);
    expect(auto.goodput).toBeGreaterThan(manual.goodput);
  });

  it('hot spares shorten rescheduling; without spares or a pool a node failure waits for repair', () => {
    const noPool = { ...base, sharedSparePool: false, charts: false } as const;
    const none = estimateReliability({ ...noPool, spareNodes: 0 });
    const some = estimateReliability({ ...noPool, spareNodes: 4 });
    // no spares: node-level failures wait the full 24 h repair
    expect(none.recoveryBreakdown.rescheduleS).toBeCloseTo(none.nodeLevelShare * 24 * 3600, 3);
    expect(none.warnings.some((w) => w.message.includes('no spare nodes'))).toBe(true);
    expect(some.recoveryS).toBeLessThan(none.recoveryS);
    expect(some.goodput).toBeGreaterThan(none.goodput);
    expect(some.spareAcceleratorHours).toBeCloseTo(4 * 8 * some.wallClockDays * 24, 6);
    // with a shared pool, a hot spare still beats a cold allocation
    const cold = estimateReliability({ ...base, charts: false });
    const hot = estimateReliability({ ...base, spareNodes: 4, charts: false });
    expect(hot.recoveryS).toBeLessThan(cold.recoveryS);
  });

  it('goodput vs spare nodes never falls as spares are added', () => {
    const r = estimateReliability({ ...base, accelerators: 16384, sharedSparePool: false });
    const pts = r.charts!.goodputVsSpareNodes;
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.goodput).toBeGreaterThanOrEqual(pts[i - 1]!.goodput);
    expect(pts[0]!.pNoSpare).toBe(1);
  });

  it('compares the three strategies', () => {
    const r = estimateReliability(base);
    expect(r.strategies!.map((s) => s.strategy)).toEqual(['manual', 'automatic', 'in-memory']);
  });
});

describe('goodput trends', () => {
  it('falls as recovery time grows', () => {
    const r = estimateReliability({ ...base, accelerators: 8192 });
    const pts = r.charts!.goodputVsRecoveryTime;
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.goodput).toBeLessThan(pts[i - 1]!.goodput);
    const slow = estimateReliability({ ...base, recovery: { restartS: 3600 }, charts: false });
    const fast = estimateReliability({ ...base, recovery: { restartS: 60 }, charts: false });
    expect(slow.goodput).toBeLessThan(fast.goodput);
  });

  it('rises with faster checkpoints', () => {
    const speeds = [10, 30, 100, 300, 1000];
    const g = speeds.map((s) => estimateReliability({ ...base, storageWriteGBps: s, charts: false }).goodput);
    for (let i = 1; i < g.length; i++) expect(g[i]!).toBeGreaterThan(g[i - 1]!);
    const sync = estimateReliability({ ...base, storageWriteGBps: 10, charts: false });
    const asyn = estimateReliability({ ...base, storageWriteGBps: 10, asyncCheckpoint: true, charts: false });
    expect(asyn.goodput).toBeGreaterThan(sync.goodput);
  });

  it('falls as the cluster grows', () => {
    const pts = estimateReliability(base).charts!.goodputVsClusterSize;
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.goodput).toBeLessThan(pts[i - 1]!.goodput);
      expect(pts[i]!.mtbfHours).toBeLessThan(pts[i - 1]!.mtbfHours);
    }
  });

  it('property: wall-clock >= failure-free days, goodput in [0, 1], every number finite', () => {
    fc.assert(
      fc.property(
        fc.record({
          accelerators: fc.integer({ min: 1, max: 200_000 }),
          acceleratorsPerNode: fc.constantFrom(1, 4, 8, 16, 72),
          parameterCount: fc.double({ min: 1e6, max: 2e12, noNaN: true }),
          failureFreeDays: fc.double({ min: 0.01, max: 1000, noNaN: true }),
          storageWriteGBps: fc.double({ min: 0.1, max: 1e5, noNaN: true }),
          strategy: fc.constantFrom('manual' as const, 'automatic' as const, 'in-memory' as const),
          asyncCheckpoint: fc.boolean(),
          spareNodes: fc.integer({ min: 0, max: 64 }),
          sharedSparePool: fc.boolean(),
          checkpointIntervalMin: fc.option(fc.double({ min: 0.01, max: 1e4, noNaN: true }), { nil: undefined }),
          rateScale: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        }),
        ({ rateScale, ...rest }) => {
          const r = estimateReliability({
            ...rest,
            charts: false,
            assumptions: {
              acceleratorFailuresPerHour: RELIABILITY_ASSUMPTIONS[0]!.value * rateScale,
            },
          });
          expect(r.wallClockDays).toBeGreaterThanOrEqual(r.failureFreeDays);
          expect(r.goodput).toBeGreaterThanOrEqual(0);
          expect(r.goodput).toBeLessThanOrEqual(1);
          expect(allFinite(r)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('bad input', () => {
  const err = (input: ReliabilityInput, path: string) => {
    try {
      estimateReliability(input);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).path).toBe(path);
      expect((e as Error).message.startsWith(`${path}: `)).toBe(true);
      return;
    }
    throw new Error(`expected an InputError at ${path}`);
  };

  it('rejects negative and non-finite rates, naming the assumption', () => {
    err({ ...base, assumptions: { hbmFailuresPerHour: -1e-6 } }, 'assumptions.hbmFailuresPerHour');
    err({ ...base, assumptions: { acceleratorFailuresPerHour: Number.NaN } }, 'assumptions.acceleratorFailuresPerHour');
    err({ ...base, assumptions: { nope: 1 } as never }, 'assumptions.nope');
  });

  it('rejects all-zero failure rates (infinite MTBF)', () => {
    err({ ...base, assumptions: { ...ONLY_ACCEL, acceleratorFailuresPerHour: 0 } }, 'assumptions');
  });

  it('rejects storage with no throughput, and bad counts', () => {
    err({ ...base, storageWriteGBps: 0 }, 'storageWriteGBps');
    err({ ...base, storageWriteGBps: -5 }, 'storageWriteGBps');
    err({ ...base, storageReadGBps: 0 }, 'storageReadGBps');
    err({ ...base, accelerators: 0 }, 'accelerators');
    err({ ...base, acceleratorsPerNode: 2.5 }, 'acceleratorsPerNode');
    err({ ...base, parameterCount: 0 }, 'parameterCount');
    err({ ...base, failureFreeDays: -1 }, 'failureFreeDays');
    err({ ...base, checkpointIntervalMin: 0 }, 'checkpointIntervalMin');
    err({ ...base, spareNodes: -1 }, 'spareNodes');
    err({ ...base, strategy: 'pray' as never }, 'strategy');
    err({ ...base, recovery: { restartS: -1 } }, 'recovery.restartS');
  });

  it('prefixes paths when asked', () => {
    expect(() => estimateReliability({ ...base, accelerators: -3 }, 'cluster.reliability')).toThrow(
      /^cluster\.reliability\.accelerators: /,
    );
  });

  it('warns when the interval is shorter than the checkpoint write time, and uses the write time', () => {
    // write time 24.5 s = 0.408 min
    const r = estimateReliability({ ...base, checkpointIntervalMin: 0.1, charts: false });
    expect(r.checkpointIntervalMin * 60).toBeCloseTo(24.5, 9);
    expect(r.warnings.some((w) => w.severity === 'warning' && w.message.includes('shorter than the checkpoint write time'))).toBe(true);
  });

  it('in-memory without storage is allowed with a warning', () => {
    const r = estimateReliability({ ...base, strategy: 'in-memory', storageWriteGBps: 0 });
    expect(r.warnings.some((w) => w.message.includes('no write throughput'))).toBe(true);
    expect(allFinite(r)).toEqual([]);
  });

  it('a hopeless job reports an error warning, never NaN or Infinity', () => {
    const r = estimateReliability({
      ...base,
      strategy: 'manual',
      storageWriteGBps: 0.1,
      assumptions: { acceleratorFailuresPerHour: 0.5 },
    });
    expect(r.warnings.some((w) => w.severity === 'error')).toBe(true);
    expect(allFinite(r)).toEqual([]);
    expect(r.wallClockDays).toBeGreaterThanOrEqual(r.failureFreeDays);
  });
});
