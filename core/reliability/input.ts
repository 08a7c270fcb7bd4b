/**
 * Validation of a reliability input: every field checked with its path, the
 * fabric counts defaulted from the accelerator count, the assumption
 * overrides resolved onto the defaults.
 */
import { InputError } from '../errors';
import { DEFAULT_RELIABILITY_VALUES, RELIABILITY_ASSUMPTIONS, type RecoveryStrategy, type ReliabilityAssumptionValues } from './assumptions';
import { defaultFabricCounts } from './formulas';
import type { RecoveryOverrides, ReliabilityInput } from './types';

export interface Normalized {
  accelerators: number;
  perNode: number;
  nodes: number;
  switches: number;
  links: number;
  nics: number;
  parameterCount: number;
  failureFreeDays: number;
  storageWriteGBps: number;
  storageReadGBps: number;
  storageReadGiven: boolean;
  strategy: RecoveryStrategy;
  asyncCheckpoint: boolean;
  userIntervalS: number | undefined;
  spareNodes: number;
  sharedSparePool: boolean;
  cost: number;
  recovery: RecoveryOverrides;
  a: ReliabilityAssumptionValues;
  fabricDerived: { switches: boolean; links: boolean };
}

function num(value: unknown, path: string, opts: { min?: number; exclusiveMin?: boolean; integer?: boolean }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(path, 'must be a finite number');
  if (opts.integer && !Number.isInteger(value)) throw new InputError(path, `must be a whole number (got ${value})`);
  if (opts.min !== undefined) {
    if (opts.exclusiveMin ? value <= opts.min : value < opts.min)
      throw new InputError(path, `must be ${opts.exclusiveMin ? '>' : '>='} ${opts.min} (got ${value})`);
  }
  return value;
}

export const STRATEGIES: readonly RecoveryStrategy[] = ['manual', 'automatic', 'in-memory'];

/** Resolve assumption overrides onto the defaults, validating each (path `assumptions.<key>`). */
export function resolveReliabilityAssumptions(
  overrides: Partial<Record<string, number>> | undefined,
  path = 'assumptions',
): ReliabilityAssumptionValues {
  const values: ReliabilityAssumptionValues = { ...DEFAULT_RELIABILITY_VALUES };
  if (overrides === undefined) return values;
  if (typeof overrides !== 'object' || overrides === null) throw new InputError(path, 'must be an object');
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const def = RELIABILITY_ASSUMPTIONS.find((a) => a.key === key);
    if (!def) throw new InputError(`${path}.${key}`, 'unknown reliability assumption');
    values[def.key] = num(value, `${path}.${key}`, { min: def.min, exclusiveMin: def.exclusiveMin });
  }
  return values;
}

export function normalize(input: ReliabilityInput, p: string): Normalized {
  if (typeof input !== 'object' || input === null) throw new InputError(p || 'input', 'must be an object');
  const at = (k: string) => (p ? `${p}.${k}` : k);
  const accelerators = num(input.accelerators, at('accelerators'), { min: 1, integer: true });
  const perNode = num(input.acceleratorsPerNode, at('acceleratorsPerNode'), { min: 1, integer: true });
  const a = resolveReliabilityAssumptions(input.assumptions, at('assumptions'));
  const strategy = input.strategy ?? 'automatic';
  if (!STRATEGIES.includes(strategy))
    throw new InputError(at('strategy'), `must be one of ${STRATEGIES.join(', ')} (got ${String(strategy)})`);
  const fabric = defaultFabricCounts(accelerators, a.fabricSwitchRadix);
  const switches =
    input.switches === undefined ? fabric.switches : num(input.switches, at('switches'), { min: 0, integer: true });
  const links = input.links === undefined ? fabric.links : num(input.links, at('links'), { min: 0, integer: true });
  const nics = input.nics === undefined ? accelerators : num(input.nics, at('nics'), { min: 0, integer: true });
  const parameterCount = num(input.parameterCount, at('parameterCount'), { min: 0, exclusiveMin: true });
  const failureFreeDays = num(input.failureFreeDays, at('failureFreeDays'), { min: 0, exclusiveMin: true });
  const storageWriteGBps = num(input.storageWriteGBps, at('storageWriteGBps'), { min: 0 });
  if (storageWriteGBps === 0 && strategy !== 'in-memory')
    throw new InputError(
      at('storageWriteGBps'),
      `storage has no write throughput (0 GB/s): checkpoints cannot be written with the '${strategy}' strategy`,
    );
  const storageReadGiven = input.storageReadGBps !== undefined;
  const storageReadGBps = storageReadGiven
    ? num(input.storageReadGBps, at('storageReadGBps'), { min: 0, exclusiveMin: true })
    : storageWriteGBps;
  const userIntervalS =
    input.checkpointIntervalMin === undefined
      ? undefined
      : num(input.checkpointIntervalMin, at('checkpointIntervalMin'), { min: 0, exclusiveMin: true }) * 60;
  const spareNodes =
    input.spareNodes === undefined ? 0 : num(input.spareNodes, at('spareNodes'), { min: 0, integer: true });
  const cost =
    input.costPerAcceleratorHourUsd === undefined
      ? a.costPerAcceleratorHourUsd
      : num(input.costPerAcceleratorHourUsd, at('costPerAcceleratorHourUsd'), { min: 0 });
  const recovery: RecoveryOverrides = {};
  if (input.recovery !== undefined) {
    for (const k of ['detectionS', 'rescheduleS', 'hotSpareSwapS', 'restartS', 'reloadS'] as const) {
      const v = input.recovery[k];
      if (v !== undefined) recovery[k] = num(v, at(`recovery.${k}`), { min: 0 });
    }
  }
  return {
    accelerators,
    perNode,
    nodes: Math.ceil(accelerators / perNode),
    switches,
    links,
    nics,
    parameterCount,
    failureFreeDays,
    storageWriteGBps,
    storageReadGBps,
    storageReadGiven,
    strategy,
    asyncCheckpoint: input.asyncCheckpoint ?? false,
    userIntervalS,
    spareNodes,
    sharedSparePool: input.sharedSparePool ?? true,
    cost,
    recovery,
    a,
    fabricDerived: { switches: input.switches === undefined, links: input.links === undefined },
  };
}
