/**
 * WorkbenchApi: the one typed contract between the UI (renderer) and its host.
 *
 * Two hosts implement it over the same storage service:
 *  - Electron: preload exposes it on `window.cwb` (IPC to the main process);
 *  - browser host (electron/serve.ts): the same methods over HTTP on 127.0.0.1.
 *
 * Every host method takes ONE argument object (or none) and returns a Promise.
 * `API_SCHEMAS` holds a zod schema for each host method's argument object: the
 * host validates every call with `parseApiArgs` before touching storage, so a bad
 * call fails with the field path (`args.name: must not be empty`).
 *
 * Pure TypeScript + zod: no node, DOM or electron imports.
 */
import { z } from 'zod';
import { InputError } from './errors';
import { BOUNDS, bounded, num } from './model/bounds';
import type { Design, DesignInput } from './model/design';
import { formatPath } from './model/parse';
import { LANGS, REPORT_FORMATS, type Lang, type ReportFormat } from './report';

// ---------------------------------------------------------------------------
// Limits

/** Largest design file accepted by import, in bytes (UTF-8). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** Largest JSON document accepted for a setting value or recovery snapshot, in bytes. */
export const MAX_SETTING_BYTES = 1024 * 1024;
export const MAX_RECOVERY_BYTES = 100 * 1024 * 1024;
/** File name suffix of design files. */
export const DESIGN_FILE_SUFFIX = '.cwb.json';
/** How often the UI should write the recovery slot while there are unsaved edits. */
export const RECOVERY_INTERVAL_MS = 30_000;

// ---------------------------------------------------------------------------
// Result types

export interface DesignSummary {
  id: string;
  name: string;
  /** ISO 8601 timestamp of the latest saved version. */
  updatedAt: string;
  createdAt: string;
  /** Latest version number (1-based). */
  version: number;
  /** Accelerators in the design (replication applied), when known. */
  accelerators?: number;
}

export interface StoredDesign {
  design: Design;
  version: number;
  updatedAt: string;
}

export interface VersionSummary {
  version: number;
  savedAt: string;
  name: string;
  note?: string;
  /** The user's name for this version; pruning keeps named versions. */
  label?: string;
  /** Size of the saved document, bytes (UTF-8 JSON). */
  bytes?: number;
}

/** What pruneVersions did. */
export interface PruneResult {
  /** Versions deleted. */
  removed: number;
  /** Versions left: the current one, the newest `keepLatest` and every named one. */
  kept: number;
  /** Database file and write-ahead log size before and after compaction, bytes (with `compact`). */
  bytesBefore?: number;
  bytesAfter?: number;
}

export interface SaveResult {
  id: string;
  version: number;
  updatedAt: string;
}

export interface ImportResult {
  summary: DesignSummary;
  /** False when a design with the same id existed: the import became its newest version. */
  created: boolean;
  /** Schema version of the file before migration. */
  fromSchemaVersion: number;
}

export interface ExportResult {
  /** Suggested file name, ending in `.cwb.json`. */
  fileName: string;
  text: string;
}

/** A report file rendered by the host (`exportReport`). */
export interface ReportFile {
  /** Suggested file name: the design name plus the format's extension. */
  fileName: string;
  format: ReportFormat;
  mime: string;
  extension: string;
  /** The file's bytes, base64-encoded (JSON and IPC carry it the same way). */
  base64: string;
  /** Size of the file in bytes. */
  bytes: number;
}

export interface RecoverySnapshot {
  /** The saved design the edits belong to, or null for a never-saved design. */
  designId: string | null;
  /** The unsaved document (as the UI holds it; parse it with parseDesign before use). */
  document: unknown;
  savedAt: string;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/** Something the host noticed at startup that the UI should show once. */
export interface StartupNotice {
  level: NoticeLevel;
  code: 'database-created' | 'database-migrated' | 'database-corrupt-moved' | 'recovery-available' | string;
  message: string;
  /** A file the notice refers to (backup or moved-aside copy). */
  path?: string;
}

export interface TemplateSummary {
  id: string;
  /** English name and description. */
  name: string;
  description: string;
  accelerators?: number;
  /** i18n key of the name in the renderer dictionaries. */
  nameKey?: string;
  /** Name and description by locale ('en', 'zh-CN'). */
  names?: Record<string, string>;
  descriptions?: Record<string, string>;
}

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'browser';
  /** Where the database lives. */
  dataDir: string;
  schemaVersion: number;
  databaseVersion: number;
}

/** A custom catalog part: at least the common Sourced fields plus its kind-specific data. */
export type CustomPart = z.infer<typeof CustomPartSchema>;

// ---------------------------------------------------------------------------
// Menu commands (Electron application menu -> renderer)

export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'import',
  'export',
  'versions',
  'undo',
  'redo',
  'delete',
  'selectAll',
  'zoomIn',
  'zoomOut',
  'zoomReset',
  'fitView',
  'togglePalette',
  'toggleInspector',
  'toggleResults',
  'about',
] as const;
export type MenuCommandName = (typeof MENU_COMMANDS)[number];

/**
 * A command sent by the host's menu. `openDesign` carries the id of a design the
 * host already has in storage (File > Recent, or a `.cwb.json` opened from the OS,
 * which the host imported first).
 */
export type MenuCommand = { command: MenuCommandName } | { command: 'openDesign'; id: string };

// ---------------------------------------------------------------------------
// Argument schemas

const idArg = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const nameArg = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));
const versionArg = z.number().int('must be an integer').min(1, 'must be >= 1');
const settingKey = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and . _ : -');

function jsonSize(v: unknown): number {
  const s = JSON.stringify(v);
  return s === undefined ? 0 : s.length;
}

/** A JSON value (no undefined, functions, NaN/Infinity) of at most `max` characters when serialised. */
function jsonValue(max: number) {
  return z.unknown().superRefine(checkJson(max));
}

function checkJson(max: number) {
  return (v: unknown, ctx: z.RefinementCtx): void => {
    const bad = findNonJson(v, []);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: bad.message, path: bad.path });
      return;
    }
    if (jsonSize(v) > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} bytes as JSON` });
  };
}

function findNonJson(
  v: unknown,
  path: Array<string | number>,
  depth = 0,
): { path: Array<string | number>; message: string } | null {
  if (depth > 200) return { path, message: 'is nested too deeply' };
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : { path, message: 'must be a finite number' };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findNonJson(v[i], [...path, i], depth + 1);
      if (r) return r;
    }
    return null;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return { path, message: 'must be plain JSON data' };
    for (const [k, x] of Object.entries(v)) {
      const r = findNonJson(x, [...path, k], depth + 1);
      if (r) return r;
    }
    return null;
  }
  return { path, message: `must be JSON data, got ${typeof v}` };
}

/** Kinds of catalog parts (see core/catalog/types.ts). */
export const PART_KINDS = [
  'accelerator',
  'server',
  'switch',
  'transceiver',
  'cable',
  'nic',
  'cooling',
  'storage',
  'power',
] as const;

/**
 * Custom part shape at the API boundary: the common fields are checked here and
 * the kind-specific fields are kept (loose); the host then validates the whole
 * part with the catalog's CatalogPartSchema (core/catalog) before saving.
 */
export const CustomPartSchema = z
  .object({
    id: z
      .string()
      .min(1, 'must not be empty')
      .max(200)
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'may contain only letters, digits and . _ -'),
    name: z.string().min(1, 'must not be empty').max(200),
    kind: z.enum(PART_KINDS),
    vendor: z.string().max(200).optional(),
    source: z.string().max(2000).optional(),
    priceUsd: num('priceUsd').optional(),
    custom: z.boolean().optional(),
  })
  .loose();

const designArg = z.record(z.string(), z.unknown(), 'must be a design object');

export const API_SCHEMAS = {
  listDesigns: z.object({}).strict(),
  getDesign: z.object({ id: idArg }).strict(),
  saveDesign: z.object({ design: designArg, note: z.string().max(1000).optional() }).strict(),
  renameDesign: z.object({ id: idArg, name: nameArg }).strict(),
  duplicateDesign: z.object({ id: idArg, name: nameArg.optional() }).strict(),
  deleteDesign: z.object({ id: idArg }).strict(),
  listVersions: z.object({ id: idArg }).strict(),
  getVersion: z.object({ id: idArg, version: versionArg }).strict(),
  restoreVersion: z.object({ id: idArg, version: versionArg }).strict(),
  nameVersion: z.object({ id: idArg, version: versionArg, label: nameArg.nullable() }).strict(),
  pruneVersions: z
    .object({
      id: idArg,
      keepLatest: bounded({ ...BOUNDS.count, max: 10_000, unit: 'versions', why: 'versions kept besides the current and the named ones' }).optional(),
      compact: z.boolean().optional(),
    })
    .strict(),
  listCustomParts: z.object({}).strict(),
  saveCustomPart: z.object({ part: CustomPartSchema }).strict(),
  deleteCustomPart: z.object({ id: idArg }).strict(),
  getSetting: z.object({ key: settingKey }).strict(),
  setSetting: z.object({ key: settingKey, value: jsonValue(MAX_SETTING_BYTES) }).strict(),
  getRecovery: z.object({}).strict(),
  setRecovery: z
    .object({
      designId: idArg.nullable(),
      document: z.record(z.string(), z.unknown(), 'must be a design object').superRefine(checkJson(MAX_RECOVERY_BYTES)),
    })
    .strict(),
  clearRecovery: z.object({}).strict(),
  importDesign: z
    .object({
      fileName: z.string().max(1000),
      text: z.string().optional(),
      bytes: z.instanceof(Uint8Array, { message: 'must be bytes (Uint8Array)' }).optional(),
    })
    .strict()
    .superRefine((a, ctx) => {
      if ((a.text === undefined) === (a.bytes === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['text'], message: 'give exactly one of text or bytes' });
      }
    }),
  exportDesign: z.object({ id: idArg }).strict(),
  exportReport: z
    .object({
      id: idArg.optional(),
      design: designArg.optional(),
      format: z.enum(REPORT_FORMATS as readonly [ReportFormat, ...ReportFormat[]], {
        message: `must be one of ${REPORT_FORMATS.join(', ')}`,
      }),
      lang: z.enum(LANGS as readonly [Lang, ...Lang[]], { message: `must be one of ${LANGS.join(', ')}` }).optional(),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
        .optional(),
    })
    .strict()
    .superRefine((a, ctx) => {
      if ((a.id === undefined) === (a.design === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['design'], message: 'give exactly one of id or design' });
      }
    }),
  listTemplates: z.object({}).strict(),
  openTemplate: z.object({ id: idArg }).strict(),
  getStartupNotices: z.object({}).strict(),
  getAppInfo: z.object({}).strict(),
} as const;

export type HostMethodName = keyof typeof API_SCHEMAS;
export const HOST_METHODS = Object.keys(API_SCHEMAS) as HostMethodName[];
export type ApiArgs<M extends HostMethodName> = z.input<(typeof API_SCHEMAS)[M]>;
export type ParsedApiArgs<M extends HostMethodName> = z.output<(typeof API_SCHEMAS)[M]>;

export function isHostMethod(name: string): name is HostMethodName {
  return Object.prototype.hasOwnProperty.call(API_SCHEMAS, name);
}

/**
 * Validate the argument object of a host method. `undefined` counts as `{}`.
 * Throws InputError with the path prefixed by `args` (e.g. `args.name`).
 */
export function parseApiArgs<M extends HostMethodName>(method: M, args: unknown): ParsedApiArgs<M> {
  const schema = API_SCHEMAS[method] as unknown as z.ZodType<ParsedApiArgs<M>>;
  const r = schema.safeParse(args === undefined ? {} : args);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (!issue) throw new InputError('args', 'invalid arguments');
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/i.test(message)) message = 'is required';
  if (issue.code === 'unrecognized_keys') {
    return failUnknownKeys(issue.keys, issue.path);
  }
  throw new InputError(formatPath(issue.path, 'args'), message);
}

function failUnknownKeys(keys: string[], path: PropertyKey[]): never {
  const first = keys[0] ?? '';
  throw new InputError(formatPath([...path, first], 'args'), 'is not a known argument');
}

// ---------------------------------------------------------------------------
// The interface

/** Methods every host serves (validated with API_SCHEMAS). */
export interface HostMethods {
  listDesigns(args?: ApiArgs<'listDesigns'>): Promise<DesignSummary[]>;
  getDesign(args: { id: string }): Promise<StoredDesign>;
  /** Saves a new version (creating the design when its id is new). */
  saveDesign(args: { design: Design | DesignInput; note?: string }): Promise<SaveResult>;
  /** Renames a design; saved as a new version. */
  renameDesign(args: { id: string; name: string }): Promise<SaveResult>;
  duplicateDesign(args: { id: string; name?: string }): Promise<DesignSummary>;
  deleteDesign(args: { id: string }): Promise<void>;
  listVersions(args: { id: string }): Promise<VersionSummary[]>;
  getVersion(args: { id: string; version: number }): Promise<StoredDesign>;
  /** Makes an old version current again by saving it as the newest version. */
  restoreVersion(args: { id: string; version: number }): Promise<SaveResult>;
  /** Names a version (or with null removes its name); pruning keeps named versions. */
  nameVersion(args: { id: string; version: number; label: string | null }): Promise<void>;
  /**
   * Deletes old versions of a design, keeping the current one, the newest
   * `keepLatest` (default 20) and every named one; `compact` also shrinks the database file.
   */
  pruneVersions(args: { id: string; keepLatest?: number; compact?: boolean }): Promise<PruneResult>;
  listCustomParts(args?: ApiArgs<'listCustomParts'>): Promise<CustomPart[]>;
  saveCustomPart(args: { part: CustomPart }): Promise<void>;
  deleteCustomPart(args: { id: string }): Promise<void>;
  /** The stored JSON value, or null when unset. */
  getSetting(args: { key: string }): Promise<unknown>;
  setSetting(args: { key: string; value: unknown }): Promise<void>;
  getRecovery(args?: ApiArgs<'getRecovery'>): Promise<RecoverySnapshot | null>;
  setRecovery(args: { designId: string | null; document: unknown }): Promise<void>;
  clearRecovery(args?: ApiArgs<'clearRecovery'>): Promise<void>;
  /** Parse, migrate and save a design file. Nothing is saved when it fails. */
  importDesign(args: { fileName: string; text?: string; bytes?: Uint8Array }): Promise<ImportResult>;
  exportDesign(args: { id: string }): Promise<ExportResult>;
  /**
   * Evaluate a design (a saved one by `id`, or the document given as `design`,
   * unsaved edits included) and render its report. `pdf` is printed by the host
   * (Electron printToPDF, or a local Chromium in the browser host); without one
   * it fails on `args.format` asking for HTML instead.
   */
  exportReport(args: ApiArgs<'exportReport'>): Promise<ReportFile>;
  listTemplates(args?: ApiArgs<'listTemplates'>): Promise<TemplateSummary[]>;
  /** A new, unsaved design built from a template (fresh id). */
  openTemplate(args: { id: string }): Promise<Design>;
  getStartupNotices(args?: ApiArgs<'getStartupNotices'>): Promise<StartupNotice[]>;
  getAppInfo(args?: ApiArgs<'getAppInfo'>): Promise<AppInfo>;
}

/** Methods implemented by each host's client side (native dialogs / browser download). */
export interface ClientMethods {
  /**
   * Let the user pick a design file and import it. Electron: native open dialog;
   * browser: a file picker (call from a user gesture). Null when cancelled.
   */
  openDesignFile(): Promise<ImportResult | null>;
  /**
   * Export a saved design to a file the user chooses. Electron: native save dialog;
   * browser: a download. `saved` is false when cancelled.
   */
  saveDesignFile(args: { id: string }): Promise<{ saved: boolean; fileName: string }>;
  /**
   * Render a report (see `exportReport`) and save it where the user chooses.
   * Electron: native save dialog; browser: a download named after the design.
   * `saved` is false when cancelled. Optional: without it, call `exportReport`
   * and save the bytes yourself.
   */
  saveReportFile?(args: ApiArgs<'exportReport'>): Promise<{ saved: boolean; fileName: string }>;
  /** Listen to application-menu commands. Returns an unsubscribe function. No-op in the browser. */
  onMenuCommand(cb: (cmd: MenuCommand) => void): () => void;
}

export type WorkbenchApi = HostMethods & ClientMethods;

// ---------------------------------------------------------------------------
// Errors across the boundary

/** The wire form of a failed call (HTTP 400 body, IPC error reply). */
export interface ApiErrorBody {
  error: string;
  /** Field path of the bad input, when the error is about input. */
  path?: string;
  code?: string;
}

/** An error returned by the host, re-thrown on the client side. */
export class ApiError extends Error {
  readonly path: string | undefined;
  readonly code: string | undefined;
  readonly status: number | undefined;
  constructor(body: ApiErrorBody, status?: number) {
    super(body.error);
    this.name = 'ApiError';
    this.path = body.path;
    this.code = body.code;
    this.status = status;
  }
}

/** Turn any thrown value into the wire form. InputError keeps its path. */
export function toErrorBody(e: unknown): ApiErrorBody {
  if (e instanceof InputError) {
    const code = (e as { code?: unknown }).code;
    return { error: e.message, path: e.path, code: typeof code === 'string' ? code : 'invalid-input' };
  }
  if (e instanceof ApiError) return { error: e.message, path: e.path, code: e.code };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? { error: e.message, code } : { error: e.message };
  }
  return { error: String(e) };
}

/** IPC reply envelope (Electron), so errors keep their path and code across contextBridge. */
export type IpcReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** IPC channel names. */
export const IPC_INVOKE_PREFIX = 'cwb:';
export const IPC_MENU_CHANNEL = 'cwb-menu';
export const IPC_OPEN_FILE = 'cwb-client:openDesignFile';
export const IPC_SAVE_FILE = 'cwb-client:saveDesignFile';
export const IPC_SAVE_REPORT = 'cwb-client:saveReportFile';

export const MenuCommandSchema = z.union([
  z.object({ command: z.enum(MENU_COMMANDS) }).strict(),
  z.object({ command: z.literal('openDesign'), id: idArg }).strict(),
]);

/** A design file name for a design name: `My cluster.cwb.json` with unsafe characters replaced. */
export function designFileName(name: string): string {
  const printable = Array.from(name, (c) => (c.charCodeAt(0) < 0x20 ? '-' : c)).join('');
  const safe = printable
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  return (safe || 'design') + DESIGN_FILE_SUFFIX;
}

/** A report file name for a design name and format: `My cluster.html` with unsafe characters replaced. */
export function reportFileName(name: string, extension: string): string {
  return designFileName(name).slice(0, -DESIGN_FILE_SUFFIX.length) + '.' + extension;
}

/**
 * What the Electron preload script exposes on `window.cwb` (via contextBridge).
 * Replies are envelopes, because contextBridge keeps only the message of a thrown
 * error; the renderer's client (renderer/api) turns `{ok: false}` back into an
 * ApiError with its path and code.
 */
export interface CwbBridge {
  readonly host: 'electron';
  invoke(method: HostMethodName, args?: unknown): Promise<IpcReply>;
  openDesignFile(): Promise<IpcReply<ImportResult | null>>;
  saveDesignFile(args: { id: string }): Promise<IpcReply<{ saved: boolean; fileName: string }>>;
  saveReportFile(args: ApiArgs<'exportReport'>): Promise<IpcReply<{ saved: boolean; fileName: string }>>;
  onMenuCommand(cb: (cmd: MenuCommand) => void): () => void;
}

/** Build the WorkbenchApi from the preload bridge (Electron). */
export function createBridgeApi(bridge: CwbBridge): WorkbenchApi {
  const unwrap = async <T>(p: Promise<IpcReply<T>>): Promise<T> => {
    const r = await p;
    if (r.ok) return r.value;
    throw new ApiError(r.error);
  };
  const host = Object.fromEntries(
    HOST_METHODS.map((m) => [m, (args?: unknown) => unwrap(bridge.invoke(m, args))]),
  ) as unknown as HostMethods;
  return {
    ...host,
    openDesignFile: () => unwrap(bridge.openDesignFile()),
    saveDesignFile: (args) => unwrap(bridge.saveDesignFile(args)),
    saveReportFile: (args) => unwrap(bridge.saveReportFile(args)),
    onMenuCommand: (cb) => bridge.onMenuCommand(cb),
  };
}
