/**
 * Reliability and goodput of a synchronous training job: job MTBF from
 * per-component failure rates, checkpoint size and write/read time,
 * Young/Daly checkpoint interval, recovery time (detection, rescheduling with
 * or without spare nodes, restart, reload) and the resulting goodput,
 * wall-clock time and lost accelerator-hours. Pure functions over plain data;
 * the model is written out in MODEL.md.
 */
import { InputError } from '../errors';
import {
  DEFAULT_RELIABILITY_VALUES,
  RECOVERY_PRESETS,
  RELIABILITY_ASSUMPTIONS,
  type RecoveryStrategy,
  type ReliabilityAssumptionKey,
  type ReliabilityAssumptionValues,
} from './assumptions';

export const HOURS_PER_DAY = 24;
/** Average month: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 365.25 / 12;
/** Below this goodput the job is reported as unable to make progress; wall-clock uses this floor. */
export const GOODPUT_FLOOR = 1e-6;

export type WarningSeverity = 'info' | 'warning' | 'error';
export interface ReliabilityWarning {
  severity: WarningSeverity;
  message: string;
}

export interface RecoveryOverrides {
  detectionS?: number;
  rescheduleS?: number;
  hotSpareSwapS?: number;
  restartS?: number;
  /** Replaces the computed checkpoint reload time. */
  reloadS?: number;
}

export interface ReliabilityInput {
  /** Accelerators in the job. */
  accelerators: number;
  acceleratorsPerNode: number;
  /** Fabric switches the job depends on; default derived from `accelerators` (fat tree, `fabricSwitchRadix`). */
  switches?: number;
  /** Optical/cable links the job depends on; default derived from `accelerators`. */
  links?: number;
  /** Scale-out NICs; default one per accelerator. */
  nics?: number;
  /** Model parameters (for the checkpoint size). */
  parameterCount: number;
  /** Failure-free (and checkpoint-free) training time in days. */
  failureFreeDays: number;
  /** Aggregate storage write throughput available to the job, GB/s (1e9 B/s). */
  storageWriteGBps: number;
  /** Aggregate storage read throughput, GB/s; default = write. */
  storageReadGBps?: number;
  /** Recovery preset; default 'automatic'. */
  strategy?: RecoveryStrategy;
  /** Checkpoint asynchronously: only the snapshot to host memory blocks training. Default false. */
  asyncCheckpoint?: boolean;
  /** The user's checkpoint interval (minutes of training between checkpoints); default Young/Daly optimum. */
  checkpointIntervalMin?: number;
  /** Hot spare nodes held for the job (pre-provisioned, health-checked). Default 0. */
  spareNodes?: number;
  /**
   * When no hot spare is free, can the scheduler hand out a replacement node
   * from the rest of the data centre (cold, `rescheduleS`)? Default true. When
   * false the job waits for a node repair (`nodeRepairHours`).
   */
  sharedSparePool?: boolean;
  /** Overrides the `costPerAcceleratorHourUsd` assumption. */
  costPerAcceleratorHourUsd?: number;
  /** Overrides of the strategy preset's component times. */
  recovery?: RecoveryOverrides;
  /** Overrides of RELIABILITY_ASSUMPTIONS by key. */
  assumptions?: Partial<Record<ReliabilityAssumptionKey, number>>;
  /** Include chart data and the strategy comparison (default true). */
  charts?: boolean;
}

export type ComponentKind = 'accelerator' | 'hbm' | 'nic' | 'switch' | 'link' | 'host' | 'software';

export interface ComponentFailures {
  component: ComponentKind;
  label: string;
  /** Number of this component in the job. */
  count: number;
  /** Failures per device-hour (the assumption). */
  ratePerDeviceHour: number;
  /** Failures per hour of the whole job from this component. */
  jobFailuresPerHour: number;
  interruptionsPerDay: number;
  /** Share of all interruptions, 0..1. */
  share: number;
  /** True when a failure of this kind takes a node out (swap or repair needed). */
  nodeLevel: boolean;
}

export interface ClusterSizePoint {
  accelerators: number;
  mtbfHours: number;
  interruptionsPerDay: number;
  checkpointIntervalMin: number;
  goodput: number;
}
export interface RecoveryTimePoint {
  recoveryMin: number;
  goodput: number;
}
export interface CheckpointIntervalPoint {
  intervalMin: number;
  goodput: number;
}
export interface SparePoint {
  spareNodes: number;
  /** Probability that no hot spare is free when a node fails. */
  pNoSpare: number;
  recoveryS: number;
  goodput: number;
}
export interface StrategyComparison {
  strategy: RecoveryStrategy;
  label: string;
  recoveryS: number;
  checkpointIntervalMin: number;
  goodput: number;
  wallClockDays: number;
  lostCostUsd: number;
}

export interface ReliabilityCharts {
  goodputVsClusterSize: ClusterSizePoint[];
  goodputVsRecoveryTime: RecoveryTimePoint[];
  goodputVsCheckpointInterval: CheckpointIntervalPoint[];
  goodputVsSpareNodes: SparePoint[];
}

export interface ReliabilityResult {
  // CLI contract keys
  interruptionsPerDay: number;
  mtbfHours: number;
  checkpointIntervalMin: number;
  goodput: number;
  wallClockDays: number;
  // more
  interruptionsPerWeek: number;
  interruptionsPerMonth: number;
  /** Expected interruptions over the whole run (wall-clock). */
  expectedInterruptions: number;
  failureFreeDays: number;
  nodes: number;
  switches: number;
  links: number;
  nics: number;
  components: ComponentFailures[];
  strategy: RecoveryStrategy;
  asyncCheckpoint: boolean;
  checkpointSizeGB: number;
  /** Time to make a checkpoint durable (storage write, or host-memory snapshot for in-memory). */
  checkpointWriteS: number;
  /** Part of each checkpoint that stalls training. */
  checkpointBlockingS: number;
  checkpointReadS: number;
  checkpointWriteGBps: number;
  checkpointReadGBps: number;
  /** Young/Daly optimum sqrt(2 x blocking time x MTBF), before clamping to the write time. */
  optimalCheckpointIntervalMin: number;
  /** Expected recovery time per interruption (detection + rescheduling + restart + reload). */
  recoveryS: number;
  recoveryBreakdown: { detectionS: number; rescheduleS: number; restartS: number; reloadS: number };
  /** Work redone after an interruption beyond the half interval, s (async: the storage write lag). */
  extraReworkS: number;
  /** Share of interruptions that take a node out (need a swap or repair). */
  nodeLevelShare: number;
  spareNodes: number;
  /** Probability that no hot spare is free when a node fails. */
  pNoSpare: number;
  /** Where wall-clock hours go; sums to wall-clock hours (losses split first-order, scaled to the exact total). */
  timeBreakdownHours: { useful: number; checkpoint: number; rework: number; recovery: number };
  lostAcceleratorHours: number;
  lostCostUsd: number;
  spareAcceleratorHours: number;
  spareCostUsd: number;
  costPerAcceleratorHourUsd: number;
  assumptions: ReliabilityAssumptionValues;
  charts?: ReliabilityCharts;
  strategies?: StrategyComparison[];
  warnings: ReliabilityWarning[];
}

// ---------------------------------------------------------------------------
// Fabric defaults

/**
 * Switch and link counts of a non-blocking fat tree of radix-k switches for
 * N endpoints (one port each): t tiers reach 2 (k/2)^t endpoints; leaf =
 * ceil(N / (k/2)), each middle tier as many as the leaves, the top tier half
 * as many; t x N links. Reproduces the DGX SuperPOD table (REFERENCE.md).
 */
export function defaultFabricCounts(endpoints: number, radix: number): { tiers: number; switches: number; links: number } {
  const half = Math.max(1, Math.floor(radix / 2));
  if (endpoints <= radix) return { tiers: 1, switches: 1, links: endpoints };
  let tiers = 2;
  while (endpoints > 2 * half ** tiers && tiers < 8) tiers++;
  const leaf = Math.ceil(endpoints / half);
  const top = Math.ceil(leaf / 2);
  return { tiers, switches: leaf * (tiers - 1) + top, links: tiers * endpoints };
}

// ---------------------------------------------------------------------------
// Formulas

/** Young's optimal checkpoint interval sqrt(2 x checkpoint cost x MTBF) (Young 1974; Daly 2006 first order). */
export function youngDalyIntervalS(checkpointCostS: number, mtbfS: number): number {
  return Math.sqrt(2 * checkpointCostS * mtbfS);
}

/** ln(e^x - 1) without overflow. */
function logExpm1(x: number): number {
  return x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
}

/**
 * Natural log of the goodput (useful time / wall-clock time) with exponential
 * failures, Daly (2006) "A higher order estimate of the optimum checkpoint
 * interval": wall = M e^(R/M) (e^((tau+delta)/M) - 1) x work / tau.
 * tau: compute between checkpoints, delta: blocking checkpoint cost,
 * R: recovery per failure (incl. any extra rework), M: MTBF, all in seconds.
 */
export function logGoodput(intervalS: number, checkpointCostS: number, recoveryS: number, mtbfS: number): number {
  return (
    Math.log(intervalS) - Math.log(mtbfS) - recoveryS / mtbfS - logExpm1((intervalS + checkpointCostS) / mtbfS)
  );
}

/** Goodput 0..1 (see logGoodput). */
export function dalyGoodput(intervalS: number, checkpointCostS: number, recoveryS: number, mtbfS: number): number {
  return Math.min(1, Math.exp(logGoodput(intervalS, checkpointCostS, recoveryS, mtbfS)));
}

/** P(Poisson(mean) < k): probability that fewer than k nodes are in repair. */
export function poissonCdfBelow(k: number, mean: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return 1;
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i < k; i++) {
    term *= mean / i;
    sum += term;
    if (term < 1e-18 && i > mean) break;
  }
  return Math.min(1, sum);
}

// ---------------------------------------------------------------------------
// Validation

interface Normalized {
  accelerators: number;
  perNode: number;
  nodes: number;
  switches: number;
  links: number;
  nics: number;
  parameterCount: number;
  failureFreeDays: number;
  storageWriteGBps: number;
  storageReadGBps: number;
  storageReadGiven: boolean;
  strategy: RecoveryStrategy;
  asyncCheckpoint: boolean;
  userIntervalS: number | undefined;
  spareNodes: number;
  sharedSparePool: boolean;
  cost: number;
  recovery: RecoveryOverrides;
  a: ReliabilityAssumptionValues;
  fabricDerived: { switches: boolean; links: boolean };
}

function num(value: unknown, path: string, opts: { min?: number; exclusiveMin?: boolean; integer?: boolean }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(path, 'must be a finite number');
  if (opts.integer && !Number.isInteger(value)) throw new InputError(path, `must be a whole number (got ${value})`);
  if (opts.min !== undefined) {
    if (opts.exclusiveMin ? value <= opts.min : value < opts.min)
      throw new InputError(path, `must be ${opts.exclusiveMin ? '>' : '>='} ${opts.min} (got ${value})`);
  }
  return value;
}

const STRATEGIES: readonly RecoveryStrategy[] = ['manual', 'automatic', 'in-memory'];

/** Resolve assumption overrides onto the defaults, validating each (path `assumptions.<key>`). */
export function resolveReliabilityAssumptions(
  overrides: Partial<Record<string, number>> | undefined,
  path = 'assumptions',
): ReliabilityAssumptionValues {
  const values: ReliabilityAssumptionValues = { ...DEFAULT_RELIABILITY_VALUES };
  if (overrides === undefined) return values;
  if (typeof overrides !== 'object' || overrides === null) throw new InputError(path, 'must be an object');
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const def = RELIABILITY_ASSUMPTIONS.find((a) => a.key === key);
    if (!def) throw new InputError(`${path}.${key}`, 'unknown reliability assumption');
    values[def.key] = num(value, `${path}.${key}`, { min: def.min, exclusiveMin: def.exclusiveMin });
  }
  return values;
}

function normalize(input: ReliabilityInput, p: string): Normalized {
  if (typeof input !== 'object' || input === null) throw new InputError(p || 'input', 'must be an object');
  const at = (k: string) => (p ? `${p}.${k}` : k);
  const accelerators = num(input.accelerators, at('accelerators'), { min: 1, integer: true });
  const perNode = num(input.acceleratorsPerNode, at('acceleratorsPerNode'), { min: 1, integer: true });
  const a = resolveReliabilityAssumptions(input.assumptions, at('assumptions'));
  const strategy = input.strategy ?? 'automatic';
  if (!STRATEGIES.includes(strategy))
    throw new InputError(at('strategy'), `must be one of ${STRATEGIES.join(', ')} (got ${String(strategy)})`);
  const fabric = defaultFabricCounts(accelerators, a.fabricSwitchRadix);
  const switches =
    input.switches === undefined ? fabric.switches : num(input.switches, at('switches'), { min: 0, integer: true });
  const links = input.links === undefined ? fabric.links : num(input.links, at('links'), { min: 0, integer: true });
  const nics = input.nics === undefined ? accelerators : num(input.nics, at('nics'), { min: 0, integer: true });
  const parameterCount = num(input.parameterCount, at('parameterCount'), { min: 0, exclusiveMin: true });
  const failureFreeDays = num(input.failureFreeDays, at('failureFreeDays'), { min: 0, exclusiveMin: true });
  const storageWriteGBps = num(input.storageWriteGBps, at('storageWriteGBps'), { min: 0 });
  if (storageWriteGBps === 0 && strategy !== 'in-memory')
    throw new InputError(
      at('storageWriteGBps'),
      `storage has no write throughput (0 GB/s): checkpoints cannot be written with the '${strategy}' strategy`,
    );
  const storageReadGiven = input.storageReadGBps !== undefined;
  const storageReadGBps = storageReadGiven
    ? num(input.storageReadGBps, at('storageReadGBps'), { min: 0, exclusiveMin: true })
    : storageWriteGBps;
  const userIntervalS =
    input.checkpointIntervalMin === undefined
      ? undefined
      : num(input.checkpointIntervalMin, at('checkpointIntervalMin'), { min: 0, exclusiveMin: true }) * 60;
  const spareNodes =
    input.spareNodes === undefined ? 0 : num(input.spareNodes, at('spareNodes'), { min: 0, integer: true });
  const cost =
    input.costPerAcceleratorHourUsd === undefined
      ? a.costPerAcceleratorHourUsd
      : num(input.costPerAcceleratorHourUsd, at('costPerAcceleratorHourUsd'), { min: 0 });
  const recovery: RecoveryOverrides = {};
  if (input.recovery !== undefined) {
    for (const k of ['detectionS', 'rescheduleS', 'hotSpareSwapS', 'restartS', 'reloadS'] as const) {
      const v = input.recovery[k];
      if (v !== undefined) recovery[k] = num(v, at(`recovery.${k}`), { min: 0 });
    }
  }
  return {
    accelerators,
    perNode,
    nodes: Math.ceil(accelerators / perNode),
    switches,
    links,
    nics,
    parameterCount,
    failureFreeDays,
    storageWriteGBps,
    storageReadGBps,
    storageReadGiven,
    strategy,
    asyncCheckpoint: input.asyncCheckpoint ?? false,
    userIntervalS,
    spareNodes,
    sharedSparePool: input.sharedSparePool ?? true,
    cost,
    recovery,
    a,
    fabricDerived: { switches: input.switches === undefined, links: input.links === undefined },
  };
}

// ---------------------------------------------------------------------------
// Core computation

const COMPONENT_LABELS: Record<ComponentKind, string> = {
  accelerator: 'Accelerator',
  hbm: 'HBM',
  nic: 'NIC',
  switch: 'Switch',
  link: 'Optics/cable',
  host: 'Host (CPU/memory/PSU/board)',
  software: 'Software/driver',
};

export function componentFailures(n: {
  accelerators: number;
  nodes: number;
  nics: number;
  switches: number;
  links: number;
  a: ReliabilityAssumptionValues;
}): ComponentFailures[] {
  const rows: [ComponentKind, number, number, boolean][] = [
    ['accelerator', n.accelerators, n.a.acceleratorFailuresPerHour, true],
    ['hbm', n.accelerators, n.a.hbmFailuresPerHour, true],
    ['nic', n.nics, n.a.nicFailuresPerHour, true],
    ['switch', n.switches, n.a.switchFailuresPerHour, false],
    ['link', n.links, n.a.linkFailuresPerHour, false],
    ['host', n.nodes, n.a.hostFailuresPerHour, true],
    ['software', n.nodes, n.a.softwareFailuresPerHour, false],
  ];
  const total = rows.reduce((s, [, count, rate]) => s + count * rate, 0);
  return rows.map(([component, count, rate, nodeLevel]) => {
    const job = count * rate;
    return {
      component,
      label: COMPONENT_LABELS[component],
      count,
      ratePerDeviceHour: rate,
      jobFailuresPerHour: job,
      interruptionsPerDay: job * HOURS_PER_DAY,
      share: total > 0 ? job / total : 0,
      nodeLevel,
    };
  });
}

interface Core {
  result: Omit<ReliabilityResult, 'charts' | 'strategies'>;
  mtbfS: number;
  blockingS: number;
  intervalS: number;
}

interface CoreOptions {
  /** Replace the total recovery time (chart of goodput vs recovery). */
  recoveryOverrideS?: number;
  /** Replace the checkpoint interval without warnings (chart of goodput vs interval). */
  intervalOverrideS?: number;
}

function fmt(x: number, digits = 3): string {
  return Number(x.toPrecision(digits)).toString();
}

function compute(n: Normalized, opts: CoreOptions = {}): Core {
  const warnings: ReliabilityWarning[] = [];
  const { a } = n;

  // Failures
  const components = componentFailures(n);
  const lambdaPerH = components.reduce((s, c) => s + c.jobFailuresPerHour, 0);
  if (!(lambdaPerH > 0))
    throw new InputError('assumptions', 'every failure rate is zero, so the MTBF would be infinite; give at least one rate > 0');
  const mtbfHours = 1 / lambdaPerH;
  const mtbfS = mtbfHours * 3600;
  const nodeLevelPerH = components.filter((c) => c.nodeLevel).reduce((s, c) => s + c.jobFailuresPerHour, 0);
  const nodeLevelShare = nodeLevelPerH / lambdaPerH;

  // Checkpoint size and times
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

  // Recovery
  const preset = RECOVERY_PRESETS[n.strategy];
  const detectionS = n.recovery.detectionS ?? preset.detectionS;
  const coldRescheduleS = n.recovery.rescheduleS ?? preset.rescheduleS;
  const hotSpareSwapS = n.recovery.hotSpareSwapS ?? preset.hotSpareSwapS;
  const restartS = n.recovery.restartS ?? preset.restartS;
  const reloadS = n.recovery.reloadS ?? reloadComputedS;
  const repairS = a.nodeRepairHours * 3600;
  // Nodes in repair at a failure ~ Poisson(node-level failure rate x repair time) (M/G/inf, PASTA).
  const nodesInRepair = nodeLevelPerH * a.nodeRepairHours;
  const pHotSpare = poissonCdfBelow(n.spareNodes, nodesInRepair);
  const pNoSpare = 1 - pHotSpare;
  const noHotSpareS = n.sharedSparePool ? coldRescheduleS : repairS / (n.spareNodes + 1);
  const nodeRescheduleS = pHotSpare * hotSpareSwapS + pNoSpare * noHotSpareS;
  const rescheduleS = nodeLevelShare * nodeRescheduleS;
  const recoveryS = opts.recoveryOverrideS ?? detectionS + rescheduleS + restartS + reloadS;

  // Interval
  const optimalIntervalS = youngDalyIntervalS(blockingS, mtbfS);
  let intervalS: number;
  if (opts.intervalOverrideS !== undefined) {
    intervalS = Math.max(opts.intervalOverrideS, writeS, 1e-9);
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
      if (asyncCheckpoint)
        warnings.push({
          severity: 'info',
          message: `the Young/Daly interval (${fmt(optimalIntervalS / 60)} min) is shorter than the checkpoint write time (${fmt(writeS / 60)} min); checkpointing as often as the writes allow`,
        });
      intervalS = writeS;
    }
  }
  if (!(intervalS > 0)) intervalS = Math.max(optimalIntervalS, 1e-9);

  // Goodput (Daly), wall-clock and losses
  const lg = logGoodput(intervalS, blockingS, recoveryS + extraReworkS, mtbfS);
  let goodput = Math.min(1, Math.exp(lg));
  const usefulH = n.failureFreeDays * HOURS_PER_DAY;
  let wallH: number;
  if (!(goodput >= GOODPUT_FLOOR)) {
    warnings.push({
      severity: 'error',
      message: `the job cannot make progress: goodput is below ${GOODPUT_FLOOR} (MTBF ${fmt(mtbfHours)} h against recovery ${fmt(recoveryS / 3600)} h and checkpoint ${fmt(blockingS / 60)} min); wall-clock shown at the floor`,
    });
    goodput = Math.max(0, goodput);
    wallH = usefulH / GOODPUT_FLOOR;
  } else {
    wallH = usefulH / goodput;
  }
  const lossH = Math.max(0, wallH - usefulH);
  const expectedInterruptions = wallH * lambdaPerH;
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

  // Warnings
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
      message: `${n.spareNodes} hot spare node(s) are exhausted ${fmt(pNoSpare * 100)}% of the time (about ${fmt(nodesInRepair)} nodes in repair on average)`,
    });
  if (!n.sharedSparePool && n.spareNodes === 0)
    warnings.push({
      severity: 'warning',
      message: `no spare nodes and no shared pool: every node failure waits ${fmt(a.nodeRepairHours)} h for repair`,
    });

  return {
    mtbfS,
    blockingS,
    intervalS,
    result: {
      interruptionsPerDay: lambdaPerH * HOURS_PER_DAY,
      mtbfHours,
      checkpointIntervalMin: intervalS / 60,
      goodput,
      wallClockDays: wallH / HOURS_PER_DAY,
      interruptionsPerWeek: lambdaPerH * HOURS_PER_DAY * 7,
      interruptionsPerMonth: lambdaPerH * HOURS_PER_DAY * DAYS_PER_MONTH,
      expectedInterruptions,
      failureFreeDays: n.failureFreeDays,
      nodes: n.nodes,
      switches: n.switches,
      links: n.links,
      nics: n.nics,
      components,
      strategy: n.strategy,
      asyncCheckpoint,
      checkpointSizeGB,
      checkpointWriteS: writeS,
      checkpointBlockingS: blockingS,
      checkpointReadS: reloadComputedS,
      checkpointWriteGBps: inMemory ? n.accelerators * a.deviceToHostGBpsPerAccelerator : writeGBps,
      checkpointReadGBps: inMemory ? n.accelerators * a.deviceToHostGBpsPerAccelerator : readGBps,
      optimalCheckpointIntervalMin: optimalIntervalS / 60,
      recoveryS,
      recoveryBreakdown: { detectionS, rescheduleS, restartS, reloadS },
      extraReworkS,
      nodeLevelShare,
      spareNodes: n.spareNodes,
      pNoSpare,
      timeBreakdownHours,
      lostAcceleratorHours,
      lostCostUsd: lostAcceleratorHours * n.cost,
      spareAcceleratorHours,
      spareCostUsd: spareAcceleratorHours * n.cost,
      costPerAcceleratorHourUsd: n.cost,
      assumptions: { ...a },
      warnings,
    },
  };
}

// ---------------------------------------------------------------------------
// Charts

export const DEFAULT_CLUSTER_SIZES: readonly number[] = [
  64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072,
];
export const DEFAULT_RECOVERY_MINUTES: readonly number[] = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 240, 480];
export const DEFAULT_SPARE_NODES: readonly number[] = [0, 1, 2, 4, 8, 16, 32];
const INTERVAL_FACTORS: readonly number[] = [0.125, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 8];

function resized(n: Normalized, accelerators: number): Normalized {
  const fabric = defaultFabricCounts(accelerators, n.a.fabricSwitchRadix);
  const ratio = accelerators / n.accelerators;
  return {
    ...n,
    accelerators,
    nodes: Math.ceil(accelerators / n.perNode),
    // Keep the user's counts per accelerator when given, else the fat-tree defaults.
    switches: n.fabricDerived.switches ? fabric.switches : Math.round(n.switches * ratio),
    links: n.fabricDerived.links ? fabric.links : Math.round(n.links * ratio),
    nics: Math.round(n.nics * ratio),
  };
}

function chartsFor(n: Normalized, core: Core): ReliabilityCharts {
  const goodputVsClusterSize = DEFAULT_CLUSTER_SIZES.map((size) => {
    const r = compute(resized(n, size)).result;
    return {
      accelerators: size,
      mtbfHours: r.mtbfHours,
      interruptionsPerDay: r.interruptionsPerDay,
      checkpointIntervalMin: r.checkpointIntervalMin,
      goodput: r.goodput,
    };
  });
  const goodputVsRecoveryTime = DEFAULT_RECOVERY_MINUTES.map((m) => ({
    recoveryMin: m,
    goodput: compute(n, { recoveryOverrideS: m * 60 }).result.goodput,
  }));
  const optimal = core.result.optimalCheckpointIntervalMin * 60;
  const seen = new Set<number>();
  const goodputVsCheckpointInterval: CheckpointIntervalPoint[] = [];
  for (const f of INTERVAL_FACTORS) {
    const r = compute(n, { intervalOverrideS: optimal * f }).result;
    if (seen.has(r.checkpointIntervalMin)) continue;
    seen.add(r.checkpointIntervalMin);
    goodputVsCheckpointInterval.push({ intervalMin: r.checkpointIntervalMin, goodput: r.goodput });
  }
  const goodputVsSpareNodes = DEFAULT_SPARE_NODES.map((s) => {
    const r = compute({ ...n, spareNodes: s }).result;
    return { spareNodes: s, pNoSpare: r.pNoSpare, recoveryS: r.recoveryS, goodput: r.goodput };
  });
  return { goodputVsClusterSize, goodputVsRecoveryTime, goodputVsCheckpointInterval, goodputVsSpareNodes };
}

function strategiesFor(n: Normalized): StrategyComparison[] {
  const out: StrategyComparison[] = [];
  for (const strategy of STRATEGIES) {
    if (strategy !== 'in-memory' && n.storageWriteGBps === 0) continue;
    // Component-time overrides belong to the chosen strategy only.
    const r = compute({ ...n, strategy, recovery: strategy === n.strategy ? n.recovery : {} }).result;
    out.push({
      strategy,
      label: RECOVERY_PRESETS[strategy].label,
      recoveryS: r.recoveryS,
      checkpointIntervalMin: r.checkpointIntervalMin,
      goodput: r.goodput,
      wallClockDays: r.wallClockDays,
      lostCostUsd: r.lostCostUsd,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Entry point

/**
 * Reliability, checkpointing and goodput of a training job.
 * @param path field-path prefix for errors (e.g. 'reliability').
 * @throws InputError on bad input, naming the field.
 */
export function estimateReliability(input: ReliabilityInput, path = ''): ReliabilityResult {
  const n = normalize(input, path);
  const core = compute(n);
  if (input.charts === false) return core.result;
  return { ...core.result, charts: chartsFor(n, core), strategies: strategiesFor(n) };
}

/** Job failure rate and MTBF only (no checkpoint model), for quick sizing. */
export function jobMtbf(input: {
  accelerators: number;
  acceleratorsPerNode: number;
  switches?: number;
  links?: number;
  nics?: number;
  assumptions?: Partial<Record<ReliabilityAssumptionKey, number>>;
}): { mtbfHours: number; interruptionsPerDay: number; interruptionsPerMonth: number; components: ComponentFailures[] } {
  const r = estimateReliability(
    { ...input, parameterCount: 1, failureFreeDays: 1, storageWriteGBps: 1, charts: false },
  );
  return {
    mtbfHours: r.mtbfHours,
    interruptionsPerDay: r.interruptionsPerDay,
    interruptionsPerMonth: r.interruptionsPerMonth,
    components: r.components,
  };
}
