/**
 * File > Versions…: every saved version of the open design (time, name or note,
 * size), restore one (it becomes the newest version; nothing is lost), name one
 * (pruning keeps named versions), and compare two side by side: key figures
 * (evaluated here, as the compare view does) and the fields that changed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { StoredDesign, VersionSummary } from '../../core/api';
import { evaluate, type Results } from '../../core/evaluate';
import { fmtNumber, useI18n, type Locale, type MessageKey, type Params } from '../i18n';
import { getAppStore, isDirty, useApp } from '../store';
import { getSession } from '../app/session';
import { getCatalog } from '../app/catalog';
import { Dialog } from './Dialog';
import { buildCompareTable, formatCompareValue } from './ComparePanel';
import { diffDesigns, formatDiffValue, type FieldChange } from './designDiff';

/** Changed fields listed at most (the count says how many there are). */
const MAX_LISTED_CHANGES = 300;

export function formatBytes(locale: Locale, bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  if (bytes < 1024) return `${fmtNumber(locale, bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${fmtNumber(locale, bytes / 1024, 1)} KB`;
  return `${fmtNumber(locale, bytes / 1048576, 1)} MB`;
}

/** The host writes its notes in English: the known ones are shown in the UI language. */
export function noteText(t: (key: MessageKey, params?: Params) => string, note: string): string {
  const restored = /^Restored version (\d+)$/.exec(note);
  if (restored) return t('versions.noteRestored', { version: restored[1]! });
  const imported = /^Imported from (.+?)(?: \(schema (\d+), upgraded\))?$/.exec(note);
  if (imported) {
    return imported[2]
      ? t('versions.noteImportedUpgraded', { file: imported[1]!, schema: imported[2] })
      : t('versions.noteImported', { file: imported[1]! });
  }
  return note;
}

interface Side {
  version: VersionSummary;
  stored: StoredDesign;
  results: Results | null;
  error: string | null;
}

function evaluateSafely(stored: StoredDesign): { results: Results | null; error: string | null } {
  try {
    return { results: evaluate(stored.design, { catalog: getCatalog() }), error: null };
  } catch (e) {
    return { results: null, error: e instanceof Error ? e.message : String(e) };
  }
}

export function VersionsDialog() {
  const { t, locale } = useI18n();
  const designId = useApp((s) => s.design.id);
  const designName = useApp((s) => s.design.name);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [notSaved, setNotSaved] = useState(false);
  const [picked, setPicked] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [compare, setCompare] = useState<[Side, Side] | null>(null);
  const [naming, setNaming] = useState<{ version: number; text: string } | null>(null);
  const session = getSession();
  const close = () => getAppStore().getState().closeDialog();

  const load = useCallback(async () => {
    try {
      setVersions(await session.api.listVersions({ id: designId }));
      setNotSaved(false);
    } catch {
      setVersions([]);
      setNotSaved(true);
    }
  }, [session, designId]);
  useEffect(() => {
    void load();
  }, [load]);

  const current = versions?.[0]?.version;

  const restore = async (v: VersionSummary) => {
    if (isDirty(getAppStore().getState()) && !window.confirm(t('versions.confirmRestore', { version: v.version })))
      return;
    setBusy(true);
    try {
      const r = await session.api.restoreVersion({ id: designId, version: v.version });
      await session.openDesign(designId);
      getAppStore()
        .getState()
        .notify('info', { key: 'versions.restored', params: { version: v.version, newVersion: r.version } });
      setPicked([]);
      await load();
    } catch (e) {
      getAppStore()
        .getState()
        .notify('error', { key: 'refuse.apiFailed', params: { message: e instanceof Error ? e.message : String(e) } });
    } finally {
      setBusy(false);
    }
  };

  const saveName = async () => {
    if (!naming) return;
    const label = naming.text.trim();
    try {
      await session.api.nameVersion({ id: designId, version: naming.version, label: label || null });
      setNaming(null);
      await load();
    } catch (e) {
      getAppStore()
        .getState()
        .notify('error', { key: 'refuse.apiFailed', params: { message: e instanceof Error ? e.message : String(e) } });
    }
  };

  const runCompare = async () => {
    if (!versions || picked.length !== 2) return;
    const [older, newer] = [...picked].sort((a, b) => a - b) as [number, number];
    setBusy(true);
    try {
      const sides = await Promise.all(
        [older, newer].map(async (n) => {
          const stored = await session.api.getVersion({ id: designId, version: n });
          await new Promise((r) => setTimeout(r, 0));
          return { version: versions.find((v) => v.version === n)!, stored, ...evaluateSafely(stored) };
        }),
      );
      setCompare([sides[0]!, sides[1]!]);
    } catch (e) {
      getAppStore()
        .getState()
        .notify('error', { key: 'refuse.apiFailed', params: { message: e instanceof Error ? e.message : String(e) } });
    } finally {
      setBusy(false);
    }
  };

  const when = (iso: string) => new Date(iso).toLocaleString(locale);

  if (compare) {
    return (
      <Dialog
        title={t('versions.compareTitle', { a: compare[0].version.version, b: compare[1].version.version })}
        testId="versions-compare"
        wide
        footer={
          <>
            <span style={{ flex: 1 }} />
            <button className="btn" data-testid="versions-back" onClick={() => setCompare(null)}>
              {t('compare.back')}
            </button>
            <button className="btn primary" onClick={close}>
              {t('dialog.close')}
            </button>
          </>
        }
      >
        <CompareBody sides={compare} when={when} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t('versions.title', { name: designName })}
      testId="versions-dialog"
      wide
      footer={
        <>
          <span style={{ flex: 1, color: 'var(--text-3)', alignSelf: 'center' }} data-testid="versions-hint">
            {busy ? t('compare.evaluating') : t('versions.pickTwo', { n: picked.length })}
          </span>
          <button className="btn" onClick={close}>
            {t('dialog.close')}
          </button>
          <button
            className="btn primary"
            data-testid="versions-compare-run"
            disabled={picked.length !== 2 || busy}
            onClick={() => void runCompare()}
          >
            {t('versions.compare')}
          </button>
        </>
      }
    >
      {versions === null ? (
        <div className="empty-note">{t('app.loading')}</div>
      ) : notSaved || versions.length === 0 ? (
        <div className="empty-note" data-testid="versions-not-saved">
          {t('versions.notSaved')}
        </div>
      ) : (
        <>
          {isDirty(getAppStore().getState()) && (
            <div className="hint" style={{ marginTop: 0, marginBottom: 8 }}>
              {t('versions.unsavedHint')}
            </div>
          )}
          <div style={{ maxHeight: '56vh', overflow: 'auto' }}>
            <table className="design-list versions" data-testid="versions-list">
              <thead>
                <tr>
                  <th style={{ width: 28 }} />
                  <th style={{ width: 96 }}>{t('versions.version')}</th>
                  <th style={{ width: 170 }}>{t('versions.savedAt')}</th>
                  <th>{t('versions.nameNote')}</th>
                  <th style={{ width: 80, textAlign: 'right' }}>{t('versions.size')}</th>
                  <th style={{ width: 170 }} />
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => {
                  const on = picked.includes(v.version);
                  const full = !on && picked.length >= 2;
                  return (
                    <tr key={v.version} className={`row${on ? ' sel' : ''}`} data-testid={`version-row-${v.version}`}>
                      <td>
                        <input
                          type="checkbox"
                          checked={on}
                          disabled={full}
                          data-testid={`version-pick-${v.version}`}
                          aria-label={t('versions.pick', { version: v.version })}
                          onChange={() => setPicked((p) => (on ? p.filter((x) => x !== v.version) : [...p, v.version]))}
                        />
                      </td>
                      <td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                        {v.version}
                        {v.version === current && <span className="tag">{t('versions.current')}</span>}
                      </td>
                      <td>{when(v.savedAt)}</td>
                      <td>
                        {naming?.version === v.version ? (
                          <input
                            className="input"
                            autoFocus
                            data-testid="version-name-input"
                            aria-label={t('versions.nameLabel')}
                            value={naming.text}
                            maxLength={200}
                            onChange={(e) => setNaming({ version: v.version, text: e.target.value })}
                            onKeyDown={(e) => {
                              e.stopPropagation();
                              if (e.key === 'Enter') void saveName();
                              if (e.key === 'Escape') setNaming(null);
                            }}
                            onBlur={() => void saveName()}
                          />
                        ) : (
                          <>
                            {v.label && <strong data-testid={`version-label-${v.version}`}>{v.label}</strong>}
                            {v.label && (v.note || v.name) && ' · '}
                            <span style={{ color: 'var(--text-2)' }}>{v.note ? noteText(t, v.note) : v.name}</span>
                            {v.note && v.name && <span style={{ color: 'var(--text-3)' }}> ({v.name})</span>}
                          </>
                        )}
                      </td>
                      <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                        {formatBytes(locale, v.bytes)}
                      </td>
                      <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                        <button
                          className="btn small"
                          data-testid={`version-name-${v.version}`}
                          onClick={() => setNaming({ version: v.version, text: v.label ?? '' })}
                        >
                          {t('versions.name')}
                        </button>
                        <button
                          className="btn small"
                          data-testid={`version-restore-${v.version}`}
                          disabled={busy || v.version === current}
                          title={v.version === current ? t('versions.isCurrent') : undefined}
                          onClick={() => void restore(v)}
                        >
                          {t('versions.restore')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Dialog>
  );
}

function CompareBody({ sides, when }: { sides: [Side, Side]; when: (iso: string) => string }) {
  const { t, locale } = useI18n();
  const rows = buildCompareTable(sides.map((s) => s.results)).filter((r) => r.values.some((v) => v !== null));
  const changes = diffDesigns(sides[0].stored.design, sides[1].stored.design);
  const shown = changes.slice(0, MAX_LISTED_CHANGES);
  const head = (s: Side) => (
    <th key={s.version.version} style={{ textAlign: 'right' }}>
      <div>{t('versions.versionN', { version: s.version.version })}</div>
      <div style={{ fontWeight: 400, color: 'var(--text-3)', fontSize: 10.5 }}>{when(s.version.savedAt)}</div>
    </th>
  );
  return (
    <div className="versions-compare">
      <section>
        <h4>{t('versions.keyFigures')}</h4>
        {sides.some((s) => s.error) && (
          <div style={{ color: 'var(--danger)', fontSize: 11 }}>
            {sides.map((s) => (s.error ? t('compare.failed', { message: s.error }) : '')).join(' ')}
          </div>
        )}
        <table className="design-list" data-testid="versions-figures" style={{ tableLayout: 'fixed' }}>
          <thead>
            <tr>
              <th style={{ width: 180 }}>{t('compare.metric')}</th>
              {head(sides[0])}
              {head(sides[1])}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const [a, b] = row.values;
              const differs = a !== b;
              return (
                <tr key={row.def.id} data-testid={`versions-figure-${row.def.id}`} data-differs={differs || undefined}>
                  <td style={{ color: 'var(--text-2)' }}>{t(row.def.label)}</td>
                  {row.values.map((v, i) => (
                    <td
                      key={i}
                      data-value={v ?? ''}
                      style={{
                        textAlign: 'right',
                        fontVariantNumeric: 'tabular-nums',
                        fontWeight: differs && i === 1 ? 600 : undefined,
                      }}
                    >
                      {formatCompareValue(locale, row.def, v)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section>
        <h4 data-testid="versions-changes-count">{t('versions.changedFields', { n: changes.length })}</h4>
        {changes.length === 0 ? (
          <div className="empty-note">{t('versions.noChanges')}</div>
        ) : (
          <table className="design-list changes" data-testid="versions-changes">
            <thead>
              <tr>
                <th>{t('versions.field')}</th>
                <th>{t('versions.versionN', { version: sides[0].version.version })}</th>
                <th>{t('versions.versionN', { version: sides[1].version.version })}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <ChangeRow key={`${c.kind}:${c.path}`} change={c} locale={locale} />
              ))}
              {changes.length > shown.length && (
                <tr>
                  <td colSpan={3} style={{ color: 'var(--text-3)' }}>
                    {t('versions.moreChanges', { n: changes.length - shown.length })}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ChangeRow({ change: c, locale }: { change: FieldChange; locale: Locale }) {
  const { t } = useI18n();
  const where = c.entity ? (
    <>
      <span style={{ color: 'var(--text-3)' }}>{c.list}</span> <strong>{c.entity}</strong>
      {c.field && <code> {c.field}</code>}
    </>
  ) : (
    <code>{c.field}</code>
  );
  return (
    <tr data-testid="versions-change" data-path={c.path} data-kind={c.kind}>
      <td title={c.path}>{where}</td>
      {c.kind === 'changed' ? (
        <>
          <td className="before">{formatDiffValue(c.before, locale)}</td>
          <td className="after">{formatDiffValue(c.after, locale)}</td>
        </>
      ) : c.kind === 'added' ? (
        <>
          <td className="before">—</td>
          <td className="after">{t('versions.added')}</td>
        </>
      ) : (
        <>
          <td className="before">{t('versions.removed')}</td>
          <td className="after">—</td>
        </>
      )}
    </tr>
  );
}
