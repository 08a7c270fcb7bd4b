/**
 * Every named engine assumption in one registry, and the check of user overrides
 * (`design.assumptions`, a scenario's `assumptions`): unknown keys (with the
 * nearest known keys) and values outside what the assumption's unit allows.
 */
import { nearestIds } from './catalog';
import { assumptionBound, boundProblem } from './model/bounds';
import { MIXED_ASSUMPTIONS } from './mixed';
import { NETWORK_ASSUMPTIONS } from './network/fabric';
import { POWER_ASSUMPTIONS } from './power';
import { RELIABILITY_ASSUMPTIONS } from './reliability';
import { ALL_TRAINING_ASSUMPTIONS } from './training';

export interface AssumptionInfo {
  key: string;
  label: string;
  value: number;
  unit: string;
  source: string;
}

export const ALL_ASSUMPTIONS: readonly AssumptionInfo[] = [
  ...POWER_ASSUMPTIONS,
  ...NETWORK_ASSUMPTIONS,
  ...ALL_TRAINING_ASSUMPTIONS,
  ...MIXED_ASSUMPTIONS,
  ...RELIABILITY_ASSUMPTIONS,
];

const BY_KEY = new Map(ALL_ASSUMPTIONS.map((a) => [a.key, a]));
const KEYS = ALL_ASSUMPTIONS.map((a) => a.key);

export interface OverrideProblem {
  key: string;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Why an override value is not allowed for its assumption, or null: its bound
 * (core/model/bounds.ts) by key or unit — efficiencies in [0.01, 1], fractions in
 * [0, 1], failure rates up to 0.01 per hour, switches 0 or 1, and so on.
 */
export function overrideValueProblem(a: AssumptionInfo, value: number): string | null {
  const bound = assumptionBound(a.key, a.unit);
  if (bound) return boundProblem(bound, value);
  // Every assumption has a bound (core/assumptions.test.ts); this is the floor for a new one.
  if (!Number.isFinite(value)) return 'must be a finite number';
  return value < 0 ? `must be >= 0 (got ${value})` : null;
}

/** Problems of a set of overrides; messages are to follow `assumptions.<key>: `. */
export function checkAssumptionOverrides(overrides: Readonly<Record<string, number>>): OverrideProblem[] {
  const out: OverrideProblem[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const a = BY_KEY.get(key);
    if (!a) {
      out.push({ key, severity: 'warning', message: `unknown assumption, ignored (nearest: ${nearestIds(key, KEYS).join(', ')})` });
      continue;
    }
    const problem = overrideValueProblem(a, value);
    if (problem) out.push({ key, severity: 'error', message: `${a.label} ${problem}; the default ${a.value} ${a.unit} is used instead` });
  }
  return out;
}
