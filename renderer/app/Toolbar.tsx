import { useI18n, LOCALES, type Locale } from '../i18n';
import { isDirty, useApp, getAppStore } from '../store';
import { getSession } from './session';
import { fitCanvas } from '../canvas/Canvas';
import { openExportDialog } from '../panels/ExportDialog';
import { openCompare } from '../panels/ComparePanel';
import { FileMenu } from './FileMenu';

const LOCALE_LABEL: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function Toolbar() {
  const { t, locale } = useI18n();
  const name = useApp((s) => s.design.name);
  const dirty = useApp(isDirty);
  const canUndo = useApp((s) => s.past.length > 0);
  const canRedo = useApp((s) => s.future.length > 0);
  const theme = useApp((s) => s.theme);
  const heat = useApp((s) => s.heatOverlay);
  const hasSel = useApp((s) => s.selectedIds.length > 0);
  const st = getAppStore().getState;
  const session = getSession();
  return (
    <div className="toolbar" role="toolbar">
      <div className="brand">
        <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
          <rect x="1" y="1" width="7" height="16" rx="1" fill="none" stroke="var(--accent)" strokeWidth="1.5" />
          <rect x="10" y="1" width="7" height="16" rx="1" fill="none" stroke="var(--accent)" strokeWidth="1.5" />
          <path d="M3 4h3M3 7h3M3 10h3M12 4h3M12 7h3M12 10h3" stroke="var(--accent)" strokeWidth="1.2" />
        </svg>
        <span>{t('app.title')}</span>
      </div>
      <FileMenu />
      <button className="btn" data-testid="btn-new" onClick={() => session.newDesign()}>
        {t('toolbar.new')}
      </button>
      <button className="btn" data-testid="btn-open" onClick={() => st().openDialog('open')}>
        {t('toolbar.open')}
      </button>
      <button className="btn" data-testid="btn-save" onClick={() => void session.save()} title="Ctrl+S">
        {t('toolbar.save')}
      </button>
      <button className="btn" data-testid="btn-save-as" onClick={() => st().openDialog('saveAs')}>
        {t('toolbar.saveAs')}
      </button>
      <button className="btn" data-testid="btn-export" onClick={() => openExportDialog()}>
        {t('toolbar.export')}
      </button>
      <button className="btn" data-testid="btn-templates" onClick={() => st().openDialog('templates')}>
        {t('toolbar.templates')}
      </button>
      <button className="btn" data-testid="btn-planner" onClick={() => st().openDialog('planner')}>
        {t('toolbar.plan')}
      </button>
      <button className="btn" data-testid="btn-compare" onClick={() => openCompare()}>
        {t('toolbar.compare')}
      </button>
      <span className="sep" />
      <button className="btn" data-testid="btn-undo" disabled={!canUndo} onClick={() => st().undo()} title="Ctrl+Z">
        ↶ {t('toolbar.undo')}
      </button>
      <button className="btn" data-testid="btn-redo" disabled={!canRedo} onClick={() => st().redo()} title="Ctrl+Y">
        ↷ {t('toolbar.redo')}
      </button>
      <button
        className="btn"
        data-testid="btn-duplicate"
        disabled={!hasSel}
        onClick={() => st().duplicate()}
        title="Ctrl+D"
      >
        {t('toolbar.duplicate')}
      </button>
      <button
        className="btn"
        data-testid="btn-delete"
        disabled={!hasSel}
        onClick={() => st().deleteSelection()}
        title="Delete"
      >
        {t('toolbar.delete')}
      </button>
      <span className="sep" />
      <button className={`btn${heat ? ' active' : ''}`} data-testid="btn-heat" onClick={() => st().toggleHeat()}>
        {t('toolbar.heat')}
      </button>
      <button className="btn" data-testid="btn-fit" onClick={() => fitCanvas()}>
        {t('toolbar.fit')}
      </button>
      <button
        className="btn"
        data-testid="btn-auto-layout"
        title={t('toolbar.autoLayoutTitle')}
        onClick={() => {
          st().autoLayout();
          setTimeout(() => fitCanvas(), 50);
        }}
      >
        {t('toolbar.autoLayout')}
      </button>
      <div className="doc-title" data-testid="doc-title" title={dirty ? t('app.unsaved') : undefined}>
        {name}
        {dirty && (
          <span className="dirty" data-testid="dirty-mark">
            •
          </span>
        )}
      </div>
      <span className="spacer" />
      <select
        className="select"
        data-testid="locale-select"
        aria-label={t('toolbar.language')}
        value={locale}
        onChange={(e) => void session.setLocale(e.target.value as Locale)}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_LABEL[l]}
          </option>
        ))}
      </select>
      <button
        className="btn"
        data-testid="btn-theme"
        aria-label={t('toolbar.theme')}
        onClick={() => void session.setTheme(theme === 'light' ? 'dark' : 'light')}
      >
        {theme === 'light' ? `☾ ${t('toolbar.themeDark')}` : `☀ ${t('toolbar.themeLight')}`}
      </button>
    </div>
  );
}
