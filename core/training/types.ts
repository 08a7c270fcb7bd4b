import type { AcceleratorSpec } from '../catalog/types';

export type Recompute = 'none' | 'selective' | 'full';
export const RECOMPUTE_MODES: readonly Recompute[] = ['none', 'selective', 'full'];
export type Precision = 'bf16' | 'fp16' | 'fp8';
export type ZeroStage = 0 | 1 | 2 | 3;

/** Transformer description; field names follow the CLI scenario `model`. */
export interface ModelSpec {
  name?: string;
  layers: number;
  hidden: number;
  heads: number;
  /** Key/value heads (GQA/MQA when smaller than heads); default = heads. */
  kvHeads?: number;
  /** FFN inner size; default 4 x hidden. */
  ffnHidden?: number;
  /** SwiGLU-style FFN with three matrices. */
  gatedFfn?: boolean;
  vocab: number;
  seqLength: number;
  /** Mixture of experts: routed experts per MoE layer (0 = dense). */
  experts?: number;
  expertsPerToken?: number;
  expertFfnHidden?: number;
  sharedExperts?: number;
  /**
   * Query/key width per attention head (default hidden / heads). Multi-head latent attention
   * (DeepSeek-V2/V3) uses 192 (128 no-position + 64 rotary) per head at hidden 7,168 with 128 heads.
   */
  headDim?: number;
  /** Value width per attention head (default headDim); DeepSeek-V3 128. */
  valueHeadDim?: number;
  /** Input and output embeddings share one matrix (GPT-2/3, Megatron); default false. */
  tiedEmbeddings?: boolean;
  /**
   * Dropout probability (attention scores and the two residual branches); default 0, as in
   * Llama, Mistral and DeepSeek pre-training. Above 0 the dropout masks are kept for backward
   * and written through HBM (GPT-3 and Megatron-LM 2021 used 0.1).
   */
  dropout?: number;
}

export interface ParallelismSpec {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  virtualStages: number;
}

export interface TrainingSpec {
  /** Token budget of the run. */
  tokens: number;
  /** Sequences per optimizer step. */
  globalBatch: number;
  /** Sequences per micro-batch; searched when absent. */
  microBatch?: number;
  precision: Precision;
  /** Absent = searched (the fastest that fits). */
  recompute?: Recompute;
  /** 0 = plain DDP, 1 = distributed optimizer (default), 2 = + sharded gradients, 3 = + sharded weights. */
  zeroStage?: ZeroStage;
  /** Sequence parallelism alongside tensor parallelism (default true). */
  sequenceParallel?: boolean;
  /** Any absent field is searched. */
  parallelism?: Partial<ParallelismSpec>;
  /**
   * Layers of every pipeline stage, first to last (sums to model.layers, one entry per stage, each at
   * least one layer per model chunk). Absent = the engine balances the stage times, counting the
   * embedding as work of the first stage and the output layer and loss as work of the last.
   */
  layersPerStage?: number[];
  /**
   * Software stack the estimate assumes (core/training/software.ts): megatron-lm-2021, megatron-core
   * (default), megatron-core-fp8, deepspeed-zero3, deepseek-dualpipe. A preset is a set of assumption values with its source;
   * the input's own assumption overrides win over it.
   */
  software?: string;
  /**
   * The search may place a tensor-parallel group across scale-up domains (default false: TP stays
   * within one NVLink/HCCS domain, as practitioners run it). A fixed `parallelism.tp` is always honoured.
   */
  allowTpAcrossDomains?: boolean;
  /**
   * The search may use context parallelism for speed (default false: a layout uses it only when the
   * same layout without it fits under no recompute mode). A fixed `parallelism.cp` is always honoured.
   */
  allowCpForSpeed?: boolean;
}

/** The rule a refused layout breaks. */
export type RefusalRule =
  | 'memory'
  /** A field's value the engine does not accept (its message says why). */
  | 'input'
  | 'positive-integers'
  | 'degrees-multiply-to-count'
  | 'heads-divisible-by-tp'
  | 'kv-heads-vs-tp'
  | 'layers-fill-stages'
  | 'interleaving-needs-pipeline'
  | 'sequence-divisible-by-cp'
  | 'batch-divisible-by-dp-and-micro-batch'
  | 'interleaving-needs-micro-batches'
  | 'experts-divisible-by-ep'
  | 'ep-divides-dp-cp'
  | 'ep-needs-experts'
  | 'stages-match-pipeline'
  | 'stages-hold-chunks';

/** Why a layout cannot run: the rule, the field that sets it, and the nearest layout that would. */
export interface LayoutRefusalInfo {
  rule: RefusalRule;
  /** Field path (`training.parallelism.tp`, `model.heads`, `cluster.count`). */
  field: string;
  /** One line: what is wrong, the rule, the nearest working layout. */
  message: string;
  /** The fitting layout nearest to what the input asked for; null when no layout fits. */
  nearest: { parallelism: ExecutionConfig; stepTimeS: number; memoryPerAcceleratorGiB: number } | null;
  /** Memory refusals: the least memory per accelerator any valid layout needs, GiB. */
  minMemoryGiB?: number;
}

/** A rule of the layout search (see `TrainingSpec.allowTpAcrossDomains` / `allowCpForSpeed`). */
export type SearchRule = 'tpWithinDomain' | 'cpOnlyForMemory';

/** Why the estimate uses its layout, compared with the obvious one. */
export interface LayoutChoice {
  /**
   * The obvious layout: tensor parallelism filling one scale-up domain (the largest valid TP degree
   * within it, e.g. TP8 on an 8-GPU NVLink server), no context parallelism, the rest searched.
   * Null when the input fixed the layout or no such layout is valid.
   */
  obvious: { parallelism: ExecutionConfig; stepTimeS: number; memoryPerAcceleratorGiB: number; fitsInMemory: boolean } | null;
  /** Obvious step time / chosen step time (1 = the chosen layout is the obvious one); null without an obvious layout that fits. */
  speedupOverObvious: number | null;
  /** Why, one sentence each: the step-time terms that differ most, or why the obvious layout does not fit. */
  why: string[];
  /** The tensor-parallel group spans scale-up domains: its traffic crosses the scale-out network. */
  tpCrossesDomains: boolean;
  /** Context parallelism is used because the layout fits without it under no recompute mode. */
  cpForMemory: boolean;
  /** Search rules lifted because no layout fits under them. */
  relaxed: SearchRule[];
  /** The input fixed every layout field. */
  fixed: boolean;
}

/** One scope of the scale-out fabric: up to `accelerators` consecutive accelerators see `oversubscription`. */
export interface ScaleOutScope {
  accelerators: number;
  oversubscription: number;
}

export interface TrainingCluster {
  accelerator: AcceleratorSpec;
  /** Accelerators in the job. */
  count: number;
  /** Accelerators per server. */
  perNode: number;
  /** Scale-out line rate per accelerator, Gb/s (bits). */
  scaleOutGbps: number;
  /** Leaf downlink/uplink ratio; divides scale-out bandwidth of groups spanning leaves. Default 1. */
  oversubscription?: number;
  /**
   * The fabric's tiers as the job sees them, smallest first (a generated fabric's leaf, pod and whole-fabric
   * scopes): a communicator whose ranks lie within `accelerators` consecutive accelerators of the rank
   * layout (contiguous, aligned placement) crosses the scale-out network at the NIC rate / `oversubscription`
   * (a leaf 1, a pod the leaf's ratio, the fabric leaf x spine); beyond the last, the last. Rail-optimised
   * fabrics: traffic between different rails is taken as forwarded to the peer's rail inside the node
   * first (NCCL PXN), so the leaf scope holds. Absent: `oversubscription` for every group that leaves its
   * scale-up domain.
   */
  scaleOutScopes?: ScaleOutScope[];
  /** Accelerators in one scale-up (NVLink) domain; default max(perNode, accelerator.scaleUp.domainSize) when the server is a rack-scale domain, else perNode. */
  scaleUpDomain?: number;
  /** Scale-out switches reduce in the network (SHARP). Default false. */
  inNetworkReduction?: boolean;
  /** Scale-up switches reduce in the network (NVLS). Default from the accelerator generation. */
  scaleUpReduction?: boolean;
}

export interface TrainingInput {
  model: ModelSpec;
  training: TrainingSpec;
  cluster: TrainingCluster;
  /** Overrides of TRAINING_ASSUMPTIONS / COLLECTIVE_ASSUMPTIONS by key. */
  assumptions?: Record<string, number>;
}

export interface ExecutionConfig extends ParallelismSpec {
  microBatch: number;
  recompute: Recompute;
}

export interface StepBreakdown {
  computeS: number;
  tpCommS: number;
  cpCommS: number;
  epCommS: number;
  ppCommS: number;
  pipelineBubbleS: number;
  dpCommExposedS: number;
  optimizerS: number;
  /** Waiting for the slowest data-parallel replica at the step's synchronisation (grows with the replicas). */
  stragglerS: number;
  /** Framework overhead per micro-batch and model chunk (schedule, launches, data loading). */
  frameworkOverheadS: number;
}

export interface MemoryBreakdown {
  weightsGiB: number;
  gradientsGiB: number;
  optimizerGiB: number;
  activationsGiB: number;
  buffersGiB: number;
  totalGiB: number;
  capacityGiB: number;
}

export interface TrainingEstimate {
  stepTimeS: number;
  tokensPerSecond: number;
  mfu: number;
  hfu: number;
  modelTflopsPerAccelerator: number;
  hardwareTflopsPerAccelerator: number;
  trainingDays: number;
  memoryPerAcceleratorGiB: number;
  fitsInMemory: boolean;
  parallelism: ExecutionConfig;
  breakdown: StepBreakdown;
  memory: MemoryBreakdown;
  /** Optimizer steps for the token budget. */
  steps: number;
  microBatchesPerStep: number;
  modelFlopsPerStep: number;
  hardwareFlopsPerStep: number;
  /** Total and per-token-active parameters. */
  parameters: number;
  activeParameters: number;
  /** When nothing fits: the least memory per accelerator any valid configuration needs. */
  minMemoryGiB?: number;
  /** Why this layout, against the obvious one. */
  layoutChoice?: LayoutChoice;
  /** The software preset the estimate assumes. */
  software?: { id: string; label: string };
  /** Layers of every pipeline stage, first to last: the input's (`input`) or balanced by the engine (`balanced`). */
  stageSplit?: { layersPerStage: number[]; source: 'input' | 'balanced' };
  /** When the layout does not fit: why it cannot run and the nearest layout that can (its times are not a forecast). */
  refusal?: LayoutRefusalInfo;
  notes: string[];
}

export interface RejectedConfig {
  config: ExecutionConfig;
  reason: 'memory' | 'divisibility';
  message: string;
  memoryGiB?: number;
}
