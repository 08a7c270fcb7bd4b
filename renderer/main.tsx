import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { getApi } from './api';
import { App } from './App';
import { initAppStore } from './store';
import { emptyDesign } from './store/ops';
import { Session, setSession } from './app/session';
import { lookupPart, setCustomParts } from './app/catalog';
import { getLocale, t } from './i18n';
import type { CatalogPart } from '../core/catalog/types';
import { startEngine } from './engine/client';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  document.documentElement.lang = getLocale();
  const store = initAppStore(emptyDesign('unsaved', t('session.untitled')), lookupPart);
  let api;
  try {
    api = getApi();
  } catch (e) {
    root.render(
      <div className="empty-note">{t('app.noApi', { reason: e instanceof Error ? e.message : String(e) })}</div>,
    );
    return;
  }
  const session = new Session(api, store);
  setSession(session);
  await session.loadSettings();
  try {
    const custom = await api.listCustomParts();
    setCustomParts(custom as unknown as CatalogPart[]);
  } catch {
    /* custom parts are optional */
  }
  startEngine(store, await session.evaluationBudgetS());
  root.render(<App />);
  await session.start();
}

void boot();
