/**
 * The workload of a plan: the model (a preset, explicit fields, or a preset
 * with fields overridden), the default global batch and the site.
 */
import { nearestIds } from '../catalog';
import { InputError } from '../errors';
import { normalizeModel } from '../training/model';
import { MODEL_PRESETS } from '../training/presets';
import type { ModelSpec } from '../training/types';
import { plannerAssumption } from './assumptions';
import { DEFAULT_SITE, type SiteParams } from './economics';
import type { PlanModelInput, Requirements } from './requirements';

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
      throw new InputError(
        typeof m === 'string' ? path : `${path}.preset`,
        `unknown model preset "${spec.preset}"${near}`,
      );
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
    if (e instanceof InputError)
      throw new InputError(e.path.replace(/^model/, path), e.message.slice(e.path.length + 2));
    throw e;
  }
  return model;
}

/** Nearest power of two to x (at least 1). */
export function nearestPow2(x: number): number {
  if (!(x > 1)) return 1;
  const lo = 2 ** Math.floor(Math.log2(x));
  return x / lo < (2 * lo) / x ? lo : 2 * lo;
}

/**
 * Sequences per step: the requirements' globalBatch, else planner.defaultBatchTokens
 * over the sequence length rounded to a power of two.
 */
export function defaultGlobalBatch(
  given: number | undefined,
  seqLength: number,
  overrides: Readonly<Record<string, number>>,
): number {
  return given ?? nearestPow2(plannerAssumption('planner.defaultBatchTokens', overrides) / seqLength);
}

/** The site of the requirements, each field defaulting to DEFAULT_SITE. */
export function resolveSite(s: Requirements['constraints']['site']): SiteParams {
  return {
    climate: s?.climate ?? DEFAULT_SITE.climate,
    electricityUsdPerKWh: s?.electricityUsdPerKWh ?? DEFAULT_SITE.electricityUsdPerKWh,
    gridKgCO2PerKWh: s?.gridKgCO2PerKWh ?? DEFAULT_SITE.gridKgCO2PerKWh,
    waterUsdPerM3: s?.waterUsdPerM3 ?? DEFAULT_SITE.waterUsdPerM3,
    depreciationYears: s?.depreciationYears ?? DEFAULT_SITE.depreciationYears,
  };
}
