import { useEffect, useState } from 'react';
import { useI18n, fmtNumber } from '../i18n';
import { getAppStore } from '../store';
import { getSession, useSession } from '../app/session';
import { Dialog } from './Dialog';

export function OpenDialog() {
  const { t, locale } = useI18n();
  const designs = useSession((s) => s.designs);
  const [selected, setSelected] = useState<string | null>(null);
  const session = getSession();
  useEffect(() => {
    void session.refreshDesigns();
  }, [session]);
  const open = async (id: string) => {
    if (!session.confirmDiscard()) return;
    if (await session.openDesign(id)) getAppStore().getState().closeDialog();
  };
  const close = () => getAppStore().getState().closeDialog();
  return (
    <Dialog
      title={t('dialog.openTitle')}
      testId="open-dialog"
      wide
      footer={
        <>
          {selected && (
            <button
              className="btn danger"
              data-testid="open-delete"
              onClick={() => {
                const d = designs.find((x) => x.id === selected);
                if (d && window.confirm(t('dialog.confirmDelete', { name: d.name }))) void session.deleteDesign(d.id);
              }}
            >
              {t('dialog.delete')}
            </button>
          )}
          <span style={{ flex: 1 }} />
          <button className="btn" onClick={close}>
            {t('dialog.cancel')}
          </button>
          <button
            className="btn primary"
            data-testid="open-confirm"
            disabled={!selected}
            onClick={() => selected && void open(selected)}
          >
            {t('dialog.open')}
          </button>
        </>
      }
    >
      {designs.length === 0 ? (
        <div className="empty-note">{t('dialog.noDesigns')}</div>
      ) : (
        <table className="design-list" data-testid="design-list">
          <thead>
            <tr>
              <th>{t('dialog.name')}</th>
              <th>{t('results.accelerators')}</th>
              <th>{t('dialog.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {designs.map((d) => (
              <tr
                key={d.id}
                className={`row${selected === d.id ? ' sel' : ''}`}
                data-testid={`design-row-${d.id}`}
                data-name={d.name}
                onClick={() => setSelected(d.id)}
                onDoubleClick={() => void open(d.id)}
              >
                <td>{d.name}</td>
                <td>{d.accelerators !== undefined ? fmtNumber(locale, d.accelerators, 0) : '—'}</td>
                <td>{new Date(d.updatedAt).toLocaleString(locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
