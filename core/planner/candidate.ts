/** A slot that passed the search as a returned candidate, with the CLI scenario its design is built from. */
import type { Evaluated, PlanContext } from './context';
import { scaleOutGbpsPerAccelerator } from './economics';
import type { PlanCandidate, PlanScenario } from './plan-types';

export function toCandidate(ctx: PlanContext, e: Evaluated, rank: number): PlanCandidate {
  const s = e.slot;
  const cfg = e.time.config;
  const scenario: PlanScenario = {
    name: `${s.acc.name} x ${s.count} (${s.server.name}, ${s.cooling}${s.econ.nodes > 1 ? `, oversubscription ${s.oversub}` : ''})`,
    // A preset model keeps its id, so an opened design's model field shows the preset.
    model: ctx.presetId ? { ...ctx.model, preset: ctx.presetId } : ctx.model,
    training: {
      tokens: ctx.tokens,
      globalBatch: ctx.globalBatch,
      microBatch: cfg.microBatch,
      precision: ctx.precision,
      recompute: cfg.recompute,
      zeroStage: ctx.zeroStage,
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
    site: { ...ctx.site },
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
}
