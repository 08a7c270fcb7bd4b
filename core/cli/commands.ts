/** `estimate` and `evaluate`: read a scenario or design file, run the engine, shape the output. */
import { InputError } from '../errors';
import { evaluate, type Results } from '../evaluate';
import { parseDesign, type Design } from '../model';
import { scenarioToDesign } from '../model/scenario';
import { TIMELINE_MAX_SLOTS } from '../training';
import { parseFlags, readJsonFile } from './io';

function isDesignDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'schemaVersion' in doc;
}

/** A design file (has `schemaVersion`) or a CLI scenario, as a full design. */
export function loadDesignOrScenario(file: string | undefined): Design {
  const doc = readJsonFile(file, 'FILE');
  return isDesignDocument(doc) ? parseDesign(doc) : scenarioToDesign(doc);
}

function onlyFile(argv: string[], command: string, booleans: readonly string[] = []): { file: string; flags: Map<string, string> } {
  const { positionals, flags } = parseFlags(argv, booleans);
  const unknown = [...flags.keys()].find((k) => !booleans.includes(k));
  if (unknown !== undefined) throw new InputError(`--${unknown}`, `unknown option for ${command}`);
  if (positionals.length !== 1) throw new InputError('FILE', `${command} takes exactly one file (got ${positionals.length})`);
  return { file: positionals[0]!, flags };
}

/**
 * The training estimate of a scenario or design (`estimate FILE [--timeline]`; with --timeline also
 * `timeline`, the simulated step: intervals per stage and micro-batch). A workload the cluster cannot
 * run is bad input (exit 2): one line naming the field, the rule it breaks and the nearest layout that
 * would run; a layout that does not fit in memory names memory and the least any layout needs.
 */
export function runEstimate(argv: string[]): unknown {
  const { file, flags } = onlyFile(argv, 'estimate', ['timeline']);
  const timeline = flags.get('timeline');
  if (timeline !== undefined && timeline !== 'true' && timeline !== 'false') throw new InputError('--timeline', 'takes no value (or true/false)');
  const doc = readJsonFile(file, 'FILE');
  const isDesign = isDesignDocument(doc);
  const design = isDesign ? parseDesign(doc) : scenarioToDesign(doc);
  if (!design.workload) throw new InputError('model', 'is required: the scenario has no model and training to estimate');
  const results = evaluate(design, { timeline: timeline === 'true' });
  if (results.training && timeline === 'true' && !results.training.timeline) {
    const slots = 2 * results.training.parallelism.pp * results.training.parallelism.virtualStages * results.training.microBatchesPerStep;
    throw new InputError('--timeline', slots > TIMELINE_MAX_SLOTS ? `the step has ${slots} forward and backward slots, more than the ${TIMELINE_MAX_SLOTS} the timeline simulates` : 'this configuration cannot be scheduled as a timeline');
  }
  if (results.training) return results.training;
  const refusal = results.trainingRefusal;
  if (refusal) throw new InputError(isDesign && !refusal.field.startsWith('cluster.') ? `workload.${refusal.field}` : refusal.field, refusal.message);
  const reason = results.warnings.find((w) => w.severity === 'error' && w.code.startsWith('training'));
  throw new InputError('model', reason ? reason.message : 'no training estimate could be made for this scenario');
}

/** The CLI contract's keys first, then the detail sections. */
export function evaluateOutput(results: Results): Record<string, unknown> {
  const { accelerators, servers, racks, switches, itPowerKW, facilityPowerKW, pue, maxRackPowerKW, annualEnergyMWh, capexUsd, warnings, ...rest } =
    results;
  return { accelerators, servers, racks, switches, itPowerKW, facilityPowerKW, pue, maxRackPowerKW, annualEnergyMWh, capexUsd, warnings, ...rest };
}

/**
 * Facility settings the design cannot meet (a UPS smaller than its load, an unknown
 * CDU part) are bad input: the first is thrown with its field path (exit 2).
 */
export function checkFacilityInput(results: Results): Results {
  const e = results.facility.errors[0];
  if (e) throw new InputError(e.path, e.message);
  return results;
}

export function runEvaluate(argv: string[]): unknown {
  return evaluateOutput(checkFacilityInput(evaluate(loadDesignOrScenario(onlyFile(argv, 'evaluate').file))));
}
