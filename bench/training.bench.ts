/**
 * Training-engine benchmarks: the parallelism search for a 405B-class model
 * and a DeepSeek-V3-class MoE on 16,384 accelerators (budget 1 s each) and a single estimate.
 */
import type { AcceleratorSpec } from '../core/catalog/types';
import { MODEL_PRESETS, estimateTraining, searchParallelism, type TrainingInput } from '../core/training';

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

function timeRuns(f: () => unknown, runs: number): { firstMs: number; medianMs: number } {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return { firstMs: ts[0]!, medianMs: median(ts) };
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; budget?: number }>> {
  const cluster = { accelerator: H100, count: 16384, perNode: 8, scaleOutGbps: 400 };
  // Llama 3.1 405B as published (126 layers; any pipeline depth up to 126 with uneven stages) and a
  // 128-layer variant.
  const l126: TrainingInput = {
    model: MODEL_PRESETS['llama3-405b']!,
    training: { tokens: 15.6e12, globalBatch: 2048, precision: 'bf16' },
    cluster,
  };
  const l128: TrainingInput = { ...l126, model: { ...l126.model, layers: 128 } };
  const counts = searchParallelism(l128).counts;
  const a = timeRuns(() => searchParallelism(l128), 5);
  const b = timeRuns(() => searchParallelism(l126), 5);
  // every layout, the search rules lifted (TP across domains, CP for speed): the whole space with stage splits
  const free: TrainingInput = { ...l126, training: { ...l126.training, allowTpAcrossDomains: true, allowCpForSpeed: true } };
  const freeCounts = searchParallelism(free).counts;
  const c = timeRuns(() => searchParallelism(free), 5);
  const est = timeRuns(
    () =>
      estimateTraining({
        ...l128,
        training: { ...l128.training, microBatch: 1, recompute: 'selective', parallelism: { tp: 8, pp: 16, cp: 1, ep: 1, virtualStages: 4 } },
      }),
    20,
  );
  // DeepSeek-V3-class MoE (61 layers, 256 experts, top-8) on 16,384 accelerators: EP, PP and stage splits searched
  const moe: TrainingInput = {
    model: MODEL_PRESETS['deepseek-v3-671b']!,
    training: { tokens: 14.8e12, globalBatch: 16384, precision: 'fp8', software: 'deepseek-dualpipe' },
    cluster,
  };
  const moeCounts = searchParallelism(moe).counts;
  const m = timeRuns(() => searchParallelism(moe), 5);
  return [
    { name: 'training.search.405b-class-128L.16384.medianMs', value: a.medianMs, unit: 'ms', budget: 1000 },
    { name: 'training.search.405b-class-128L.16384.firstMs', value: a.firstMs, unit: 'ms', budget: 1000 },
    { name: 'training.search.405b-class-128L.16384.validConfigs', value: counts.valid, unit: 'configs' },
    { name: 'training.search.llama3-405b.16384.medianMs', value: b.medianMs, unit: 'ms', budget: 1000 },
    { name: 'training.search.llama3-405b.16384.allLayouts.medianMs', value: c.medianMs, unit: 'ms', budget: 1000 },
    { name: 'training.search.llama3-405b.16384.allLayouts.validConfigs', value: freeCounts.valid, unit: 'configs' },
    { name: 'training.search.deepseek-v3.16384.medianMs', value: m.medianMs, unit: 'ms', budget: 1000 },
    { name: 'training.search.deepseek-v3.16384.validConfigs', value: moeCounts.valid, unit: 'configs' },
    { name: 'training.estimate.fixed.medianMs', value: est.medianMs, unit: 'ms' },
  ];
}
