/**
 * Step-timeline benchmark: one step of GPT-3 175B on 16,384 accelerators (TP 8 x PP 16 x DP 128,
 * interleaved over 2 virtual stages) with 128 micro-batches per step, simulated per stage and
 * micro-batch (the data-parallel replicas are one timeline). Budget 50 ms (issue: step timeline).
 */
import type { AcceleratorSpec } from '../core/catalog/types';
import { MODEL_PRESETS, type ExecutionConfig, type TrainingInput } from '../core/training';
import { trainingTimeline } from '../core/training/timeline-costs';

const H100: AcceleratorSpec = {
  kind: 'accelerator',
  id: 'h100-sxm5-80gb',
  name: 'H100 SXM5 80GB',
  vendor: 'NVIDIA',
  source: 'REFERENCE.md',
  priceUsd: 0,
  peakTflops: { bf16: 989, fp16: 989, fp8: 1979 },
  memoryGB: 80,
  memoryGiB: 81559 / 1024,
  memoryTBps: 3.35,
  tdpW: 700,
  scaleUp: { kind: 'nvlink', bandwidthGBps: 900, domainSize: 8 },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; budget?: number }>> {
  const input: TrainingInput = {
    model: MODEL_PRESETS['gpt3-175b']!,
    // 16,384 sequences per step over 128 data-parallel replicas: 128 micro-batches of one sequence
    training: { tokens: 3e11, globalBatch: 16384, microBatch: 1, precision: 'bf16', recompute: 'selective' },
    cluster: { accelerator: H100, count: 16384, perNode: 8, scaleOutGbps: 400 },
  };
  const config: ExecutionConfig = { tp: 8, pp: 16, dp: 128, cp: 1, ep: 1, virtualStages: 2, microBatch: 1, recompute: 'selective' };
  const ts: number[] = [];
  let tl = trainingTimeline(input, config);
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    tl = trainingTimeline(input, config);
    ts.push(performance.now() - t0);
  }
  if (tl.microBatches !== 128) throw new Error(`expected 128 micro-batches, got ${tl.microBatches}`);
  return [
    { name: 'timeline.gpt3-175b.16384acc.128mb.medianMs', value: median(ts), unit: 'ms', budget: 50 },
    { name: 'timeline.gpt3-175b.16384acc.128mb.intervals', value: tl.intervals.length, unit: 'intervals' },
    { name: 'timeline.gpt3-175b.16384acc.128mb.vsClosedFormPct', value: Math.abs(tl.differenceFromClosedForm) * 100, unit: '%' },
  ];
}
