/**
 * Planner dialog: requirements form -> plan (core/planner, run in this thread in
 * small slices so the UI stays responsive) -> progress, ranked table, Pareto
 * scatter (time vs TCO, bubble = energy) and "open as design".
 *
 * Self-contained: it draws its own overlay and talks to the app only through
 * its props (`onOpenDesign`, `onClose`).
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { DEFAULT_CATALOG } from '../../core/catalog';
import type { AcceleratorSpec } from '../../core/catalog/types';
import { InputError } from '../../core/errors';
import type { Design } from '../../core/model/design';
import { plan, type PlanCandidate, type PlanResult, type RequirementsInput } from '../../core/planner';
import { MODEL_PRESETS } from '../../core/training/presets';
import { fmtNumber, useI18n, type MessageKey } from '../i18n';
import { partName } from '../i18n/catalogText';

export interface PlannerDialogProps {
  /** Called with the chosen candidate's full design (built by scenarioToDesign). */
  onOpenDesign: (design: Design) => void;
  /** Close the dialog. */
  onClose: () => void;
  /** Accelerators offered in the form; default the built-in catalog's. */
  accelerators?: readonly AcceleratorSpec[];
  /** Runs the plan; default core/planner `plan` in this thread. */
  runPlan?: (requirements: RequirementsInput, onProgress: (done: number, total: number) => void, isCancelled: () => boolean) => Promise<PlanResult>;
}

type Cooling = 'air' | 'cold-plate' | 'immersion';
type Objective = 'time' | 'capex' | 'tco' | 'energy';
const COOLINGS: Cooling[] = ['air', 'cold-plate', 'immersion'];
const OBJECTIVES: Objective[] = ['time', 'capex', 'tco', 'energy'];

interface FormState {
  preset: string;
  tokensB: string;
  globalBatch: string;
  deadlineDays: string;
  maxPowerKW: string;
  capexM: string;
  tcoM: string;
  allowed: Record<string, { on: boolean; max: string }>;
  cooling: Record<Cooling, boolean>;
  objective: Objective;
  mixed: boolean;
}

const defaultRun: NonNullable<PlannerDialogProps['runPlan']> = (req, onProgress, isCancelled) => plan(req, { onProgress, isCancelled, yieldEveryMs: 30 });

/** A positive number from a text field, or undefined when empty. */
function optNum(s: string, scale = 1): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v * scale : NaN;
}

export function buildRequirements(f: FormState): RequirementsInput {
  const deadlineDays = optNum(f.deadlineDays);
  const maxFacilityPowerKW = optNum(f.maxPowerKW);
  const capexUsd = optNum(f.capexM, 1e6);
  const tcoUsd = optNum(f.tcoM, 1e6);
  const globalBatch = optNum(f.globalBatch);
  return {
    workload: { model: f.preset, tokens: (optNum(f.tokensB, 1e9) ?? NaN) as number, ...(globalBatch !== undefined ? { globalBatch } : {}) },
    constraints: {
      ...(deadlineDays !== undefined ? { deadlineDays } : {}),
      ...(maxFacilityPowerKW !== undefined ? { maxFacilityPowerKW } : {}),
      ...(capexUsd !== undefined || tcoUsd !== undefined
        ? { budget: { ...(capexUsd !== undefined ? { capexUsd } : {}), ...(tcoUsd !== undefined ? { tcoUsd } : {}) } }
        : {}),
      accelerators: Object.entries(f.allowed)
        .filter(([, a]) => a.on)
        .map(([id, a]) => ({ id, maxCount: Number(a.max) })),
      cooling: COOLINGS.filter((c) => f.cooling[c]),
    },
    objective: f.objective,
    options: { maxResults: 20, mixedPools: f.mixed },
  };
}

const DEFAULT_ON = new Set(['h100-sxm5-80gb', 'h200-sxm-141gb', 'b200', 'mi300x']);

export function PlannerDialog({ onOpenDesign, onClose, accelerators, runPlan = defaultRun }: PlannerDialogProps) {
  const { t, locale } = useI18n();
  const accs = useMemo(() => accelerators ?? DEFAULT_CATALOG.accelerators(), [accelerators]);
  const [form, setForm] = useState<FormState>(() => ({
    preset: 'llama3-70b',
    tokensB: '15000',
    globalBatch: '',
    deadlineDays: '90',
    maxPowerKW: '20000',
    capexM: '',
    tcoM: '',
    allowed: Object.fromEntries(accs.map((a) => [a.id, { on: DEFAULT_ON.has(a.id), max: '8192' }])),
    cooling: { air: true, 'cold-plate': true, immersion: false },
    objective: 'tco',
    mixed: false,
  }));
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<[number, number]>([0, 0]);
  const [result, setResult] = useState<PlanResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const cancelRef = useRef(false);

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  const start = async () => {
    cancelRef.current = false;
    setRunning(true);
    setError(null);
    setResult(null);
    setSelected(null);
    setProgress([0, 0]);
    try {
      const r = await runPlan(buildRequirements(form), (d, tot) => setProgress([d, tot]), () => cancelRef.current);
      setResult(r);
      setSelected(r.candidates[0]?.id ?? null);
    } catch (e) {
      if (cancelRef.current) setError(t('planner.cancelled'));
      else setError(t('planner.error', { message: e instanceof InputError || e instanceof Error ? e.message : String(e) }));
    } finally {
      setRunning(false);
    }
  };

  const rows: PlanCandidate[] = useMemo(() => {
    if (!result) return [];
    const ids = new Set(result.candidates.map((c) => c.id));
    return [...result.candidates, ...result.paretoFront.filter((c) => !ids.has(c.id))];
  }, [result]);
  const byId = useMemo(() => new Map(rows.map((c) => [c.id, c])), [rows]);

  const point = (c: PlanCandidate) => ({ id: c.id, x: c.metrics.wallClockDays, y: c.metrics.tcoUsd / 1e6, z: c.metrics.energyMWh, label: `${c.accelerator} × ${c.count}` });
  const frontPts = result ? result.paretoFront.map(point) : [];
  const otherPts = result ? result.candidates.filter((c) => !c.onParetoFront).map(point) : [];
  const pick = (d: unknown) => {
    const o = d as { id?: string; payload?: { id?: string } } | undefined;
    const id = o?.payload?.id ?? o?.id;
    if (id) setSelected(id);
  };
  const chosen = selected ? byId.get(selected) : undefined;
  const n = (v: number, digits = 1) => fmtNumber(locale, v, digits);
  /** A catalog part's name in the UI's language (the table gives the id as its tooltip). */
  const nameOf = (id: string) => {
    const part = DEFAULT_CATALOG.get(id);
    return part ? partName(locale, part) : id;
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && !running && onClose()}>
      <div className="dialog" role="dialog" aria-label={t('planner.title')} data-testid="planner-dialog" style={{ width: 1100, maxWidth: '96vw', maxHeight: '92vh', overflow: 'auto' }}>
        <div className="dlg-title">{t('planner.title')}</div>
        <div className="dlg-body">
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 16 }}>
            <Section title={t('planner.workload')}>
              <Field label={t('planner.model')}>
                <select value={form.preset} onChange={(e) => set('preset', e.target.value)} data-testid="planner-model">
                  {Object.entries(MODEL_PRESETS).map(([id, m]) => (
                    <option key={id} value={id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('planner.tokens')}>
                <input value={form.tokensB} onChange={(e) => set('tokensB', e.target.value)} inputMode="decimal" data-testid="planner-tokens" />
              </Field>
              <Field label={t('planner.globalBatch')}>
                <input value={form.globalBatch} placeholder={t('planner.optional')} onChange={(e) => set('globalBatch', e.target.value)} inputMode="numeric" />
              </Field>
              <Field label={t('planner.objective')}>
                <select value={form.objective} onChange={(e) => set('objective', e.target.value as Objective)} data-testid="planner-objective">
                  {OBJECTIVES.map((o) => (
                    <option key={o} value={o}>
                      {t(`planner.objective.${o}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </Field>
            </Section>
            <Section title={t('planner.constraints')}>
              <Field label={t('planner.deadlineDays')}>
                <input value={form.deadlineDays} placeholder={t('planner.optional')} onChange={(e) => set('deadlineDays', e.target.value)} inputMode="decimal" data-testid="planner-deadline" />
              </Field>
              <Field label={t('planner.maxPowerKW')}>
                <input value={form.maxPowerKW} placeholder={t('planner.optional')} onChange={(e) => set('maxPowerKW', e.target.value)} inputMode="decimal" />
              </Field>
              <Field label={t('planner.capexBudget')}>
                <input value={form.capexM} placeholder={t('planner.optional')} onChange={(e) => set('capexM', e.target.value)} inputMode="decimal" />
              </Field>
              <Field label={t('planner.tcoBudget')}>
                <input value={form.tcoM} placeholder={t('planner.optional')} onChange={(e) => set('tcoM', e.target.value)} inputMode="decimal" />
              </Field>
              <div style={{ marginTop: 6 }}>
                <div style={{ fontSize: 12, opacity: 0.8 }}>{t('planner.cooling')}</div>
                {COOLINGS.map((c) => (
                  <label key={c} style={{ marginRight: 10, whiteSpace: 'nowrap' }}>
                    <input type="checkbox" checked={form.cooling[c]} onChange={(e) => set('cooling', { ...form.cooling, [c]: e.target.checked })} />{' '}
                    {t(`planner.cooling.${c}` as MessageKey)}
                  </label>
                ))}
              </div>
            </Section>
            <Section title={t('planner.accelerators')}>
              <div style={{ maxHeight: 210, overflow: 'auto' }}>
                <table className="kv" style={{ width: '100%' }}>
                  <tbody>
                    {accs.map((a) => {
                      const row = form.allowed[a.id] ?? { on: false, max: '8192' };
                      return (
                        <tr key={a.id}>
                          <td>
                            <label>
                              <input
                                type="checkbox"
                                checked={row.on}
                                data-testid={`planner-acc-${a.id}`}
                                onChange={(e) => set('allowed', { ...form.allowed, [a.id]: { ...row, on: e.target.checked } })}
                              />{' '}
                              {partName(locale, a)}
                            </label>
                          </td>
                          <td>
                            <input
                              style={{ width: 72 }}
                              aria-label={`${t('planner.maxCount')} ${partName(locale, a)}`}
                              value={row.max}
                              disabled={!row.on}
                              inputMode="numeric"
                              onChange={(e) => set('allowed', { ...form.allowed, [a.id]: { ...row, max: e.target.value } })}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <label style={{ display: 'block', marginTop: 6 }}>
                <input type="checkbox" checked={form.mixed} onChange={(e) => set('mixed', e.target.checked)} /> {t('planner.mixedPools')}
              </label>
            </Section>
          </div>

          {running && (
            <div style={{ margin: '12px 0' }} data-testid="planner-progress">
              <progress max={Math.max(1, progress[1])} value={progress[0]} style={{ width: '100%' }} />
              <div style={{ fontSize: 12 }}>{t('planner.progress', { done: n(progress[0], 0), total: n(progress[1], 0) })}</div>
            </div>
          )}
          {error && (
            <div className="field-error" role="alert" data-testid="planner-error" style={{ margin: '12px 0' }}>
              {error}
            </div>
          )}

          {result && !result.feasible && (
            <div role="alert" data-testid="planner-binding" style={{ margin: '12px 0' }}>
              <strong>{t('planner.infeasible')}</strong>
              <ul>
                {result.binding.map((b) => (
                  <li key={b.constraint}>{b.message}</li>
                ))}
              </ul>
            </div>
          )}

          {result && result.feasible && (
            <>
              <div style={{ margin: '12px 0 6px', fontSize: 13 }} data-testid="planner-summary">
                {t('planner.summary', { n: n(result.stats.feasible, 0), front: n(result.paretoFront.length, 0), ms: n(result.stats.elapsedMs, 0) })}
              </div>
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 420px', gap: 16, alignItems: 'start' }}>
                <div style={{ overflow: 'auto', maxHeight: 380 }}>
                  <table className="bom" data-testid="planner-table" style={{ width: '100%' }}>
                    <thead>
                      <tr>
                        <th>{t('planner.col.rank')}</th>
                        <th>{t('planner.col.accelerator')}</th>
                        <th>{t('planner.col.count')}</th>
                        <th>{t('planner.col.cooling')}</th>
                        <th>{t('planner.col.oversub')}</th>
                        <th>{t('planner.col.days')}</th>
                        <th>{t('planner.col.capex')}</th>
                        <th>{t('planner.col.tco')}</th>
                        <th>{t('planner.col.energy')}</th>
                        <th>{t('planner.col.power')}</th>
                        <th>{t('planner.col.mfu')}</th>
                        <th>{t('planner.col.front')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((c) => (
                        <tr
                          key={c.id}
                          data-testid={`planner-row-${c.rank || 'front'}`}
                          onClick={() => setSelected(c.id)}
                          style={{ cursor: 'pointer', background: c.id === selected ? 'var(--sel, rgba(80,140,255,0.18))' : undefined }}
                        >
                          <td>{c.rank || '–'}</td>
                          <td title={c.accelerator}>{nameOf(c.accelerator)}</td>
                          <td>{n(c.count, 0)}</td>
                          <td>{t(`planner.cooling.${c.cooling}` as MessageKey)}</td>
                          <td>{n(c.oversubscription, 1)}</td>
                          <td>{n(c.metrics.wallClockDays, 1)}</td>
                          <td>{n(c.metrics.capexUsd / 1e6, 1)}</td>
                          <td>{n(c.metrics.tcoUsd / 1e6, 1)}</td>
                          <td>{n(c.metrics.energyMWh, 0)}</td>
                          <td>{n(c.metrics.facilityPowerKW / 1000, 2)}</td>
                          <td>{n(c.metrics.mfu * 100, 0)}%</td>
                          <td>{c.onParetoFront ? '●' : ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div>
                  <div style={{ fontSize: 12, marginBottom: 4 }}>{t('planner.chart')}</div>
                  <div style={{ width: '100%', height: 320 }} data-testid="planner-chart">
                    <ResponsiveContainer>
                      <ScatterChart margin={{ top: 8, right: 12, bottom: 24, left: 8 }}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis type="number" dataKey="x" name={t('planner.chart.x')} label={{ value: t('planner.chart.x'), position: 'insideBottom', offset: -12 }} />
                        <YAxis type="number" dataKey="y" name={t('planner.chart.y')} label={{ value: t('planner.chart.y'), angle: -90, position: 'insideLeft' }} />
                        <ZAxis type="number" dataKey="z" range={[30, 300]} name={t('planner.col.energy')} />
                        <Tooltip
                          formatter={(v: unknown) => (typeof v === 'number' ? n(v, 1) : String(v))}
                          labelFormatter={() => ''}
                        />
                        <Legend verticalAlign="top" />
                        <Scatter name={t('planner.chart.others')} data={otherPts} fill="#9aa4b2" onClick={pick} />
                        <Scatter name={t('planner.chart.front')} data={frontPts} fill="#2f6fec" line onClick={pick} />
                      </ScatterChart>
                    </ResponsiveContainer>
                  </div>
                </div>
              </div>
              {chosen && (
                <div style={{ marginTop: 10, display: 'flex', gap: 12, alignItems: 'center' }} data-testid="planner-selected">
                  <span style={{ fontSize: 13 }}>
                    {chosen.scenario.model.name} · {nameOf(chosen.accelerator)} × {n(chosen.count, 0)} · {nameOf(chosen.server)} ·{' '}
                    {t(`planner.cooling.${chosen.cooling}` as MessageKey)} — TP×PP×DP×CP {chosen.parallelism.tp}×{chosen.parallelism.pp}×{chosen.parallelism.dp}×{chosen.parallelism.cp}
                  </span>
                  <button
                    className="btn primary"
                    data-testid="planner-open"
                    disabled={!chosen.design}
                    onClick={() => {
                      if (chosen.design) onOpenDesign(chosen.design);
                    }}
                  >
                    {t('planner.openAsDesign')}
                  </button>
                </div>
              )}
              {result.notes.length > 0 && (
                <details style={{ marginTop: 8, fontSize: 12 }}>
                  <summary>{t('planner.notes')}</summary>
                  <ul>
                    {result.notes.slice(0, 50).map((x, i) => (
                      <li key={i}>{x}</li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          )}
          {!result && !running && !error && <div className="empty-note">{t('planner.noCandidates')}</div>}
        </div>
        <div className="dlg-foot">
          {running ? (
            <button
              className="btn"
              data-testid="planner-cancel"
              onClick={() => {
                cancelRef.current = true;
              }}
            >
              {t('planner.cancel')}
            </button>
          ) : (
            <button className="btn primary" data-testid="planner-run" onClick={() => void start()}>
              {t('planner.run')}
            </button>
          )}
          <button className="btn" onClick={onClose} disabled={running}>
            {t('planner.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset style={{ border: '1px solid var(--border, #8884)', borderRadius: 6, padding: '6px 10px' }}>
      <legend style={{ fontSize: 12, fontWeight: 600 }}>{title}</legend>
      {children}
    </fieldset>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6, alignItems: 'center', margin: '3px 0', fontSize: 12 }}>
      <span>{label}</span>
      {children}
    </label>
  );
}
