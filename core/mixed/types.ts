import type { AcceleratorSpec } from '../catalog/types';
import type { ExecutionConfig, ModelSpec, StepBreakdown, TrainingEstimate, TrainingSpec } from '../training/types';

/** One pool of identical accelerators (scenario `cluster.pools[i]`). */
export interface MixedPool {
  /** Display name; default the accelerator id (suffixed #i when repeated). */
  name?: string;
  accelerator: AcceleratorSpec;
  count: number;
  /** Accelerators per server (scale-up domain unless the accelerator is rack-scale). */
  perNode: number;
  /** Scale-out line rate per accelerator inside the pool, Gb/s (bits). */
  scaleOutGbps: number;
  /** As TrainingCluster: leaf oversubscription, scale-up domain size, in-network reduction. */
  oversubscription?: number;
  scaleUpDomain?: number;
  inNetworkReduction?: boolean;
  scaleUpReduction?: boolean;
}

/** A pool as written in a scenario (`cluster.pools[i]`): a catalog id, defaults from its server. */
export interface ScenarioPool {
  name?: string;
  accelerator: string;
  count: number;
  perNode?: number;
  scaleOutGbps?: number;
}

export interface MixedInput {
  model: ModelSpec;
  /**
   * training.parallelism: tp (applied to every pool), pp (total stages), dp,
   * ep, virtualStages fix those dimensions; cp must be 1 or absent.
   */
  training: TrainingSpec;
  pools: MixedPool[];
  /** Per-accelerator bandwidth between pools, Gb/s; default (and cap) = the slower pool's scaleOutGbps. */
  crossPoolGbps?: number;
  /** Overrides of training, collective and MIXED_ASSUMPTIONS keys. */
  assumptions?: Record<string, number>;
}

export interface MixedStage {
  /** Pool name. */
  pool: string;
  poolIndex: number;
  acceleratorId: string;
  /** Position in the pipeline (0 = first, holds the embedding). */
  index: number;
  layers: number;
  /** First layer (0-based) of the stage's contiguous block (with interleaving the block is spread over its chunks). */
  firstLayer: number;
  tp: number;
  /**
   * Forward + backward time of the stage for one micro-batch, s (compute,
   * tensor- and expert-parallel communication, embedding/output layer).
   */
  stageTimeS: number;
  /** The stage's busy time over one step: stageTimeS x micro-batches, s. */
  busyPerStepS: number;
  /** Data-parallel gradient exchange left exposed plus optimizer step, s. */
  tailS: number;
  memoryGiB: number;
  capacityGiB: number;
  /** Most layers this stage could hold at its position without exceeding memory. */
  maxLayers: number;
  fitsInMemory: boolean;
}

export interface MixedPoolResult {
  name: string;
  acceleratorId: string;
  count: number;
  /** Accelerators used by the plan (dp x cp x stages x tp). */
  used: number;
  idle: number;
  stages: number;
  tp: number;
  layers: number;
  peakTflopsPerAccelerator: number;
  /** Best standalone tokens/s of this pool alone (see standaloneBasis). */
  standaloneTokensPerSecond: number;
  /**
   * searched: estimateTraining with parallelism searched on the pool alone (fits in memory).
   * non-uniform-split: this planner on the pool alone, faster than the uniform-split search (it allows layer
   * counts that pp x virtual stages do not divide).
   * The best of the two is used; only when neither fits:
   * memory-unconstrained: the pool cannot hold the model alone; the fastest configuration with its memory limit lifted (an upper bound, so utilisation is conservative).
   * compute-bound: no valid configuration for the pool alone; count / compute-only time per token at tp = 1 (an upper bound).
   */
  standaloneBasis: 'searched' | 'non-uniform-split' | 'memory-unconstrained' | 'compute-bound';
}

/** The estimate keys of a single-pool run, with the meanings below where pools change them. */
export interface MixedEstimate extends Omit<TrainingEstimate, 'memory' | 'minMemoryGiB'> {
  /** Model FLOPs / (step time x summed peak of every accelerator in the pools). */
  mfu: number;
  /** Averaged over every accelerator in the pools. */
  modelTflopsPerAccelerator: number;
  /** Max over stages. */
  memoryPerAcceleratorGiB: number;
  /** tp = the largest pool tp (per-pool tp in `pools` / `stages`), pp = total stages. */
  parallelism: ExecutionConfig;
  /** Sums to stepTimeS; compute/TP/EP for the bottleneck stage. */
  breakdown: StepBreakdown;
  stages: MixedStage[];
  pools: MixedPoolResult[];
  /**
   * The stage (or pool) that sets the step time, and why: `code` names the reason for
   * translation (memory: other pools cannot take more layers, see cappedPools; output /
   * embedding: it holds the output layer or the input embedding; granularity: layers move in
   * whole units; batch-share: replicas layout, shares move in whole micro-batches).
   */
  bottleneck: {
    stage: number;
    pool: string;
    reason: string;
    code: 'memory' | 'output' | 'embedding' | 'granularity' | 'batch-share';
    cappedPools?: string[];
  };
  /** tokensPerSecond / sum over pools of standaloneTokensPerSecond. */
  aggregateUtilization: number;
  /** Pipeline layout: the same configuration with layers split evenly over the stages. Replicas layout: the batch split in proportion to accelerator count. */
  uniformSplitTokensPerSecond: number;
  uniformSplitFitsInMemory: boolean;
  /** Effective per-accelerator bandwidth between pools, Gb/s. */
  crossPoolGbps: number;
  /** Configurations whose layer split was searched. */
  configurationsSearched: number;
  /**
   * pipeline: every data-parallel replica is one pipeline spanning all pools (stages per pool).
   * replicas: every pool trains whole replicas on its own share of the global batch (batchShares)
   * and gradients are all-reduced between pools; used when every pool holds the model and it is faster.
   */
  layout: 'pipeline' | 'replicas';
  /** Sequences of the global batch per pool (replicas layout). */
  batchShares?: number[];
  /** Tokens/s of each layout (replicas: null when not applicable). */
  alternatives: { pipelineTokensPerSecond: number; replicasTokensPerSecond: number | null };
}
