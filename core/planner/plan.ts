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
 *
 * Where each part lives: the run's state (context.ts), the workload
 * (workload.ts), the search space (space.ts), screening arithmetic
 * (screen.ts), time and metrics of a slot (estimate.ts), the main search
 * (search.ts), verification with evaluate() (verify.ts, candidate.ts), ranking
 * (rank.ts), binding constraints (explain.ts) and mixed-chip pairs
 * (mixed-candidates.ts); this file composes them.
 */
import { assertFinite } from '../finite';
import { PLANNER_ASSUMPTIONS } from './assumptions';
import { createPlanContext } from './context';
import { explain } from './explain';
import { mixedCandidates } from './mixed-candidates';
import type { BindingConstraint, PlanOptions, PlanResult } from './plan-types';
import { candidateOrder, finalRanking, verifyCandidates } from './rank';
import { screenSlots, searchSurvivors } from './search';
import { enumerateSlots } from './space';

export type {
  BindingConstraint,
  CandidateMetrics,
  ConstraintKey,
  EvaluatedMetrics,
  PlanCandidate,
  PlanOptions,
  PlanResult,
  PlanScenario,
  PlanStats,
} from './plan-types';
export { evaluateForPlan } from './verify';
export { resolveModel } from './workload';
export { countLadder } from './space';

export async function plan(input: unknown, options: PlanOptions = {}): Promise<PlanResult> {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const ctx = createPlanContext(input, options, now);
  const { req, progress, stats, model, counts } = ctx;

  // ---- enumerate, screen and search
  const slots = enumerateSlots(ctx);
  progress.total = slots.length + 1;
  progress.report();
  const survivors = await screenSlots(ctx, slots);
  const feasible = await searchSurvivors(ctx, survivors);

  // ---- verify with evaluate(), rank, front
  const { ranked: rankedPass, passed } = await verifyCandidates(ctx, feasible);
  if (req.options.mixedPools) {
    const mixed = await mixedCandidates(ctx);
    passed.push(...mixed);
    rankedPass.push(...mixed);
    rankedPass.sort(candidateOrder(ctx.objective));
    rankedPass.splice(ctx.maxResults);
  }
  const { ranked, paretoList } = finalRanking(ctx.objective, rankedPass, passed);
  const anyFeasible = passed.length > 0;

  // ---- when nothing fits: which constraint binds, and by how much
  let binding: BindingConstraint[] = [];
  if (!anyFeasible) binding = await explain(ctx, slots);
  progress.done = progress.total;
  progress.report();
  stats.elapsedMs = now() - t0;

  // Every printed number finite, or a named EngineError (core/finite.ts).
  return assertFinite({
    name: req.name ?? 'plan',
    objective: ctx.objective,
    feasible: anyFeasible,
    candidates: ranked,
    paretoFront: paretoList,
    binding,
    workload: {
      model: model.name ?? 'custom',
      parameters: counts.totalParams,
      activeParameters: counts.activeParams,
      tokens: ctx.tokens,
      globalBatch: ctx.globalBatch,
      precision: ctx.precision,
      flopsPerToken: ctx.flopsPerToken,
    },
    stats,
    notes: ctx.notes,
    assumptions: PLANNER_ASSUMPTIONS,
  });
}
