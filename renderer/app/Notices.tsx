import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { useApp, getAppStore } from '../store';
import { refusalText } from './text';

/** Transient messages: refusals (with their reasons), warnings, confirmations. */
export function Notices() {
  const { t } = useI18n();
  const notices = useApp((s) => s.notices);
  useEffect(() => {
    if (!notices.length) return;
    const last = notices[notices.length - 1]!;
    // An offer (a notice with a button) stays long enough to be read and taken.
    const ms = last.action ? 15000 : last.level === 'error' ? 9000 : 5000;
    const timer = setTimeout(() => getAppStore().getState().dismissNotice(last.id), ms);
    return () => clearTimeout(timer);
  }, [notices]);
  if (!notices.length) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-testid={`notice-${n.level}`} role="alert">
          <div className="msg">{refusalText(t, n.refusal)}</div>
          {n.action && (
            <button
              className="btn primary"
              data-testid={n.action.testId}
              onClick={() => {
                n.action!.run();
                getAppStore().getState().dismissNotice(n.id);
              }}
            >
              {refusalText(t, n.action.label)}
            </button>
          )}
          <button
            className="x"
            aria-label={t('dialog.close')}
            onClick={() => getAppStore().getState().dismissNotice(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
