/** `estimate` and `evaluate`: read a scenario or design file, run the engine, shape the output. */
import { InputError } from '../errors';
import { evaluate, type Results } from '../evaluate';
import { parseDesign, type Design } from '../model';
import { scenarioToDesign } from '../model/scenario';
import { parseFlags, readJsonFile } from './io';

function isDesignDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'schemaVersion' in doc;
}

/** A design file (has `schemaVersion`) or a CLI scenario, as a full design. */
export function loadDesignOrScenario(file: string | undefined): Design {
  const doc = readJsonFile(file, 'FILE');
  return isDesignDocument(doc) ? parseDesign(doc) : scenarioToDesign(doc);
}

function onlyFile(argv: string[], command: string): string {
  const { positionals, flags } = parseFlags(argv);
  const [unknown] = flags.keys();
  if (unknown !== undefined) throw new InputError(`--${unknown}`, `unknown option for ${command}`);
  if (positionals.length !== 1) throw new InputError('FILE', `${command} takes exactly one file (got ${positionals.length})`);
  return positionals[0]!;
}

export function runEstimate(argv: string[]): unknown {
  const design = loadDesignOrScenario(onlyFile(argv, 'estimate'));
  if (!design.workload) throw new InputError('model', 'is required: the scenario has no model and training to estimate');
  const results = evaluate(design);
  if (!results.training) throw new InputError('model', 'no training estimate could be made for this scenario');
  return results.training;
}

/** The CLI contract's keys first, then the detail sections. */
export function evaluateOutput(results: Results): Record<string, unknown> {
  const { accelerators, servers, racks, switches, itPowerKW, facilityPowerKW, pue, maxRackPowerKW, annualEnergyMWh, capexUsd, warnings, ...rest } =
    results;
  return { accelerators, servers, racks, switches, itPowerKW, facilityPowerKW, pue, maxRackPowerKW, annualEnergyMWh, capexUsd, warnings, ...rest };
}

export function runEvaluate(argv: string[]): unknown {
  return evaluateOutput(evaluate(loadDesignOrScenario(onlyFile(argv, 'evaluate'))));
}
