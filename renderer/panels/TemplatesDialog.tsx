import { useEffect } from 'react';
import { useI18n, fmtNumber } from '../i18n';
import { getAppStore } from '../store';
import { getSession, useSession } from '../app/session';
import { Dialog } from './Dialog';

/** Gallery of templates; opening one creates a new, unsaved, editable design. */
export function TemplatesDialog() {
  const { t, locale } = useI18n();
  const templates = useSession((s) => s.templates);
  const session = getSession();
  useEffect(() => {
    void session.refreshTemplates();
  }, [session]);
  return (
    <Dialog
      title={t('dialog.templatesTitle')}
      testId="templates-dialog"
      wide
      footer={
        <button className="btn" onClick={() => getAppStore().getState().closeDialog()}>
          {t('dialog.close')}
        </button>
      }
    >
      {templates.length === 0 ? (
        <div className="empty-note">{t('dialog.noTemplates')}</div>
      ) : (
        <div className="tpl-grid">
          {templates.map((tpl) => (
            <button
              key={tpl.id}
              className="tpl-card"
              data-testid={`template-${tpl.id}`}
              title={t('dialog.useTemplate')}
              onClick={async () => {
                if (await session.openTemplate(tpl.id)) getAppStore().getState().closeDialog();
              }}
            >
              <span className="nm">{tpl.names?.[locale] ?? tpl.name}</span>
              {tpl.accelerators !== undefined && (
                <span className="acc">{t('status.accelerators', { n: fmtNumber(locale, tpl.accelerators, 0) })}</span>
              )}
              <span className="desc">{tpl.descriptions?.[locale] ?? tpl.description}</span>
            </button>
          ))}
        </div>
      )}
    </Dialog>
  );
}
