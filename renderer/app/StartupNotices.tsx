/**
 * What the host noticed at start-up (issue 2): a corrupt database moved aside,
 * a backup written before a migration, recovered unsaved changes. Shown once,
 * in a dismissible banner over the canvas. A first run's "new database created"
 * is not news and is not shown.
 */
import { useEffect, useState } from 'react';
import type { StartupNotice } from '../../core/api';
import { useI18n, type MessageKey } from '../i18n';
import { getSession } from './session';

const SEEN_KEY = 'cwb.startupNoticesSeen';

/** The codes shown to the user, with their message keys. Unknown codes show the host's (English) message. */
const CODE_KEYS: Record<string, MessageKey> = {
  'database-corrupt-moved': 'startup.corruptMoved',
  'database-migrated': 'startup.migrated',
};
// Recovered edits are offered by RecoveryOffer (restore or discard), not announced here.
const HIDDEN_CODES = new Set(['database-created', 'recovery-available']);

/** The notices worth showing (pure). */
export function visibleStartupNotices(notices: readonly StartupNotice[]): StartupNotice[] {
  return notices.filter((n) => !HIDDEN_CODES.has(n.code));
}

function fingerprint(notices: readonly StartupNotice[]): string {
  return notices.map((n) => `${n.code}|${n.path ?? ''}|${n.message}`).join('\n');
}

function alreadySeen(fp: string): boolean {
  try {
    return window.sessionStorage.getItem(SEEN_KEY) === fp;
  } catch {
    return false;
  }
}

function markSeen(fp: string): void {
  try {
    window.sessionStorage.setItem(SEEN_KEY, fp);
  } catch {
    /* not persisted: shown again after a reload */
  }
}

export function StartupNotices() {
  const { t } = useI18n();
  const [notices, setNotices] = useState<StartupNotice[]>([]);
  useEffect(() => {
    let live = true;
    getSession()
      .api.getStartupNotices()
      .then((all) => {
        const shown = visibleStartupNotices(all);
        if (live && shown.length && !alreadySeen(fingerprint(shown))) setNotices(shown);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!notices.length) return null;
  const dismissAll = () => {
    markSeen(fingerprint(notices));
    setNotices([]);
  };
  return (
    <div
      role="status"
      data-testid="startup-notices"
      style={{
        position: 'absolute',
        top: 10,
        left: '50%',
        transform: 'translateX(-50%)',
        width: 'min(640px, calc(100% - 24px))',
        zIndex: 20,
        background: 'var(--panel)',
        border: '1px solid var(--border-strong)',
        borderRadius: 6,
        boxShadow: 'var(--shadow)',
        padding: '8px 10px',
        fontSize: 12,
      }}
    >
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 4 }}>
        <strong style={{ flex: 1 }}>{t('startup.title')}</strong>
        <button className="btn" data-testid="startup-notices-dismiss" onClick={dismissAll}>
          {t('startup.dismiss')}
        </button>
      </div>
      {notices.map((n, i) => {
        const key = CODE_KEYS[n.code];
        const color = n.level === 'error' ? 'var(--danger)' : n.level === 'warning' ? 'var(--warn)' : 'var(--accent)';
        return (
          <div
            key={`${n.code}-${i}`}
            data-testid={`startup-notice-${n.code}`}
            title={n.message}
            style={{ borderLeft: `3px solid ${color}`, padding: '3px 8px', margin: '4px 0' }}
          >
            <div>{key ? t(key) : n.message}</div>
            {n.path && (
              <div
                style={{ fontFamily: 'var(--mono)', fontSize: 10.5, color: 'var(--text-2)', wordBreak: 'break-all' }}
              >
                {n.path}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
