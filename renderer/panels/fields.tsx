/**
 * Inspector form fields with inline validation: an edit is checked with the
 * pure operation first; a refusal is shown beside the field with its reason
 * (zod field errors name the path) and nothing is applied.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { fmtNumber, translate, useI18n, type Locale, type MessageKey } from '../i18n';
import { unitText } from '../i18n/units';
import { boundAt, boundProblem, type Bound } from '../../core/model/bounds';
import { DesignSchema } from '../../core/model/design';
import { getAppStore } from '../store';
import type { OpResult } from '../store/ops';
import { refusalText } from '../app/text';
import type { Design } from '../../core/model/design';

/** Validate with `op` against the current document, apply when valid; returns the error text or null. */
export function useValidatedEdit(): (op: (d: Design) => OpResult) => string | null {
  const { t } = useI18n();
  return (op) => {
    const s = getAppStore().getState();
    const r = op(s.design);
    if (!r.ok) return refusalText(t, r.error);
    s.apply(r);
    return null;
  };
}

interface FieldProps {
  label: MessageKey;
  testId?: string;
  value: string | number | undefined;
  /** Parse and commit; return an error text to refuse. */
  onCommit(raw: string): string | null;
  type?: 'text' | 'number';
  placeholder?: string;
  suffix?: ReactNode;
  /** The allowed range of a number field (the engine's bound): checked before committing, shown as help. */
  bound?: Bound;
  /** A check of its own (after the bound): an error text, or null. */
  check?(value: number): string | null;
}

/** The bound of a number at a path of the design document (`racks[0].powerBudgetW`), from its schema. */
export function designBound(path: string): Bound | undefined {
  return boundAt(DesignSchema, path);
}

/** The allowed range in the locale: `1 to 10,000,000 W`, `> 0 and <= 100 m`. */
export function rangeLabel(locale: Locale, bound: Bound): string {
  const f = (v: number) => fmtNumber(locale, v, 6);
  const unit = unitText(locale, bound.unit);
  const u = unit ? (locale === 'zh-CN' && !/^[A-Za-z]/.test(unit) ? unit : ` ${unit}`) : '';
  return bound.minExclusive
    ? translate(locale, 'field.rangeExclusive', { min: f(bound.min), max: f(bound.max), unit: u })
    : translate(locale, 'field.range', { min: f(bound.min), max: f(bound.max), unit: u });
}

/** Why `v` is outside `bound` (translated, with the allowed range), or null. */
export function boundError(locale: Locale, bound: Bound, v: number): string | null {
  const range = rangeLabel(locale, bound);
  if (!Number.isFinite(v)) return translate(locale, 'field.notNumber', { range });
  const problem = boundProblem(bound, v);
  if (!problem) return null;
  const value = fmtNumber(locale, v, 6);
  if (bound.integer && !Number.isInteger(v)) return translate(locale, 'field.notInteger', { value, range });
  return translate(locale, 'field.outOfRange', { value, range });
}

export function Field({ label, testId, value, onCommit, type = 'text', placeholder, bound, check }: FieldProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(null);
    setError(null);
  }, [shown]);
  const help = bound ? t('field.allowed', { range: rangeLabel(locale, bound) }) : undefined;
  const commit = () => {
    if (draft === null || draft === shown) {
      setDraft(null);
      setError(null);
      return;
    }
    if (type === 'number' && (bound || check)) {
      const v = parseNum(draft);
      if (v !== undefined) {
        const err = (bound ? boundError(locale, bound, v) : null) ?? (check ? check(v) : null);
        if (err) {
          setError(err);
          return;
        }
      }
    }
    const err = onCommit(draft);
    setError(err);
    if (!err) setDraft(null);
  };
  return (
    <>
      <label htmlFor={id} title={help ? `${t(label)} — ${help}` : t(label)}>
        {t(label)}
      </label>
      <input
        id={id}
        className={`inp${error ? ' invalid' : ''}`}
        data-testid={testId}
        value={draft ?? shown}
        type="text"
        inputMode={type === 'number' ? 'decimal' : undefined}
        placeholder={placeholder}
        title={help}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error && (
        <div id={`${id}-error`} className="field-error" data-testid={testId ? `${testId}-error` : undefined} role="alert">
          {error}
        </div>
      )}
    </>
  );
}

/** Parse a number field: empty -> undefined (when optional), else Number (NaN stays NaN so the schema refuses it). */
export function parseNum(raw: string): number | undefined {
  const s = raw.trim().replace(/,/g, '');
  if (s === '') return undefined;
  return Number(s);
}

export function SelectField<T extends string>({
  label,
  testId,
  value,
  options,
  onChange,
}: {
  label: MessageKey;
  testId?: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange(v: T): string | null;
}) {
  const { t } = useI18n();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <label htmlFor={id} title={t(label)}>
        {t(label)}
      </label>
      <select
        id={id}
        className="inp"
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        value={value}
        onChange={(e) => setError(onChange(e.target.value as T))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

export function ReadOnly({ label, value, testId }: { label: MessageKey; value: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <label id={id}>{t(label)}</label>
      <div className="ro" data-testid={testId} role="textbox" aria-readonly="true" aria-labelledby={id}>
        {value}
      </div>
    </>
  );
}

export function Section({
  title,
  children,
  defaultOpen = true,
  testId,
}: {
  title: string;
  children: ReactNode;
  defaultOpen?: boolean;
  testId?: string;
}) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <div className="section" data-testid={testId}>
      <div className="title" onClick={() => setOpen(!open)}>
        <span className="chev">{open ? '▾' : '▸'}</span>
        {title}
      </div>
      {open && <div className="content">{children}</div>}
    </div>
  );
}
