/**
 * Unsaved edits found in the recovery slot at start (a crash, a reload, a closed
 * tab): offered back over the canvas until the user restores or discards them.
 */
import { useI18n } from '../i18n';
import { getSession, useSession } from './session';

export function RecoveryOffer() {
  const { t, locale } = useI18n();
  const offer = useSession((s) => s.recoveryOffer);
  if (!offer) return null;
  const at = new Date(offer.snapshot.savedAt);
  const sameDay = at.toDateString() === new Date().toDateString();
  const time = sameDay ? at.toLocaleTimeString(locale) : at.toLocaleString(locale);
  return (
    <div className="recovery-offer" role="alertdialog" aria-label={t('recovery.title')} data-testid="recovery-offer">
      <div className="text">
        <strong>{t('recovery.title')}</strong>
        <div>
          {offer.snapshot.designId === null
            ? t('recovery.bodyNew', { name: offer.design.name, time })
            : t('recovery.body', { name: offer.design.name, time })}
        </div>
      </div>
      <button className="btn" data-testid="recovery-discard" onClick={() => void getSession().discardRecovery()}>
        {t('recovery.discard')}
      </button>
      <button className="btn primary" data-testid="recovery-restore" onClick={() => void getSession().acceptRecovery()}>
        {t('recovery.restore')}
      </button>
    </div>
  );
}
