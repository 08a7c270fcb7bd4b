/**
 * Scenario comparison (issue 10): pin 2 to 4 designs (saved ones and/or the
 * current document), evaluate each, and show their key results side by side
 * with the best value of each row highlighted.
 *
 * `buildCompareTable` is the pure part (tested); the dialog loads the designs
 * through the WorkbenchApi and evaluates them with core/evaluate on the UI
 * thread (a handful of designs, each evaluated once).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import { evaluate, type Results } from '../../core/evaluate';
import type { Design } from '../../core/model/design';
import { fmtNumber, translate, useI18n, type Locale, type MessageKey } from '../i18n';
import { getAppStore } from '../store';
import { getSession, useSession } from '../app/session';
import { getCatalog } from '../app/catalog';
import { useResults } from '../engine/client';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;
/** Id used in the selection for the open (possibly unsaved) document. */
export const CURRENT_DOC = '@current';

// ---------------------------------------------------------------------------
// The table (pure)

export type Better = 'higher' | 'lower';

export interface CompareRowDef {
  id: string;
  label: MessageKey;
  /** Unit of the displayed value (after `scale`). */
  unit: string;
  better: Better;
  /** Displayed value = raw value x scale. */
  scale: number;
  /** Fraction digits shown (at most; exactly when `fixed`). */
  digits: number;
  fixed?: boolean;
  /** The raw value, or null when the design has none (no workload, no IT load...). */
  get(r: Results): number | null;
}

const finiteOrNull = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

export const COMPARE_ROWS: readonly CompareRowDef[] = [
  {
    id: 'accelerators',
    label: 'results.accelerators',
    unit: '',
    better: 'higher',
    scale: 1,
    digits: 0,
    get: (r) => r.accelerators,
  },
  {
    id: 'peakBf16',
    label: 'compare.peakBf16',
    unit: 'PFLOPS',
    better: 'higher',
    scale: 1,
    digits: 1,
    get: (r) => r.compute.peakPflops.bf16,
  },
  {
    id: 'itPower',
    label: 'results.itPower',
    unit: 'kW',
    better: 'lower',
    scale: 1,
    digits: 0,
    get: (r) => r.itPowerKW,
  },
  {
    id: 'facilityPower',
    label: 'results.facilityPower',
    unit: 'kW',
    better: 'lower',
    scale: 1,
    digits: 0,
    get: (r) => r.facilityPowerKW,
  },
  { id: 'pue', label: 'results.pue', unit: '', better: 'lower', scale: 1, digits: 3, fixed: true, get: (r) => r.pue },
  {
    id: 'maxRack',
    label: 'results.maxRack',
    unit: 'kW',
    better: 'lower',
    scale: 1,
    digits: 1,
    get: (r) => r.maxRackPowerKW,
  },
  {
    id: 'energy',
    label: 'results.energy',
    unit: 'MWh',
    better: 'lower',
    scale: 1,
    digits: 0,
    get: (r) => r.annualEnergyMWh,
  },
  {
    id: 'capex',
    label: 'results.capex',
    unit: 'M USD',
    better: 'lower',
    scale: 1e-6,
    digits: 2,
    fixed: true,
    get: (r) => r.capexUsd,
  },
  {
    id: 'opex',
    label: 'results.opex',
    unit: 'M USD',
    better: 'lower',
    scale: 1e-6,
    digits: 2,
    fixed: true,
    get: (r) => r.cost.opexPerYearUsd,
  },
  {
    id: 'perAccHour',
    label: 'results.perAccHour',
    unit: 'USD',
    better: 'lower',
    scale: 1,
    digits: 2,
    fixed: true,
    get: (r) => r.cost.costPerAcceleratorHourUsd,
  },
  {
    id: 'trainingDays',
    label: 'results.trainingDays',
    unit: 'd',
    better: 'lower',
    scale: 1,
    digits: 1,
    get: (r) => r.training?.trainingDays ?? null,
  },
  {
    id: 'wallClockDays',
    label: 'results.wallClockDays',
    unit: 'd',
    better: 'lower',
    scale: 1,
    digits: 1,
    get: (r) => r.training?.reliability?.wallClockDays ?? null,
  },
  {
    id: 'mfu',
    label: 'results.mfu',
    unit: '%',
    better: 'higher',
    scale: 100,
    digits: 1,
    get: (r) => r.training?.mfu ?? null,
  },
  {
    id: 'goodput',
    label: 'results.goodput',
    unit: '%',
    better: 'higher',
    scale: 100,
    digits: 1,
    get: (r) => r.training?.reliability?.goodput ?? null,
  },
  {
    id: 'interruptions',
    label: 'results.interruptions',
    unit: '',
    better: 'lower',
    scale: 1,
    digits: 2,
    get: (r) => r.training?.reliability?.interruptionsPerDay ?? null,
  },
  { id: 'switches', label: 'results.switches', unit: '', better: 'lower', scale: 1, digits: 0, get: (r) => r.switches },
  {
    id: 'transceivers',
    label: 'results.transceivers',
    unit: '',
    better: 'lower',
    scale: 1,
    digits: 0,
    get: (r) => r.inventory.transceivers,
  },
];

export interface CompareRow {
  def: CompareRowDef;
  /** Displayed values (scaled), one per design; null when missing or the design failed. */
  values: Array<number | null>;
  /** Indices of the designs holding the best value; empty when fewer than two values differ. */
  best: number[];
}

/**
 * Build the comparison rows for designs' results (null = not evaluated / failed).
 * The best value of a row is highlighted only when at least two designs have a
 * value and the values are not all equal; ties share the highlight.
 */
export function buildCompareTable(
  results: ReadonlyArray<Results | null>,
  rows: readonly CompareRowDef[] = COMPARE_ROWS,
): CompareRow[] {
  return rows.map((def) => {
    const values = results.map((r) => {
      if (!r) return null;
      const v = finiteOrNull(def.get(r));
      return v === null ? null : v * def.scale;
    });
    const present = values.filter((v): v is number => v !== null);
    let best: number[] = [];
    if (present.length >= 2) {
      const target = def.better === 'higher' ? Math.max(...present) : Math.min(...present);
      const allEqual = present.every((v) => v === present[0]);
      if (!allEqual) best = values.flatMap((v, i) => (v === target ? [i] : []));
    }
    return { def, values, best };
  });
}

/** Units of the rows that read differently in Chinese (the others are symbols). */
const UNIT_KEYS: Record<string, MessageKey> = { 'M USD': 'unit.musd', USD: 'unit.usd', d: 'unit.days' };

/** A displayed value with its unit, in the locale ('—' when missing). */
export function formatCompareValue(locale: Locale, def: CompareRowDef, v: number | null): string {
  if (v === null) return '—';
  const n = def.fixed
    ? new Intl.NumberFormat(locale, { minimumFractionDigits: def.digits, maximumFractionDigits: def.digits }).format(v)
    : fmtNumber(locale, v, def.digits);
  if (!def.unit) return n;
  const key = UNIT_KEYS[def.unit];
  const unit = key ? translate(locale, key) : def.unit;
  return def.unit === '%' ? `${n} %` : `${n} ${unit}`;
}

// ---------------------------------------------------------------------------
// Open / close (kept here: the compare view is not one of the store's dialogs)

interface CompareUi {
  open: boolean;
}
export const useCompareUi = create<CompareUi>(() => ({ open: false }));
export const openCompare = (): void => useCompareUi.setState({ open: true });
export const closeCompare = (): void => useCompareUi.setState({ open: false });

// ---------------------------------------------------------------------------
// The dialog

interface Column {
  key: string;
  name: string;
  results: Results | null;
  error: string | null;
}

async function loadDesign(key: string): Promise<Design> {
  if (key === CURRENT_DOC) return getAppStore().getState().design;
  const stored = await getSession().api.getDesign({ id: key });
  return stored.design;
}

async function evaluateAll(keys: string[]): Promise<Column[]> {
  const catalog = getCatalog();
  const cols: Column[] = [];
  for (const key of keys) {
    let name = key;
    try {
      const design = await loadDesign(key);
      name = design.name;
      // Let the "evaluating" state paint between designs.
      await new Promise((r) => setTimeout(r, 0));
      cols.push({ key, name, results: evaluate(design, { catalog }), error: null });
    } catch (e) {
      cols.push({ key, name, results: null, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return cols;
}

function Shell({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // Focus the dialog so keys go to it, not to the canvas shortcuts behind it.
  useEffect(() => box.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeCompare();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div
      className="overlay"
      onMouseDown={(e) => e.target === e.currentTarget && closeCompare()}
      // Keep the canvas shortcuts (Delete, Ctrl+Z...) from acting behind the dialog.
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') closeCompare();
      }}
    >
      <div
        ref={box}
        tabIndex={-1}
        className="dialog"
        role="dialog"
        aria-label={title}
        data-testid="compare-dialog"
        style={{ width: 900, maxWidth: '94vw', outline: 'none' }}
      >
        <div className="dlg-title">{title}</div>
        <div className="dlg-body">{children}</div>
        <div className="dlg-foot">{footer}</div>
      </div>
    </div>
  );
}

export function ComparePanel() {
  const open = useCompareUi((s) => s.open);
  return open ? <CompareDialog /> : null;
}

function CompareDialog() {
  const { t, locale } = useI18n();
  const designs = useSession((s) => s.designs);
  const currentName = getAppStore().getState().design.name;
  const currentAccelerators = useResults((s) => s.results?.accelerators);
  const [picked, setPicked] = useState<string[]>([]);
  const [columns, setColumns] = useState<Column[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void getSession().refreshDesigns();
  }, []);

  const toggle = (key: string) =>
    setPicked((p) => (p.includes(key) ? p.filter((k) => k !== key) : p.length >= MAX_COMPARE ? p : [...p, key]));
  const run = async () => {
    setBusy(true);
    try {
      setColumns(await evaluateAll(picked));
    } finally {
      setBusy(false);
    }
  };

  if (columns) {
    const rows = buildCompareTable(columns.map((c) => c.results));
    return (
      <Shell
        title={t('compare.title')}
        footer={
          <>
            <span className="muted" style={{ flex: 1, color: 'var(--text-3)', alignSelf: 'center' }}>
              {t('compare.bestHint')}
            </span>
            <button className="btn" data-testid="compare-back" onClick={() => setColumns(null)}>
              {t('compare.back')}
            </button>
            <button className="btn primary" onClick={closeCompare}>
              {t('dialog.close')}
            </button>
          </>
        }
      >
        <table className="design-list" data-testid="compare-table" style={{ tableLayout: 'fixed' }}>
          <thead>
            <tr>
              <th style={{ width: 190 }}>{t('compare.metric')}</th>
              {columns.map((c) => (
                <th
                  key={c.key}
                  data-testid="compare-col"
                  title={c.name}
                  style={{ textAlign: 'right', verticalAlign: 'bottom' }}
                >
                  {c.key === CURRENT_DOC && (
                    <div style={{ color: 'var(--text-3)', fontWeight: 400, fontSize: 10.5 }}>
                      {t('compare.currentShort')}
                    </div>
                  )}
                  <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{c.name}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {columns.some((c) => c.error) && (
              <tr>
                <td />
                {columns.map((c) => (
                  <td key={c.key} style={{ color: 'var(--danger)', fontSize: 11, textAlign: 'right' }}>
                    {c.error ? t('compare.failed', { message: c.error }) : ''}
                  </td>
                ))}
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.def.id} data-testid={`compare-row-${row.def.id}`}>
                <td style={{ color: 'var(--text-2)' }}>{t(row.def.label)}</td>
                {row.values.map((v, i) => {
                  const isBest = row.best.includes(i);
                  return (
                    <td
                      key={columns[i]?.key ?? i}
                      data-value={v ?? ''}
                      data-best={isBest ? 'true' : undefined}
                      style={{
                        textAlign: 'right',
                        fontVariantNumeric: 'tabular-nums',
                        fontWeight: isBest ? 600 : undefined,
                        background: isBest ? 'var(--accent-soft)' : undefined,
                        color: isBest ? 'var(--accent)' : undefined,
                      }}
                    >
                      {formatCompareValue(locale, row.def, v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Shell>
    );
  }

  const options: Array<{ key: string; name: string; accelerators?: number; updatedAt?: string }> = [
    { key: CURRENT_DOC, name: currentName, accelerators: currentAccelerators },
    ...designs.map((d) => ({ key: d.id, name: d.name, accelerators: d.accelerators, updatedAt: d.updatedAt })),
  ];
  const canRun = picked.length >= MIN_COMPARE && picked.length <= MAX_COMPARE && !busy;
  return (
    <Shell
      title={t('compare.title')}
      footer={
        <>
          <span style={{ flex: 1, color: 'var(--text-3)', alignSelf: 'center' }} data-testid="compare-count">
            {busy ? t('compare.evaluating') : t('compare.selected', { n: picked.length, max: MAX_COMPARE })}
          </span>
          <button className="btn" onClick={closeCompare}>
            {t('dialog.cancel')}
          </button>
          <button className="btn primary" data-testid="compare-run" disabled={!canRun} onClick={() => void run()}>
            {t('compare.run')}
          </button>
        </>
      }
    >
      <div style={{ marginBottom: 8, color: 'var(--text-2)' }}>
        {t('compare.pick', { min: MIN_COMPARE, max: MAX_COMPARE })}
      </div>
      <table className="design-list" data-testid="compare-pick">
        <thead>
          <tr>
            <th style={{ width: 28 }} />
            <th>{t('dialog.name')}</th>
            <th>{t('results.accelerators')}</th>
            <th>{t('dialog.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {options.map((o) => {
            const on = picked.includes(o.key);
            const full = !on && picked.length >= MAX_COMPARE;
            return (
              <tr
                key={o.key}
                className={`row${on ? ' sel' : ''}`}
                data-testid={o.key === CURRENT_DOC ? 'compare-pick-current' : `compare-pick-${o.key}`}
                data-name={o.name}
                onClick={() => !full && toggle(o.key)}
                style={full ? { opacity: 0.5, cursor: 'default' } : undefined}
              >
                <td>
                  <input type="checkbox" checked={on} disabled={full} readOnly aria-label={o.name} />
                </td>
                <td>
                  {o.key === CURRENT_DOC ? (
                    <>
                      {o.name} <span style={{ color: 'var(--text-3)' }}>({t('compare.current')})</span>
                    </>
                  ) : (
                    o.name
                  )}
                </td>
                <td>{o.accelerators !== undefined ? fmtNumber(locale, o.accelerators, 0) : '—'}</td>
                <td>{o.updatedAt ? new Date(o.updatedAt).toLocaleString(locale) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Shell>
  );
}
