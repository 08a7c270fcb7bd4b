/**
 * The calibration rows (Megatron-LM Table 1, Korthikanti et al. 2022 Table 5, MegaScale Table 2,
 * NVIDIA's NeMo H100 recipes, Llama 3 Table 4) and the training input each stands for;
 * calibration.test.ts says where every setting comes from.
 */
import { MODEL_PRESETS } from './presets';
import { REFERENCE_A100_80GB, REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import type { Recompute, TrainingInput } from './types';

const A100_80GB = REFERENCE_A100_80GB;

export const SEQ = 2048;
export const VOCAB = 51200;

export function calibrationInput(
  m: { layers: number; hidden: number; heads: number },
  p: { tp: number; pp: number; gpus: number; batch: number; micro: number; v: number },
  recompute: Recompute,
  sequenceParallel: boolean,
): TrainingInput {
  return {
    model: { ...m, vocab: VOCAB, seqLength: SEQ, tiedEmbeddings: true, dropout: 0.1 },
    training: {
      tokens: 1e9,
      globalBatch: p.batch,
      microBatch: p.micro,
      precision: 'fp16',
      recompute,
      zeroStage: 0,
      sequenceParallel,
      parallelism: { tp: p.tp, pp: p.pp, cp: 1, ep: 1, virtualStages: p.v, dp: p.gpus / (p.tp * p.pp) },
      software: 'megatron-lm-2021',
    },
    cluster: { accelerator: A100_80GB, count: p.gpus, perNode: 8, scaleOutGbps: 200 },
  };
}

// Megatron-LM Table 1 (REFERENCE.md) + micro-batch / virtual stages from run_table_1.sh
export const TABLE1 = [
  { params: 1.7, heads: 24, hidden: 2304, layers: 24, tp: 1, pp: 1, gpus: 32, batch: 512, tflops: 137, micro: 16, v: 1 },
  { params: 3.6, heads: 32, hidden: 3072, layers: 30, tp: 2, pp: 1, gpus: 64, batch: 512, tflops: 138, micro: 16, v: 1 },
  { params: 7.5, heads: 32, hidden: 4096, layers: 36, tp: 4, pp: 1, gpus: 128, batch: 512, tflops: 142, micro: 16, v: 1 },
  { params: 18.4, heads: 48, hidden: 6144, layers: 40, tp: 8, pp: 1, gpus: 256, batch: 1024, tflops: 135, micro: 8, v: 1 },
  { params: 39.1, heads: 64, hidden: 8192, layers: 48, tp: 8, pp: 2, gpus: 512, batch: 1536, tflops: 138, micro: 4, v: 1 },
  { params: 76.1, heads: 80, hidden: 10240, layers: 60, tp: 8, pp: 4, gpus: 1024, batch: 1792, tflops: 140, micro: 2, v: 3 },
  { params: 145.6, heads: 96, hidden: 12288, layers: 80, tp: 8, pp: 8, gpus: 1536, batch: 2304, tflops: 148, micro: 2, v: 2 },
  { params: 310.1, heads: 128, hidden: 16384, layers: 96, tp: 8, pp: 16, gpus: 1920, batch: 2160, tflops: 155, micro: 1, v: 2 },
  { params: 529.6, heads: 128, hidden: 20480, layers: 105, tp: 8, pp: 35, gpus: 2520, batch: 2520, tflops: 163, micro: 1, v: 3 },
  { params: 1008, heads: 160, hidden: 25600, layers: 128, tp: 8, pp: 64, gpus: 3072, batch: 3072, tflops: 163, micro: 1, v: 1 },
];

// Korthikanti et al. 2022 Table 5 (REFERENCE.md)
export const TABLE5 = [
  { name: '22B', layers: 48, hidden: 6144, heads: 64, tp: 8, pp: 1, gpus: 8, batch: 4, micro: 4, v: 1, full: 1.42, selective: 1.1 },
  { name: '175B', layers: 96, hidden: 12288, heads: 96, tp: 8, pp: 8, gpus: 64, batch: 64, micro: 1, v: 3, full: 18.13, selective: 13.75 },
  { name: '530B', layers: 105, hidden: 20480, heads: 128, tp: 8, pp: 35, gpus: 280, batch: 280, micro: 1, v: 1, full: 49.05, selective: 37.83 },
  { name: '1T', layers: 128, hidden: 25600, heads: 160, tp: 8, pp: 64, gpus: 512, batch: 512, micro: 1, v: 1, full: 94.42, selective: 71.49 },
];


/**
 * MegaScale (Jiang et al., NSDI '24, arXiv:2402.15627) Table 2, the Megatron-LM baseline rows:
 * GPT-3-class 175B (Table 1: 96 layers, hidden 12,288, 128 heads; TP 8, PP 8, six interleaved stages;
 * sequence 2,048, vocabulary 64,000) on Ampere GPUs (A100 80GB figures), batch 768 on 256-1,024 GPUs and
 * 6,144 on 3,072-12,288 GPUs. Published MFU with the Megatron formula 72 B s l h^2 (1 + s/6h + V/12lh)
 * over 312 TFLOPS.
 */
export const MEGASCALE_T2 = [
  { gpus: 256, batch: 768, mfu: 0.53 },
  { gpus: 512, batch: 768, mfu: 0.499 },
  { gpus: 768, batch: 768, mfu: 0.467 },
  { gpus: 1024, batch: 768, mfu: 0.447 },
  { gpus: 3072, batch: 6144, mfu: 0.487 },
  { gpus: 6144, batch: 6144, mfu: 0.478 },
  { gpus: 8192, batch: 6144, mfu: 0.433 },
  { gpus: 12288, batch: 6144, mfu: 0.412 },
];

export function megascaleInput(r: (typeof MEGASCALE_T2)[number]): TrainingInput {
  return {
    model: { layers: 96, hidden: 12288, heads: 128, vocab: 64000, seqLength: 2048, dropout: 0.1 },
    training: {
      tokens: 3e11,
      globalBatch: r.batch,
      microBatch: 1,
      precision: 'bf16',
      zeroStage: 1,
      software: 'megatron-lm-2021',
      parallelism: { tp: 8, pp: 8, cp: 1, ep: 1, virtualStages: 6 },
    },
    cluster: { accelerator: A100_80GB, count: r.gpus, perNode: 8, scaleOutGbps: 200 },
  };
}

/**
 * NVIDIA dgxc-benchmarking (NeMo 24.09 containers), llama3.1/README_8b.md, README_70b.md and
 * README_405b.md: training step time on DGX H100 (8 GPUs per node, 400 Gb/s per GPU), BF16 and FP8,
 * micro-batch 1, sequence 8,192, global batch scaled with the GPUs; layouts as published (8B: TP1 PP1 CP2;
 * 70B: TP4 PP4 CP2 VP5; 405B: TP8 PP9 CP2 VP7), no activation recomputation, distributed optimizer.
 * The smallest and largest scale of each table.
 */
export const NEMO_H100 = [
  { model: 'llama3-8b', gpus: 8, batch: 128, tp: 1, pp: 1, cp: 2, v: 1, bf16: 12.91, fp8: 9.67 },
  { model: 'llama3-8b', gpus: 128, batch: 2048, tp: 1, pp: 1, cp: 2, v: 1, bf16: 13.1, fp8: 9.82 },
  { model: 'llama3-70b', gpus: 64, batch: 128, tp: 4, pp: 4, cp: 2, v: 5, bf16: 14.72, fp8: 11.01 },
  { model: 'llama3-70b', gpus: 2048, batch: 4096, tp: 4, pp: 4, cp: 2, v: 5, bf16: 14.98, fp8: 11.39 },
  { model: 'llama3-405b', gpus: 576, batch: 252, tp: 8, pp: 9, cp: 2, v: 7, bf16: 17.2, fp8: 11.24 },
  { model: 'llama3-405b', gpus: 2304, batch: 1008, tp: 8, pp: 9, cp: 2, v: 7, bf16: 17.62, fp8: 12.35 },
] as const;

export function nemoInput(r: (typeof NEMO_H100)[number], precision: 'bf16' | 'fp8'): TrainingInput {
  return {
    model: MODEL_PRESETS[r.model]!,
    training: {
      tokens: 1e12,
      globalBatch: r.batch,
      microBatch: 1,
      precision,
      recompute: 'none',
      zeroStage: 1,
      software: precision === 'fp8' ? 'megatron-core-fp8' : 'megatron-core',
      parallelism: { tp: r.tp, pp: r.pp, cp: r.cp, ep: 1, virtualStages: r.v },
    },
    cluster: { accelerator: REFERENCE_H100_SXM, count: r.gpus, perNode: 8, scaleOutGbps: 400 },
  };
}

/**
 * Llama 3 405B pre-training (Llama Team 2024, arXiv:2407.21783, Table 4 and section 3.3): H100 SXM, 8 per
 * server on NVLink, 400 Gb/s RoCE per GPU; 126 layers; 16M tokens per batch; TP8 PP16 with one layer fewer on
 * the first and last stage (7, 8 x 14, 7); FSDP sharding optimizer states and gradients (ZeRO 2); the 8K
 * stages without activation checkpointing. Published BF16 MFU (6N plus attention, over 989 TFLOPS). The
 * interleaving degree and the long-context stage's recomputation are not published: searched.
 */
export const LLAMA3_T4 = [
  { gpus: 8192, cp: 1, dp: 64, seq: 8192, batch: 2048, mfu: 0.43, recompute: 'none' as const },
  { gpus: 16384, cp: 1, dp: 128, seq: 8192, batch: 2048, mfu: 0.41, recompute: 'none' as const },
  { gpus: 16384, cp: 16, dp: 8, seq: 131072, batch: 128, mfu: 0.38, recompute: undefined },
];

export function llama3Input(r: (typeof LLAMA3_T4)[number]): TrainingInput {
  return {
    model: { ...MODEL_PRESETS['llama3-405b']!, seqLength: r.seq },
    training: {
      tokens: 1.56e13,
      globalBatch: r.batch,
      microBatch: 1,
      precision: 'bf16',
      zeroStage: 2,
      software: 'megatron-core',
      layersPerStage: [7, ...new Array<number>(14).fill(8), 7],
      ...(r.recompute ? { recompute: r.recompute } : {}),
      parallelism: { tp: 8, pp: 16, cp: r.cp, dp: r.dp, ep: 1 },
    },
    cluster: { accelerator: REFERENCE_H100_SXM, count: r.gpus, perNode: 8, scaleOutGbps: 400 },
  };
}
