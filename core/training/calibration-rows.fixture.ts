/**
 * The calibration rows (Megatron-LM Table 1, Korthikanti et al. 2022 Table 5) and the
 * training input each stands for; calibration.test.ts says where every setting comes from.
 */
import { REFERENCE_A100_80GB } from './reference-accelerators.fixture';
import type { Recompute, TrainingInput } from './types';

const A100_80GB = REFERENCE_A100_80GB;

export const SEQ = 2048;
export const VOCAB = 51200;
const SOFTWARE_2021 = { flashAttention: 0 };

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
    },
    cluster: { accelerator: A100_80GB, count: p.gpus, perNode: 8, scaleOutGbps: 200 },
    assumptions: SOFTWARE_2021,
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

