/**
 * Custom catalog parts: create a server (from a catalog server as template) or an
 * accelerator, edit or delete one. Every edit is validated inline with the
 * catalog's own zod schema (the host validates the same way before saving); the
 * refusal is shown beside its field with the field path. Saving refreshes the
 * catalog store, so the palette and the engine worker see the part at once.
 */
import { useEffect, useMemo, useState } from 'react';
import { create } from 'zustand';
import { useI18n, type MessageKey } from '../i18n';
import { getSession } from '../app/session';
import { getCatalog, setCustomParts, useCatalog } from '../app/catalog';
import { CatalogPartSchema, DEFAULT_CATALOG } from '../../core/catalog';
import type { CatalogPart } from '../../core/catalog/types';
import type { CustomPart } from '../../core/api';

export type CustomKind = 'server' | 'accelerator';

/**
 * An accelerator dropped on the canvas: it goes there inside a server, so the dialog opens
 * on a new server hosting it, and `place` puts the saved server where the accelerator fell.
 */
export interface HostFor {
  acceleratorId: string;
  place: (serverPartId: string) => void;
}

/** Whether the dialog is open, and which custom part it edits (kept here so the app store stays untouched). */
export const useCustomPartDialog = create<{ open: boolean; editId: string | null; hostFor: HostFor | null }>(() => ({
  open: false,
  editId: null,
  hostFor: null,
}));
export function openCustomPartDialog(editId: string | null = null, hostFor: HostFor | null = null): void {
  useCustomPartDialog.setState({ open: true, editId, hostFor });
}
export function closeCustomPartDialog(): void {
  useCustomPartDialog.setState({ open: false, editId: null, hostFor: null });
}

interface FieldDef {
  path: string;
  label: MessageKey;
  type: 'text' | 'number' | 'select';
  options?: () => string[];
}

const COOLING = ['air', 'cold-plate', 'immersion'];
const SCALE_UP = ['nvlink', 'nvl72', 'hccs', 'mtlink', 'infinity-fabric', 'roce', 'blink', 'metaxlink', 'mlu-link', 'pcie'];

const COMMON_HEAD: FieldDef[] = [
  { path: 'name', label: 'custom.name', type: 'text' },
  { path: 'id', label: 'custom.id', type: 'text' },
  { path: 'vendor', label: 'custom.vendor', type: 'text' },
];
const COMMON_TAIL: FieldDef[] = [
  { path: 'priceUsd', label: 'custom.priceUsd', type: 'number' },
  { path: 'source', label: 'custom.source', type: 'text' },
];

const FIELDS: Record<CustomKind, FieldDef[]> = {
  server: [
    ...COMMON_HEAD,
    {
      path: 'acceleratorId',
      label: 'custom.acceleratorId',
      type: 'select',
      options: () =>
        getCatalog()
          .accelerators()
          .map((a) => a.id),
    },
    { path: 'acceleratorsPerServer', label: 'custom.acceleratorsPerServer', type: 'number' },
    { path: 'heightU', label: 'custom.heightU', type: 'number' },
    { path: 'maxPowerW', label: 'custom.maxPowerW', type: 'number' },
    { path: 'typicalPowerW', label: 'custom.typicalPowerW', type: 'number' },
    { path: 'computeNics.count', label: 'custom.nicCount', type: 'number' },
    { path: 'computeNics.linkGbps', label: 'custom.nicGbps', type: 'number' },
    { path: 'cooling', label: 'custom.cooling', type: 'select', options: () => COOLING },
    ...COMMON_TAIL,
  ],
  accelerator: [
    ...COMMON_HEAD,
    { path: 'peakTflops.bf16', label: 'custom.tflopsBf16', type: 'number' },
    { path: 'peakTflops.fp8', label: 'custom.tflopsFp8', type: 'number' },
    { path: 'memoryGB', label: 'custom.memoryGB', type: 'number' },
    { path: 'memoryTBps', label: 'custom.memoryTBps', type: 'number' },
    { path: 'tdpW', label: 'custom.tdpW', type: 'number' },
    { path: 'scaleUp.kind', label: 'custom.scaleUpKind', type: 'select', options: () => SCALE_UP },
    { path: 'scaleUp.bandwidthGBps', label: 'custom.scaleUpGBps', type: 'number' },
    { path: 'scaleUp.domainSize', label: 'custom.scaleUpDomain', type: 'number' },
    ...COMMON_TAIL,
  ],
};

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = obj;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string;
    const next = cur[seg];
    const copy = next !== null && typeof next === 'object' ? { ...(next as Record<string, unknown>) } : {};
    cur[seg] = copy;
    cur = copy;
  }
  cur[segs[segs.length - 1] as string] = value;
}

/** Form values (strings) from a part. */
function formFrom(part: CatalogPart, kind: CustomKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS[kind]) {
    const v = getPath(part, f.path);
    out[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/** The part the form describes: the template's other fields, overwritten by the form. */
export function buildPart(
  template: CatalogPart,
  kind: CustomKind,
  form: Record<string, string>,
): Record<string, unknown> {
  const part: Record<string, unknown> = structuredClone(template) as unknown as Record<string, unknown>;
  delete part.custom;
  part.kind = kind;
  for (const f of FIELDS[kind]) {
    const raw = form[f.path] ?? '';
    const value = f.type === 'number' ? (raw.trim() === '' ? Number.NaN : Number(raw.trim())) : raw;
    setPath(part, f.path, value);
  }
  // Dense FP16 equals BF16 on every accelerator the catalog holds; the form asks for BF16 only.
  if (kind === 'accelerator') setPath(part, 'peakTflops.fp16', getPath(part, 'peakTflops.bf16'));
  return part;
}

/** Field path -> "part.<path>: <reason>" for every schema issue (first issue per field). */
export function validatePart(part: unknown, builtInIds: ReadonlySet<string>): Map<string, string> {
  const errors = new Map<string, string>();
  const r = CatalogPartSchema.safeParse(part);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path.map(String).join('.');
      if (!errors.has(key)) errors.set(key, `part.${key}: ${issue.message}`);
    }
  }
  const id = getPath(part, 'id');
  if (typeof id === 'string' && builtInIds.has(id) && !errors.has('id')) {
    errors.set('id', `part.id: "${id}" is a built-in part id`);
  }
  return errors;
}

const BUILT_IN_IDS: ReadonlySet<string> = new Set(DEFAULT_CATALOG.list().map((p) => p.id));

async function refreshCustomParts(): Promise<void> {
  const parts = await getSession().api.listCustomParts();
  setCustomParts(parts as unknown as CatalogPart[]);
}

export function CustomPartDialog() {
  const { t } = useI18n();
  const editId = useCustomPartDialog((s) => s.editId);
  const hostFor = useCustomPartDialog((s) => s.hostFor);
  const customParts = useCatalog((s) => s.customParts);
  const editing = editId ? customParts.find((p) => p.id === editId) : undefined;
  const servers = useMemo(() => DEFAULT_CATALOG.servers().map((s) => s.id), []);
  const accels = useMemo(() => DEFAULT_CATALOG.accelerators().map((a) => a.id), []);

  const initialKind: CustomKind = editing?.kind === 'accelerator' ? 'accelerator' : 'server';
  const [kind, setKind] = useState<CustomKind>(initialKind);
  const [templateId, setTemplateId] = useState<string>(
    () => editing?.id ?? (initialKind === 'server' ? (servers[0] ?? '') : (accels[0] ?? '')),
  );
  const template: CatalogPart | undefined = editing ?? getCatalog().get(templateId);
  /** A new server for a dropped accelerator: preset to host it, whatever the template. */
  const hostPreset = (f: Record<string, string>, k: CustomKind): Record<string, string> => {
    const acc = hostFor && !editing && k === 'server' ? getCatalog().get(hostFor.acceleratorId) : undefined;
    if (!acc) return f;
    return {
      ...f,
      acceleratorId: acc.id,
      id: `${acc.id}-server`,
      name: t('custom.hostName', { name: acc.name }),
      vendor: acc.vendor,
    };
  };
  const [form, setForm] = useState<Record<string, string>>(() =>
    template ? hostPreset(fromTemplate(template, initialKind, !!editing), initialKind) : {},
  );
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeCustomPartDialog();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function fromTemplate(p: CatalogPart, k: CustomKind, keepIdentity: boolean): Record<string, string> {
    const f = formFrom(p, k);
    if (!keepIdentity) {
      f.id = `${p.id}-custom`;
      f.name = `${p.name} (custom)`;
      f.source = 'user-defined';
    }
    return f;
  }

  const pickTemplate = (k: CustomKind, id: string) => {
    setKind(k);
    setTemplateId(id);
    const p = getCatalog().get(id);
    if (p) setForm(hostPreset(fromTemplate(p, k, false), k));
  };

  const part = template ? buildPart(template, kind, form) : null;
  const errors = part ? validatePart(part, BUILT_IN_IDS) : new Map<string, string>();
  const valid = part !== null && errors.size === 0;

  const save = async () => {
    if (!part || !valid) return;
    setBusy(true);
    setSaveError(null);
    try {
      await getSession().api.saveCustomPart({ part: part as unknown as CustomPart });
      await refreshCustomParts();
      closeCustomPartDialog();
      if (hostFor && !editing) hostFor.place(String(part.id));
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!editing) return;
    setBusy(true);
    setSaveError(null);
    try {
      await getSession().api.deleteCustomPart({ id: editing.id });
      await refreshCustomParts();
      closeCustomPartDialog();
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const title = editing ? t('custom.editTitle', { id: editing.id }) : t('custom.newTitle');
  // Errors on fields the form does not show (e.g. a template's extra fields) are listed at the bottom.
  const shown = new Set(FIELDS[kind].map((f) => f.path));
  const otherErrors = [...errors].filter(([k]) => !shown.has(k)).map(([, v]) => v);

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && closeCustomPartDialog()}>
      <div className="dialog" role="dialog" aria-label={title} data-testid="custom-part-dialog" style={{ width: 560 }}>
        <div className="dlg-title">{title}</div>
        <div className="dlg-body" style={{ maxHeight: '70vh', overflowY: 'auto' }}>
          {hostFor && !editing && (
            <p className="hint" data-testid="custom-host-hint" style={{ marginTop: 0, color: 'var(--text-2)' }}>
              {t('custom.hostHint')}
            </p>
          )}
          <div className="fields">
            {!editing && (
              <>
                <label>{t('custom.kind')}</label>
                <select
                  className="inp"
                  data-testid="custom-kind"
                  value={kind}
                  onChange={(e) => {
                    const k = e.target.value as CustomKind;
                    pickTemplate(k, (k === 'server' ? servers[0] : accels[0]) ?? '');
                  }}
                >
                  <option value="server">{t('custom.kindServer')}</option>
                  <option value="accelerator">{t('custom.kindAccelerator')}</option>
                </select>
                <label>{t('custom.template')}</label>
                <select
                  className="inp"
                  data-testid="custom-template"
                  value={templateId}
                  onChange={(e) => pickTemplate(kind, e.target.value)}
                >
                  {(kind === 'server' ? servers : accels).map((id) => (
                    <option key={id} value={id}>
                      {id}
                    </option>
                  ))}
                </select>
              </>
            )}
            {FIELDS[kind].map((f) => {
              const err = errors.get(f.path);
              const testId = `custom-${f.path.replace(/\./g, '-')}`;
              const value = form[f.path] ?? '';
              const onChange = (v: string) => setForm((prev) => ({ ...prev, [f.path]: v }));
              return (
                <FieldRow key={f.path} label={t(f.label)} error={err} testId={testId}>
                  {f.type === 'select' ? (
                    <select
                      className={`inp${err ? ' invalid' : ''}`}
                      data-testid={testId}
                      value={value}
                      onChange={(e) => onChange(e.target.value)}
                    >
                      {[...new Set([value, ...(f.options?.() ?? [])])].map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      className={`inp${err ? ' invalid' : ''}`}
                      data-testid={testId}
                      value={value}
                      disabled={f.path === 'id' && !!editing}
                      inputMode={f.type === 'number' ? 'decimal' : undefined}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => onChange(e.target.value)}
                    />
                  )}
                </FieldRow>
              );
            })}
            {otherErrors.map((m) => (
              <div key={m} className="field-error" role="alert">
                {m}
              </div>
            ))}
            {saveError && (
              <div className="field-error" role="alert" data-testid="custom-save-error">
                {t('custom.saveFailed', { reason: saveError })}
              </div>
            )}
          </div>
        </div>
        <div className="dlg-foot">
          {editing && (
            <button
              className="btn"
              data-testid="custom-delete"
              disabled={busy}
              onClick={() => void remove()}
              style={{ marginRight: 'auto' }}
            >
              {t('custom.delete')}
            </button>
          )}
          <button className="btn" onClick={closeCustomPartDialog}>
            {t('dialog.cancel')}
          </button>
          <button
            className="btn primary"
            data-testid="custom-save"
            disabled={busy || !valid}
            onClick={() => void save()}
          >
            {t('dialog.save')}
          </button>
        </div>
      </div>
    </div>
  );
}

function FieldRow({
  label,
  error,
  testId,
  children,
}: {
  label: string;
  error: string | undefined;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <>
      <label title={label}>{label}</label>
      {children}
      {error && (
        <div className="field-error" data-testid={`${testId}-error`} role="alert">
          {error}
        </div>
      )}
    </>
  );
}
