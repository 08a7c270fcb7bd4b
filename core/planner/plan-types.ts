/**
 * The planner's public types: the candidates it returns (each with its CLI
 * scenario and metrics), the constraints that bind when nothing fits, the
 * search statistics and the options of plan().
 */
import type { Catalog } from '../catalog';
import type { Design } from '../model/design';
import type { ExecutionConfig, ModelSpec, Precision, ZeroStage } from '../training/types';
import type { PlannerAssumption } from './assumptions';
import type { SiteParams } from './economics';
import type { CoolingOption, Objective } from './requirements';

export interface PlanScenario {
  name: string;
  /** The model; `preset` names the preset it is (as published, no field overridden). */
  model: ModelSpec & { preset?: string };
  training: {
    tokens: number;
    globalBatch: number;
    microBatch: number;
    precision: Precision;
    recompute: ExecutionConfig['recompute'];
    zeroStage: ZeroStage;
    /** Empty for mixed-chip candidates (the per-pool split is the mixed engine's). */
    parallelism: Partial<{ tp: number; pp: number; dp: number; cp: number; ep: number; virtualStages: number }>;
  };
  cluster: {
    accelerator: string;
    /** Catalog server id (an addition to the CLI scenario: several servers may hold one accelerator). */
    server: string;
    count: number;
    perNode: number;
    scaleOutGbps: number;
    /** Fabric switch (absent for mixed-chip candidates: each pool gets the default for its speed). */
    switch?: string;
    oversubscription: number;
    cooling: CoolingOption;
    /** Mixed-chip candidates: the pools (accelerator/count above then describe the first pool). */
    pools?: Array<{ accelerator: string; server: string; count: number }>;
  };
  site: {
    climate: SiteParams['climate'];
    electricityUsdPerKWh: number;
    gridKgCO2PerKWh: number;
    waterUsdPerM3: number;
    depreciationYears: number;
  };
}

export interface CandidateMetrics {
  /** Failure-free training days. */
  trainingDays: number;
  /** Wall-clock days including failures, checkpoints and restarts. */
  wallClockDays: number;
  goodput: number;
  stepTimeS: number;
  tokensPerSecond: number;
  mfu: number;
  memoryPerAcceleratorGiB: number;
  itPowerKW: number;
  facilityPowerKW: number;
  pue: number;
  capexUsd: number;
  opexUsdPerYear: number;
  /** CAPEX + OPEX over the run's wall-clock days. */
  tcoUsd: number;
  /** Facility energy of the run, MWh. */
  energyMWh: number;
  co2Tonnes: number;
}

export interface PlanCandidate {
  id: string;
  /** 1-based rank by the objective (0 for front members outside the ranked list). */
  rank: number;
  accelerator: string;
  acceleratorName: string;
  server: string;
  count: number;
  nodes: number;
  perNode: number;
  cooling: CoolingOption;
  oversubscription: number;
  switch: string;
  fabricTiers: number;
  switches: number;
  parallelism: ExecutionConfig;
  metrics: CandidateMetrics;
  onParetoFront: boolean;
  /** 'evaluate' when the numbers were re-checked with evaluate() on the full design. */
  checkedBy: 'planner' | 'evaluate';
  /** Errors and warnings evaluate() reported for the design. */
  warnings: string[];
  scenario: PlanScenario;
  /** Mixed-chip candidates only. */
  pools?: Array<{ accelerator: string; server: string; count: number }>;
  design?: Design;
}

export type ConstraintKey = 'deadlineDays' | 'maxFacilityPowerKW' | 'budget.capexUsd' | 'budget.tcoUsd' | 'memory';

export interface BindingConstraint {
  constraint: ConstraintKey;
  /** Requirements field path. */
  field: string;
  limit: number | null;
  /** Best value any allowed configuration reaches (with the other constraints met unless `alone`). */
  best: number | null;
  unit: string;
  /** (best - limit) / limit. */
  overByFraction: number | null;
  /** True when even ignoring every other constraint the limit cannot be met. */
  alone: boolean;
  message: string;
}

export interface PlanStats {
  /** Accelerator x server x count x cooling x oversubscription combinations. */
  configurations: number;
  screenedOut: { power: number; capex: number; deadline: number; tco: number; cooling: number };
  /** Skipped because their lower bounds were dominated and could not make the top results. */
  prunedDominated: number;
  /** Candidates that got a parallelism search (cache hits included). */
  searched: number;
  /** Distinct parallelism searches run. */
  timeSearches: number;
  parallelismConfigsEvaluated: number;
  noFit: number;
  /** Feasible by the screening model. */
  feasible: number;
  /** Feasible by screening but over a limit by evaluate() on the full design. */
  droppedOnVerification: number;
  /** Mixed-chip candidates estimated (options.mixedPools). */
  mixedEvaluated: number;
  elapsedMs: number;
}

export interface PlanResult {
  name: string;
  objective: Objective;
  feasible: boolean;
  candidates: PlanCandidate[];
  /** Feasible candidates not dominated in (wallClockDays, tcoUsd, energyMWh). */
  paretoFront: PlanCandidate[];
  binding: BindingConstraint[];
  workload: {
    model: string;
    parameters: number;
    activeParameters: number;
    tokens: number;
    globalBatch: number;
    precision: Precision;
    flopsPerToken: number;
  };
  stats: PlanStats;
  notes: string[];
  assumptions: readonly PlannerAssumption[];
}

export interface EvaluatedMetrics {
  itPowerKW: number;
  facilityPowerKW: number;
  pue: number;
  capexUsd: number;
  opexUsdPerYear: number;
  trainingDays?: number;
  wallClockDays?: number;
  goodput?: number;
  stepTimeS?: number;
  tokensPerSecond?: number;
  mfu?: number;
  memoryPerAcceleratorGiB?: number;
  /** Warnings of the evaluation worth showing (errors and warnings). */
  warnings?: string[];
  /** Set when the design cannot run the workload (the candidate is dropped). */
  problem?: string;
}

export interface PlanOptions {
  catalog?: Catalog;
  /** Called as work proceeds; `done` never exceeds `total`, the last call has done === total. */
  onProgress?: (done: number, total: number) => void;
  /** Model presets by id (for `workload.model` given as a string or with `preset`). */
  presets?: Readonly<Record<string, ModelSpec>>;
  /** Build the full design of a candidate; default scenarioToDesign. */
  buildDesign?: (scenario: PlanScenario) => Design;
  /** Re-check a candidate's design; default evaluate() (evaluateForPlan). null = keep the screening numbers. */
  evaluateDesign?: ((design: Design) => EvaluatedMetrics) | null;
  /** Return to the event loop at least this often, ms (default 40); 0 = never. */
  yieldEveryMs?: number;
  /** Overrides of engine assumptions (planner, power, training) by key. */
  assumptions?: Record<string, number>;
  /** Clock for elapsed time, ms (default Date.now). */
  now?: () => number;
  /** Checked between candidates; when true the plan stops with InputError('', 'cancelled'). */
  isCancelled?: () => boolean;
}
