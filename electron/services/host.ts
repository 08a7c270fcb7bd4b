/**
 * The host side of WorkbenchApi, over Storage. Used by both hosts: the Electron
 * main process (IPC) and the browser host (HTTP). No electron import.
 *
 * `call(method, args)` is the single entry point from the outside world: it
 * validates the arguments with API_SCHEMAS (errors name the field path, e.g.
 * `args.name: must not be empty`) before anything touches storage.
 */
import { randomUUID } from 'node:crypto';
import {
  API_SCHEMAS,
  designFileName,
  isHostMethod,
  reportFileName,
  parseApiArgs,
  type AppInfo,
  type DesignSummary,
  type HostMethodName,
  type HostMethods,
  type ImportResult,
  type ReportFile,
  type StartupNotice,
  type TemplateSummary,
} from '../../core/api';
import { createCatalog, parseCatalogPart, type CatalogPart } from '../../core/catalog';
import { InputError } from '../../core/errors';
import type { ReportFormat } from '../../core/report';
import { groupMultipliers, parseDesign, replicationOf, SCHEMA_VERSION, type Design } from '../../core/model';
import { TEMPLATES } from '../../core/model/templates';
import { createEvaluator, type Evaluator } from './evaluator';
import { readDesignFile } from './files';
import { DEFAULT_KEEP_VERSIONS, Storage, type OpenStorageOptions } from './storage';

export { ImportError, readDesignFile } from './files';

/** Where templates come from (default: the built-in core/model/templates). */
export interface TemplateProvider {
  list(): TemplateSummary[];
  /** A complete design for the template id; the host gives it a fresh id. */
  build(id: string): unknown;
}

export interface HostOptions extends OpenStorageOptions {
  hostKind: 'electron' | 'browser';
  appVersion?: string;
  templates?: TemplateProvider;
  /** Accelerators in a design, for the design list (from the catalog when available). */
  countAccelerators?: (design: Design) => number | undefined;
  /**
   * Print a report's HTML to PDF (Electron: printToPDF in a hidden window;
   * browser host: a local Chromium). Without it, `exportReport` refuses `pdf`.
   * Throw InputError('args.format', ...) when printing is not possible.
   */
  printPdf?: (html: string, title: string) => Promise<Uint8Array>;
  /** Today's date for report covers (default: the clock, UTC). */
  now?: () => Date;
  /**
   * Where designs are evaluated (exportReport): default a worker thread with a
   * time budget (evaluator.ts), so the host's event loop never runs the engine.
   */
  evaluator?: Evaluator;
  /** The time budget of the default evaluator, ms (default EVALUATION_TIMEOUT_MS). */
  evaluationTimeoutMs?: number;
}

/** Refusal when a host cannot print PDFs. */
export const PDF_UNAVAILABLE =
  'PDF needs a Chromium to print with and none is available on this host: choose HTML (and print it from your browser) or another format';

/** Parse a design given in the arguments, reporting errors under `args.design`. */
function parseDesignArg(raw: Record<string, unknown>): Design {
  try {
    return parseDesign(raw);
  } catch (e) {
    if (e instanceof InputError) {
      const path = e.path === '(root)' ? 'args.design' : `args.design.${e.path}`;
      const message = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
      throw new InputError(path, message);
    }
    throw e;
  }
}

/** The built-in templates of core/model/templates. */
export const BUILTIN_TEMPLATES: TemplateProvider = {
  list: () =>
    TEMPLATES.map((t) => ({
      id: t.id,
      name: t.name.en,
      description: t.description.en,
      accelerators: t.accelerators,
      nameKey: t.nameKey,
      names: { ...t.name },
      descriptions: { ...t.description },
    })),
  build: (id) => {
    const t = TEMPLATES.find((x) => x.id === id);
    if (!t) throw new InputError('args.id', `unknown template "${id}"`);
    return t.build();
  },
};

/**
 * Accelerators in a design: for every server, its replication (quantity x rack
 * count x group counts) times the accelerators of its catalog server part.
 * Servers whose part is unknown count zero (the evaluation reports them).
 */
export function countAccelerators(design: Design, customParts: readonly CatalogPart[] = []): number {
  const catalog = createCatalog(customParts);
  const multipliers = groupMultipliers(design);
  const rackById = new Map(design.racks.map((r) => [r.id, r]));
  let n = 0;
  for (const s of design.servers) {
    const part = catalog.getOfKind(s.partId, 'server');
    if (part) n += replicationOf(s, design, multipliers, rackById) * part.acceleratorsPerServer;
  }
  return n;
}

const RECENT_KEY = 'recentDesigns';
const RECENT_MAX = 10;

export interface Host {
  /** Validated dispatch: the only entry point for untrusted callers. */
  call(method: string, args: unknown): Promise<unknown>;
  /** The typed methods (they validate too). */
  readonly api: HostMethods;
  readonly storage: Storage;
  readonly notices: StartupNotice[];
  /** Recently opened/saved designs, newest first. */
  recentDesigns(): Array<{ id: string; name: string }>;
  /** Called after any call that changes the design list or recents. */
  onChange(cb: () => void): () => void;
  close(): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function createHost(opts: HostOptions): Host {
  const storage = Storage.open(opts);
  const evaluator = opts.evaluator ?? createEvaluator({ timeoutMs: opts.evaluationTimeoutMs });
  const templates = opts.templates ?? BUILTIN_TEMPLATES;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const cb of listeners) {
      try {
        cb();
      } catch {
        // A listener's failure must not fail the call.
      }
    }
  };

  const notices: StartupNotice[] = [...storage.notices];
  const rec = storage.getRecovery();
  if (rec) {
    notices.push({
      level: 'info',
      code: 'recovery-available',
      message: `Unsaved changes from ${rec.savedAt} were recovered and can be restored.`,
    });
  }

  const recentIds = (): string[] => {
    const v = storage.getSetting(RECENT_KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  const touchRecent = (id: string) => {
    const ids = [id, ...recentIds().filter((x) => x !== id)].slice(0, RECENT_MAX);
    storage.setSetting(RECENT_KEY, ids);
  };
  const dropRecent = (id: string) => {
    storage.setSetting(
      RECENT_KEY,
      recentIds().filter((x) => x !== id),
    );
  };

  const count =
    opts.countAccelerators ??
    ((d: Design) => countAccelerators(d, storage.listCustomParts() as unknown as CatalogPart[]));
  const accelerators = (d: Design): number | undefined => {
    try {
      const n = count(d);
      return n !== undefined && Number.isFinite(n) ? Math.round(n) : undefined;
    } catch {
      return undefined;
    }
  };

  const saveValidated = (design: Design, note?: string) => {
    const acc = accelerators(design);
    return storage.saveDesign(design, {
      ...(note ? { note } : {}),
      ...(acc !== undefined ? { accelerators: acc } : {}),
    });
  };

  const impl = {
    listDesigns: async (): Promise<DesignSummary[]> => storage.listDesigns(),
    getDesign: async (a: { id: string }) => {
      const d = storage.getDesign(a.id);
      touchRecent(a.id);
      changed();
      return d;
    },
    saveDesign: async (a: { design: Record<string, unknown>; note?: string }) => {
      const design = parseDesignArg(a.design);
      const r = saveValidated(design, a.note);
      touchRecent(design.id);
      changed();
      return r;
    },
    renameDesign: async (a: { id: string; name: string }) => {
      const r = storage.transaction(() => {
        const { design } = storage.getDesign(a.id);
        return saveValidated({ ...design, name: a.name }, `Renamed from "${design.name}"`);
      });
      changed();
      return r;
    },
    duplicateDesign: async (a: { id: string; name?: string | undefined }) => {
      const r = storage.transaction(() => {
        const { design } = storage.getDesign(a.id);
        const copy: Design = { ...design, id: randomUUID(), name: a.name ?? `${design.name} (copy)`.slice(0, 200) };
        saveValidated(copy, `Duplicated from "${design.name}"`);
        return storage.summary(copy.id);
      });
      touchRecent(r.id);
      changed();
      return r;
    },
    deleteDesign: async (a: { id: string }) => {
      storage.deleteDesign(a.id);
      dropRecent(a.id);
      changed();
    },
    listVersions: async (a: { id: string }) => storage.listVersions(a.id),
    getVersion: async (a: { id: string; version: number }) => storage.getVersion(a.id, a.version),
    restoreVersion: async (a: { id: string; version: number }) => {
      const r = storage.transaction(() => {
        const { design } = storage.getVersion(a.id, a.version);
        return saveValidated(design, `Restored version ${a.version}`);
      });
      changed();
      return r;
    },
    nameVersion: async (a: { id: string; version: number; label: string | null }) => storage.nameVersion(a.id, a.version, a.label),
    pruneVersions: async (a: { id: string; keepLatest?: number | undefined; compact?: boolean | undefined }) => {
      const r = storage.pruneVersions(a.id, a.keepLatest ?? DEFAULT_KEEP_VERSIONS, a.compact ?? false);
      changed();
      return r;
    },
    listCustomParts: async () => storage.listCustomParts(),
    saveCustomPart: async (a: { part: Parameters<Storage['saveCustomPart']>[0] }) => {
      const part = parseCatalogPart(a.part, 'args.part');
      storage.saveCustomPart(part as unknown as Parameters<Storage['saveCustomPart']>[0]);
    },
    deleteCustomPart: async (a: { id: string }) => storage.deleteCustomPart(a.id),
    getSetting: async (a: { key: string }) => storage.getSetting(a.key),
    setSetting: async (a: { key: string; value: unknown }) => storage.setSetting(a.key, a.value),
    getRecovery: async () => storage.getRecovery(),
    setRecovery: async (a: { designId: string | null; document: unknown }) =>
      storage.setRecovery(a.designId, a.document),
    clearRecovery: async () => storage.clearRecovery(),
    importDesign: async (a: {
      fileName: string;
      text?: string | undefined;
      bytes?: Uint8Array | undefined;
    }): Promise<ImportResult> => {
      const { design, fromSchemaVersion } = readDesignFile(a);
      const note = `Imported from ${a.fileName || 'a file'}${fromSchemaVersion < SCHEMA_VERSION ? ` (schema ${fromSchemaVersion}, upgraded)` : ''}`;
      const { created, summary } = storage.transaction(() => {
        const existed = storage.hasDesign(design.id);
        saveValidated(design, note);
        return { created: !existed, summary: storage.summary(design.id) };
      });
      touchRecent(design.id);
      changed();
      return { summary, created, fromSchemaVersion };
    },
    exportDesign: async (a: { id: string }) => {
      const { design } = storage.getDesign(a.id);
      return { fileName: designFileName(design.name), text: JSON.stringify(design, null, 2) + '\n' };
    },
    exportReport: async (a: {
      id?: string | undefined;
      design?: Record<string, unknown> | undefined;
      format: ReportFormat;
      lang?: 'en' | 'zh-CN' | undefined;
      date?: string | undefined;
    }): Promise<ReportFile> => {
      if (a.format === 'pdf' && !opts.printPdf) throw new InputError('args.format', PDF_UNAVAILABLE);
      const design = a.design !== undefined ? parseDesignArg(a.design) : storage.getDesign(a.id ?? '').design;
      const date = a.date ?? (opts.now ? opts.now() : new Date()).toISOString().slice(0, 10);
      // Evaluated and rendered off the event loop, under a time budget.
      const file = await evaluator.renderReport({
        design,
        customParts: storage.listCustomParts() as unknown as CatalogPart[],
        format: a.format,
        lang: a.lang ?? 'en',
        date,
        appVersion: opts.appVersion ?? '0.0.0',
      });
      let data = file.data;
      let mime = file.mime;
      if (file.print) {
        data = await opts.printPdf!(typeof data === 'string' ? data : new TextDecoder().decode(data), design.name);
        mime = 'application/pdf';
      }
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      return {
        fileName: reportFileName(design.name, file.extension),
        format: a.format,
        mime,
        extension: file.extension,
        base64: buf.toString('base64'),
        bytes: buf.byteLength,
      };
    },
    listTemplates: async () => templates.list(),
    openTemplate: async (a: { id: string }) => {
      const t = templates;
      if (!t.list().some((x) => x.id === a.id)) throw new InputError('args.id', `unknown template "${a.id}"`);
      const raw = t.build(a.id);
      const design = parseDesign(isRecord(raw) ? { ...raw, id: randomUUID() } : raw);
      return design;
    },
    getStartupNotices: async () => notices,
    getAppInfo: async (): Promise<AppInfo> => ({
      name: 'Cluster Workbench',
      version: opts.appVersion ?? '0.0.0',
      host: opts.hostKind,
      dataDir: storage.dataDir,
      schemaVersion: SCHEMA_VERSION,
      databaseVersion: storage.userVersion,
    }),
  } satisfies Record<HostMethodName, (a: never) => Promise<unknown>>;

  const call = async (method: string, args: unknown): Promise<unknown> => {
    if (!isHostMethod(method)) throw new InputError('method', `unknown method "${method}"`);
    const parsed = parseApiArgs(method, args);
    const fn = impl[method] as (a: unknown) => Promise<unknown>;
    return fn(parsed);
  };

  const api = Object.fromEntries(
    (Object.keys(API_SCHEMAS) as HostMethodName[]).map((m) => [m, (args?: unknown) => call(m, args)]),
  ) as unknown as HostMethods;

  return {
    call,
    api,
    storage,
    notices,
    recentDesigns: () => {
      const out: Array<{ id: string; name: string }> = [];
      for (const id of recentIds()) {
        if (storage.hasDesign(id)) out.push({ id, name: storage.summary(id).name });
      }
      return out;
    },
    onChange: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close: () => {
      evaluator.close();
      storage.close();
    },
  };
}
