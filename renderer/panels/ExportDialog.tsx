/**
 * File > Export: the report of the open design (unsaved edits included) as PDF,
 * HTML, Markdown, CSV (BOM), XLSX (BOM + power) or JSON (design + results), or
 * the design file itself. The host evaluates and renders; Electron shows a
 * native save dialog, the browser downloads the file.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { ApiArgs, ReportFile, WorkbenchApi } from '../../core/api';
import { useI18n, type Locale, type MessageKey } from '../i18n';
import { getAppStore, isDirty } from '../store';
import { getSession } from '../app/session';

export type ExportChoice = 'pdf' | 'html' | 'md' | 'csv' | 'xlsx' | 'json' | 'design';

const CHOICES: ReadonlyArray<{ id: ExportChoice; label: MessageKey; hint: MessageKey }> = [
  { id: 'pdf', label: 'export.pdf', hint: 'export.pdfHint' },
  { id: 'html', label: 'export.html', hint: 'export.htmlHint' },
  { id: 'md', label: 'export.md', hint: 'export.mdHint' },
  { id: 'csv', label: 'export.csv', hint: 'export.csvHint' },
  { id: 'xlsx', label: 'export.xlsx', hint: 'export.xlsxHint' },
  { id: 'json', label: 'export.json', hint: 'export.jsonHint' },
  { id: 'design', label: 'export.design', hint: 'export.designHint' },
];

const LANG_LABEL: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** Whether the Export dialog is open (kept here so the app store's dialog list stays untouched). */
export const useExportDialog = create<{ open: boolean }>(() => ({ open: false }));
export function openExportDialog(): void {
  useExportDialog.setState({ open: true });
}
export function closeExportDialog(): void {
  useExportDialog.setState({ open: false });
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Save a report through the client's file saver, or download it when the client has none. */
async function saveReport(api: WorkbenchApi, args: ApiArgs<'exportReport'>): Promise<{ saved: boolean; fileName: string }> {
  if (api.saveReportFile) return api.saveReportFile(args);
  const report: ReportFile = await api.exportReport(args);
  const url = URL.createObjectURL(new Blob([base64ToBytes(report.base64)], { type: report.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = report.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { saved: true, fileName: report.fileName };
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function ExportDialog() {
  const open = useExportDialog((s) => s.open);
  return open ? <ExportDialogBody /> : null;
}

function ExportDialogBody() {
  const { t, locale } = useI18n();
  const [format, setFormat] = useState<ExportChoice>('pdf');
  const [lang, setLang] = useState<Locale>(locale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) closeExportDialog();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy]);

  const run = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    const session = getSession();
    try {
      let r: { saved: boolean; fileName: string };
      if (format === 'design') {
        // A design file is the stored document: save pending edits first.
        const s = getAppStore().getState();
        if (isDirty(s) || !s.savedDesign) {
          const ok = await session.save();
          if (!ok) throw new Error(t('export.saveFirstFailed'));
        }
        r = await session.api.saveDesignFile({ id: getAppStore().getState().design.id });
      } else {
        // The in-memory design: unsaved edits are exported too.
        const design = getAppStore().getState().design as unknown as Record<string, unknown>;
        r = await saveReport(session.api, { design, format, lang });
      }
      setDone(r.saved ? t('export.saved', { file: r.fileName }) : t('export.cancelled'));
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && !busy && closeExportDialog()}>
      <div className="dialog" role="dialog" aria-label={t('export.title')} data-testid="export-dialog" style={{ width: 520 }}>
        <div className="dlg-title">{t('export.title')}</div>
        <div className="dlg-body">
          <fieldset style={{ border: 'none', margin: 0, padding: 0 }} disabled={busy}>
            <legend style={{ color: 'var(--text-2)', marginBottom: 6 }}>{t('export.format')}</legend>
            <div role="radiogroup" style={{ display: 'grid', gap: 4 }}>
              {CHOICES.map((c) => (
                <label
                  key={c.id}
                  data-testid={`export-format-${c.id}`}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: 'auto 1fr',
                    columnGap: 8,
                    alignItems: 'start',
                    padding: '5px 8px',
                    border: `1px solid ${format === c.id ? 'var(--accent)' : 'var(--border)'}`,
                    borderRadius: 4,
                    cursor: 'pointer',
                  }}
                >
                  <input
                    type="radio"
                    name="export-format"
                    value={c.id}
                    checked={format === c.id}
                    onChange={() => setFormat(c.id)}
                    style={{ marginTop: 2 }}
                  />
                  <span>
                    <span style={{ fontWeight: 600 }}>{t(c.label)}</span>
                    <span style={{ display: 'block', color: 'var(--text-2)', fontSize: 11, marginTop: 1 }}>{t(c.hint)}</span>
                  </span>
                </label>
              ))}
            </div>
            <div className="fields" style={{ marginTop: 10 }}>
              <label htmlFor="export-lang">{t('export.language')}</label>
              <select
                id="export-lang"
                className="select inp"
                data-testid="export-lang"
                value={lang}
                disabled={format === 'design'}
                onChange={(e) => setLang(e.target.value as Locale)}
              >
                {(Object.keys(LANG_LABEL) as Locale[]).map((l) => (
                  <option key={l} value={l}>
                    {LANG_LABEL[l]}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          {busy && (
            <div data-testid="export-progress" role="status" style={{ marginTop: 10 }}>
              <progress style={{ width: '100%' }} aria-label={t('export.working')} />
              <div style={{ color: 'var(--text-2)', fontSize: 11 }}>{t(format === 'pdf' ? 'export.printing' : 'export.working')}</div>
            </div>
          )}
          {error && (
            <div
              data-testid="export-error"
              role="alert"
              style={{
                marginTop: 10,
                padding: '6px 8px',
                borderLeft: '3px solid var(--danger)',
                background: 'var(--danger-soft)',
                color: 'var(--danger)',
                whiteSpace: 'pre-wrap',
                overflowWrap: 'anywhere',
              }}
            >
              {t('export.failed', { message: error })}
            </div>
          )}
          {done && !error && (
            <div data-testid="export-done" role="status" style={{ marginTop: 10, color: 'var(--text-2)', overflowWrap: 'anywhere' }}>
              ✓ {done}
            </div>
          )}
        </div>
        <div className="dlg-foot">
          <button className="btn" data-testid="export-close" disabled={busy} onClick={() => closeExportDialog()}>
            {t(done ? 'dialog.close' : 'dialog.cancel')}
          </button>
          <button className="btn primary" data-testid="export-confirm" disabled={busy} onClick={() => void run()}>
            {busy ? t('export.exporting') : t('export.export')}
          </button>
        </div>
      </div>
    </div>
  );
}
