/**
 * Every named engine assumption in one registry, and the check of user overrides
 * (`design.assumptions`, a scenario's `assumptions`): unknown keys (with the
 * nearest known keys) and values outside what the assumption's unit allows.
 */
import { nearestIds } from './catalog';
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

/** Why an override value is not allowed for its assumption, or null. */
export function overrideValueProblem(a: AssumptionInfo, value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (value < 0) return `must be >= 0 (got ${value})`;
  if (a.unit.startsWith('fraction') && value > 1) return `is a fraction (${a.unit}) and must be <= 1 (got ${value})`;
  if (a.unit === '1 = on, 0 = off' && value !== 0 && value !== 1) return `must be 0 (off) or 1 (on) (got ${value})`;
  if ((a.unit === 'W/W' || a.unit.endsWith('efficiency')) && value === 0) return 'must be > 0';
  return null;
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
