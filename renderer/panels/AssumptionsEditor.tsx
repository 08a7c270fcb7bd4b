/**
 * The engines' named assumptions (value, unit, source), with editable
 * overrides stored in design.assumptions.
 */
import { useMemo, useState } from 'react';
import { useI18n, fmtNumber, type Locale, type MessageKey } from '../i18n';
import { ASSUMPTION_LABELS_ZH, ASSUMPTION_UNITS_ZH } from '../i18n/assumptions.zh-CN';
import { useApp, getAppStore } from '../store';
import { Section, parseNum } from './fields';
import * as ops from '../store/ops';
import { POWER_ASSUMPTIONS } from '../../core/power/assumptions';
import { RELIABILITY_ASSUMPTIONS } from '../../core/reliability/assumptions';
import { ALL_TRAINING_ASSUMPTIONS } from '../../core/training/assumptions';
import { refusalText } from '../app/text';

export interface AssumptionRow {
  key: string;
  label: string;
  value: number;
  unit: string;
  source: string;
  description?: string;
}

export const ENGINE_ASSUMPTIONS: Array<{ engine: string; rows: readonly AssumptionRow[] }> = [
  { engine: 'power', rows: POWER_ASSUMPTIONS },
  { engine: 'training', rows: ALL_TRAINING_ASSUMPTIONS },
  { engine: 'reliability', rows: RELIABILITY_ASSUMPTIONS },
];

function Row({ a, override }: { a: AssumptionRow; override: number | undefined }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const v = parseNum(draft);
    const s = getAppStore().getState();
    const r = ops.setAssumption(s.design, a.key, v === undefined ? undefined : v);
    if (!r.ok) {
      setError(refusalText(t, r.error));
      return;
    }
    s.apply(r);
    setError(null);
    setDraft(null);
  };
  const shown = override ?? a.value;
  return (
    <tr className={override !== undefined ? 'over' : ''} data-testid={`assumption-${a.key}`}>
      <td>
        <div className="key" title={a.description ?? ''}>
          {a.key}
        </div>
        <div className="src" title={a.source} id={`assumption-label-${a.key}`}>
          {assumptionLabel(locale, a)}
        </div>
        {error && (
          <div className="field-error" id={`assumption-error-${a.key}`} role="alert">
            {error}
          </div>
        )}
      </td>
      <td>
        <input
          className={`inp${error ? ' invalid' : ''}`}
          aria-labelledby={`assumption-label-${a.key}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `assumption-error-${a.key}` : undefined}
          value={draft ?? fmtNumber('en', shown, 6).replace(/,/g, '')}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          title={`${t('inspector.source')}: ${a.source}`}
        />
        {override !== undefined && (
          <button
            className="btn small"
            onClick={() => getAppStore().getState().setAssumption(a.key, undefined)}
            title={fmtNumber(locale, a.value, 6)}
          >
            {t('inspector.reset')}
          </button>
        )}
      </td>
      <td className="src">{assumptionUnit(locale, a.unit)}</td>
    </tr>
  );
}

/** An assumption's label in the locale (the engines name them in English). */
export function assumptionLabel(locale: Locale, a: Pick<AssumptionRow, 'key' | 'label'>): string {
  return locale === 'zh-CN' ? (ASSUMPTION_LABELS_ZH[a.key] ?? a.label) : a.label;
}

export function assumptionUnit(locale: Locale, unit: string): string {
  return locale === 'zh-CN' ? (ASSUMPTION_UNITS_ZH[unit] ?? unit) : unit;
}

export function AssumptionsEditor() {
  const { t, locale } = useI18n();
  const overrides = useApp((s) => s.design.assumptions);
  const [q, setQ] = useState('');
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return ENGINE_ASSUMPTIONS.map((g) => ({
      engine: g.engine,
      rows: g.rows.filter(
        (a) =>
          !needle ||
          `${a.key} ${a.label} ${assumptionLabel(locale, a)} ${a.source}`.toLowerCase().includes(needle),
      ),
    }));
  }, [q, locale]);
  return (
    <Section title={t('inspector.assumptions')} defaultOpen={false} testId="inspector-assumptions">
      <input
        className="inp"
        type="search"
        aria-label={t('inspector.searchAssumptions')}
        placeholder={t('inspector.searchAssumptions')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 6 }}
      />
      <table className="assump-table">
        <thead>
          <tr>
            <th>{t('inspector.key')}</th>
            <th>{t('inspector.value')}</th>
            <th>{t('inspector.unit')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) =>
            g.rows.length ? (
              <FragmentRows key={g.engine} engine={g.engine}>
                {g.rows.map((a) => (
                  <Row key={a.key} a={a} override={overrides[a.key]} />
                ))}
              </FragmentRows>
            ) : null,
          )}
        </tbody>
      </table>
    </Section>
  );
}

function FragmentRows({ engine, children }: { engine: string; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <tr>
        <th colSpan={3} style={{ textTransform: 'uppercase', paddingTop: 8 }}>
          {t(`assumptions.engine.${engine}` as MessageKey)}
        </th>
      </tr>
      {children}
    </>
  );
}
