import { useI18n } from '../i18n';
import { getAppStore } from '../store';
import { useResults } from '../engine/client';
import { warningText } from '../../core/warning-text';

/** Engine warnings; clicking one selects and zooms to the entities it names. */
export function WarningsPanel() {
  const { t, locale } = useI18n();
  const warnings = useResults((s) => s.results?.warnings);
  if (!warnings) return <div className="empty-note">{t('results.none')}</div>;
  if (!warnings.length)
    return (
      <div className="empty-note" data-testid="warnings-empty">
        {t('warnings.none')}
      </div>
    );
  return (
    <div className="warnings" data-testid="warnings">
      {warnings.map((w, i) => (
        <div
          key={`${w.code}-${i}`}
          className="warning-row"
          data-testid={`warning-${w.code}`}
          title={w.entityIds.length ? t('warnings.focus') : undefined}
          onClick={() => w.entityIds.length && getAppStore().getState().focus(w.entityIds)}
        >
          <span className="sev">
            <span className={`badge ${w.severity}`}>{t(`warnings.${w.severity}`)}</span>
          </span>
          <span className="msg">{warningText(w, locale)}</span>
          <span className="code">{w.code}</span>
        </div>
      ))}
    </div>
  );
}
