/**
 * Electron main process: one secure window, the application menu, native file
 * dialogs, and the WorkbenchApi served over IPC from the same host service the
 * browser host uses (electron/services/host.ts).
 *
 * Security: contextIsolation, sandbox, no nodeIntegration; the renderer is loaded
 * from a private `app://cwb/` scheme with a strict CSP header; navigation, new
 * windows, webviews and permission requests are refused; IPC is answered only
 * for our own page and every argument is validated (API_SCHEMAS).
 *
 * Bundled by scripts/build-electron.mjs to dist-electron/main.cjs.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
  type Session,
  type WebContents,
} from 'electron';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HOST_METHODS,
  IPC_INVOKE_PREFIX,
  IPC_MENU_CHANNEL,
  IPC_OPEN_FILE,
  IPC_SAVE_FILE,
  IPC_SAVE_REPORT,
  parseApiArgs,
  toErrorBody,
  type ImportResult,
  type IpcReply,
  type MenuCommand,
  type MenuCommandName,
  type ReportFile,
} from '../core/api';
import { InputError } from '../core/errors';
import { readFileForImport, withDesignSuffix, writeFileAtomic } from './services/files';
import { createHost, type Host } from './services/host';
import { watchParent } from './services/lifetime';
import { hostText, type HostLocale, type HostTextKey } from './hostText';
import { PrintRequestFilter } from './services/print-filter';
import { StorageError } from './services/storage';

const SCHEME = 'app';
const ORIGIN = `${SCHEME}://cwb`;
const RENDERER_DIR = resolve(__dirname, '..', 'dist', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const BOUNDS_KEY = 'window.bounds';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

let host: Host | undefined;
let mainWindow: BrowserWindow | undefined;
let rendererReady = false;
/** Files asked to be opened (argv / open-file) before the window was ready. */
const pendingFiles: string[] = [];

// The private scheme must be registered before 'ready'.
protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

function isOwnPage(url: string | undefined): boolean {
  return typeof url === 'string' && (url === ORIGIN || url.startsWith(`${ORIGIN}/`));
}

function designFilesIn(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && /\.json$/i.test(a)).map((a) => resolve(a));
}

// ---------------------------------------------------------------------------
// Serving the renderer

async function serveRenderer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== 'cwb') return new Response('Not found', { status: 404 });
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(RENDERER_DIR, rel));
  if (!file.startsWith(RENDERER_DIR + sep)) return new Response('Forbidden', { status: 403 });
  const headers = {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
  };
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream' },
    });
  } catch {
    if (rel === '/index.html') {
      const page =
        '<!doctype html><meta charset="utf-8"><title>Cluster Workbench</title><body style="font-family:system-ui;margin:4em">' +
        '<h1>Cluster Workbench</h1><p>The user interface has not been built. Run <code>npm run build</code>, then start again.</p>';
      return new Response(page, { status: 200, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
    }
    return new Response('Not found', { status: 404, headers });
  }
}

// ---------------------------------------------------------------------------
// IPC

function reply<T>(fn: () => Promise<T>): Promise<IpcReply<T>> {
  return fn().then(
    (value) => ({ ok: true as const, value }),
    (e: unknown) => ({ ok: false as const, error: toErrorBody(e) }),
  );
}

function checkSender(event: IpcMainInvokeEvent): void {
  const url = event.senderFrame?.url;
  if (!isOwnPage(url)) throw new InputError('sender', 'IPC is only answered for the Cluster Workbench page');
}

function requireHost(): Host {
  if (!host) throw new StorageError('database-error', 'storage is not open');
  return host;
}

/** Read a design file from disk (size checked first) and import it. */
async function importFile(path: string): Promise<ImportResult> {
  const { fileName, bytes } = await readFileForImport(path);
  return (await requireHost().call('importDesign', { fileName, bytes })) as ImportResult;
}

async function openDesignFileDialog(): Promise<ImportResult | null> {
  const win = mainWindow;
  const options: OpenDialogOptions = {
    title: tx('dialog.importTitle'),
    properties: ['openFile'],
    filters: [
      { name: tx('dialog.designFiles'), extensions: ['json'] },
      { name: tx('dialog.allFiles'), extensions: ['*'] },
    ],
  };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const path = r.filePaths[0];
  if (r.canceled || !path) return null;
  return importFile(path);
}

async function saveDesignFileDialog(args: unknown): Promise<{ saved: boolean; fileName: string }> {
  const { id } = parseApiArgs('exportDesign', args);
  const { fileName, text } = (await requireHost().call('exportDesign', { id })) as { fileName: string; text: string };
  const options: SaveDialogOptions = {
    title: tx('dialog.exportTitle'),
    defaultPath: join(app.getPath('documents'), fileName),
    filters: [{ name: tx('dialog.designFiles'), extensions: ['json'] }],
  };
  const win = mainWindow;
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return { saved: false, fileName };
  const target = withDesignSuffix(r.filePath);
  await writeFileAtomic(target, text);
  return { saved: true, fileName: basename(target) };
}

const PRINT_PARTITION = 'cwb-print';
/** One filter for the print session, installed once; each print allows its own file while it runs. */
const printFilter = new PrintRequestFilter();
let printSession: Session | undefined;

function printSessionOnce(): Session {
  if (printSession) return printSession;
  const ses = session.fromPartition(PRINT_PARTITION, { cache: false });
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: printFilter.refuses(details.url) }));
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.on('will-download', (event) => event.preventDefault());
  printSession = ses;
  return ses;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Print a report's HTML to an A4 PDF in a hidden, sandboxed window: JavaScript
 * off, its own in-memory session, every request but the report file refused.
 */
async function printReportPdf(html: string, title: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-print-'));
  const file = join(dir, 'report.html');
  const fileUrl = pathToFileURL(file).href;
  await writeFile(file, html, 'utf8');
  const ses = printSessionOnce();
  const release = printFilter.allow(fileUrl);
  const win = new BrowserWindow({
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      session: ses,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    },
  });
  try {
    await win.loadFile(file);
    const pdf = await win.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:7pt;color:#888;width:100%;padding:0 13mm;display:flex;justify-content:space-between;font-family:sans-serif">' +
        `<span>${escapeHtml(title)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    });
    return new Uint8Array(pdf);
  } finally {
    if (!win.isDestroyed()) win.destroy();
    release();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Render a report (host `exportReport`) and save it where the user chooses. */
async function saveReportFileDialog(args: unknown): Promise<{ saved: boolean; fileName: string }> {
  const parsed = parseApiArgs('exportReport', args);
  const report = (await requireHost().call('exportReport', parsed)) as ReportFile;
  const names: Record<string, string> = {
    pdf: tx('report.pdf'),
    html: tx('report.html'),
    md: tx('report.md'),
    csv: tx('report.csv'),
    xlsx: tx('report.xlsx'),
    json: tx('report.json'),
  };
  const options: SaveDialogOptions = {
    title: tx('dialog.exportReportTitle'),
    defaultPath: join(app.getPath('documents'), report.fileName),
    filters: [{ name: names[report.format] ?? report.format, extensions: [report.extension] }],
  };
  const win = mainWindow;
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return { saved: false, fileName: report.fileName };
  const target = extname(r.filePath) ? r.filePath : `${r.filePath}.${report.extension}`;
  await writeFileAtomic(target, new Uint8Array(Buffer.from(report.base64, 'base64')));
  return { saved: true, fileName: basename(target) };
}

function registerIpc(): void {
  for (const method of HOST_METHODS) {
    ipcMain.handle(IPC_INVOKE_PREFIX + method, (event, args: unknown) =>
      reply(async () => {
        checkSender(event);
        const result = await requireHost().call(method, args);
        // The menu follows the language the user picks in the workbench.
        if (method === 'setSetting' && (args as { key?: unknown } | undefined)?.key === 'ui.locale') buildMenu();
        return result;
      }),
    );
  }
  ipcMain.handle(IPC_OPEN_FILE, (event) =>
    reply(async () => {
      checkSender(event);
      return openDesignFileDialog();
    }),
  );
  ipcMain.handle(IPC_SAVE_FILE, (event, args: unknown) =>
    reply(async () => {
      checkSender(event);
      return saveDesignFileDialog(args);
    }),
  );
  ipcMain.handle(IPC_SAVE_REPORT, (event, args: unknown) =>
    reply(async () => {
      checkSender(event);
      return saveReportFileDialog(args);
    }),
  );
}

// ---------------------------------------------------------------------------
// Menu

function send(cmd: MenuCommand): void {
  const win = mainWindow ?? BrowserWindow.getAllWindows()[0];
  if (win && !win.isDestroyed()) win.webContents.send(IPC_MENU_CHANNEL, cmd);
}

/** The language the user chose in the workbench (setting `ui.locale`), English until set. */
function hostLocale(): HostLocale {
  try {
    const v = host?.storage.getSetting('ui.locale');
    if (v === 'zh-CN' || v === 'en') return v;
  } catch {
    /* the setting is optional */
  }
  // Not chosen yet: the system's language, as the page picks it from the browser's.
  const system = typeof app.getLocale === 'function' ? app.getLocale() : '';
  return /^zh/i.test(system) ? 'zh-CN' : 'en';
}

/** A host string in the user's language. */
function tx(key: HostTextKey, params?: Record<string, string>): string {
  return hostText(hostLocale(), key, params);
}

/**
 * An app-action menu item. Keys the page handles itself (Ctrl+S, Ctrl+Z, Delete,
 * ...) are shown but not registered, so typing in a text field keeps working.
 */
function command(
  label: string,
  name: MenuCommandName,
  accelerator?: string,
  pageHandlesKey = false,
): MenuItemConstructorOptions {
  return {
    label,
    ...(accelerator ? { accelerator, registerAccelerator: !pageHandlesKey } : {}),
    click: () => send({ command: name }),
  };
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const recent = host?.recentDesigns() ?? [];
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((d) => ({ label: d.name.replace(/&/g, '&&'), click: () => send({ command: 'openDesign', id: d.id }) }))
    : [{ label: tx('menu.noRecent'), enabled: false }];

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: tx('menu.file'),
      submenu: [
        command(tx('menu.new'), 'new', 'CmdOrCtrl+N'),
        command(tx('menu.open'), 'open', 'CmdOrCtrl+O', true),
        { label: tx('menu.openRecent'), submenu: recentItems },
        { type: 'separator' },
        command(tx('menu.save'), 'save', 'CmdOrCtrl+S', true),
        command(tx('menu.saveAs'), 'saveAs', 'CmdOrCtrl+Shift+S', true),
        { type: 'separator' },
        command(tx('menu.import'), 'import'),
        command(tx('menu.export'), 'export'),
        { type: 'separator' },
        command(tx('menu.versions'), 'versions'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: tx('menu.edit'),
      submenu: [
        command(tx('menu.undo'), 'undo', 'CmdOrCtrl+Z', true),
        command(tx('menu.redo'), 'redo', isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', true),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        command(tx('menu.delete'), 'delete', 'Delete', true),
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: tx('menu.view'),
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        command(tx('menu.fit'), 'fitView', 'CmdOrCtrl+Shift+F'),
        { type: 'separator' },
        command(tx('menu.togglePalette'), 'togglePalette'),
        command(tx('menu.toggleInspector'), 'toggleInspector'),
        command(tx('menu.toggleResults'), 'toggleResults'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: tx('menu.help'),
      role: 'help',
      submenu: [
        {
          label: tx('menu.about'),
          click: () => {
            const info = host ? ` ${tx('about.data', { dir: host.storage.dataDir })}` : '';
            void dialog.showMessageBox({
              type: 'info',
              title: tx('about.title'),
              message: `Cluster Workbench ${app.getVersion()}`,
              detail: `${tx('about.detail')}${info}\nElectron ${process.versions.electron ?? ''}, Chromium ${process.versions.chrome ?? ''}, Node ${process.versions.node}.`,
            });
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

// ---------------------------------------------------------------------------
// Window

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

function isBounds(v: unknown): v is Bounds {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every((k) => typeof b[k] === 'number' && Number.isFinite(b[k])) &&
    (b.width as number) >= 400 &&
    (b.height as number) >= 300 &&
    typeof b.maximized === 'boolean'
  );
}

/** Saved bounds, if they are still (mostly) on a connected display. */
function savedBounds(): Bounds | undefined {
  const v = host?.storage.getSetting(BOUNDS_KEY);
  if (!isBounds(v)) return undefined;
  const visible = screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    const w = Math.min(v.x + v.width, a.x + a.width) - Math.max(v.x, a.x);
    const h = Math.min(v.y + v.height, a.y + a.height) - Math.max(v.y, a.y);
    return w >= 100 && h >= 100;
  });
  return visible ? v : undefined;
}

function rememberBounds(win: BrowserWindow): void {
  if (!host || win.isDestroyed() || win.isMinimized()) return;
  const b = win.getNormalBounds();
  host.storage.setSetting(BOUNDS_KEY, {
    x: b.x,
    y: b.y,
    width: b.width,
    height: b.height,
    maximized: win.isMaximized(),
  });
}

function createWindow(): BrowserWindow {
  const saved = savedBounds();
  const win = new BrowserWindow({
    ...(saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : { width: 1440, height: 900 }),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Cluster Workbench',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => rememberBounds(win), 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    rememberBounds(win);
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
    rendererReady = false;
  });
  // The page asks (beforeunload) when it has unsaved edits: let the user decide.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: [tx('close.discard'), tx('close.keep')],
      defaultId: 1,
      cancelId: 1,
      title: tx('close.title'),
      message: tx('close.message'),
      detail: tx('close.detail'),
    });
    if (choice === 0) event.preventDefault();
  });
  win.webContents.on('did-finish-load', () => {
    rendererReady = true;
    void flushPendingFiles();
  });
  void win.loadURL(`${ORIGIN}/index.html`);
  return win;
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (/^https:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

// ---------------------------------------------------------------------------
// Opening files from the OS

async function openFromOs(path: string): Promise<void> {
  try {
    const r = await importFile(path);
    send({ command: 'openDesign', id: r.summary.id });
  } catch (e) {
    dialog.showErrorBox(tx('dialog.cannotOpen'), `${path}\n\n${e instanceof Error ? e.message : String(e)}`);
  }
}

async function flushPendingFiles(): Promise<void> {
  if (!host || !rendererReady) return;
  while (pendingFiles.length) {
    const f = pendingFiles.shift();
    if (f) await openFromOs(f);
  }
}

function requestOpen(path: string): void {
  pendingFiles.push(path);
  void flushPendingFiles();
}

// ---------------------------------------------------------------------------
// Startup

function focusWindow(): void {
  const win = mainWindow;
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  pendingFiles.push(...designFilesIn(process.argv.slice(app.isPackaged ? 1 : 2)));

  app.on('second-instance', (_event, argv) => {
    focusWindow();
    for (const f of designFilesIn(argv.slice(1))) requestOpen(f);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    requestOpen(path);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && host && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('will-quit', () => {
    host?.close();
    host = undefined;
  });
  // Started by `npm start`: a signal or the launcher's death ends the app (unsaved edits stay in the recovery slot).
  if (process.env.CWB_PARENT_PID) {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => app.exit(0));
    watchParent(process.env.CWB_PARENT_PID, () => app.exit(0));
  }

  void app.whenReady().then(() => {
    try {
      host = createHost({
        dataDir: app.getPath('userData'),
        hostKind: 'electron',
        appVersion: app.getVersion(),
        printPdf: printReportPdf,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      dialog.showErrorBox(
        e instanceof StorageError && e.code === 'newer-database'
          ? 'Database from a newer version'
          : 'Cluster Workbench cannot start',
        message,
      );
      app.quit();
      return;
    }
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.on('will-download', (event) => event.preventDefault());
    ses.protocol.handle(SCHEME, serveRenderer);
    registerIpc();
    buildMenu();
    host.onChange(() => buildMenu());
    mainWindow = createWindow();
  });
}

start();
