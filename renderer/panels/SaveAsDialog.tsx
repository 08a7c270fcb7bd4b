import { useState } from 'react';
import { useI18n } from '../i18n';
import { getAppStore } from '../store';
import { getSession } from '../app/session';
import { Dialog } from './Dialog';

export function SaveAsDialog() {
  const { t } = useI18n();
  const [name, setName] = useState(() => getAppStore().getState().design.name);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const ok = await getSession().saveAs(name);
    setBusy(false);
    if (ok) getAppStore().getState().closeDialog();
  };
  return (
    <Dialog
      title={t('dialog.saveAsTitle')}
      testId="save-as-dialog"
      footer={
        <>
          <button className="btn" onClick={() => getAppStore().getState().closeDialog()}>
            {t('dialog.cancel')}
          </button>
          <button
            className="btn primary"
            data-testid="save-as-confirm"
            disabled={busy || !name.trim()}
            onClick={() => void submit()}
          >
            {t('dialog.save')}
          </button>
        </>
      }
    >
      <div className="fields">
        <label>{t('dialog.name')}</label>
        <input
          className="inp"
          autoFocus
          data-testid="save-as-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void submit()}
        />
      </div>
    </Dialog>
  );
}
