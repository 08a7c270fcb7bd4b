/**
 * Selectors from the engine's Results for the canvas and panels. Results are
 * derived data: when there are none yet, these return undefined and the UI
 * says so rather than inventing numbers.
 */
import type { EvalWarning, FabricSummary, RackResult, Results } from '../../core/evaluate';
import { useResults } from './client';
import { useI18n, type Locale } from '../i18n';
import { warningText } from '../../core/warning-text';

const rackCache = new WeakMap<Results, Map<string, RackResult>>();
export function rackResultMap(r: Results): Map<string, RackResult> {
  let m = rackCache.get(r);
  if (!m) {
    m = new Map(r.rackResults.map((x) => [x.rackId, x]));
    rackCache.set(r, m);
  }
  return m;
}

export interface EntityWarnings {
  errors: number;
  warnings: number;
  messages: string[];
}
const warnCache = new WeakMap<Results, Partial<Record<Locale, Map<string, EntityWarnings>>>>();
export function warningsByEntity(r: Results, locale: Locale): Map<string, EntityWarnings> {
  const byLocale = warnCache.get(r) ?? {};
  let m = byLocale[locale];
  if (m) return m;
  m = new Map();
  for (const w of r.warnings) {
    if (w.severity === 'info') continue;
    for (const id of w.entityIds) {
      const e = m.get(id) ?? { errors: 0, warnings: 0, messages: [] };
      if (w.severity === 'error') e.errors++;
      else e.warnings++;
      e.messages.push(warningText(w, locale));
      m.set(id, e);
    }
  }
  byLocale[locale] = m;
  warnCache.set(r, byLocale);
  return m;
}

/** Nameplate IT power of one instance of the rack, W (what the budget is checked against). */
export function useRackPowerW(rackId: string): number | undefined {
  return useResults((s) => (s.results ? rackResultMap(s.results).get(rackId)?.itPowerW : undefined));
}

export function useEntityWarnings(id: string): EntityWarnings | undefined {
  const { locale } = useI18n();
  return useResults((s) => (s.results ? warningsByEntity(s.results, locale).get(id) : undefined));
}

export interface FabricView {
  tiers: number;
  switches: Array<{ label: 'leaf' | 'spine' | 'core'; count: number; model: string }>;
  summary: FabricSummary;
}
const fabricCache = new WeakMap<Results, Map<string, FabricView>>();

/** The canvas view of every generated fabric of the results, by fabric id. */
export function fabricViews(r: Results): Map<string, FabricView> {
  const m = new Map<string, FabricView>();
  for (const f of r.fabrics) {
    const switches = (['leaf', 'spine', 'core'] as const)
      .map((label) => ({ label, count: f.switches[label] * f.instances, model: f.switchModels[label] }))
      .filter((x) => x.count > 0);
    m.set(f.fabricId, { tiers: f.tiers, switches, summary: f });
  }
  return m;
}

export function useFabricView(fabricId: string): FabricView | undefined {
  return useResults((s) => {
    const r = s.results;
    if (!r) return undefined;
    let m = fabricCache.get(r);
    if (!m) {
      m = fabricViews(r);
      fabricCache.set(r, m);
    }
    return m.get(fabricId);
  });
}

export function severityRank(w: EvalWarning): number {
  return w.severity === 'error' ? 0 : w.severity === 'warning' ? 1 : 2;
}

/** Colours of accelerator pools on a mixed-chip design, in the order of Results.pools. */
export const POOL_COLOURS = ['#2f6fde', '#d9822b', '#2e9e5b', '#b04fc2', '#c23b3b', '#1f9aa8'] as const;

export function poolColour(index: number): string {
  return POOL_COLOURS[((index % POOL_COLOURS.length) + POOL_COLOURS.length) % POOL_COLOURS.length]!;
}

/** The colour of pool `name` among Results.pools, or undefined when it is not one of them. */
export function poolColourOf(pools: Results['pools'], name: string): string | undefined {
  const i = pools.findIndex((p) => p.pool === name);
  return i < 0 ? undefined : poolColour(i);
}

/** The colour of a pool when the design has two or more pools (a primitive: nodes re-render only when it changes). */
export function usePoolColour(pool: string | undefined): string | undefined {
  return useResults((s) => {
    const pools = s.results?.pools;
    return pool && pools && pools.length >= 2 ? poolColourOf(pools, pool) : undefined;
  });
}
