/**
 * The planner: from a workload and constraints to ranked candidate designs and
 * the Pareto front over (wall-clock time, TCO, energy).
 *
 * Search space: allowed accelerator x server x count (a ladder from one server
 * to the maximum) x cooling x leaf oversubscription; fabric tiers follow from
 * the count (the fewest that reach it); parallelism is searched per candidate.
 *
 * Work is ordered cheapest first:
 *  1. economics (power, CAPEX, OPEX) from the power and network engines: exact
 *     for servers (linear in count) and the generated fabric — microseconds;
 *  2. a compute-bound lower bound on training time (MFU <= 1) — free;
 *  3. candidates that break power/CAPEX, or whose lower bounds already miss the
 *     deadline or TCO budget, are dropped; a candidate whose lower-bound vector
 *     is dominated by a found candidate, and whose objective lower bound cannot
 *     enter the top results, is skipped (both tests are exact, not heuristics);
 *  4. the rest get a capped parallelism search (timeModel.ts), cached across
 *     cooling options and servers with the same network, and a reliability
 *     estimate (wall-clock days with failures).
 * When nothing fits, the binding constraints are found by branch and bound.
 */
import { DEFAULT_CATALOG, nearestIds, type Catalog } from '../catalog';
import type { AcceleratorSpec, ServerSpec } from '../catalog/types';
import { InputError } from '../errors';
import { assertFinite } from '../finite';
import { memoryBinding, type MemoryFailure } from './memory-binding';
import type { Design } from '../model/design';
import { evaluate } from '../evaluate';
import { estimateMixed, type MixedEstimate } from '../mixed';
import { scenarioToDesign } from '../model/scenario';
import { estimateReliability } from '../reliability';
import { modelCounts, normalizeModel } from '../training/model';
import { MODEL_PRESETS } from '../training/presets';
import type { ExecutionConfig, ModelSpec, Precision, ZeroStage } from '../training/types';
import { PLANNER_ASSUMPTIONS, plannerAssumption, type PlannerAssumption } from './assumptions';
import { candidateEconomics, DEFAULT_SITE, scaleOutGbpsPerAccelerator, type Economics, type SiteParams } from './economics';
import { paretoFront } from './pareto';
import { coolingFits, parseRequirements, type CoolingOption, type Objective, type PlanModelInput, type ResolvedAllowance } from './requirements';
import { lowerBoundDays, peakFlops, searchTime, trainFlopsPerToken, type TimeEstimate, type TimeFailure } from './timeModel';

const DAYS_PER_YEAR = 365.25;

// ---------------------------------------------------------------------------
// Public types

/** A candidate as a CLI scenario (see docs/CLI.md), from which its design is built. */
export interface PlanScenario {
  name: string;
  model: ModelSpec;
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
  site: { climate: SiteParams['climate']; electricityUsdPerKWh: number; gridKgCO2PerKWh: number; waterUsdPerM3: number; depreciationYears: number };
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

/** evaluate() of a candidate design, reduced to what the planner checks. */
export function evaluateForPlan(design: Design, catalog: Catalog = DEFAULT_CATALOG): EvaluatedMetrics {
  const r = evaluate(design, { catalog });
  const warnings = r.warnings.filter((w) => w.severity !== 'info').map((w) => w.message);
  const t = r.training;
  const base = {
    itPowerKW: r.itPowerKW,
    facilityPowerKW: r.facilityPowerKW,
    pue: r.pue ?? 1,
    capexUsd: r.capexUsd,
    opexUsdPerYear: r.cost.opexPerYearUsd,
    warnings: warnings.slice(0, 10),
  };
  if (!t) return { ...base, problem: `no training estimate${warnings.length ? ` (${warnings[0]})` : ''}` };
  if (!t.fitsInMemory) return { ...base, problem: `does not fit in memory (${t.memoryPerAcceleratorGiB.toFixed(1)} GiB per accelerator)` };
  return {
    ...base,
    trainingDays: t.trainingDays,
    wallClockDays: t.reliability ? Math.max(t.reliability.wallClockDays, t.trainingDays) : t.trainingDays,
    goodput: t.reliability?.goodput,
    stepTimeS: t.stepTimeS,
    tokensPerSecond: t.tokensPerSecond,
    mfu: t.mfu,
    memoryPerAcceleratorGiB: t.memoryPerAcceleratorGiB,
  };
}

function applyEvaluated(cand: PlanCandidate, ex: EvaluatedMetrics): void {
  const m = cand.metrics;
  m.itPowerKW = ex.itPowerKW;
  m.facilityPowerKW = ex.facilityPowerKW;
  m.pue = ex.pue;
  m.capexUsd = ex.capexUsd;
  m.opexUsdPerYear = ex.opexUsdPerYear;
  if (ex.trainingDays !== undefined) m.trainingDays = ex.trainingDays;
  if (ex.wallClockDays !== undefined) m.wallClockDays = ex.wallClockDays;
  if (ex.goodput !== undefined) m.goodput = ex.goodput;
  if (ex.stepTimeS !== undefined) m.stepTimeS = ex.stepTimeS;
  if (ex.tokensPerSecond !== undefined) m.tokensPerSecond = ex.tokensPerSecond;
  if (ex.mfu !== undefined) m.mfu = ex.mfu;
  if (ex.memoryPerAcceleratorGiB !== undefined) m.memoryPerAcceleratorGiB = ex.memoryPerAcceleratorGiB;
  const grid = m.energyMWh > 0 ? m.co2Tonnes / m.energyMWh : 0;
  m.tcoUsd = m.capexUsd + (m.opexUsdPerYear * m.wallClockDays) / DAYS_PER_YEAR;
  m.energyMWh = (m.facilityPowerKW * m.wallClockDays * 24) / 1000;
  m.co2Tonnes = m.energyMWh * grid;
  cand.warnings = ex.warnings ?? [];
  cand.checkedBy = 'evaluate';
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

// ---------------------------------------------------------------------------
// Model resolution

const MODEL_REQUIRED = ['layers', 'hidden', 'heads', 'vocab', 'seqLength'] as const;

export function resolveModel(
  m: string | PlanModelInput,
  presets: Readonly<Record<string, ModelSpec>> = MODEL_PRESETS,
  path = 'workload.model',
): ModelSpec {
  const spec = typeof m === 'string' ? { preset: m } : m;
  let base: Partial<ModelSpec> = {};
  if (spec.preset !== undefined) {
    const p = presets[spec.preset];
    if (!p) {
      const ids = nearestIds(spec.preset, Object.keys(presets), 3);
      const near = ids.length ? `; nearest: ${ids.join(', ')}` : '; no presets are available, give the model fields';
      throw new InputError(typeof m === 'string' ? path : `${path}.preset`, `unknown model preset "${spec.preset}"${near}`);
    }
    const { source: _source, ...rest } = p as ModelSpec & { source?: string };
    void _source;
    base = rest;
  }
  const { preset: _preset, ...fields } = spec as PlanModelInput & { preset?: string };
  void _preset;
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) merged[k] = v;
  for (const k of MODEL_REQUIRED) {
    if (merged[k] === undefined) throw new InputError(`${path}.${k}`, 'is required (or name a preset)');
  }
  if (merged.name === undefined) merged.name = spec.preset ?? 'custom';
  const model = merged as unknown as ModelSpec;
  try {
    normalizeModel(model);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.path.replace(/^model/, path), e.message.slice(e.path.length + 2));
    throw e;
  }
  return model;
}

/** Nearest power of two to x (at least 1). */
function nearestPow2(x: number): number {
  if (!(x > 1)) return 1;
  const lo = 2 ** Math.floor(Math.log2(x));
  return x / lo < (2 * lo) / x ? lo : 2 * lo;
}

// ---------------------------------------------------------------------------
// Count ladder

/**
 * Accelerator counts tried for a server of `perNode`: whole servers at 1x and
 * 1.5x each power of two (8, 16, 24, 32, 48, ...), plus the smallest and the
 * largest whole-server counts within min..max (the design generator builds
 * whole servers only).
 */
export function countLadder(perNode: number, minCount: number, maxCount: number, stepsPerDoubling = 2): number[] {
  const out = new Set<number>();
  const add = (n: number) => {
    if (n >= minCount && n <= maxCount) out.add(n);
  };
  const mults = stepsPerDoubling >= 2 ? [1, 1.5] : [1];
  for (let p = 1; p * perNode <= maxCount; p *= 2) {
    for (const f of mults) {
      const k = p * f;
      if (Number.isInteger(k)) add(k * perNode);
    }
  }
  const top = Math.floor(maxCount / perNode) * perNode;
  if (top >= perNode) add(top);
  const lowest = Math.ceil(minCount / perNode) * perNode;
  add(lowest);
  return [...out].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------
// Internals

interface Slot {
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

interface Evaluated {
  slot: Slot;
  time: TimeEstimate;
  metrics: CandidateMetrics;
}

function objectiveValue(o: Objective, m: Pick<CandidateMetrics, 'wallClockDays' | 'capexUsd' | 'tcoUsd' | 'energyMWh'>): number {
  switch (o) {
    case 'time':
      return m.wallClockDays;
    case 'capex':
      return m.capexUsd;
    case 'tco':
      return m.tcoUsd;
    case 'energy':
      return m.energyMWh;
  }
}

const frontVector = (m: CandidateMetrics): number[] => [m.wallClockDays, m.tcoUsd, m.energyMWh];

function fmtNum(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
function fmtDays(v: number): string {
  return `${fmtNum(v, v < 1 ? 2 : v < 10 ? 1 : 0)} days`;
}
function fmtUsd(v: number): string {
  const three = (x: number) => fmtNum(x, x < 10 ? 2 : x < 100 ? 1 : 0);
  if (v >= 1e9) return `$${three(v / 1e9)} B`;
  if (v >= 1e6) return `$${three(v / 1e6)} M`;
  return `$${fmtNum(v, 0)}`;
}
function pct(best: number, limit: number): string {
  return `${Math.max(1, Math.round(((best - limit) / limit) * 100))}%`;
}

// ---------------------------------------------------------------------------
// The planner

export async function plan(input: unknown, options: PlanOptions = {}): Promise<PlanResult> {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const overrides = options.assumptions ?? {};
  const parsed = parseRequirements(input, catalog);
  const { req, allowances } = parsed;
  const c = req.constraints;
  const objective = req.objective;
  const model = resolveModel(req.workload.model, options.presets);
  const counts = modelCounts(normalizeModel(model));
  const flopsPerToken = trainFlopsPerToken(model);
  const seq = model.seqLength;
  const globalBatch = req.workload.globalBatch ?? nearestPow2(plannerAssumption('planner.defaultBatchTokens', overrides) / seq);
  const tokens = req.workload.tokens;
  const precision = req.workload.precision;
  const zeroStage = req.workload.zeroStage as ZeroStage;
  const site: SiteParams = {
    climate: c.site?.climate ?? DEFAULT_SITE.climate,
    electricityUsdPerKWh: c.site?.electricityUsdPerKWh ?? DEFAULT_SITE.electricityUsdPerKWh,
    gridKgCO2PerKWh: c.site?.gridKgCO2PerKWh ?? DEFAULT_SITE.gridKgCO2PerKWh,
    waterUsdPerM3: c.site?.waterUsdPerM3 ?? DEFAULT_SITE.waterUsdPerM3,
    depreciationYears: c.site?.depreciationYears ?? DEFAULT_SITE.depreciationYears,
  };
  const deadline = c.deadlineDays;
  const maxPower = c.maxFacilityPowerKW;
  const maxCapex = c.budget?.capexUsd;
  const maxTco = c.budget?.tcoUsd;
  const maxResults = req.options.maxResults;
  const notes: string[] = [];
  if (req.workload.globalBatch === undefined) {
    notes.push(`workload.globalBatch not given: using ${globalBatch} sequences (${fmtNum(globalBatch * seq)} tokens) per step.`);
  }

  const stats: PlanStats = {
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

  // ---- progress and cooperative yielding
  const yieldEvery = options.yieldEveryMs ?? 40;
  let lastYield = now();
  let done = 0;
  let total = 0;
  const report = () => options.onProgress?.(Math.min(done, total), total);
  const tick = async (n = 1) => {
    done += n;
    if (options.isCancelled?.()) throw new InputError('', 'cancelled');
    if (yieldEvery > 0 && now() - lastYield >= yieldEvery) {
      report();
      await new Promise<void>((r) => setTimeout(r, 0));
      lastYield = now();
    }
  };

  // ---- enumerate and screen
  const slots: Slot[] = [];
  const fabricFailures = new Set<string>();
  const ladderSteps = plannerAssumption('planner.countLadderSteps', overrides);
  for (const al of allowances) {
    for (const server of al.servers) {
      const coolings = parsed.cooling.filter((co) => coolingFits(server, co));
      if (coolings.length === 0) {
        stats.screenedOut.cooling++;
        notes.push(`${server.id} (${al.accelerator.id}) needs ${server.cooling === 'immersion' ? 'immersion' : 'liquid (cold-plate or immersion)'} cooling, which constraints.cooling does not offer.`);
        continue;
      }
      const perNode = server.acceleratorsPerServer;
      const ladder = al.counts ?? countLadder(perNode, al.minCount, al.maxCount, ladderSteps);
      for (const count of ladder) {
        const nodes = Math.ceil(count / perNode);
        const oversubs = nodes > 1 ? parsed.oversubscription : parsed.oversubscription.slice(0, 1);
        for (const cooling of coolings) {
          for (const oversub of oversubs) {
            stats.configurations++;
            let econ: Economics;
            try {
              econ = candidateEconomics(al.accelerator, server, count, cooling, oversub, site, catalog, overrides);
            } catch (e) {
              if (e instanceof InputError) {
                // One note per accelerator, server and oversubscription: the smallest count that fails (counts ascend).
                const key = `${al.accelerator.id}|${server.id}|${oversub}`;
                if (!fabricFailures.has(key)) {
                  fabricFailures.add(key);
                  notes.push(`${al.accelerator.id} on ${server.id}, oversubscription ${oversub}: from ${count} accelerators up no fabric can be built (${e.message})`);
                }
                continue;
              }
              throw e;
            }
            const tLB = lowerBoundDays(flopsPerToken, tokens, count, peakFlops(al.accelerator, precision));
            slots.push({
              idx: slots.length,
              allowance: al,
              acc: al.accelerator,
              server,
              count,
              cooling,
              oversub,
              econ,
              tLB,
              timeKey: `${al.accelerator.id}|${perNode}|${scaleOutGbpsPerAccelerator(server)}|${econ.fabricTiers > 0 ? oversub : 1}|${econ.inNetworkReduction}|${count}`,
            });
          }
        }
      }
    }
  }
  if (slots.length === 0) {
    throw new InputError('constraints.cooling', 'no allowed server can use the allowed cooling options');
  }
  total = slots.length + 1;
  report();

  const tcoOf = (e: Economics, days: number) => e.capexUsd + (e.opexUsdPerYear * days) / DAYS_PER_YEAR;
  const energyOf = (e: Economics, days: number) => (e.facilityPowerKW * days * 24) / 1000;
  const lbObjective = (s: Slot): number =>
    objectiveValue(objective, { wallClockDays: s.tLB, capexUsd: s.econ.capexUsd, tcoUsd: tcoOf(s.econ, s.tLB), energyMWh: energyOf(s.econ, s.tLB) });

  // ---- time searches, cached by network-relevant key
  const timeCache = new Map<string, TimeEstimate | TimeFailure>();
  const maxConfigs = req.options.maxConfigsPerCandidate;
  const timeOf = (s: Slot): TimeEstimate | TimeFailure => {
    let r = timeCache.get(s.timeKey);
    if (!r) {
      r = searchTime(
        {
          model,
          tokens,
          globalBatch,
          precision,
          zeroStage,
          accelerator: s.acc,
          count: s.count,
          perNode: s.server.acceleratorsPerServer,
          scaleOutGbps: scaleOutGbpsPerAccelerator(s.server) || 1,
          oversubscription: s.econ.fabricTiers > 0 ? s.oversub : 1,
          inNetworkReduction: s.econ.inNetworkReduction,
          assumptions: overrides,
        },
        maxConfigs,
      );
      timeCache.set(s.timeKey, r);
      stats.timeSearches++;
      stats.parallelismConfigsEvaluated += r.configsEvaluated;
      if (r.fits && r.capped) notes.push(`${s.acc.id} x ${s.count}: parallelism search capped at ${maxConfigs} configurations.`);
    }
    return r;
  };
  const reliabilityCache = new Map<string, { wallClockDays: number; goodput: number }>();
  const metricsOf = (s: Slot, t: TimeEstimate): CandidateMetrics => {
    const rk = `${s.timeKey}|${s.econ.nodes}`;
    let rel = reliabilityCache.get(rk);
    if (!rel) {
      const r = estimateReliability({
        accelerators: s.count,
        acceleratorsPerNode: s.server.acceleratorsPerServer,
        ...(s.econ.switches > 0 ? { switches: s.econ.switches, links: Math.max(1, s.econ.links) } : {}),
        nics: Math.max(1, Math.round((s.server.computeNics.count / s.server.acceleratorsPerServer) * s.count)),
        parameterCount: counts.totalParams,
        failureFreeDays: t.trainingDays,
        storageWriteGBps: s.econ.nodes * plannerAssumption('planner.checkpointWriteGBpsPerNode', overrides),
        strategy: 'automatic',
        charts: false,
      });
      rel = { wallClockDays: r.wallClockDays, goodput: r.goodput };
      reliabilityCache.set(rk, rel);
    }
    const days = Math.max(rel.wallClockDays, t.trainingDays);
    const energyMWh = energyOf(s.econ, days);
    return {
      trainingDays: t.trainingDays,
      wallClockDays: days,
      goodput: rel.goodput,
      stepTimeS: t.stepTimeS,
      tokensPerSecond: t.tokensPerSecond,
      mfu: t.mfu,
      memoryPerAcceleratorGiB: t.memoryPerAcceleratorGiB,
      itPowerKW: s.econ.itPowerKW,
      facilityPowerKW: s.econ.facilityPowerKW,
      pue: s.econ.pue,
      capexUsd: s.econ.capexUsd,
      opexUsdPerYear: s.econ.opexUsdPerYear,
      tcoUsd: tcoOf(s.econ, days),
      energyMWh,
      co2Tonnes: energyMWh * s.econ.gridKgCO2PerKWh,
    };
  };
  /**
   * Constraints broken by metrics. `slack` widens the power and cost limits: the
   * screening model is within a few per cent of evaluate(), so screening keeps
   * candidates within `planner.screeningTolerance` of a limit and lets
   * evaluate() of their design decide (time is exact in both, so no slack).
   */
  const violations = (m: Pick<CandidateMetrics, 'wallClockDays' | 'facilityPowerKW' | 'capexUsd' | 'tcoUsd'>, slack = 0): ConstraintKey[] => {
    const v: ConstraintKey[] = [];
    const f = 1 + slack;
    if (deadline !== undefined && m.wallClockDays > deadline) v.push('deadlineDays');
    if (maxPower !== undefined && m.facilityPowerKW > maxPower * f) v.push('maxFacilityPowerKW');
    if (maxCapex !== undefined && m.capexUsd > maxCapex * f) v.push('budget.capexUsd');
    if (maxTco !== undefined && m.tcoUsd > maxTco * f) v.push('budget.tcoUsd');
    return v;
  };
  const tolerance = plannerAssumption('planner.screeningTolerance', overrides);
  /** Constraints a slot surely breaks, from exact economics and lower bounds on time. */
  const lbViolations = (s: Slot): ConstraintKey[] =>
    violations({ wallClockDays: s.tLB, facilityPowerKW: s.econ.facilityPowerKW, capexUsd: s.econ.capexUsd, tcoUsd: tcoOf(s.econ, s.tLB) }, tolerance);

  // ---- main search
  const survivors: Slot[] = [];
  for (const s of slots) {
    const v = lbViolations(s);
    if (v.length === 0) survivors.push(s);
    else {
      if (v.includes('maxFacilityPowerKW')) stats.screenedOut.power++;
      else if (v.includes('budget.capexUsd')) stats.screenedOut.capex++;
      else if (v.includes('deadlineDays')) stats.screenedOut.deadline++;
      else stats.screenedOut.tco++;
      await tick();
    }
  }
  survivors.sort((a, b) => lbObjective(a) - lbObjective(b) || a.idx - b.idx);
  const feasible: Evaluated[] = [];
  const objectiveValues: number[] = []; // sorted ascending, of feasible candidates
  const insertSorted = (arr: number[], v: number) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((arr[mid] ?? 0) <= v) lo = mid + 1;
      else hi = mid;
    }
    arr.splice(lo, 0, v);
  };
  let front: number[][] = [];
  const evaluatedBySlot = new Map<number, Evaluated | TimeFailure>();
  for (const s of survivors) {
    const objLB = lbObjective(s);
    const kth = objectiveValues[maxResults - 1];
    if (kth !== undefined && kth < objLB) {
      const lbVec = [s.tLB, tcoOf(s.econ, s.tLB), energyOf(s.econ, s.tLB)];
      if (front.some((f) => f.every((x, i) => x <= (lbVec[i] ?? 0)) && f.some((x, i) => x < (lbVec[i] ?? 0)))) {
        stats.prunedDominated++;
        await tick();
        continue;
      }
    }
    stats.searched++;
    const t = timeOf(s);
    if (!t.fits) {
      stats.noFit++;
      evaluatedBySlot.set(s.idx, t);
      await tick();
      continue;
    }
    const m = metricsOf(s, t);
    const ev: Evaluated = { slot: s, time: t, metrics: m };
    evaluatedBySlot.set(s.idx, ev);
    if (violations(m, tolerance).length === 0) {
      feasible.push(ev);
      insertSorted(objectiveValues, objectiveValue(objective, m));
      const vec = frontVector(m);
      if (!front.some((f) => f.every((x, i) => x <= (vec[i] ?? 0)) && f.some((x, i) => x < (vec[i] ?? 0)))) {
        front = front.filter((f) => !(vec.every((x, i) => x <= (f[i] ?? 0)) && vec.some((x, i) => x < (f[i] ?? 0))));
        front.push(vec);
      }
    }
    await tick();
  }
  stats.feasible = feasible.length;

  // ---- rank, front, designs
  const tieBreak = (a: Evaluated, b: Evaluated) =>
    objectiveValue(objective, a.metrics) - objectiveValue(objective, b.metrics) ||
    a.metrics.wallClockDays - b.metrics.wallClockDays ||
    a.metrics.tcoUsd - b.metrics.tcoUsd ||
    a.slot.idx - b.slot.idx;
  feasible.sort(tieBreak);
  const frontSet = new Set(paretoFront(feasible, (e) => frontVector(e.metrics)));
  const toCandidate = (e: Evaluated, rank: number): PlanCandidate => {
    const s = e.slot;
    const cfg = e.time.config;
    const scenario: PlanScenario = {
      name: `${s.acc.name} x ${s.count} (${s.server.id}, ${s.cooling}${s.econ.nodes > 1 ? `, oversubscription ${s.oversub}` : ''})`,
      model,
      training: {
        tokens,
        globalBatch,
        microBatch: cfg.microBatch,
        precision,
        recompute: cfg.recompute,
        zeroStage,
        parallelism: { tp: cfg.tp, pp: cfg.pp, dp: cfg.dp, cp: cfg.cp, ep: cfg.ep, virtualStages: cfg.virtualStages },
      },
      cluster: {
        accelerator: s.acc.id,
        server: s.server.id,
        count: s.count,
        perNode: s.server.acceleratorsPerServer,
        scaleOutGbps: scaleOutGbpsPerAccelerator(s.server),
        switch: s.econ.switchId,
        oversubscription: s.oversub,
        cooling: s.cooling,
      },
      site: { ...site },
    };
    return {
      id: `${s.acc.id}.${s.server.id}.${s.count}.${s.cooling}.os${s.oversub}`,
      rank,
      accelerator: s.acc.id,
      acceleratorName: s.acc.name,
      server: s.server.id,
      count: s.count,
      nodes: s.econ.nodes,
      perNode: s.server.acceleratorsPerServer,
      cooling: s.cooling,
      oversubscription: s.oversub,
      switch: s.econ.switchId,
      fabricTiers: s.econ.fabricTiers,
      switches: s.econ.switches,
      parallelism: { ...cfg },
      metrics: e.metrics,
      onParetoFront: false,
      checkedBy: 'planner',
      warnings: [],
      scenario,
    };
  };
  // Re-check with the full evaluation of each candidate's design (the screening
  // model above is within a few per cent of evaluate(); the returned numbers are
  // evaluate()'s). Ranked candidates are verified in objective order until
  // maxResults pass; every member of the screening front is verified; the front
  // is then recomputed over everything that passed.
  const build = options.buildDesign ?? ((sc: PlanScenario) => scenarioToDesign(sc, catalog));
  const check = options.evaluateDesign === null ? undefined : (options.evaluateDesign ?? ((d: Design) => evaluateForPlan(d, catalog)));
  const verified = new Map<number, PlanCandidate | null>();
  /** The candidate with its design built and its numbers from evaluate(); null (with a note) when that fails. */
  const evaluateCandidate = (e: Evaluated): PlanCandidate | null => {
    const cand = toCandidate(e, 0);
    try {
      const design = build(cand.scenario);
      if (check) {
        const ex = check(design);
        if (ex.problem) {
          notes.push(`${cand.id}: dropped at verification: ${ex.problem}`);
          return null;
        }
        applyEvaluated(cand, ex);
      }
      if (req.options.designs) cand.design = design;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      notes.push(`${cand.id}: no design could be built: ${err.message}`);
      return null;
    }
    return cand;
  };
  const verify = async (e: Evaluated): Promise<PlanCandidate | null> => {
    const prior = verified.get(e.slot.idx);
    if (prior !== undefined) return prior;
    const cand = evaluateCandidate(e);
    let ok = cand !== null;
    if (cand && violations(cand.metrics).length > 0) {
      ok = false;
      stats.droppedOnVerification++;
    }
    const out = ok ? cand : null;
    verified.set(e.slot.idx, out);
    await tick();
    return out;
  };
  total += Math.min(maxResults, feasible.length) + frontSet.size;
  const candOrder = (a: PlanCandidate, b: PlanCandidate) =>
    objectiveValue(objective, a.metrics) - objectiveValue(objective, b.metrics) ||
    a.metrics.wallClockDays - b.metrics.wallClockDays ||
    a.metrics.tcoUsd - b.metrics.tcoUsd ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const rankedPass: PlanCandidate[] = [];
  for (let i = 0; i < feasible.length && rankedPass.length < maxResults; i++) {
    const e = feasible[i]!;
    if (i >= maxResults) total++;
    const v = await verify(e);
    if (v) rankedPass.push(v);
  }
  for (const e of frontSet) await verify(e);
  const passed = [...verified.values()].filter((v): v is PlanCandidate => v !== null);
  if (req.options.mixedPools) {
    const mixed = await mixedCandidates();
    passed.push(...mixed);
    rankedPass.push(...mixed);
    rankedPass.sort((a, b) => candOrder(a, b));
    rankedPass.splice(maxResults);
  }
  const finalFront = new Set(paretoFront(passed, (p) => frontVector(p.metrics)));
  const ranked = rankedPass.sort(candOrder);
  ranked.forEach((c, i) => {
    c.rank = i + 1;
  });
  for (const p of passed) p.onParetoFront = finalFront.has(p);
  const paretoList = [...finalFront].sort((a, b) => a.metrics.wallClockDays - b.metrics.wallClockDays || a.metrics.tcoUsd - b.metrics.tcoUsd || candOrder(a, b));
  const anyFeasible = passed.length > 0;

  // ---- when nothing fits: which constraint binds, and by how much
  let binding: BindingConstraint[] = [];
  if (!anyFeasible) {
    binding = await explain();
  }
  done = total;
  report();
  stats.elapsedMs = now() - t0;

  // Every printed number finite, or a named EngineError (core/finite.ts).
  return assertFinite({
    name: req.name ?? 'plan',
    objective,
    feasible: anyFeasible,
    candidates: ranked,
    paretoFront: paretoList,
    binding,
    workload: {
      model: model.name ?? 'custom',
      parameters: counts.totalParams,
      activeParameters: counts.activeParams,
      tokens,
      globalBatch,
      precision,
      flopsPerToken,
    },
    stats,
    notes,
    assumptions: PLANNER_ASSUMPTIONS,
  });

  // -------------------------------------------------------------------------
  async function exact(s: Slot): Promise<Evaluated | TimeFailure> {
    const prior = evaluatedBySlot.get(s.idx);
    if (prior) return prior;
    const t = timeOf(s);
    const r: Evaluated | TimeFailure = t.fits ? { slot: s, time: t, metrics: metricsOf(s, t) } : t;
    evaluatedBySlot.set(s.idx, r);
    total += 1;
    await tick();
    return r;
  }

  async function explain(): Promise<BindingConstraint[]> {
    type LimitKey = Exclude<ConstraintKey, 'memory'>;
    const active: LimitKey[] = [];
    if (deadline !== undefined) active.push('deadlineDays');
    if (maxPower !== undefined) active.push('maxFacilityPowerKW');
    if (maxCapex !== undefined) active.push('budget.capexUsd');
    if (maxTco !== undefined) active.push('budget.tcoUsd');
    const spec: Record<Exclude<ConstraintKey, 'memory'>, { field: string; limit: number; unit: string; lb: (s: Slot) => number; val: (m: CandidateMetrics) => number }> = {
      deadlineDays: { field: 'constraints.deadlineDays', limit: deadline ?? Infinity, unit: 'days', lb: (s) => s.tLB, val: (m) => m.wallClockDays },
      maxFacilityPowerKW: { field: 'constraints.maxFacilityPowerKW', limit: maxPower ?? Infinity, unit: 'kW', lb: (s) => s.econ.facilityPowerKW, val: (m) => m.facilityPowerKW },
      'budget.capexUsd': { field: 'constraints.budget.capexUsd', limit: maxCapex ?? Infinity, unit: 'USD', lb: (s) => s.econ.capexUsd, val: (m) => m.capexUsd },
      'budget.tcoUsd': { field: 'constraints.budget.tcoUsd', limit: maxTco ?? Infinity, unit: 'USD', lb: (s) => tcoOf(s.econ, s.tLB), val: (m) => m.tcoUsd },
    };
    /** Least value of constraint k over slots that meet `others` (branch and bound on k's lower bound). */
    const bestOf = async (k: Exclude<ConstraintKey, 'memory'>, others: ConstraintKey[]): Promise<{ best: number; slot: Slot } | null> => {
      const sp = spec[k];
      const order = [...slots].sort((a, b) => sp.lb(a) - sp.lb(b) || a.idx - b.idx);
      let best: { best: number; slot: Slot } | null = null;
      for (const s of order) {
        if (best && sp.lb(s) >= best.best) break;
        if (lbViolations(s).some((v) => others.includes(v))) continue;
        const r = await exact(s);
        if (!('slot' in r)) continue;
        if (violations(r.metrics).some((v) => others.includes(v))) continue;
        const val = sp.val(r.metrics);
        if (!best || val < best.best) best = { best: val, slot: s };
      }
      return best;
    };
    const out: BindingConstraint[] = [];
    for (const k of active) {
      const sp = spec[k];
      const others = active.filter((x) => x !== k);
      let alone = others.length === 0;
      let b = await bestOf(k, others);
      if (!b) {
        b = await bestOf(k, []);
        alone = true;
      }
      if (!b || b.best <= sp.limit) continue;
      // Report evaluate()'s number for that configuration (what the user sees when opening it).
      const ev = evaluatedBySlot.get(b.slot.idx);
      const exactCand = ev && 'slot' in ev ? evaluateCandidate(ev) : null;
      const best = exactCand ? Math.max(sp.val(exactCand.metrics), sp.limit * (1 + 1e-9)) : b.best;
      out.push(bindingOf(k, sp.field, sp.limit, best, sp.unit, alone, b.slot));
    }
    if (out.length === 0) {
      // No candidate fits in memory (or has a valid layout) at all.
      const failures: MemoryFailure[] = [];
      let anyFit = false;
      for (const s of slots) {
        const r = await exact(s);
        if ('slot' in r) {
          anyFit = true;
          break;
        }
        failures.push({ at: `${s.acc.id} x ${s.count}`, failure: r });
      }
      if (!anyFit) out.push(memoryBinding(failures, { globalBatch, layers: model.layers, heads: model.heads }));
    }
    return out;
  }

  /**
   * Mixed-chip candidates (core/mixed): every pair of allowed accelerators at
   * their largest allowed counts, on their preferred servers, with the first
   * allowed cooling both servers can use and the first oversubscription. The
   * pipeline split across pools is searched by estimateMixed (about a second
   * each, so the space is kept to pairs); power and cost come from evaluate()
   * of the generated two-pool design.
   */
  async function mixedCandidates(): Promise<PlanCandidate[]> {
    const out: PlanCandidate[] = [];
    const pairs: Array<[ResolvedAllowance, ResolvedAllowance]> = [];
    for (let i = 0; i < allowances.length; i++) for (let j = i + 1; j < allowances.length; j++) pairs.push([allowances[i]!, allowances[j]!]);
    if (pairs.length === 0) {
      notes.push('options.mixedPools: needs at least two allowed accelerators.');
      return out;
    }
    total += pairs.length;
    for (const [a, b] of pairs) {
      const sa = a.servers[0]!;
      const sb = b.servers[0]!;
      const cooling = parsed.cooling.find((co) => coolingFits(sa, co) && coolingFits(sb, co));
      const na = Math.floor(a.maxCount / sa.acceleratorsPerServer) * sa.acceleratorsPerServer;
      const nb = Math.floor(b.maxCount / sb.acceleratorsPerServer) * sb.acceleratorsPerServer;
      const label = `${a.accelerator.id} x ${na} + ${b.accelerator.id} x ${nb}`;
      await tick();
      if (!cooling || na < 1 || nb < 1) continue;
      const lb = (flopsPerToken * tokens) / (na * peakFlops(a.accelerator, precision) + nb * peakFlops(b.accelerator, precision)) / 86400;
      if (deadline !== undefined && lb > deadline) continue;
      let est: MixedEstimate;
      try {
        est = estimateMixed({
          model,
          training: { tokens, globalBatch, precision, zeroStage },
          pools: [
            { accelerator: a.accelerator, count: na, perNode: sa.acceleratorsPerServer, scaleOutGbps: scaleOutGbpsPerAccelerator(sa) || 1 },
            { accelerator: b.accelerator, count: nb, perNode: sb.acceleratorsPerServer, scaleOutGbps: scaleOutGbpsPerAccelerator(sb) || 1 },
          ],
          assumptions: overrides,
        });
      } catch (e) {
        if (e instanceof InputError) {
          notes.push(`mixed ${label}: ${e.message}`);
          continue;
        }
        throw e;
      }
      if (!est.fitsInMemory) continue;
      const oversub = parsed.oversubscription[0] ?? 1;
      const scenario: PlanScenario = {
        name: `Mixed: ${label} (${cooling})`,
        model,
        training: {
          tokens,
          globalBatch,
          microBatch: est.parallelism.microBatch,
          precision,
          recompute: est.parallelism.recompute,
          zeroStage,
          parallelism: {},
        },
        cluster: {
          accelerator: a.accelerator.id,
          server: sa.id,
          count: na + nb,
          perNode: sa.acceleratorsPerServer,
          scaleOutGbps: scaleOutGbpsPerAccelerator(sa),
          oversubscription: oversub,
          cooling,
          pools: [
            { accelerator: a.accelerator.id, server: sa.id, count: na },
            { accelerator: b.accelerator.id, server: sb.id, count: nb },
          ],
        },
        site: { ...site },
      };
      let design: Design;
      try {
        design = build(scenario);
      } catch (e) {
        if (e instanceof InputError) {
          notes.push(`mixed ${label}: no design could be built: ${e.message}`);
          continue;
        }
        throw e;
      }
      const r = evaluate(design, { catalog, skipTraining: true });
      const nodes = Math.ceil(na / sa.acceleratorsPerServer) + Math.ceil(nb / sb.acceleratorsPerServer);
      const rel = estimateReliability({
        accelerators: na + nb,
        acceleratorsPerNode: Math.round((na + nb) / nodes),
        parameterCount: counts.totalParams,
        failureFreeDays: est.trainingDays,
        storageWriteGBps: nodes * plannerAssumption('planner.checkpointWriteGBpsPerNode', overrides),
        strategy: 'automatic',
        charts: false,
      });
      const days = Math.max(rel.wallClockDays, est.trainingDays);
      const energyMWh = (r.facilityPowerKW * days * 24) / 1000;
      const metrics: CandidateMetrics = {
        trainingDays: est.trainingDays,
        wallClockDays: days,
        goodput: rel.goodput,
        stepTimeS: est.stepTimeS,
        tokensPerSecond: est.tokensPerSecond,
        mfu: est.mfu,
        memoryPerAcceleratorGiB: est.memoryPerAcceleratorGiB,
        itPowerKW: r.itPowerKW,
        facilityPowerKW: r.facilityPowerKW,
        pue: r.pue ?? 1,
        capexUsd: r.capexUsd,
        opexUsdPerYear: r.cost.opexPerYearUsd,
        tcoUsd: r.capexUsd + (r.cost.opexPerYearUsd * days) / DAYS_PER_YEAR,
        energyMWh,
        co2Tonnes: energyMWh * site.gridKgCO2PerKWh,
      };
      stats.mixedEvaluated++;
      if (violations(metrics).length > 0) continue;
      const fab = r.fabrics[0];
      out.push({
        id: `mixed.${a.accelerator.id}+${b.accelerator.id}.${na}+${nb}.${cooling}.os${oversub}`,
        rank: 0,
        accelerator: `${a.accelerator.id}+${b.accelerator.id}`,
        acceleratorName: `${a.accelerator.name} + ${b.accelerator.name}`,
        server: `${sa.id}+${sb.id}`,
        count: na + nb,
        nodes,
        perNode: sa.acceleratorsPerServer,
        cooling,
        oversubscription: oversub,
        switch: fab?.switchPartId ?? '',
        fabricTiers: fab?.tiers ?? 0,
        switches: r.switches,
        parallelism: { ...est.parallelism },
        metrics,
        onParetoFront: false,
        checkedBy: 'evaluate',
        warnings: [...r.warnings.filter((w) => w.severity !== 'info').map((w) => w.message).slice(0, 9), `pipeline split over pools: ${est.pools.map((pl) => `${pl.name} ${pl.stages} stages, ${pl.layers} layers`).join('; ')}`],
        scenario,
        pools: [
          { accelerator: a.accelerator.id, server: sa.id, count: na },
          { accelerator: b.accelerator.id, server: sb.id, count: nb },
        ],
        ...(req.options.designs ? { design } : {}),
      });
    }
    return out;
  }

  function bindingOf(k: ConstraintKey, field: string, limit: number, best: number, unit: string, alone: boolean, s: Slot): BindingConstraint {
    const which = alone ? 'allowed configuration' : 'allowed configuration that meets the other constraints';
    const at = `(${s.acc.id} x ${s.count}, ${s.cooling})`;
    let message: string;
    switch (k) {
      case 'deadlineDays':
        message = `deadline: the fastest ${which} needs ${fmtDays(best)} ${at}, ${pct(best, limit)} over the ${fmtNum(limit, 1)}-day deadline`;
        break;
      case 'maxFacilityPowerKW':
        message = `facility power: the lowest-power ${which} draws ${fmtNum(best)} kW ${at}, ${pct(best, limit)} over the ${fmtNum(limit)} kW limit`;
        break;
      case 'budget.capexUsd':
        message = `CAPEX budget: the cheapest ${which} costs ${fmtUsd(best)} ${at}, ${pct(best, limit)} over the ${fmtUsd(limit)} budget`;
        break;
      default:
        message = `TCO budget: the lowest-TCO ${which} costs ${fmtUsd(best)} ${at}, ${pct(best, limit)} over the ${fmtUsd(limit)} budget`;
    }
    return { constraint: k, field, limit, best, unit, overByFraction: (best - limit) / limit, alone, message };
  }
}
