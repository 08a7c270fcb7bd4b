import { useI18n, fmtNumber } from '../i18n';
import { isDirty, useApp } from '../store';
import { useResults } from '../engine/client';
import { useSession } from './session';

export function StatusBar() {
  const { t, locale } = useI18n();
  const dirty = useApp(isDirty);
  const selected = useApp((s) => s.selectedIds.length);
  const entities = useApp((s) => {
    const d = s.design;
    return (
      d.groups.length +
      d.racks.length +
      d.servers.length +
      d.switches.length +
      d.storage.length +
      d.pdus.length +
      d.coolingUnits.length +
      d.cables.length +
      d.fabrics.length
    );
  });
  const evaluating = useResults((s) => s.evaluating);
  const ms = useResults((s) => s.ms);
  const timedOutS = useResults((s) => s.timedOutS);
  const acc = useResults((s) => s.results?.accelerators);
  const saving = useSession((s) => s.saving);
  const lastRecoveryAt = useSession((s) => s.lastRecoveryAt);
  return (
    <div className="statusbar" data-testid="statusbar">
      <span data-testid="status-save">
        {saving ? t('status.saving') : dirty ? t('app.unsaved') : t('status.saved')}
      </span>
      <span>{t('status.entities', { n: fmtNumber(locale, entities, 0) })}</span>
      {acc !== undefined && (
        <span data-testid="status-accelerators">{t('status.accelerators', { n: fmtNumber(locale, acc, 0) })}</span>
      )}
      {selected > 0 && <span>{t('status.selected', { n: selected })}</span>}
      <span className="spacer" />
      {lastRecoveryAt && dirty && (
        <span>{t('status.autosaved', { time: new Date(lastRecoveryAt).toLocaleTimeString(locale) })}</span>
      )}
      <span data-testid="status-engine">
        {evaluating
          ? t('status.evaluating')
          : timedOutS !== null
            ? t('status.evaluationStopped', { seconds: timedOutS })
            : ms !== null
              ? t('status.evaluatedIn', { ms: fmtNumber(locale, ms, 1) })
              : ''}
      </span>
    </div>
  );
}
