/**
 * Reliability assumptions: per-component failure rates, checkpoint sizing and
 * throughput, repair time and recovery presets. All are data (named, with a
 * unit and a source) so the UI and reports can list and edit them.
 *
 * Failure rates are per device per hour, so a job's failure rate is the sum
 * over component kinds of (rate x number of that component in the job).
 * FIT (failures per 1e9 device-hours) and annualised failure rate are derived
 * by `fitFromPerHour` / `afrFromPerHour`.
 *
 * Calibration (worked out in MODEL.md and checked in the tests):
 * - Llama 3 (Dubey et al. 2024, "The Llama 3 Herd of Models", Table 5):
 *   419 unexpected interruptions in 54 days (1,296 h) on 16,384 H100 in
 *   2,048 nodes of 8; the table's rows are grouped into our component kinds.
 * - BLOOM-176B (BigScience 2022): 1-2 GPU failures a week on ~400 A100 (384
 *   active GPUs in 48 nodes).
 * - Industry report (2024): a 1,000-card cluster sees >= 15 interruptions a month.
 */

/** Hours in the Llama 3 pre-training snapshot: 54 days. */
export const LLAMA3_HOURS = 54 * 24;
/** GPUs and nodes of the Llama 3 405B run. */
export const LLAMA3_GPUS = 16_384;
export const LLAMA3_NODES = 2_048;
/**
 * Switch and link counts of a 16,384-GPU rail-optimised 3-tier fat tree of
 * radix-64 switches (REFERENCE.md, DGX SuperPOD row for 64 SUs: 512 leaf +
 * 512 spine + 256 core; 16,384 cables per tier). Used only to turn Llama 3's
 * "network switch/cable" count into per-device rates.
 */
export const LLAMA3_SWITCHES = 1_280;
export const LLAMA3_LINKS = 3 * 16_384;

/**
 * Llama 3 Table 5 rows, grouped by component kind (counts of unexpected
 * interruptions over 54 days):
 * - accelerator: faulty GPU 148, GPU SRAM memory 19, GPU system processor 17,
 *   GPU thermal interface + sensor 6, silent data corruption 6 -> 196
 * - hbm: GPU HBM3 memory 72
 * - nic: network interface card 7
 * - switch + link: network switch/cable 35 (reported together; split half/half)
 * - host: host maintenance 32, SSD 3, power supply 3, server chassis 2,
 *   IO expansion board 2, CPU 2, system memory 2 -> 46
 * - software: software bug 54, NCCL watchdog timeouts 7, dependency 2 -> 63
 * Total 419.
 */
export const LLAMA3_INTERRUPTIONS = {
  accelerator: 148 + 19 + 17 + 6 + 6,
  hbm: 72,
  nic: 7,
  switchAndLink: 35,
  host: 32 + 3 + 3 + 2 + 2 + 2 + 2,
  software: 54 + 7 + 2,
} as const;

/** GPU (accelerator + HBM) failures per GPU-hour in the Llama 3 run. */
export const LLAMA3_GPU_RATE_PER_HOUR =
  (LLAMA3_INTERRUPTIONS.accelerator + LLAMA3_INTERRUPTIONS.hbm) / (LLAMA3_GPUS * LLAMA3_HOURS);
/** BLOOM: midpoint of "1-2 GPU failures a week" on 384 active A100. */
export const BLOOM_GPU_RATE_PER_HOUR = 1.5 / (384 * 7 * 24);
/**
 * Default GPU failure rate: geometric mean of the Llama 3 (best-in-class
 * fleet with burn-in and automation) and BLOOM (public supercomputer) rates.
 */
export const BLENDED_GPU_RATE_PER_HOUR = Math.sqrt(LLAMA3_GPU_RATE_PER_HOUR * BLOOM_GPU_RATE_PER_HOUR);

const ACCEL_SHARE =
  LLAMA3_INTERRUPTIONS.accelerator / (LLAMA3_INTERRUPTIONS.accelerator + LLAMA3_INTERRUPTIONS.hbm);

export type ReliabilityAssumptionKey =
  | 'acceleratorFailuresPerHour'
  | 'hbmFailuresPerHour'
  | 'nicFailuresPerHour'
  | 'switchFailuresPerHour'
  | 'linkFailuresPerHour'
  | 'hostFailuresPerHour'
  | 'softwareFailuresPerHour'
  | 'checkpointWeightBytesPerParam'
  | 'checkpointOptimizerBytesPerParam'
  | 'perNodeCheckpointWriteGBps'
  | 'perNodeCheckpointReadGBps'
  | 'deviceToHostGBpsPerAccelerator'
  | 'nodeRepairHours'
  | 'costPerAcceleratorHourUsd'
  | 'fabricSwitchRadix';

export interface ReliabilityAssumption {
  key: ReliabilityAssumptionKey;
  label: string;
  value: number;
  unit: string;
  source: string;
  description: string;
  /** Smallest valid value; rates and optimizer bytes may be 0, throughputs may not. */
  min: number;
  /** True when the value must be strictly greater than `min`. */
  exclusiveMin: boolean;
}

export const RELIABILITY_ASSUMPTIONS: readonly ReliabilityAssumption[] = [
  {
    key: 'acceleratorFailuresPerHour',
    label: 'Accelerator failure rate',
    value: BLENDED_GPU_RATE_PER_HOUR * ACCEL_SHARE,
    unit: '1/(accelerator*h)',
    source:
      'Llama 3 (Dubey et al. 2024) Table 5: faulty GPU 148 + SRAM 19 + GPU system processor 17 + thermal/sensor 6 + SDC 6 = 196 of 419 on 16,384 H100 in 54 days; ' +
      'GPU total (with HBM) blended by geometric mean with BLOOM (1-2 GPU failures/week on 384 A100), split 196:72 with HBM.',
    description:
      'Interruptions caused by the accelerator die itself (compute, SRAM, on-package processor, NVLink, thermal, silent data corruption), per accelerator per hour.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'hbmFailuresPerHour',
    label: 'HBM failure rate',
    value: BLENDED_GPU_RATE_PER_HOUR * (1 - ACCEL_SHARE),
    unit: '1/(accelerator*h)',
    source:
      'Llama 3 Table 5: GPU HBM3 memory 72 of 419 (17.2%); GPU total blended with BLOOM as for the accelerator rate.',
    description: 'Interruptions caused by on-package HBM (uncorrectable ECC, row-remap failures), per accelerator per hour.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'nicFailuresPerHour',
    label: 'NIC failure rate',
    value: LLAMA3_INTERRUPTIONS.nic / (LLAMA3_GPUS * LLAMA3_HOURS),
    unit: '1/(NIC*h)',
    source: 'Llama 3 Table 5: network interface card 7 of 419; one scale-out NIC per GPU (16,384 NICs, 54 days).',
    description: 'Interruptions caused by a scale-out NIC, per NIC per hour. NIC count defaults to one per accelerator.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'switchFailuresPerHour',
    label: 'Switch failure rate',
    value: LLAMA3_INTERRUPTIONS.switchAndLink / 2 / (LLAMA3_SWITCHES * LLAMA3_HOURS),
    unit: '1/(switch*h)',
    source:
      'Llama 3 Table 5: network switch/cable 35 of 419, reported together; half attributed to the 1,280 switches of a 16,384-GPU radix-64 3-tier fat tree (REFERENCE.md SuperPOD 64-SU row).',
    description: 'Interruptions caused by a fabric switch (hardware, firmware, port), per switch per hour.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'linkFailuresPerHour',
    label: 'Optics/cable failure rate',
    value: LLAMA3_INTERRUPTIONS.switchAndLink / 2 / (LLAMA3_LINKS * LLAMA3_HOURS),
    unit: '1/(link*h)',
    source:
      'Llama 3 Table 5: network switch/cable 35 of 419; half attributed to the 49,152 links (3 tiers x 16,384) of the same fat tree.',
    description: 'Interruptions caused by a transceiver, cable or link flap, per link (both ends) per hour.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'hostFailuresPerHour',
    label: 'Host failure rate',
    value: LLAMA3_INTERRUPTIONS.host / (LLAMA3_NODES * LLAMA3_HOURS),
    unit: '1/(node*h)',
    source:
      'Llama 3 Table 5: host maintenance 32 + SSD 3 + power supply 3 + chassis 2 + IO expansion board 2 + CPU 2 + system memory 2 = 46 of 419, over 2,048 nodes.',
    description: 'Interruptions caused by the server around the accelerators (CPU, DRAM, PSU, board, SSD, unplanned host maintenance), per node per hour.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'softwareFailuresPerHour',
    label: 'Software/driver failure rate',
    value: LLAMA3_INTERRUPTIONS.software / (LLAMA3_NODES * LLAMA3_HOURS),
    unit: '1/(node*h)',
    source: 'Llama 3 Table 5: software bug 54 + NCCL watchdog timeouts 7 + dependency 2 = 63 of 419, over 2,048 nodes.',
    description:
      'Interruptions from software (framework bugs, driver, collective-library hangs, dependencies), per node per hour; restart in place, no node swap.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'checkpointWeightBytesPerParam',
    label: 'Checkpoint weight bytes per parameter',
    value: 2,
    unit: 'B/param',
    source: 'bf16 weights; BLOOM-176B: bf16 weights alone 329 GB (BigScience model card).',
    description: 'Bytes per parameter of the saved model weights (bf16/fp16: 2, fp8: 1, fp32: 4).',
    min: 0,
    exclusiveMin: true,
  },
  {
    key: 'checkpointOptimizerBytesPerParam',
    label: 'Checkpoint optimizer bytes per parameter',
    value: 12,
    unit: 'B/param',
    source: 'Mixed-precision Adam: fp32 master weights + first and second moments = 3 x 4 B (ZeRO, Rajbhandari et al. 2020); BLOOM-176B full checkpoint 2.3 TB.',
    description: 'Bytes per parameter of optimizer state saved with each checkpoint (0 for weights-only checkpoints).',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'perNodeCheckpointWriteGBps',
    label: 'Per-node checkpoint write limit',
    value: 10,
    unit: 'GB/s',
    source: 'Rationale: a node has one or two 200-400 Gb/s storage NICs (25-100 GB/s line rate); file-system clients typically sustain ~10 GB/s per node for large sequential writes.',
    description: 'Ceiling on checkpoint write throughput per node; the job writes at min(storage aggregate, nodes x this).',
    min: 0,
    exclusiveMin: true,
  },
  {
    key: 'perNodeCheckpointReadGBps',
    label: 'Per-node checkpoint read limit',
    value: 20,
    unit: 'GB/s',
    source: 'Rationale: parallel file systems read faster than they write; ~2x the write ceiling.',
    description: 'Ceiling on checkpoint read throughput per node when reloading after a failure.',
    min: 0,
    exclusiveMin: true,
  },
  {
    key: 'deviceToHostGBpsPerAccelerator',
    label: 'Device-to-host snapshot bandwidth',
    value: 20,
    unit: 'GB/s',
    source: 'Rationale: PCIe Gen4 x16 is 32 GB/s and Gen5 x16 64 GB/s per direction; ~20 GB/s sustained when the accelerators of a node copy at once.',
    description:
      'Per-accelerator copy rate of a checkpoint snapshot into host memory: the blocking part of an asynchronous or in-memory checkpoint, and the reload rate from host memory.',
    min: 0,
    exclusiveMin: true,
  },
  {
    key: 'nodeRepairHours',
    label: 'Node repair time',
    value: 24,
    unit: 'h',
    source: 'Rationale: diagnosing and replacing a GPU, baseboard, NIC or PSU with next-business-day parts; hours to days in practice.',
    description: 'Time from a node-level hardware failure until the node is back in service (used when no spare node is available).',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'costPerAcceleratorHourUsd',
    label: 'Cost per accelerator-hour',
    value: 2,
    unit: 'USD/(accelerator*h)',
    source: 'Rationale: 2024-2025 rental prices for H100-class accelerators ranged from about $2 to $4 an hour; replace with your own cost of ownership.',
    description: 'Cost of one accelerator-hour, used to price the hours lost to failures and held by spare nodes.',
    min: 0,
    exclusiveMin: false,
  },
  {
    key: 'fabricSwitchRadix',
    label: 'Fabric switch radix (default counts)',
    value: 64,
    unit: 'ports',
    source: 'REFERENCE.md: 64-port switches (QM9700, SN5600) in the DGX SuperPOD reference architecture.',
    description: 'Ports per switch used to derive default switch and link counts from the accelerator count when the design does not give them.',
    min: 4,
    exclusiveMin: false,
  },
];

export type ReliabilityAssumptionValues = Record<ReliabilityAssumptionKey, number>;

/** The default value of every assumption, by key. */
export const DEFAULT_RELIABILITY_VALUES: Readonly<ReliabilityAssumptionValues> = Object.freeze(
  Object.fromEntries(RELIABILITY_ASSUMPTIONS.map((a) => [a.key, a.value])) as ReliabilityAssumptionValues,
);

export type RecoveryStrategy = 'manual' | 'automatic' | 'in-memory';

export interface RecoveryPreset {
  strategy: RecoveryStrategy;
  label: string;
  /** Time from the failure until it is detected and the job stopped. */
  detectionS: number;
  /** Time to obtain and prepare a replacement node from the scheduler's pool (no hot spare). */
  rescheduleS: number;
  /** Time to swap in a hot (pre-provisioned, health-checked) spare node. */
  hotSpareSwapS: number;
  /** Job relaunch and initialisation (process start, communicator setup, data loader). */
  restartS: number;
  /** Where the checkpoint is reloaded from: shared storage or host memory. */
  reloadFrom: 'storage' | 'memory';
  source: string;
  description: string;
}

export const RECOVERY_PRESETS: Readonly<Record<RecoveryStrategy, RecoveryPreset>> = {
  manual: {
    strategy: 'manual',
    label: 'Manual restart',
    detectionS: 30 * 60,
    rescheduleS: 2 * 3600,
    hotSpareSwapS: 30 * 60,
    restartS: 15 * 60,
    reloadFrom: 'storage',
    source: 'REFERENCE.md: with ordinary checkpoint-restart each recovery takes hours (industry report, 2024); BLOOM lost ~1.5 h per crash.',
    description:
      'An operator notices the hang or alert (~30 min), diagnoses and drains the bad node and requeues the job (~2 h; ~30 min with a hot spare), the job relaunches (~15 min) and reloads the last checkpoint from storage.',
  },
  automatic: {
    strategy: 'automatic',
    label: 'Automatic restart',
    detectionS: 5 * 60,
    rescheduleS: 10 * 60,
    hotSpareSwapS: 60,
    restartS: 5 * 60,
    reloadFrom: 'storage',
    source:
      'Rationale: watchdogs and health checks with automatic cordon and requeue, as in Llama 3 (all but 3 of 466 interruptions handled by automation) and ByteDance MegaScale (NSDI 2024).',
    description:
      'A heartbeat/collective watchdog detects the failure (~5 min), automation cordons the node and allocates a replacement (~10 min; ~1 min with a hot spare), the job relaunches (~5 min) and reloads from storage.',
  },
  'in-memory': {
    strategy: 'in-memory',
    label: 'In-memory checkpoints',
    detectionS: 15,
    rescheduleS: 5 * 60,
    hotSpareSwapS: 15,
    restartS: 30,
    reloadFrom: 'memory',
    source:
      'Rationale: checkpoints held in host memory of the job and its peers (Gemini, Wang et al. SOSP 2023), fast failure detection and warm restart; seconds to a minute with a hot spare.',
    description:
      'Checkpoints are snapshotted to host memory (replicated to peers), failures detected in seconds, a hot spare swapped in (~15 s; ~5 min without one), warm restart (~30 s) and reload from host memory at device-to-host bandwidth.',
  },
};

/** FIT: failures per 1e9 device-hours. */
export function fitFromPerHour(ratePerHour: number): number {
  return ratePerHour * 1e9;
}

/** Annualised failure rate (fraction of devices failing per year, 8,766 h), 1 - exp(-rate x year). */
export function afrFromPerHour(ratePerHour: number): number {
  return -Math.expm1(-ratePerHour * 8766);
}

/** Per-hour rate from an annualised failure rate (0..1). */
export function perHourFromAfr(afr: number): number {
  return -Math.log1p(-afr) / 8766;
}
