import { COLLECTIVE_ASSUMPTIONS, DEFAULT_COLLECTIVE_PARAMS, type Assumption, type CollectiveParams } from '../network/collectives';
import { InputError } from '../errors';

export type { Assumption };

/**
 * Engine assumptions of the training-time model. One set of defaults serves
 * every calibration row (Megatron-LM Table 1, Korthikanti Table 5): none is
 * tuned per row. Override any by key through `TrainingInput.assumptions`.
 */
export const TRAINING_ASSUMPTIONS: readonly Assumption[] = [
  {
    key: 'gemmEfficiencyMax',
    label: 'Peak matrix-multiply efficiency',
    value: 0.78,
    unit: 'fraction of dense peak',
    source:
      'Large BF16 GEMMs on A100/H100 reach ~70-80% of dense peak in cuBLAS benchmarks; fitted once against Megatron-LM Table 1 / Korthikanti Table 5 together',
  },
  {
    key: 'gemmHalfDim',
    label: 'GEMM dimension at which efficiency halves',
    value: 64,
    unit: 'elements',
    source:
      'Efficiency of each GEMM = max x prod over (M,N,K) of d/(d+d0): tile quantisation and memory-boundedness of thin GEMMs (e.g. attention K = head dim 64-128); order of CUTLASS tile sizes',
  },
  {
    key: 'fp8GemmFactor',
    label: 'FP8 GEMM efficiency relative to BF16',
    value: 0.8,
    unit: 'factor',
    source: 'FP8 GEMMs reach ~1.5-1.6x BF16 speed rather than 2x, plus scaling/cast kernels (Transformer Engine reports)',
  },
  {
    key: 'hbmEfficiency',
    label: 'Achievable HBM bandwidth',
    value: 0.8,
    unit: 'fraction of peak memory bandwidth',
    source: 'STREAM-like element-wise kernels reach ~80-90% of HBM peak on A100/H100',
  },
  {
    key: 'flashAttention',
    label: 'Fused (flash) attention',
    value: 1,
    unit: '1 = on, 0 = off',
    source:
      'On: attention scores are never written to HBM (FlashAttention, Dao et al. 2022). Off reproduces Megatron-LM 2021/2022, which materialised the s x s score matrix (softmax, dropout)',
  },
  {
    key: 'elementwiseBackwardFactor',
    label: 'Backward / forward memory traffic of element-wise ops',
    value: 1.2,
    unit: 'factor',
    source:
      'Byte count per op: layernorm 6h vs 4h, dropout-add 5h vs 7h, GeLU 24 vs 16 bytes per element, softmax+dropout 15 vs 13 bytes per score: ~1.2x overall',
  },
  {
    key: 'interleaveEfficiency',
    label: 'Realised share of the interleaved-schedule bubble reduction',
    value: 0.5,
    unit: 'fraction',
    source:
      'Theory: bubble (p-1)/v stage slots (Narayanan et al. 2021). Their Table 1 runs with interleaving (76B-530B) reach about the same raw efficiency as the 1T run without it only if half of the reduction is realised (extra p2p and warm-up imbalance on the critical path); fitted once over all calibration rows',
  },
  {
    key: 'tpCommOverlap',
    label: 'Tensor-parallel communication hidden behind compute',
    value: 0,
    unit: 'fraction',
    source: 'Megatron-LM runs TP all-reduce / all-gather / reduce-scatter on the critical path unless comm-GEMM overlap is enabled',
  },
  {
    key: 'cpCommOverlap',
    label: 'Context-parallel (ring attention) overlap',
    value: 1,
    unit: 'fraction of attention compute usable to hide KV exchange',
    source: 'Ring attention sends the next KV block while computing the current one (Liu et al. 2023)',
  },
  {
    key: 'epCommOverlap',
    label: 'Expert-parallel all-to-all hidden behind compute',
    value: 0,
    unit: 'fraction (at most the same pass\'s compute)',
    source:
      'Megatron-Core without its all-to-all overlap runs token dispatch/combine between router and experts on the critical path (0, the default); DeepSeek-V3 technical report (arXiv:2412.19437, section 3.2.1): DualPipe overlaps the forward and backward chunks of two micro-batches so that "both all-to-all and PP communication can be fully hidden" (1, preset deepseek-dualpipe)',
  },
  {
    key: 'epOverlapSmShare',
    label: 'Compute given up to the all-to-all kernels while they overlap',
    value: 0.15,
    unit: 'fraction of the accelerator',
    source:
      'DeepSeek-V3 technical report (arXiv:2412.19437, section 3.2.2): 20 of the H800\'s 132 SMs run the dispatch/combine kernels (0.15), so the compute beside a hidden all-to-all runs on the rest; applies only to the hidden part',
  },
  {
    key: 'moeMaxNodesPerToken',
    label: 'Scale-up domains a token is dispatched to at most (node-limited routing)',
    value: 0,
    unit: 'domains (0 = no limit)',
    source:
      'Standard top-k routing sends each token to its k experts wherever they are (0); DeepSeek-V3 (arXiv:2412.19437, sections 2.1.2 and 3.2.2) limits each token to 4 nodes and sends it once per node over InfiniBand, forwarding it to the experts over NVLink (4, preset deepseek-dualpipe)',
  },
  {
    key: 'epDispatchBytes',
    label: 'Bytes per element of the expert-parallel dispatch',
    value: 2,
    unit: 'bytes',
    source:
      'BF16 activations are dispatched in BF16 (2); DeepSeek-V3 quantises the dispatched activations to FP8 (1) and keeps the combine in BF16 (arXiv:2412.19437, section 3.3.2)',
  },
  {
    key: 'dpCommOverlap',
    label: 'Data-parallel gradient communication overlap',
    value: 0.5,
    unit: 'fraction of the last micro-batch backward (and first forward for the parameter all-gather)',
    source:
      'Bucketed gradient reduce-scatter overlaps the last backward pass, but the last buckets are ready only at its end and NCCL kernels slow the GEMMs they share the GPU with (Megatron-LM distributed optimizer, PyTorch DDP); fitted once over all calibration rows',
  },
  {
    key: 'gradReduceBytes',
    label: 'Bytes per gradient element in the data-parallel reduction',
    value: 4,
    unit: 'bytes',
    source: 'Megatron-LM accumulates and reduces BF16-model gradients in FP32 by default',
  },
  {
    key: 'paramGatherBytes',
    label: 'Bytes per parameter in the distributed-optimizer all-gather',
    value: 2,
    unit: 'bytes',
    source: 'Updated BF16 weights are all-gathered after the sharded optimizer step',
  },
  {
    key: 'weightBytesPerParam',
    label: 'Weight bytes per parameter',
    value: 2,
    unit: 'bytes',
    source: 'BF16/FP16 model weights (FP8 runs keep BF16 weights and cast per GEMM)',
  },
  {
    key: 'gradBytesPerParam',
    label: 'Gradient bytes per parameter',
    value: 4,
    unit: 'bytes',
    source: 'FP32 main-gradient buffers (Megatron-LM distributed optimizer: 18 bytes/param = 2 + 4 + 12)',
  },
  {
    key: 'optimizerBytesPerParam',
    label: 'Optimizer-state bytes per parameter',
    value: 12,
    unit: 'bytes',
    source: 'Adam: FP32 master weights, momentum and variance (Rajbhandari et al. 2020, ZeRO)',
  },
  {
    key: 'optimizerStepBytesPerParam',
    label: 'HBM traffic of the optimizer step per parameter',
    value: 34,
    unit: 'bytes',
    source: 'Adam reads FP32 master, m, v, grad (16 B), writes master, m, v (12 B), writes BF16 weight (2 B), plus gradient-norm read (4 B)',
  },
  {
    key: 'memoryReserveGiB',
    label: 'Memory reserved for runtime, communication buffers and fragmentation',
    value: 3,
    unit: 'GiB',
    source: 'CUDA context (~0.5-1 GiB), NCCL buffers and allocator fragmentation observed in Megatron-LM runs',
  },
  {
    key: 'cpMinTokensPerRank',
    label: 'Fewest tokens of a sequence per context-parallel rank the search considers',
    value: 4096,
    unit: 'tokens',
    source:
      'Context parallelism is used for long sequences: NVIDIA NeMo recipes run CP 2 at 8,192 tokens (4,096 per rank; dgxc-benchmarking Llama 3.1), Llama 3 405B CP 16 at 131,072 (8,192 per rank; Dubey et al. 2024, Table 4). Below this the ring exchanges of small chunks dominate; a fixed training.parallelism.cp is not limited',
  },
  {
    key: 'stragglerCv',
    label: 'Step-time variation of one data-parallel replica (straggler term)',
    value: 0.02,
    unit: 'fraction',
    source:
      'Every step ends when the slowest of R data-parallel replicas is done: for R replicas with independent step-time variation sigma, E[max] - mean ~ sigma x sqrt(2 ln R) (extreme value of Gaussian maxima). sigma / mean fitted once over all calibration rows; the NeMo 24.09 H100 weak-scaling rows alone (Llama 3.1 8B 8 -> 128 GPUs, 70B 64 -> 2,048, 405B 576 -> 2,304 at constant per-GPU batch: +1.5-2.4% step time; NVIDIA dgxc-benchmarking) and MegaScale Table 2 (175B, 3,072 -> 12,288 A100) bound it',
  },
  {
    key: 'microBatchOverheadS',
    label: 'Framework overhead per micro-batch and model chunk',
    value: 5e-4,
    unit: 's',
    source:
      'Python-side schedule, launch gaps between layers and the data loader per forward+backward of one micro-batch on one model chunk (a fraction of a millisecond without CUDA graphs); multiplied by micro-batches x virtual stages; fitted once over all calibration rows',
  },
  {
    key: 'kernelOverheadS',
    label: 'Fixed launch/synchronisation overhead per layer per micro-batch (forward+backward)',
    value: 2e-4,
    unit: 's',
    source: '~40 kernels per layer forward+backward at ~5 us launch/tail each',
  },
];

export interface TrainingParams extends CollectiveParams {
  gemmEfficiencyMax: number;
  gemmHalfDim: number;
  fp8GemmFactor: number;
  hbmEfficiency: number;
  flashAttention: number;
  elementwiseBackwardFactor: number;
  interleaveEfficiency: number;
  tpCommOverlap: number;
  cpCommOverlap: number;
  epCommOverlap: number;
  epOverlapSmShare: number;
  epDispatchBytes: number;
  moeMaxNodesPerToken: number;
  dpCommOverlap: number;
  gradReduceBytes: number;
  paramGatherBytes: number;
  weightBytesPerParam: number;
  gradBytesPerParam: number;
  optimizerBytesPerParam: number;
  optimizerStepBytesPerParam: number;
  memoryReserveGiB: number;
  cpMinTokensPerRank: number;
  stragglerCv: number;
  microBatchOverheadS: number;
  kernelOverheadS: number;
}

const DEFAULTS: Record<string, number> = {
  ...(DEFAULT_COLLECTIVE_PARAMS as unknown as Record<string, number>),
  ...Object.fromEntries(TRAINING_ASSUMPTIONS.map((a) => [a.key, a.value])),
};

/** Every assumption the training estimate depends on (training + collectives), for listing in the UI and reports. */
export const ALL_TRAINING_ASSUMPTIONS: readonly Assumption[] = [...TRAINING_ASSUMPTIONS, ...COLLECTIVE_ASSUMPTIONS];

export function resolveTrainingParams(overrides: Record<string, number> | undefined): TrainingParams {
  const out: Record<string, number> = { ...DEFAULTS };
  if (overrides) {
    for (const [k, v] of Object.entries(overrides)) {
      if (!(k in DEFAULTS)) throw new InputError(`assumptions.${k}`, 'unknown assumption key');
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InputError(`assumptions.${k}`, 'must be a finite number >= 0');
      }
      out[k] = v;
    }
  }
  return out as unknown as TrainingParams;
}
