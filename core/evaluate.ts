/**
 * evaluate(design) -> Results: everything the UI, CLI and reports show.
 *
 * A composition of pure stages, each in the folder of its domain (core/README.md
 * draws the pipeline and says where each figure's formula is):
 *
 *   inventory -> network -> power -> racks & cooling -> facility -> cost -> training -> reliability -> warnings
 *
 * Each stage takes what earlier stages produced and returns its part of Results.
 * Replication is handled by multiplying counts (a group's count x a rack's count x an
 * item's quantity); replicated items are never materialised, so 100,000 accelerators
 * cost as much as one drawn unit. Unknown catalog ids never throw: the entity is
 * skipped with a warning that lists the nearest ids. Deterministic: the same design
 * gives the same results, byte for byte.
 */
import { checkAssumptionOverrides } from './assumptions';
import { createCatalog, defaultProtocolFor, type Catalog } from './catalog';
import { assertFinite } from './finite';
import { computeSection, inventorySection } from './inventory/section';
import { inventoryStage } from './inventory/stage';
import type { Design } from './model/design';
import { networkStage } from './network/stage';
import { AssumptionValues } from './power';
import { costStage, runFigures } from './power/costing';
import { facilityStage, standardUps } from './power/facility-stage';
import { rackStage } from './power/racks';
import { powerStage } from './power/stage';
import { reliabilityStage } from './reliability/stage';
import type { Results } from './results';
import { kw, round } from './round';
import { trainingResult, trainingStage } from './training/stage';
import { stageTimeline } from './training/stage-timeline';
import { finishWarnings, overrideWarnings, poolWarnings, rackPduWarnings, type EvalWarning } from './warnings';

export type * from './results';
export { defaultProtocolFor };

export interface EvaluateOptions {
  catalog?: Catalog;
  /** Skip the training estimate (faster; used by benchmarks of the hardware model). */
  skipTraining?: boolean;
  /** Add the simulated step timeline to `training.timeline` (intervals per stage and micro-batch). */
  timeline?: boolean;
}

/** The design with the assumption overrides the engines cannot use left out, and the warnings saying so. */
function screenAssumptions(input: Design): { design: Design; warnings: EvalWarning[] } {
  const problems = checkAssumptionOverrides(input.assumptions);
  const rejected = new Set(problems.map((p) => p.key));
  const design: Design = rejected.size === 0 ? input : { ...input, assumptions: Object.fromEntries(Object.entries(input.assumptions).filter(([k]) => !rejected.has(k))) };
  return { design, warnings: overrideWarnings(problems) };
}

/** Evaluate a (parsed, valid) design. Never throws for unknown catalog ids. */
export function evaluate(input: Design, opts: EvaluateOptions = {}): Results {
  const catalog = opts.catalog ?? createCatalog();
  const { design, warnings: assumptionWarnings } = screenAssumptions(input);
  const a = new AssumptionValues(design.assumptions);

  const inv = inventoryStage(design, catalog);
  const net = networkStage(design, catalog, inv);
  const power = powerStage(inv, net.counts.loads, design.site, a, standardUps(catalog)?.capacityKW);
  const racks = rackStage(design, catalog, inv.placement, inv.rackSpace, power.rackPower, power.facility.itPowerW, a);
  const facility = facilityStage(design, catalog, inv, power, a);
  const cost = costStage([...inv.bom, ...net.counts.bom, ...racks.bom, ...facility.bom], power, design.site, inv.accelerators, a);

  const results: Results = {
    accelerators: inv.accelerators,
    servers: inv.serverCount,
    racks: inv.placement.rackInstances,
    switches: inv.switchesDrawn + net.counts.switchesGenerated,
    itPowerKW: power.section.itTypicalKW,
    facilityPowerKW: power.section.facilityPowerKW,
    pue: power.section.pue,
    maxRackPowerKW: kw(racks.maxRackPowerW),
    annualEnergyMWh: power.section.annualEnergyMWh,
    capexUsd: cost.cost.capexUsd,
    warnings: [],
    inventory: inventorySection(inv, net.counts, racks.coolingUnits),
    bom: cost.bom,
    compute: computeSection(inv),
    power: { ...power.section, annualCO2Tonnes: cost.annualCO2Tonnes },
    facility: facility.section,
    rackResults: racks.rackResults,
    cost: cost.cost,
    fabrics: net.fabrics,
    ...(net.scaleUp.length > 0 ? { scaleUpSystems: net.scaleUp } : {}),
    pools: inv.pools.map((p) => ({ ...p, peakPflopsBf16: round(p.peakPflopsBf16) })),
    assumptions: [...a.list().map(({ key, label, value, unit, source }) => ({ key, label, value, unit, source })), ...net.assumptions],
  };
  const warnings: Array<readonly EvalWarning[]> = [assumptionWarnings, inv.warnings, net.warnings, racks.warnings, rackPduWarnings(design), facility.warnings, poolWarnings(inv.pools)];

  if (!opts.skipTraining) {
    const { stage: training, warnings: trainingWarnings, refusal } = trainingStage(design, catalog, inv.pools, inv.servers, net.serverNetwork);
    warnings.push(trainingWarnings);
    if (refusal) results.trainingRefusal = refusal;
    if (training) {
      const rel = reliabilityStage(design, training, {
        storageWriteGBps: inv.storageWriteGBps,
        storageReadGBps: inv.storageReadGBps,
        costPerAcceleratorHourUsd: cost.cost.costPerAcceleratorHourUsd,
      });
      warnings.push(rel.warnings);
      results.training = trainingResult(training, rel.reliability);
      if (opts.timeline) {
        const timeline = stageTimeline(training);
        if (timeline) results.training.timeline = timeline;
      }
      results.collectives = training.collectives;
      Object.assign(results, runFigures(results.facilityPowerKW, rel.reliability ? rel.reliability.wallClockDays : training.estimate.trainingDays, design.site));
      results.assumptions.push(...training.assumptions, ...rel.assumptions);
    }
  }

  results.warnings = finishWarnings(warnings);
  return assertFinite(results);
}
