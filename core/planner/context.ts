/**
 * The state of one plan() run: the parsed requirements and workload, the
 * limits, the notes and statistics it gathers, its progress reporting and the
 * caches shared by its stages (time searches, reliability, verified designs).
 */
import { DEFAULT_CATALOG, type Catalog } from '../catalog';
import type { AcceleratorSpec, ServerSpec } from '../catalog/types';
import { InputError } from '../errors';
import type { Design } from '../model/design';
import { scenarioToDesign } from '../model/scenario';
import { modelCounts, normalizeModel, type ModelCounts } from '../training/model';
import type { ModelSpec, Precision, ZeroStage } from '../training/types';
import { plannerAssumption } from './assumptions';
import type { Economics, SiteParams } from './economics';
import { fmtNum } from './format';
import type {
  CandidateMetrics,
  EvaluatedMetrics,
  PlanCandidate,
  PlanOptions,
  PlanScenario,
  PlanStats,
} from './plan-types';
import {
  parseRequirements,
  type CoolingOption,
  type Objective,
  type ParsedRequirements,
  type Requirements,
  type ResolvedAllowance,
} from './requirements';
import { trainFlopsPerToken, type TimeEstimate, type TimeFailure } from './timeModel';
import { evaluateForPlan } from './verify';
import { defaultGlobalBatch, resolveModel, resolveSite } from './workload';

/** One configuration of the search space with its exact economics and a lower bound on its time. */
export interface Slot {
  idx: number;
  allowance: ResolvedAllowance;
  acc: AcceleratorSpec;
  server: ServerSpec;
  count: number;
  cooling: CoolingOption;
  oversub: number;
  econ: Economics;
  /** Lower bound on failure-free (hence wall-clock) days. */
  tLB: number;
  timeKey: string;
}

/** A slot whose parallelism search found a layout that fits. */
export interface Evaluated {
  slot: Slot;
  time: TimeEstimate;
  metrics: CandidateMetrics;
}

/** The requirements' limits (undefined = none). */
export interface Limits {
  deadline?: number;
  maxPower?: number;
  maxCapex?: number;
  maxTco?: number;
}

/** Work done of the work known so far, reported and yielded to the event loop as it proceeds. */
export interface Progress {
  done: number;
  total: number;
  report(): void;
  /** Count `n` units done; stops the plan when cancelled; yields when the time since the last yield is up. */
  tick(n?: number): Promise<void>;
}

export function createProgress(options: PlanOptions, now: () => number): Progress {
  const yieldEvery = options.yieldEveryMs ?? 40;
  let lastYield = now();
  const p: Progress = {
    done: 0,
    total: 0,
    report: () => options.onProgress?.(Math.min(p.done, p.total), p.total),
    tick: async (n = 1) => {
      p.done += n;
      if (options.isCancelled?.()) throw new InputError('', 'cancelled');
      if (yieldEvery > 0 && now() - lastYield >= yieldEvery) {
        p.report();
        await new Promise<void>((r) => setTimeout(r, 0));
        lastYield = now();
      }
    },
  };
  return p;
}

export interface PlanContext {
  catalog: Catalog;
  overrides: Record<string, number>;
  parsed: ParsedRequirements;
  req: Requirements;
  objective: Objective;
  model: ModelSpec;
  /** The preset the model is, when the requirements name one and override none of its fields (kept in the designs). */
  presetId?: string;
  counts: ModelCounts;
  flopsPerToken: number;
  globalBatch: number;
  tokens: number;
  precision: Precision;
  zeroStage: ZeroStage;
  site: SiteParams;
  limits: Limits;
  maxResults: number;
  /** planner.screeningTolerance: slack on power and cost limits while screening. */
  tolerance: number;
  notes: string[];
  stats: PlanStats;
  progress: Progress;
  /** Builds a candidate's design; check re-evaluates it (absent: keep the screening numbers). */
  build: (scenario: PlanScenario) => Design;
  check?: (design: Design) => EvaluatedMetrics;
  timeCache: Map<string, TimeEstimate | TimeFailure>;
  reliabilityCache: Map<string, { wallClockDays: number; goodput: number }>;
  evaluatedBySlot: Map<number, Evaluated | TimeFailure>;
  verified: Map<number, PlanCandidate | null>;
}

function emptyStats(): PlanStats {
  return {
    configurations: 0,
    screenedOut: { power: 0, capex: 0, deadline: 0, tco: 0, cooling: 0 },
    prunedDominated: 0,
    searched: 0,
    timeSearches: 0,
    parallelismConfigsEvaluated: 0,
    noFit: 0,
    feasible: 0,
    droppedOnVerification: 0,
    mixedEvaluated: 0,
    elapsedMs: 0,
  };
}

/** `{ presetId }` when the workload model is a preset as published: its id alone, or `{ preset }` with at most a name. */
function presetOf(m: Requirements['workload']['model']): { presetId?: string } {
  if (typeof m === 'string') return { presetId: m };
  const { preset, name: _name, ...fields } = m as { preset?: string; name?: string };
  return preset !== undefined && Object.values(fields).every((v) => v === undefined) ? { presetId: preset } : {};
}

/** Parse the requirements (InputError naming the field) and set up the run. */
export function createPlanContext(input: unknown, options: PlanOptions, now: () => number): PlanContext {
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const overrides = options.assumptions ?? {};
  const parsed = parseRequirements(input, catalog);
  const req = parsed.req;
  const c = req.constraints;
  const model = resolveModel(req.workload.model, options.presets);
  const seq = model.seqLength;
  const globalBatch = defaultGlobalBatch(req.workload.globalBatch, seq, overrides);
  const notes: string[] = [];
  if (req.workload.globalBatch === undefined) {
    notes.push(
      `workload.globalBatch not given: using ${globalBatch} sequences (${fmtNum(globalBatch * seq)} tokens) per step.`,
    );
  }
  const check =
    options.evaluateDesign === null
      ? undefined
      : (options.evaluateDesign ?? ((d: Design) => evaluateForPlan(d, catalog)));
  return {
    catalog,
    overrides,
    parsed,
    req,
    objective: req.objective,
    model,
    ...presetOf(req.workload.model),
    counts: modelCounts(normalizeModel(model)),
    flopsPerToken: trainFlopsPerToken(model),
    globalBatch,
    tokens: req.workload.tokens,
    precision: req.workload.precision,
    zeroStage: req.workload.zeroStage as ZeroStage,
    site: resolveSite(c.site),
    limits: {
      deadline: c.deadlineDays,
      maxPower: c.maxFacilityPowerKW,
      maxCapex: c.budget?.capexUsd,
      maxTco: c.budget?.tcoUsd,
    },
    maxResults: req.options.maxResults,
    tolerance: plannerAssumption('planner.screeningTolerance', overrides),
    notes,
    stats: emptyStats(),
    progress: createProgress(options, now),
    build: options.buildDesign ?? ((sc: PlanScenario) => scenarioToDesign(sc, catalog)),
    ...(check ? { check } : {}),
    timeCache: new Map(),
    reliabilityCache: new Map(),
    evaluatedBySlot: new Map(),
    verified: new Map(),
  };
}
