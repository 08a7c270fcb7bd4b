/**
 * Why a design file could not be imported: the file, the field path the host
 * named and its message, shown until the user closes it.
 */
import { create } from 'zustand';
import { useI18n } from '../i18n';
import { Dialog } from './Dialog';

export interface ImportFailure {
  fileName: string;
  /** Field path the host reported (`racks[0].powerBudgetW`, `file`), when it named one. */
  path?: string;
  message: string;
}

export const useImportError = create<{ failure: ImportFailure | null }>(() => ({ failure: null }));

export function showImportError(failure: ImportFailure): void {
  useImportError.setState({ failure });
}

/** The message without its leading `path: ` (the path is shown on its own line). */
export function messageWithoutPath(message: string, path: string | undefined): string {
  if (path && message.startsWith(`${path}: `)) return message.slice(path.length + 2);
  return message;
}

export function ImportErrorDialog() {
  const { t } = useI18n();
  const failure = useImportError((s) => s.failure);
  if (!failure) return null;
  const close = () => useImportError.setState({ failure: null });
  return (
    <Dialog
      title={t('import.failedTitle')}
      testId="import-error"
      onClose={close}
      footer={
        <>
          <span style={{ flex: 1 }} />
          <button className="btn primary" data-testid="import-error-close" onClick={close} autoFocus>
            {t('dialog.close')}
          </button>
        </>
      }
    >
      <p style={{ marginTop: 0 }}>{t('import.failed', { file: failure.fileName || t('import.aFile') })}</p>
      {failure.path && (
        <div className="field-path" data-testid="import-error-path">
          <span className="label">{t('import.field')}</span> <code>{failure.path}</code>
        </div>
      )}
      <div className="import-error-message" data-testid="import-error-message">
        {messageWithoutPath(failure.message, failure.path)}
      </div>
      <p className="hint">{t('import.nothingSaved')}</p>
    </Dialog>
  );
}
