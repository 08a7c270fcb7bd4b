/**
 * Software-stack presets (`training.software`): which framework features the
 * estimate assumes. Each preset is a set of assumption values with its source,
 * applied over the engine defaults and under the user's own overrides; a preset
 * may also fix the ZeRO stage or the precision its stack implies.
 */
import { InputError } from '../errors';
import type { Precision, ZeroStage } from './types';

export type SoftwarePresetId = 'megatron-lm-2021' | 'megatron-core' | 'megatron-core-fp8' | 'deepspeed-zero3' | 'deepseek-dualpipe';

export interface SoftwarePreset {
  id: SoftwarePresetId;
  label: string;
  /** Where the values come from. */
  source: string;
  /** Assumption values by key (TRAINING_ASSUMPTIONS / COLLECTIVE_ASSUMPTIONS). */
  assumptions: Readonly<Record<string, number>>;
  /** ZeRO stage the stack implies (overrides training.zeroStage). */
  zeroStage?: ZeroStage;
  /** Precision the stack implies (overrides training.precision). */
  precision?: Precision;
}

/** The preset an input without `training.software` gets. */
export const DEFAULT_SOFTWARE: SoftwarePresetId = 'megatron-core';

const MEGATRON_CORE = {
  flashAttention: 1,
  tpCommOverlap: 0.6,
  dpCommOverlap: 0.9,
  interleaveEfficiency: 0.8,
};

export const SOFTWARE_PRESETS: Readonly<Record<SoftwarePresetId, SoftwarePreset>> = {
  'megatron-lm-2021': {
    id: 'megatron-lm-2021',
    label: 'Megatron-LM 2021 (no FlashAttention, no communication overlap)',
    source:
      'Narayanan et al. 2021 (SC21) and Korthikanti et al. 2022: attention materialises the s x s scores (FlashAttention came later), TP and pipeline communication on the critical path, gradient all-reduce overlapped with the last backward only; the interleaved schedule realised half its theoretical bubble reduction (fitted once over Megatron-LM Table 1)',
    assumptions: { flashAttention: 0, tpCommOverlap: 0, dpCommOverlap: 0.5, interleaveEfficiency: 0.5 },
  },
  'megatron-core': {
    id: 'megatron-core',
    label: 'Megatron-Core with FlashAttention and the distributed optimizer',
    source:
      'Megatron-Core / NeMo performance recipes (NVIDIA dgxc-benchmarking Llama 3.1, NeMo 24.09): fused attention (cuDNN FlashAttention), tensor-parallel communication overlapped with GEMMs (tp_comm_overlap, userbuffers), grad reduce-scatter and param all-gather overlapped with backward and forward (overlap_grad_reduce, overlap_param_gather), pipeline send/receive overlapped in the interleaved schedule (overlap_p2p_comm); values fitted once over the NeMo H100 rows of calibration.test.ts together',
    assumptions: MEGATRON_CORE,
  },
  'megatron-core-fp8': {
    id: 'megatron-core-fp8',
    label: 'Megatron-Core with Transformer Engine FP8',
    source:
      'As megatron-core, with FP8 GEMMs (Transformer Engine delayed or current scaling; NeMo 24.09 FP8 recipes on H100). Precision fp8: linear layers at the FP8 peak derated by fp8GemmFactor, attention in 16-bit',
    assumptions: MEGATRON_CORE,
    precision: 'fp8',
  },
  'deepspeed-zero3': {
    id: 'deepspeed-zero3',
    label: 'DeepSpeed ZeRO-3 / FSDP (weights sharded over data parallelism)',
    source:
      'Rajbhandari et al. 2020 (ZeRO stage 3) and PyTorch FSDP (Zhao et al. 2023): weights gathered before and gradients scattered after every micro-batch over the data-parallel group, prefetch overlapping about half of it with compute; FlashAttention; no tensor-parallel comm overlap',
    assumptions: { flashAttention: 1, tpCommOverlap: 0, dpCommOverlap: 0.5, interleaveEfficiency: 0.5 },
    zeroStage: 3,
  },
  'deepseek-dualpipe': {
    id: 'deepseek-dualpipe',
    label: 'DeepSeek-V3 stack (DualPipe, FP8, all-to-all hidden)',
    source:
      'DeepSeek-V3 technical report (arXiv:2412.19437), sections 3.2-3.3: DualPipe feeds micro-batches from both pipeline ends and overlaps one chunk\'s all-to-all and pipeline communication with another chunk\'s compute (epCommOverlap 1, at the cost of 20 of 132 SMs: epOverlapSmShare), FP8 GEMMs with BF16 attention, dispatch in FP8 (epDispatchBytes 1), each token sent to at most 4 nodes (moeMaxNodesPerToken 4), ZeRO-1 data parallelism. Its bubble, (pp/2 - 1) chunk slots, is modelled as two model chunks per stage with the full interleaved reduction (give training.parallelism.virtualStages 2)',
    assumptions: { ...MEGATRON_CORE, interleaveEfficiency: 1, epCommOverlap: 1, epDispatchBytes: 1, moeMaxNodesPerToken: 4 },
    precision: 'fp8',
  },
};

export const SOFTWARE_PRESET_IDS = Object.keys(SOFTWARE_PRESETS) as SoftwarePresetId[];

/** The preset of an input (`training.software`, else the default). */
export function softwarePreset(id: unknown): SoftwarePreset {
  if (id === undefined) return SOFTWARE_PRESETS[DEFAULT_SOFTWARE];
  if (typeof id !== 'string' || !(id in SOFTWARE_PRESETS))
    throw new InputError('training.software', `must be one of ${SOFTWARE_PRESET_IDS.join(', ')}`);
  return SOFTWARE_PRESETS[id as SoftwarePresetId];
}
