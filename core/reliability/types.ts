/** The shapes of a reliability estimate: its input, per-component failures, charts and result. */
import type { RecoveryStrategy, ReliabilityAssumptionKey, ReliabilityAssumptionValues } from './assumptions';

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
