/**
 * The document session: everything that talks to the host API about the open
 * design (list, open, new, save, save as, templates, recovery autosave, settings).
 */
import { BOUNDS, withinBound } from '../../core/model/bounds';
import { DEFAULT_EVALUATION_BUDGET_S, EVALUATION_BUDGET_SETTING } from '../engine/runner';
import type { StoreApi } from 'zustand/vanilla';
import type { DesignSummary, ImportResult, RecoverySnapshot, TemplateSummary, WorkbenchApi } from '../../core/api';
import { ApiError, DESIGN_FILE_SUFFIX, RECOVERY_INTERVAL_MS } from '../../core/api';
import { showImportError } from '../panels/ImportErrorDialog';
import { safeParseDesign } from '../../core/model/parse';
import type { Design } from '../../core/model/design';
import { emptyDesign } from '../store/ops';
import { isDirty, type AppState } from '../store';
import { getLocale, isLocale, setLocale, t, type Locale } from '../i18n';
import { create } from 'zustand';

/** Session status shown in the status bar. */
interface SessionState {
  designs: DesignSummary[];
  templates: TemplateSummary[];
  saving: boolean;
  lastSavedAt: string | null;
  lastRecoveryAt: string | null;
  recoveredAt: string | null;
}

export const useSession = create<SessionState>(() => ({
  designs: [],
  templates: [],
  saving: false,
  lastSavedAt: null,
  lastRecoveryAt: null,
  recoveredAt: null,
}));

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function newDesignId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export class Session {
  private autosaveTimer: ReturnType<typeof setInterval> | null = null;
  private lastRecoveryDoc: Design | null = null;

  constructor(
    readonly api: WorkbenchApi,
    readonly store: StoreApi<AppState>,
  ) {}

  private get s(): AppState {
    return this.store.getState();
  }

  private fail(key: 'refuse.saveFailed' | 'refuse.openFailed' | 'refuse.apiFailed', e: unknown): void {
    this.s.notify('error', { key, params: { message: errMessage(e) } });
  }

  /** Ask before throwing unsaved edits away. */
  confirmDiscard(): boolean {
    if (!isDirty(this.s)) return true;
    return window.confirm(t('dialog.discardChanges', { name: this.s.design.name }));
  }

  async refreshDesigns(): Promise<DesignSummary[]> {
    try {
      const designs = await this.api.listDesigns();
      designs.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      useSession.setState({ designs });
      return designs;
    } catch (e) {
      this.fail('refuse.apiFailed', e);
      return [];
    }
  }

  async refreshTemplates(): Promise<TemplateSummary[]> {
    try {
      const templates = await this.api.listTemplates();
      useSession.setState({ templates });
      return templates;
    } catch (e) {
      this.fail('refuse.apiFailed', e);
      return [];
    }
  }

  /** Load persisted settings (language, theme). */
  async loadSettings(): Promise<void> {
    try {
      const [locale, theme] = await Promise.all([
        this.api.getSetting({ key: 'ui.locale' }),
        this.api.getSetting({ key: 'ui.theme' }),
      ]);
      if (isLocale(locale)) setLocale(locale);
      if (theme === 'light' || theme === 'dark') this.s.setTheme(theme);
      else if (typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches) {
        this.s.setTheme('dark');
      }
    } catch {
      /* settings are optional */
    }
  }

  /** The time budget of one evaluation, s: the setting `engine.evaluationBudgetS` when it is within its bound, else the default. */
  async evaluationBudgetS(): Promise<number> {
    try {
      const v = await this.api.getSetting({ key: EVALUATION_BUDGET_SETTING });
      return withinBound(BOUNDS.evaluationBudgetS, v) ? v : DEFAULT_EVALUATION_BUDGET_S;
    } catch {
      return DEFAULT_EVALUATION_BUDGET_S;
    }
  }

  async setLocale(locale: Locale): Promise<void> {
    setLocale(locale);
    try {
      await this.api.setSetting({ key: 'ui.locale', value: locale });
    } catch (e) {
      this.fail('refuse.apiFailed', e);
    }
  }

  async setTheme(theme: 'light' | 'dark'): Promise<void> {
    this.s.setTheme(theme);
    try {
      await this.api.setSetting({ key: 'ui.theme', value: theme });
    } catch (e) {
      this.fail('refuse.apiFailed', e);
    }
  }

  /**
   * Start-up: open the most recently saved design; if there is none, open the
   * sample template and save it. Then restore a recovery snapshot of unsaved edits.
   */
  async start(): Promise<void> {
    const designs = await this.refreshDesigns();
    const recovery = await this.api.getRecovery().catch(() => null);
    const latest = designs[0];
    let opened = false;
    if (recovery && recovery.designId && designs.some((d) => d.id === recovery.designId)) {
      opened = await this.openDesign(recovery.designId, true);
    } else if (latest) {
      opened = await this.openDesign(latest.id, true);
    }
    if (!opened && !(recovery && recovery.designId === null)) {
      const templates = await this.refreshTemplates();
      const sample = templates.find((x) => /sample/i.test(x.id)) ?? templates[0];
      if (sample) {
        try {
          const d = await this.api.openTemplate({ id: sample.id });
          this.s.loadDesign(d, false);
          await this.save();
          opened = true;
        } catch (e) {
          this.fail('refuse.openFailed', e);
        }
      }
    }
    if (!opened && !(recovery && recovery.designId === null)) {
      // Nothing saved and no template to start from: an empty, unsaved design.
      this.s.loadDesign(emptyDesign(newDesignId(), t('session.untitled')), false);
    }
    if (recovery) this.restoreRecovery(recovery);
    void this.refreshTemplates();
    this.startAutosave();
  }

  private restoreRecovery(rec: RecoverySnapshot): void {
    const parsed = safeParseDesign(rec.document);
    if (!parsed.ok) return;
    const cur = this.s.design;
    if (rec.designId !== null && rec.designId !== cur.id) return;
    if (rec.designId === null) this.s.loadDesign(parsed.design, false);
    else if (JSON.stringify(parsed.design) !== JSON.stringify(cur)) {
      // Keep the saved version as the clean state, the recovered edits as one undoable step.
      this.s.apply({ ok: true, design: parsed.design });
    }
    useSession.setState({ recoveredAt: rec.savedAt });
    this.s.notify('info', {
      key: 'status.recovered',
      params: { time: new Date(rec.savedAt).toLocaleTimeString(getLocale()) },
    });
  }

  async openDesign(id: string, quiet = false): Promise<boolean> {
    try {
      const stored = await this.api.getDesign({ id });
      this.s.loadDesign(stored.design, true);
      useSession.setState({ lastSavedAt: stored.updatedAt });
      return true;
    } catch (e) {
      if (!quiet) this.fail('refuse.openFailed', e);
      return false;
    }
  }

  /** File > Import…: pick a design file, import it (saved as a design) and open it. */
  async importFromPicker(): Promise<void> {
    try {
      const r = await this.api.openDesignFile();
      if (r) await this.openImported(r);
    } catch (e) {
      this.importFailed('', e);
    }
  }

  /** Design files dropped onto the canvas: each is imported; the last one imported is opened. */
  async importFiles(files: readonly File[]): Promise<void> {
    let last: ImportResult | null = null;
    for (const file of files) {
      if (!/\.json$/i.test(file.name)) {
        showImportError({
          fileName: file.name,
          path: 'file',
          message: t('import.notDesignFile', { suffix: DESIGN_FILE_SUFFIX }),
        });
        continue;
      }
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        last = await this.api.importDesign({ fileName: file.name, bytes });
      } catch (e) {
        this.importFailed(file.name, e);
      }
    }
    if (last) await this.openImported(last);
  }

  private importFailed(fileName: string, e: unknown): void {
    const path = e instanceof ApiError ? e.path : undefined;
    showImportError({ fileName, ...(path ? { path } : {}), message: errMessage(e) });
  }

  /** Open an imported design (asking first when the open one has unsaved edits; it stays saved either way). */
  private async openImported(r: ImportResult): Promise<void> {
    void this.refreshDesigns();
    const name = r.summary.name;
    if (!this.confirmDiscard()) {
      this.s.notify('info', { key: 'import.savedNotOpened', params: { name } });
      return;
    }
    if (await this.openDesign(r.summary.id)) {
      this.s.notify('info', {
        key: r.created ? 'import.done' : 'import.doneNewVersion',
        params: { name, version: r.summary.version },
      });
    }
  }

  newDesign(): void {
    if (!this.confirmDiscard()) return;
    this.s.loadDesign(emptyDesign(newDesignId(), t('session.untitled')), false);
    void this.api.clearRecovery().catch(() => undefined);
  }

  async openTemplate(id: string): Promise<boolean> {
    if (!this.confirmDiscard()) return false;
    try {
      const d = await this.api.openTemplate({ id });
      this.s.loadDesign(d, false);
      return true;
    } catch (e) {
      this.fail('refuse.openFailed', e);
      return false;
    }
  }

  async save(): Promise<boolean> {
    const design = this.s.design;
    useSession.setState({ saving: true });
    try {
      const r = await this.api.saveDesign({ design });
      this.s.markSaved(design);
      useSession.setState({ lastSavedAt: r.updatedAt });
      this.lastRecoveryDoc = null;
      await this.api.clearRecovery().catch(() => undefined);
      void this.refreshDesigns();
      return true;
    } catch (e) {
      this.fail('refuse.saveFailed', e);
      return false;
    } finally {
      useSession.setState({ saving: false });
    }
  }

  /** Save a copy under a new id and name; the copy becomes the open design. */
  async saveAs(name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.s.notify('error', { key: 'refuse.invalidField', params: { path: 'name' }, detail: 'must not be empty' });
      return false;
    }
    const copy: Design = { ...this.s.design, id: newDesignId(), name: trimmed };
    const prev = this.s.design;
    this.s.loadDesign(copy, false);
    const ok = await this.save();
    if (!ok) this.s.loadDesign(prev, false);
    return ok;
  }

  async deleteDesign(id: string): Promise<void> {
    try {
      await this.api.deleteDesign({ id });
      await this.refreshDesigns();
    } catch (e) {
      this.fail('refuse.apiFailed', e);
    }
  }

  /** Write unsaved edits to the recovery slot (every RECOVERY_INTERVAL_MS while dirty). */
  async writeRecovery(): Promise<void> {
    const s = this.s;
    if (!isDirty(s) || s.design === this.lastRecoveryDoc) return;
    const design = s.design;
    try {
      await this.api.setRecovery({ designId: s.savedDesign ? design.id : null, document: design });
      this.lastRecoveryDoc = design;
      useSession.setState({ lastRecoveryAt: new Date().toISOString() });
    } catch {
      /* recovery is best effort; a failure shows up on the next save */
    }
  }

  startAutosave(): void {
    if (this.autosaveTimer) return;
    this.autosaveTimer = setInterval(() => void this.writeRecovery(), RECOVERY_INTERVAL_MS);
  }

  stop(): void {
    if (this.autosaveTimer) clearInterval(this.autosaveTimer);
    this.autosaveTimer = null;
  }
}

let session: Session | null = null;
export function setSession(s: Session): void {
  session = s;
}
export function getSession(): Session {
  if (!session) throw new Error('session not started');
  return session;
}
