/**
 * Named assumptions of the planner (data, so the UI and reports can list them).
 */
export interface PlannerAssumption {
  key: string;
  label: string;
  value: number;
  unit: string;
  source: string;
  description: string;
}

export const PLANNER_ASSUMPTIONS: readonly PlannerAssumption[] = [
  {
    key: 'planner.defaultBatchTokens',
    label: 'Default global batch (tokens)',
    value: 4_194_304,
    unit: 'tokens per step',
    source:
      'GPT-3 175B trained with 3.2M-token batches (Brown et al. 2020), Llama 2 and Llama 3 with 4M tokens (Touvron et al. 2023; Meta 2024).',
    description:
      'When the workload gives no globalBatch, the planner uses this many tokens per step divided by the sequence length, rounded to the nearest power of two.',
  },
  {
    key: 'planner.checkpointWriteGBpsPerNode',
    label: 'Checkpoint write throughput per node',
    value: 10,
    unit: 'GB/s per node',
    source:
      'A node has one or two 200-400 Gb/s storage NICs; parallel file systems sustain ~10 GB/s per client node for large sequential writes (matches the reliability engine\'s per-node ceiling).',
    description: 'Storage write throughput the reliability estimate assumes for checkpoints: nodes x this.',
  },
  {
    key: 'planner.countLadderSteps',
    label: 'Accelerator counts tried',
    value: 2,
    unit: 'counts per doubling',
    source: 'Design choice: 1x and 1.5x each power of two (8, 12, 16, 24, ...) keeps ~2 log2(max) counts per type while staying within 25% of any size.',
    description: 'How finely the count ladder steps between one server and the maximum count (1 = powers of two only, 2 = adds 1.5x).',
  },
  {
    key: 'planner.screeningTolerance',
    label: 'Screening tolerance on power and cost limits',
    value: 0.05,
    unit: 'fraction',
    source:
      'Measured: the screening model (servers, generated fabric, cooling units, facility costs per kW) is within 0.1% of evaluate() on power and within about 3% on CAPEX (racks, PDUs and per-unit cooling sizing of the generated design), in either direction.',
    description:
      'Candidates whose screened power, CAPEX or TCO is over a limit by less than this share still get a full evaluation of their design, which decides.',
  },
];

export type PlannerAssumptionKey =
  | 'planner.defaultBatchTokens'
  | 'planner.checkpointWriteGBpsPerNode'
  | 'planner.countLadderSteps'
  | 'planner.screeningTolerance';

export function plannerAssumption(key: PlannerAssumptionKey, overrides?: Readonly<Record<string, number>>): number {
  const o = overrides?.[key];
  if (typeof o === 'number' && Number.isFinite(o) && o >= 0) return o;
  const a = PLANNER_ASSUMPTIONS.find((x) => x.key === key);
  return a ? a.value : NaN;
}
