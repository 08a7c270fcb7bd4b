/**
 * Warnings: what a stage found wrong or worth saying about the design, and the last
 * stage of the pipeline, which merges every stage's list in order, keeps at most
 * MAX_WARNINGS_PER_CODE of a kind (with a note of how many more) and sorts errors
 * first, then warnings, then notes, each kind in the order it was found.
 *
 * English text is here; the values in `params` let core/warning-text.ts show the
 * same warning in another language.
 */
import type { Catalog } from './catalog';
import type { Design } from './model/design';
import type { UncabledPorts } from './network/stage-drawn';
import type { OverrideProblem } from './assumptions';
import type { PoolSummary } from './results';

export type Severity = 'info' | 'warning' | 'error';

export interface EvalWarning {
  severity: Severity;
  code: string;
  /** English text. */
  message: string;
  entityIds: string[];
  /** The values in the message, for showing it in another language (core/warning-text.ts). */
  params?: Record<string, string | number>;
}

/** At most this many warnings of one code are listed; the rest are counted in a note. */
export const MAX_WARNINGS_PER_CODE = 50;

export function warning(severity: Severity, code: string, message: string, entityIds: string[] = [], params?: EvalWarning['params']): EvalWarning {
  return { severity, code, message, entityIds, ...(params ? { params } : {}) };
}

/** An entity whose catalog part is unknown or of the wrong kind: it is left out of the results. */
export function unknownPartWarning(
  catalog: Catalog,
  listName: string,
  index: number,
  entityId: string,
  partId: string,
  kind: Parameters<Catalog['nearest']>[1],
): EvalWarning {
  const p = catalog.get(partId);
  const near = catalog.nearest(partId, kind);
  const msg = p
    ? `${listName}[${index}].partId: "${partId}" is a ${p.kind}, not a ${kind}; nearest ${kind} ids: ${near.join(', ')}. The item is left out of the results.`
    : `${listName}[${index}].partId: unknown catalog part "${partId}"; nearest: ${near.join(', ')}. The item is left out of the results.`;
  return warning('warning', 'unknown-part', msg, [entityId], { path: `${listName}[${index}].partId`, id: partId, nearest: near.join(', ') });
}

/** Assumption overrides the engines cannot use (unknown keys, values their unit forbids). */
export function overrideWarnings(problems: readonly OverrideProblem[]): EvalWarning[] {
  return problems.map((p) =>
    warning(p.severity, p.severity === 'error' ? 'assumption-invalid' : 'assumption-unknown', `assumptions.${p.key}: ${p.message}`, [], { key: p.key, detail: p.message }),
  );
}

/** A note when the design holds several accelerator pools (the training estimate then splits the model). */
export function poolWarnings(pools: readonly PoolSummary[]): EvalWarning[] {
  if (pools.length <= 1) return [];
  const list = pools.map((p) => `${p.pool}: ${p.accelerators}`).join(', ');
  return [
    warning(
      'info',
      'mixed-pools',
      `${pools.length} accelerator pools (${list}); the training estimate splits the model across them (mixed-chip planner)`,
      [],
      { n: pools.length, pools: list },
    ),
  ];
}

/** Round for a message: whole Gb/s from 100 up, else one decimal. */
const gbpsText = (v: number): number => (v >= 100 ? Math.round(v) : Math.round(v * 10) / 10);

/**
 * Servers on a drawn network with compute NIC ports left uncabled: the engine gives them only
 * the bandwidth of the cables drawn (core/network/stage-drawn.ts), so the shortfall is said.
 */
export function uncabledPortsWarning(u: UncabledPorts): EvalWarning {
  const cabled = gbpsText(u.cabledGbps);
  const full = gbpsText(u.fullGbps);
  return warning(
    'warning',
    'ports-uncabled',
    `server "${u.name}": ${u.uncabled} of ${u.ports} compute NIC ports uncabled; scale-out bandwidth ${cabled} of ${full} Gb/s per accelerator`,
    [u.entityId],
    { name: u.name, uncabled: u.uncabled, ports: u.ports, cabled, full },
  );
}

/**
 * Racks holding servers, switches or storage but no PDU: nothing is drawn to feed them power
 * (a rack-scale system too needs its feeds). Empty racks need none.
 */
export function rackPduWarnings(d: Pick<Design, 'racks' | 'servers' | 'switches' | 'storage' | 'pdus'>): EvalWarning[] {
  const withPdu = new Set(d.pdus.map((p) => p.rackId).filter((r): r is string => r !== undefined));
  const loaded = new Set([...d.servers, ...d.switches, ...d.storage].map((e) => e.rackId).filter((r): r is string => r !== undefined));
  return d.racks
    .filter((r) => loaded.has(r.id) && !withPdu.has(r.id))
    .map((r) => warning('warning', 'rack-no-pdu', `rack "${r.name}" holds powered equipment but no PDU`, [r.id], { rack: r.name }));
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The warnings stage: the stages' lists in pipeline order -> the list results show.
 * Of each code the first MAX_WARNINGS_PER_CODE are kept and a note counts the rest;
 * the sort is stable (errors, warnings, notes; within each, the order found).
 */
export function finishWarnings(lists: ReadonlyArray<readonly EvalWarning[]>): EvalWarning[] {
  const kept: EvalWarning[] = [];
  const perCode = new Map<string, number>();
  for (const list of lists) {
    for (const w of list) {
      const n = (perCode.get(w.code) ?? 0) + 1;
      perCode.set(w.code, n);
      if (n <= MAX_WARNINGS_PER_CODE) kept.push(w);
    }
  }
  for (const [code, n] of perCode) {
    if (n > MAX_WARNINGS_PER_CODE) {
      const more = n - MAX_WARNINGS_PER_CODE;
      kept.push({ severity: 'info', code: `${code}-truncated`, message: `${more} more "${code}" warnings not shown`, entityIds: [], params: { n: more, code } });
    }
  }
  return kept
    .map((w, i) => ({ w, i }))
    .sort((x, y) => RANK[x.w.severity] - RANK[y.w.severity] || x.i - y.i)
    .map((x) => x.w);
}
