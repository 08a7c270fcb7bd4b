/**
 * Inspector form fields with inline validation: an edit is checked with the
 * pure operation first; a refusal is shown beside the field with its reason
 * (zod field errors name the path) and nothing is applied.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
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
}

export function Field({ label, testId, value, onCommit, type = 'text', placeholder }: FieldProps) {
  const { t } = useI18n();
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(null);
    setError(null);
  }, [shown]);
  const commit = () => {
    if (draft === null || draft === shown) {
      setDraft(null);
      setError(null);
      return;
    }
    const err = onCommit(draft);
    setError(err);
    if (!err) setDraft(null);
  };
  return (
    <>
      <label title={t(label)}>{t(label)}</label>
      <input
        className={`inp${error ? ' invalid' : ''}`}
        data-testid={testId}
        value={draft ?? shown}
        type="text"
        inputMode={type === 'number' ? 'decimal' : undefined}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
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
        <div className="field-error" data-testid={testId ? `${testId}-error` : undefined} role="alert">
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
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <label title={t(label)}>{t(label)}</label>
      <select
        className="inp"
        data-testid={testId}
        value={value}
        onChange={(e) => setError(onChange(e.target.value as T))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && <div className="field-error">{error}</div>}
    </>
  );
}

export function ReadOnly({ label, value, testId }: { label: MessageKey; value: ReactNode; testId?: string }) {
  const { t } = useI18n();
  return (
    <>
      <label>{t(label)}</label>
      <div className="ro" data-testid={testId}>
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
