/**
 * `cwb estimate` refuses a workload the cluster cannot run with exit 2 and one
 * line naming the field, the rule it breaks and the nearest layout that would
 * run; a layout that does not fit names memory and the least memory any layout
 * needs, and prints no training time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run';

const dir = mkdtempSync(join(tmpdir(), 'cwb-refuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: unknown): string {
  const p = join(dir, `s${++n}.json`);
  writeFileSync(p, JSON.stringify(content));
  return p;
}
async function cwb(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
async function refusedLine(scenario: unknown): Promise<string> {
  const r = await cwb('estimate', file(scenario));
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

// GPT-3 175B (96 layers, hidden 12288, 96 heads) on 1,024 A100 80GB
const gpt3 = (training: Record<string, unknown>) => ({
  model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
  training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16', ...training },
  cluster: { accelerator: 'a100-sxm4-80gb', count: 1024 },
});
const NEAREST = /; nearest working layout: TP(\d+) PP(\d+) DP(\d+) CP(\d+) v(\d+) mb(\d+) recompute (none|selective|full) \(([\d.]+) s per step, ([\d.]+) GiB per accelerator\)$/;

describe('cwb estimate refusals', () => {
  it('heads vs TP: 96 heads on TP 64 names model.heads, the rule, and the nearest working layout', async () => {
    const line = await refusedLine(gpt3({ parallelism: { tp: 64, pp: 2, cp: 1, virtualStages: 1 }, microBatch: 1, recompute: 'full' }));
    expect(line).toMatch(/^model\.heads: must be divisible by training\.parallelism\.tp \(64\) \(rule heads-divisible-by-tp\)/);
    const [, tp, pp, dp, cp] = NEAREST.exec(line)!.map(Number);
    // a working layout: TP within the 8-GPU node dividing the 96 heads, degrees multiplying to 1,024
    expect(96 % tp!).toBe(0);
    expect(tp!).toBeLessThanOrEqual(8);
    expect(tp! * pp! * dp! * cp!).toBe(1024);
  });

  it('divisibility: interleaving without a pipeline names training.parallelism.virtualStages, the rule, and the nearest working layout', async () => {
    const line = await refusedLine(gpt3({ parallelism: { tp: 8, pp: 1, cp: 1, virtualStages: 2 }, microBatch: 1, recompute: 'full' }));
    expect(line).toMatch(/^training\.parallelism\.virtualStages: must be 1 without pipeline parallelism \(training\.parallelism\.pp = 1\) \(rule interleaving-needs-pipeline\)/);
    const [, tp, pp, dp, cp, v] = NEAREST.exec(line)!.map(Number);
    expect(tp! * pp! * dp! * cp!).toBe(1024);
    // the nearest keeps what was asked where it can: TP8, and interleaving only with a pipeline
    expect(tp).toBe(8);
    if (v! > 1) expect(pp!).toBeGreaterThan(1);
  });

  it('divisibility: a global batch the fixed layout cannot split (1,536 over DP16 x micro-batch 5 = 80) names training.globalBatch, the rule and the nearest layout', async () => {
    const line = await refusedLine(gpt3({ parallelism: { tp: 8, pp: 8, dp: 16, cp: 1, virtualStages: 1 }, microBatch: 5, recompute: 'full' }));
    expect(line).toMatch(/^training\.globalBatch: must be divisible by training\.parallelism\.dp x training\.microBatch \(16 x 5 = 80\) \(rule batch-divisible-by-dp-and-micro-batch\)/);
    const [, tp, pp, dp, cp, , mb] = NEAREST.exec(line)!.map(Number);
    expect(tp! * pp! * dp! * cp!).toBe(1024);
    // the nearest layout splits the batch: 1,536 is a multiple of its DP x micro-batch
    expect(1536 % (dp! * mb!)).toBe(0);
  });

  it('divisibility: a sequence CP does not divide (2,050 tokens on CP4) names model.seqLength, the rule and the nearest layout', async () => {
    const line = await refusedLine({
      ...gpt3({ parallelism: { tp: 8, pp: 8, dp: 4, cp: 4, virtualStages: 1 }, microBatch: 1, recompute: 'full' }),
      model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2050 },
    });
    expect(line).toMatch(/^model\.seqLength: must be divisible by training\.parallelism\.cp \(4\) \(rule sequence-divisible-by-cp\)/);
    const [, tp, pp, dp, cp] = NEAREST.exec(line)!.map(Number);
    expect(2050 % cp!).toBe(0);
    expect(tp! * pp! * dp! * cp!).toBe(1024);
  });

  it('divisibility: TP8 x PP6 = 48 does not divide 1,024 GPUs; fixed in full or left to the search, names training.parallelism, the rule and the nearest layout', async () => {
    for (const training of [
      { parallelism: { tp: 8, pp: 6, cp: 1, virtualStages: 1 }, microBatch: 1, recompute: 'full' },
      { parallelism: { tp: 8, pp: 6 } },
    ]) {
      const line = await refusedLine(gpt3(training));
      expect(line).toMatch(/^training\.parallelism: .*cluster\.count \(1024\) \(rule degrees-multiply-to-count\)/);
      const [, tp, pp, dp, cp] = NEAREST.exec(line)!.map(Number);
      expect(tp! * pp! * dp! * cp!).toBe(1024);
      // nearest to what was asked: TP8 kept, PP the nearest power of two to 6 that 96 layers and 1,024 GPUs allow
      expect(tp).toBe(8);
      expect([4, 8]).toContain(pp);
    }
  });

  it('divisibility: a global batch no layout with TP8 PP8 on 1,024 GPUs splits (1,000 over DP16) names training.globalBatch, the rule and the nearest batches with a layout that runs each', async () => {
    const line = await refusedLine(gpt3({ globalBatch: 1000, parallelism: { tp: 8, pp: 8 } }));
    expect(line).toMatch(/^training\.globalBatch: 1000 fits no layout: .*\(rule batch-divisible-by-dp-and-micro-batch\); nearest batch sizes that work: /);
    const near = [...line.matchAll(/(\d+) \(tp (\d+) x pp (\d+) x dp (\d+)/g)].map((m) => m.slice(1).map(Number));
    expect(near.length).toBeGreaterThanOrEqual(1);
    for (const [batch, tp, pp, dp] of near) {
      // each suggestion is split by its layout's DP and its degrees multiply to the 1,024 GPUs
      expect(batch! % dp!).toBe(0);
      expect([tp, pp, dp]).toEqual([8, 8, 16]);
      // the nearest multiples of 16 either side of 1,000
      expect([992, 1008]).toContain(batch);
    }
  });

  it('memory: a fixed layout that does not fit names memory, its need, what the H100 has, the least any layout needs and the nearest one that fits; no training time', async () => {
    // Llama 3 70B with TP1 PP1 on 64 H100: 70.6e9 x (2 + 4) B of weights and FP32 gradients on every GPU
    const line = await refusedLine({
      model: { layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffnHidden: 28672, gatedFfn: true, vocab: 128256, seqLength: 8192 },
      training: { tokens: 1e12, globalBatch: 128, precision: 'bf16', parallelism: { tp: 1, pp: 1 } },
      cluster: { accelerator: 'h100-sxm5-80gb', count: 64 },
    });
    const m = /^training\.parallelism: the layout does not fit in memory: it needs ([\d.]+) GiB per accelerator and the accelerator has 79\.65 GiB; the least any layout needs is ([\d.]+) GiB \(rule memory\)/.exec(line)!;
    expect(Number(m[1])).toBeGreaterThan((70.6e9 * 6) / 2 ** 30);
    expect(Number(m[2])).toBeLessThan(79.65);
    const near = NEAREST.exec(line)!;
    expect(Number(near[9])).toBeLessThanOrEqual(79.65);
  });

  it('memory (issue 21): DeepSeek-V3-class with tp 8 on 64 H800 is refused naming memory and the least memory any layout needs', async () => {
    const line = await refusedLine({
      model: { layers: 61, hidden: 7168, heads: 128, ffnHidden: 18432, gatedFfn: true, vocab: 129280, seqLength: 4096, experts: 256, expertsPerToken: 8, expertFfnHidden: 2048, sharedExperts: 1 },
      training: { tokens: 1.48e13, globalBatch: 15360, precision: 'fp8', parallelism: { tp: 8 } },
      cluster: { accelerator: 'h800-sxm5-80gb', count: 64 },
    });
    // 671e9 parameters x 2 B of weights alone over 64 GPUs = 19.5 GiB; with FP32 gradients 58.6 GiB: nothing fits 79.65 GiB
    const m = /the least any layout needs is ([\d.]+) GiB \(rule memory\); no layout of this model fits this cluster$/.exec(line)!;
    expect(Number(m[1])).toBeGreaterThan(79.65);
    expect(line).toMatch(/^training\.parallelism: the layout does not fit in memory/);
  });

  it('training.layersPerStage that does not sum to the layers, has a zero entry or a length other than pp: exit 2 naming it', async () => {
    const llama405 = (training: Record<string, unknown>) => ({
      model: { layers: 126, hidden: 16384, heads: 128, kvHeads: 8, ffnHidden: 53248, gatedFfn: true, vocab: 128256, seqLength: 8192 },
      training: { tokens: 1.56e13, globalBatch: 2048, precision: 'bf16', parallelism: { tp: 8, pp: 16 }, ...training },
      cluster: { accelerator: 'h100-sxm5-80gb', count: 16384 },
    });
    const eights = (n: number) => new Array<number>(n).fill(8);
    expect(await refusedLine(llama405({ layersPerStage: eights(16) }))).toMatch(/^training\.layersPerStage: must sum to model\.layers \(126\); the 16 entries sum to 128/);
    expect(await refusedLine(llama405({ layersPerStage: [0, ...eights(14), 14] }))).toMatch(/^training\.layersPerStage\[0\]: /);
    expect(await refusedLine(llama405({ layersPerStage: [14, 14, 14, 14, 14, 14, 14, 14, 14] }))).toMatch(
      /^training\.layersPerStage: must have one entry per pipeline stage: 9 entries for training\.parallelism\.pp = 16 \(rule stages-match-pipeline\)/,
    );
  });

  // NVIDIA dgxc-benchmarking llama3.1/README_405b.md (NeMo 24.09): 576 H100, TP8 PP9 CP2 VP7, MBS 1, GBS 252, no
  // activation recomputation; and the plain TP8 PP8 layout on the same GPUs (DP9, 126 layers on 8 uneven stages)
  it('Llama 3.1 405B on 576 catalog H100s fits without recompute, as NVIDIA runs it (TP8 PP9 CP2 VP7) and as TP8 PP8: exit 0', async () => {
    for (const parallelism of [{ tp: 8, pp: 9, cp: 2, ep: 1, virtualStages: 7 }, { tp: 8, pp: 8, cp: 1, ep: 1, virtualStages: 1 }]) {
      const r = await cwb('estimate', file({
        model: { layers: 126, hidden: 16384, heads: 128, kvHeads: 8, ffnHidden: 53248, gatedFfn: true, vocab: 128256, seqLength: 8192 },
        training: { tokens: 1e12, globalBatch: 252, precision: 'bf16', zeroStage: 1, microBatch: 1, recompute: 'none', parallelism },
        cluster: { accelerator: 'h100-sxm5-80gb', count: 576 },
      }));
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { fitsInMemory: boolean; memoryPerAcceleratorGiB: number; memory: { capacityGiB: number }; parallelism: { recompute: string } };
      // the capacity is the 81,559 MiB nvidia-smi reports, not 80e9 bytes (74.5 GiB)
      expect(out.memory.capacityGiB).toBe(81_559 / 1024);
      expect(out.fitsInMemory).toBe(true);
      expect(out.memoryPerAcceleratorGiB).toBeLessThanOrEqual(81_559 / 1024);
      expect(out.parallelism.recompute).toBe('none');
    }
  });

  it('Llama 3 405B TP8 PP16 on 16,384 H100 (126 layers) answers: exit 0, a split of 16 stages', async () => {
    const r = await cwb('estimate', file({
      model: { layers: 126, hidden: 16384, heads: 128, kvHeads: 8, ffnHidden: 53248, gatedFfn: true, vocab: 128256, seqLength: 8192 },
      training: { tokens: 1.56e13, globalBatch: 2048, precision: 'bf16', zeroStage: 2, microBatch: 1, recompute: 'none', parallelism: { tp: 8, pp: 16, dp: 128, cp: 1 } },
      cluster: { accelerator: 'h100-sxm5-80gb', count: 16384 },
    }));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { mfu: number; stageSplit: { layersPerStage: number[] }; software: { id: string } };
    expect(out.stageSplit.layersPerStage).toHaveLength(16);
    expect(out.mfu).toBeGreaterThan(0.35);
    expect(out.mfu).toBeLessThan(0.5);
    expect(out.software.id).toBe('megatron-core');
  });

  it('evaluate shows the refusal and no training result for the same scenario', async () => {
    const r = await cwb('evaluate', file({
      model: { layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffnHidden: 28672, gatedFfn: true, vocab: 128256, seqLength: 8192 },
      training: { tokens: 1e12, globalBatch: 128, precision: 'bf16', parallelism: { tp: 1, pp: 1 } },
      cluster: { accelerator: 'h100-sxm5-80gb', count: 64 },
    }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { training?: unknown; trainingRefusal?: { rule: string; field: string }; runEnergyMWh?: number; warnings: Array<{ code?: string; severity: string }> };
    expect(out.training).toBeUndefined();
    expect(out.runEnergyMWh).toBeUndefined();
    expect(out.trainingRefusal).toMatchObject({ rule: 'memory', field: 'training.parallelism' });
    expect(out.warnings.some((w) => w.severity === 'error')).toBe(true);
  });
});
