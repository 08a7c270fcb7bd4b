/**
 * Calibration against published measurements: Megatron-LM (REFERENCE.md), MegaScale,
 * NVIDIA's NeMo H100 recipes and Llama 3 405B.
 *
 * ONE set of engine assumptions (the defaults) serves every row; nothing is
 * tuned per row. What the test sets is the published configuration of those
 * runs and the software stack they ran (a software preset, core/training/software.ts,
 * the same for every row of a table):
 * - A100 SXM4 80GB: 312 TFLOPS dense FP16/BF16, 80 GB, 2.039 TB/s HBM, NVLink3
 *   600 GB/s (both directions), 8 GPUs per node, one 200 Gb/s HDR InfiniBand
 *   NIC per GPU (Selene).
 * - GPT models of the papers: vocabulary 51,200, sequence 2,048, tied input and
 *   output embeddings, dropout 0.1 (Megatron-LM's default); FP16 mixed precision; plain data parallelism (no
 *   distributed optimizer in Megatron-LM of 2021/2022: zeroStage 0).
 * - Software megatron-lm-2021: attention without FlashAttention (Megatron-LM of
 *   2021/2022 materialised the s x s attention scores), no communication overlap.
 * - Megatron-LM Table 1 (Narayanan et al. 2021): full activation recompute, no
 *   sequence parallelism (it did not exist yet). Micro-batch and interleaving
 *   from the paper's scripts (Megatron-LM examples/sc21/run_table_1.sh):
 *   micro-batch 16 for 1.7B/3.6B/7.5B, 8 for 18B, 4 for 39B, 2 for 76B/145B, 1
 *   for 310B/530B/1T; layers per virtual stage 5 for 76B (v = 15/5 = 3) and
 *   145B (v = 10/5 = 2), 3 for 310B (v = 6/3 = 2), 1 for 530B (v = 3/1 = 3);
 *   39B and 1T not interleaved. dp = GPUs / (tp x pp).
 *   Compared quantity: achieved TFLOP/s per GPU with their hardware-FLOPs
 *   formula 96 B s l h^2 (1 + s/6h + V/16lh) per iteration, divided by our
 *   predicted iteration time and the GPU count.
 * - Korthikanti et al. 2022 Table 5: iteration time with full recompute (no
 *   sequence parallelism: the baseline of the paper) and with selective
 *   recompute + sequence parallelism. Configurations from REFERENCE.md / the
 *   paper's Table 3: dp = 1 everywhere, micro-batch 4 for 22B and 1 for the
 *   others, interleaving 3 for 175B only.
 * - MegaScale Table 2, Megatron-LM rows (Jiang et al., NSDI '24): GPT-3-class 175B on 256 to 12,288
 *   Ampere GPUs at fixed batch (strong scaling), software megatron-lm-2021 (the paper's baseline; its
 *   own FlashAttention-2 and overlaps are MegaScale's additions), published MFU.
 * - NVIDIA dgxc-benchmarking (NeMo 24.09) Llama 3.1 8B / 70B / 405B on DGX H100, BF16 and FP8 at the
 *   smallest and largest published scale: step time; software megatron-core / megatron-core-fp8.
 * - Llama 3 Table 4 (arXiv:2407.21783): 405B on 8,192 and 16,384 H100 (TP8 PP16, 7 + 8 x 14 + 7 layers)
 *   and the 128K-token stage (CP16): published MFU; software megatron-core with ZeRO 2 (FSDP).
 */
import { describe, expect, it } from 'vitest';
import {
  calibrationInput as input,
  LLAMA3_T4,
  llama3Input,
  MEGASCALE_T2,
  megascaleInput,
  NEMO_H100,
  nemoInput,
  SEQ,
  TABLE1,
  TABLE5,
  VOCAB,
} from './calibration-rows.fixture';
import { estimateTraining } from './search';

/** Megatron's hardware FLOPs per iteration with full recompute (Narayanan et al. 2021, eq. 3). */
function megatronHardwareFlops(B: number, l: number, h: number): number {
  return 96 * B * SEQ * l * h * h * (1 + SEQ / (6 * h) + VOCAB / (16 * l * h));
}

interface Row {
  table: string;
  row: string;
  published: number;
  predicted: number;
  unit: string;
  error: number;
}

const rows: Row[] = [];

describe('Megatron-LM Table 1 (Narayanan et al. 2021): TFLOP/s per A100 with full recompute', () => {
  for (const r of TABLE1) {
    it(`${r.params}B on ${r.gpus} GPUs (TP${r.tp} PP${r.pp}, batch ${r.batch}): ${r.tflops} TFLOP/s within 10%`, () => {
      const est = estimateTraining(input(r, r, 'full', false));
      const predicted = megatronHardwareFlops(r.batch, r.layers, r.hidden) / est.stepTimeS / r.gpus / 1e12;
      const error = (predicted - r.tflops) / r.tflops;
      rows.push({ table: 'Megatron T1', row: `${r.params}B`, published: r.tflops, predicted, unit: 'TFLOP/s', error });
      expect(est.fitsInMemory).toBe(true);
      expect(Math.abs(error)).toBeLessThan(0.1);
    });
  }
});

describe('Korthikanti et al. 2022 Table 5: iteration time on A100', () => {
  for (const r of TABLE5) {
    it(`${r.name} full recompute: ${r.full} s within 10%`, () => {
      const est = estimateTraining(input(r, r, 'full', false));
      const error = (est.stepTimeS - r.full) / r.full;
      rows.push({ table: 'Korthikanti T5 full', row: r.name, published: r.full, predicted: est.stepTimeS, unit: 's', error });
      expect(est.fitsInMemory).toBe(true);
      expect(Math.abs(error)).toBeLessThan(0.1);
    });
    it(`${r.name} selective recompute + sequence parallel: ${r.selective} s within 10%`, () => {
      const est = estimateTraining(input(r, r, 'selective', true));
      const error = (est.stepTimeS - r.selective) / r.selective;
      rows.push({ table: 'Korthikanti T5 sel+SP', row: r.name, published: r.selective, predicted: est.stepTimeS, unit: 's', error });
      expect(est.fitsInMemory).toBe(true);
      expect(Math.abs(error)).toBeLessThan(0.1);
    });
  }
});

describe('MegaScale Table 2 (Megatron-LM rows): MFU of GPT-3-class 175B at fixed batch on 256 to 12,288 A100', () => {
  for (const r of MEGASCALE_T2) {
    it(`${r.gpus} GPUs, batch ${r.batch}: ${(r.mfu * 100).toFixed(1)}% MFU within 10%`, () => {
      const est = estimateTraining(megascaleInput(r));
      const [B, s, L, h, V] = [r.batch, 2048, 96, 12288, 64000];
      const predicted = (72 * B * s * L * h * h * (1 + s / (6 * h) + V / (12 * h * L))) / (est.stepTimeS * r.gpus * 312e12);
      const error = (predicted - r.mfu) / r.mfu;
      rows.push({ table: 'MegaScale T2', row: `175B ${r.gpus}`, published: r.mfu * 100, predicted: predicted * 100, unit: '% MFU', error });
      expect(est.fitsInMemory).toBe(true);
      expect(Math.abs(error)).toBeLessThan(0.1);
    });
  }
});

describe('NVIDIA NeMo 24.09 on DGX H100 (dgxc-benchmarking Llama 3.1): step time', () => {
  for (const r of NEMO_H100)
    for (const precision of ['bf16', 'fp8'] as const) {
      it(`${r.model} on ${r.gpus} H100, ${precision}: ${r[precision]} s within 10%`, () => {
        const est = estimateTraining(nemoInput(r, precision));
        const published = r[precision];
        const error = (est.stepTimeS - published) / published;
        rows.push({ table: `NeMo H100 ${precision}`, row: `${r.model.replace('llama3-', '')} ${r.gpus}`, published, predicted: est.stepTimeS, unit: 's', error });
        expect(est.fitsInMemory).toBe(true);
        expect(Math.abs(error)).toBeLessThan(0.1);
      });
    }
});

describe('Llama 3 405B (Table 4): BF16 MFU on 8,192 and 16,384 H100 with 126 layers on 16 stages', () => {
  for (const r of LLAMA3_T4) {
    it(`${r.gpus} GPUs, CP${r.cp}, sequence ${r.seq}: ${r.mfu * 100}% MFU within 10%`, () => {
      const est = estimateTraining(llama3Input(r));
      const error = (est.mfu - r.mfu) / r.mfu;
      rows.push({ table: 'Llama 3 T4', row: `405B ${r.gpus} cp${r.cp}`, published: r.mfu * 100, predicted: est.mfu * 100, unit: '% MFU', error });
      expect(est.fitsInMemory).toBe(true);
      expect(est.stageSplit!.layersPerStage).toEqual([7, ...new Array<number>(14).fill(8), 7]);
      expect(Math.abs(error)).toBeLessThan(0.1);
    });
  }
});

describe('calibration summary', () => {
  it('prints predicted vs published: median |error| <= 5%, max <= 10% over every row', () => {
    expect(rows).toHaveLength(TABLE1.length + 2 * TABLE5.length + MEGASCALE_T2.length + 2 * NEMO_H100.length + LLAMA3_T4.length);
    const abs = rows.map((r) => Math.abs(r.error)).sort((a, b) => a - b);
    const median = (abs[(abs.length - 1) >> 1]! + abs[abs.length >> 1]!) / 2;
    const lines = rows.map(
      (r) =>
        `| ${r.table} | ${r.row} | ${Number(r.published.toFixed(2))} ${r.unit} | ${r.predicted.toFixed(r.unit === 's' ? 2 : 1)} ${r.unit} | ${(r.error * 100).toFixed(1)}% |`,
    );
    console.log(
      ['| table | row | published | predicted | error |', '|---|---|---|---|---|', ...lines].join('\n') +
        `\nmedian |error| ${(median * 100).toFixed(1)}%, max |error| ${(abs[abs.length - 1]! * 100).toFixed(1)}% over ${rows.length} rows`,
    );
    expect(median).toBeLessThanOrEqual(0.05);
    expect(abs[abs.length - 1]!).toBeLessThanOrEqual(0.1);
  });
});
