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
import { hasUnsavedWork, type AppState } from '../store';
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
  /** Unsaved edits found in the recovery slot at start, waiting for the user to restore or discard them. */
  recoveryOffer: RecoveryOffer | null;
}

export interface RecoveryOffer {
  snapshot: RecoverySnapshot;
  design: Design;
}

/** A committed edit is written to the recovery slot this long after the last one (debounce). */
export const RECOVERY_DEBOUNCE_MS = 1000;

export const useSession = create<SessionState>(() => ({
  designs: [],
  templates: [],
  saving: false,
  lastSavedAt: null,
  lastRecoveryAt: null,
  recoveredAt: null,
  recoveryOffer: null,
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
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private removeUnloadGuard: (() => void) | null = null;
  /** The document last written to the recovery slot (null: the slot holds nothing of ours). */
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
    if (!hasUnsavedWork(this.s)) return true;
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
   * Start-up: open the most recently saved design (or the one the recovery slot's
   * edits belong to); if there is none, open the sample template and save it. Unsaved
   * edits found in the recovery slot are then offered back (restore or discard).
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
    // Saving the sample would clear the recovery slot: with edits to offer, start from an empty design instead.
    if (!opened && !recovery) {
      const templates = await this.refreshTemplates();
      const sample = templates.find((x) => /sample/i.test(x.id)) ?? templates[0];
      if (sample) {
        try {
          const d = this.localised(sample.id, await this.api.openTemplate({ id: sample.id }));
          this.s.loadDesign(d, false);
          await this.save();
          opened = true;
        } catch (e) {
          this.fail('refuse.openFailed', e);
        }
      }
    }
    if (!opened) {
      // Nothing saved and no template to start from: an empty, unsaved design.
      this.s.loadDesign(emptyDesign(newDesignId(), t('session.untitled')), false);
    }
    if (recovery) this.offerRecovery(recovery);
    void this.refreshTemplates();
    this.startAutosave();
  }

  /** Offer the recovery slot's edits back, unless they are what is open already. */
  private offerRecovery(rec: RecoverySnapshot): void {
    const parsed = safeParseDesign(rec.document);
    if (!parsed.ok) return;
    if (rec.designId !== null && rec.designId === this.s.design.id && JSON.stringify(parsed.design) === JSON.stringify(this.s.design)) {
      void this.api.clearRecovery().catch(() => undefined);
      return;
    }
    useSession.setState({ recoveryOffer: { snapshot: rec, design: parsed.design } });
  }

  /** Restore the offered edits: onto their saved design (one undoable step) or as the unsaved design they were. */
  async acceptRecovery(): Promise<void> {
    const offer = useSession.getState().recoveryOffer;
    if (!offer) return;
    const { snapshot: rec, design } = offer;
    if (rec.designId !== null && rec.designId !== this.s.design.id) {
      if (!this.confirmDiscard()) return;
      await this.openDesign(rec.designId, true);
    }
    if (rec.designId !== null && rec.designId === this.s.design.id && this.s.savedDesign) {
      // Keep the saved version as the clean state, the recovered edits as one undoable step.
      this.s.apply({ ok: true, design });
    } else {
      if (!this.confirmDiscard()) return;
      // A never-saved design: recovered as one edit on an empty design of that name (undo empties it).
      this.s.loadDesign(emptyDesign(design.id, design.name), false);
      this.s.apply({ ok: true, design });
    }
    useSession.setState({ recoveryOffer: null, recoveredAt: rec.savedAt });
    this.lastRecoveryDoc = null;
    this.s.notify('info', {
      key: 'status.recovered',
      params: { time: new Date(rec.savedAt).toLocaleTimeString(getLocale()) },
    });
    void this.writeRecovery();
  }

  /** Throw the offered edits away (the recovery slot is cleared). */
  async discardRecovery(): Promise<void> {
    useSession.setState({ recoveryOffer: null });
    this.lastRecoveryDoc = null;
    await this.api.clearRecovery().catch(() => undefined);
    // Edits made while the offer was shown are written now.
    void this.writeRecovery();
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

  /** A template's design named and described in the UI language (the host builds it in English). */
  private localised(templateId: string, d: Design): Design {
    const locale = getLocale();
    if (locale === 'en') return d;
    const tpl = useSession.getState().templates.find((x) => x.id === templateId);
    const name = tpl?.names?.[locale];
    const description = tpl?.descriptions?.[locale];
    return { ...d, ...(name ? { name } : {}), ...(description ? { description } : {}) };
  }

  async openTemplate(id: string): Promise<boolean> {
    if (!this.confirmDiscard()) return false;
    try {
      const d = this.localised(id, await this.api.openTemplate({ id }));
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

  /**
   * Write unsaved edits to the recovery slot (RECOVERY_DEBOUNCE_MS after each committed
   * edit, and every RECOVERY_INTERVAL_MS as a fallback); once the edits are gone (saved,
   * undone) the slot is cleared. Nothing is written while recovered edits are on offer,
   * so they are not overwritten before the user decides.
   */
  async writeRecovery(): Promise<void> {
    if (useSession.getState().recoveryOffer) return;
    const s = this.s;
    if (!hasUnsavedWork(s)) {
      if (this.lastRecoveryDoc) {
        this.lastRecoveryDoc = null;
        await this.api.clearRecovery().catch(() => undefined);
      }
      return;
    }
    if (s.design === this.lastRecoveryDoc) return;
    const design = s.design;
    try {
      await this.api.setRecovery({ designId: s.savedDesign ? design.id : null, document: design });
      this.lastRecoveryDoc = design;
      useSession.setState({ lastRecoveryAt: new Date().toISOString() });
    } catch {
      /* recovery is best effort; a failure shows up on the next save */
    }
  }

  /** Write the recovery slot soon after the last committed edit. */
  private scheduleRecovery(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.writeRecovery();
    }, RECOVERY_DEBOUNCE_MS);
  }

  startAutosave(): void {
    if (this.autosaveTimer) return;
    this.autosaveTimer = setInterval(() => void this.writeRecovery(), RECOVERY_INTERVAL_MS);
    // Every committed edit changes the document (a drag in progress does not).
    this.unsubscribe = this.store.subscribe((next, prev) => {
      if (next.design !== prev.design || next.savedDesign !== prev.savedDesign) this.scheduleRecovery();
    });
    if (typeof window !== 'undefined') {
      // Leaving with unsaved edits asks first (browser: its leave-page prompt; Electron: the
      // host's close prompt, which this triggers); the edits are written to the slot at once.
      const onBeforeUnload = (e: BeforeUnloadEvent) => {
        if (!hasUnsavedWork(this.s)) return;
        void this.writeRecovery();
        e.preventDefault();
        e.returnValue = '';
      };
      window.addEventListener('beforeunload', onBeforeUnload);
      this.removeUnloadGuard = () => window.removeEventListener('beforeunload', onBeforeUnload);
    }
  }

  stop(): void {
    if (this.autosaveTimer) clearInterval(this.autosaveTimer);
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.unsubscribe?.();
    this.removeUnloadGuard?.();
    this.autosaveTimer = null;
    this.debounceTimer = null;
    this.unsubscribe = null;
    this.removeUnloadGuard = null;
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
