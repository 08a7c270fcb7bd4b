/**
 * The bundled Electron main process and preload script (dist-electron/*.cjs),
 * exercised without the Electron runtime: the `electron` module is replaced by a
 * recording test double, everything else (host, storage, SQLite) is real. This
 * checks the security settings, IPC validation, the menu, the renderer scheme
 * with its CSP, window-bounds memory and opening files from the OS.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createBridgeApi, type CwbBridge, type IpcReply, type MenuCommand, type ReportFile } from '../core/api';
import { SCHEMA_VERSION } from '../core/model';
import { Storage } from './services/storage';

const ROOT = resolve(__dirname, '..');
const realRequire = createRequire(join(ROOT, 'package.json'));

type Listener = (...args: unknown[]) => unknown;
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener): this {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

interface MenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  submenu?: MenuItem[];
  click?: () => void;
}

/** A recording stand-in for the parts of the `electron` module main.ts uses. */
function fakeElectron(userData: string, opts: { lock?: boolean } = {}) {
  const rec = {
    quit: 0,
    errorBoxes: [] as Array<[string, string]>,
    schemes: [] as unknown[],
    windows: [] as FakeWindow[],
    menus: [] as MenuItem[][],
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    protocolHandler: undefined as undefined | ((r: Request) => Promise<Response>),
    permissionRequest: undefined as undefined | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    sent: [] as Array<[string, unknown]>,
    /** Button chosen in the unsaved-changes question (0 = discard and close). */
    unloadAnswer: 1,
    /** Path the save dialog answers ('' = cancelled). */
    savePath: '',
    saveDialogs: [] as Array<{ title?: string; defaultPath?: string; filters?: unknown }>,
    /** Hidden print windows: the HTML file they loaded, the printToPDF options, and whether the print session's filter let their file load while printing. */
    printed: [] as Array<{ html: string; url: string; options: unknown; allowedWhilePrinting?: boolean }>,
    /** What printToPDF waits for before it returns (concurrent prints). */
    printGate: () => Promise.resolve(),
    partitions: [] as Array<{ name: string; opts: unknown; filter?: (d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void }>,
  };
  const event = () => {
    const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
    return e;
  };
  class WebContents extends Emitter {
    openHandler: ((d: { url: string }) => { action: string }) | undefined;
    loaded = { html: '', url: '' };
    printToPDF(options: unknown) {
      const entry: (typeof rec.printed)[number] = { ...this.loaded, options };
      rec.printed.push(entry);
      return rec.printGate().then(() => {
        // Asked at the end of the print, when other prints may have started (or ended) meanwhile.
        let cancel: boolean | undefined;
        for (const p of rec.partitions) p.filter?.({ url: this.loaded.url }, (x) => (cancel = x.cancel));
        entry.allowedWhilePrinting = cancel === false;
        return Buffer.from('%PDF-1.7 printed by the double\n');
      });
    }
    send(channel: string, payload: unknown) {
      rec.sent.push([channel, payload]);
    }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h;
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getPath: (name: string) => (name === 'userData' ? userData : join(userData, name)),
    getVersion: () => '1.2.3',
    isReady: () => true,
    quit: () => void rec.quit++,
    requestSingleInstanceLock: () => opts.lock ?? true,
    whenReady: () => Promise.resolve(),
  });
  class FakeWindow extends Emitter {
    static all: FakeWindow[] = [];
    static getAllWindows() {
      return FakeWindow.all;
    }
    readonly webContents = new WebContents();
    url = '';
    constructor(readonly options: { webPreferences: Record<string, unknown>; width?: number; x?: number }) {
      super();
      FakeWindow.all.push(this);
      rec.windows.push(this);
      app.emit('web-contents-created', event(), this.webContents);
    }
    destroyed = false;
    isDestroyed = () => this.destroyed;
    destroy() {
      this.destroyed = true;
    }
    loadFile(path: string) {
      this.webContents.loaded = { html: readFileSync(path, 'utf8'), url: pathToFileURL(path).href };
      return Promise.resolve();
    }
    isMinimized = () => false;
    isMaximized = () => false;
    maximize() {}
    restore() {}
    focus() {}
    show() {}
    getNormalBounds = () => ({ x: 10, y: 20, width: 1300, height: 850 });
    loadURL(u: string) {
      this.url = u;
      return Promise.resolve();
    }
  }
  const protocol = {
    registerSchemesAsPrivileged: (s: unknown[]) => void rec.schemes.push(...s),
    handle: (_scheme: string, h: (r: Request) => Promise<Response>) => void (rec.protocolHandler = h),
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showErrorBox: (t: string, c: string) => void rec.errorBoxes.push([t, c]),
      showMessageBox: () => Promise.resolve({ response: 0 }),
      showMessageBoxSync: () => rec.unloadAnswer,
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: (...a: unknown[]) => {
        rec.saveDialogs.push(a.at(-1) as { title?: string; defaultPath?: string });
        return Promise.resolve({ canceled: !rec.savePath, filePath: rec.savePath });
      },
    },
    ipcMain: {
      handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void rec.ipc.set(ch, fn),
    },
    Menu: { setApplicationMenu: (m: MenuItem[]) => void rec.menus.push(m), buildFromTemplate: (t: MenuItem[]) => t },
    protocol,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: Object.assign(new Emitter(), {
        protocol,
        setPermissionRequestHandler: (h: typeof rec.permissionRequest) => void (rec.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof rec.permissionCheck) => void (rec.permissionCheck = h),
      }),
      fromPartition: (name: string, opts: unknown) => {
        const part: (typeof rec.partitions)[number] = { name, opts };
        rec.partitions.push(part);
        return Object.assign(new Emitter(), {
          webRequest: { onBeforeRequest: (l: NonNullable<typeof part.filter>) => void (part.filter = l) },
          setPermissionRequestHandler: () => undefined,
        });
      },
    },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { electron, rec, app, event };
}

/** Evaluate a CommonJS bundle with `electron` replaced. */
function loadBundle(file: string, electron: unknown): void {
  const code = readFileSync(file, 'utf8');
  const wrapped = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: file,
  }) as (...a: unknown[]) => void;
  const mod = { exports: {} };
  const req = (id: string) => (id === 'electron' ? electron : realRequire(id));
  wrapped(mod.exports, req, mod, file, dirname(file));
}

const tick = () => new Promise((r) => setTimeout(r, 20));

let dir: string;
let outdir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-main-'));
  outdir = join(dir, 'dist-electron');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-electron.mjs'), '--outdir', outdir], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  mkdirSync(join(dir, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'dist', 'renderer', 'assets', 'app.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundles', () => {
  it('main.cjs requires only electron, better-sqlite3 and node built-ins; preload.cjs only electron', () => {
    const reqs = (f: string) =>
      [
        ...new Set([...readFileSync(join(outdir, f), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])),
      ].sort();
    // Node built-ins may be named with or without `node:` (fflate, used by the XLSX report writer, says "module").
    const builtin = (r: string) => r.startsWith('node:') || builtinModules.includes(r);
    expect(reqs('main.cjs').filter((r) => !builtin(r!))).toEqual(['better-sqlite3', 'electron']);
    expect(reqs('preload.cjs')).toEqual(['electron']);
  });
});

describe('Electron main process (with a recording electron double)', () => {
  let userData: string;
  let f: ReturnType<typeof fakeElectron>;
  const own = { senderFrame: { url: 'app://cwb/index.html' } };

  beforeAll(async () => {
    userData = join(dir, 'userData');
    f = fakeElectron(userData);
    loadBundle(join(outdir, 'main.cjs'), f.electron);
    await tick();
  });

  it('registers a secure private scheme and opens one hardened window on it', () => {
    expect(f.rec.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
    expect(f.rec.windows).toHaveLength(1);
    const w = f.rec.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: join(outdir, 'preload.cjs'),
    });
    expect(w.url).toBe('app://cwb/index.html');
  });

  it('serves the renderer with a strict CSP and nothing outside it', async () => {
    const h = f.rec.protocolHandler!;
    const index = await h(new Request('app://cwb/index.html'));
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(await index.text()).toContain('id="root"');
    expect((await h(new Request('app://cwb/assets/app.js'))).headers.get('content-type')).toMatch(/javascript/);
    const escape = await h(new Request('app://cwb/assets/..%2f..%2f..%2fsecret.txt'));
    expect(escape.status).toBe(403);
    expect((await h(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('denies permissions, navigation away, new windows and webviews', () => {
    let granted: boolean | undefined;
    f.rec.permissionRequest!({}, 'geolocation', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(f.rec.permissionCheck!()).toBe(false);
    const wc = f.rec.windows[0]!.webContents;
    const away = f.event();
    wc.emit('will-navigate', away, 'https://evil.example/');
    expect(away.defaultPrevented).toBe(true);
    const inside = f.event();
    wc.emit('will-navigate', inside, 'app://cwb/index.html');
    expect(inside.defaultPrevented).toBe(false);
    const webview = f.event();
    wc.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
    expect(wc.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('asks before closing a page with unsaved edits', () => {
    const wc = f.rec.windows[0]!.webContents;
    f.rec.unloadAnswer = 1; // keep editing
    const keep = f.event();
    wc.emit('will-prevent-unload', keep);
    expect(keep.defaultPrevented).toBe(false);
    f.rec.unloadAnswer = 0; // discard and close
    const leave = f.event();
    wc.emit('will-prevent-unload', leave);
    expect(leave.defaultPrevented).toBe(true);
  });

  it('answers IPC only for its own page, validating every argument', async () => {
    const list = f.rec.ipc.get('cwb:listDesigns')!;
    expect(await list(own, {})).toEqual({ ok: true, value: [] });
    const foreign = (await list({ senderFrame: { url: 'https://evil.example/' } }, {})) as IpcReply;
    expect(foreign).toMatchObject({ ok: false, error: { path: 'sender' } });
    const bad = (await f.rec.ipc.get('cwb:renameDesign')!(own, { id: 'x', name: '' })) as IpcReply;
    expect(bad).toEqual({
      ok: false,
      error: { error: 'args.name: must not be empty', path: 'args.name', code: 'invalid-input' },
    });
  });

  it('the preload bridge + renderer client round-trip through these handlers, keeping error paths', async () => {
    let exposed: { key: string; api: CwbBridge } | undefined;
    const menuListeners: Array<(e: unknown, cmd: MenuCommand) => void> = [];
    const preloadElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: CwbBridge) => (exposed = { key, api }) },
      ipcRenderer: {
        invoke: (channel: string, ...args: unknown[]) => f.rec.ipc.get(channel)!(own, ...args),
        on: (ch: string, l: (e: unknown, cmd: MenuCommand) => void) => ch === 'cwb-menu' && menuListeners.push(l),
        removeListener: (_ch: string, l: (e: unknown, cmd: MenuCommand) => void) =>
          menuListeners.splice(menuListeners.indexOf(l), 1),
      },
    };
    loadBundle(join(outdir, 'preload.cjs'), preloadElectron);
    expect(exposed?.key).toBe('cwb');
    expect(exposed?.api.host).toBe('electron');
    const api = createBridgeApi(exposed!.api);

    await api.saveDesign({ design: { schemaVersion: SCHEMA_VERSION, id: 'ipc1', name: 'Through IPC' } });
    expect((await api.getDesign({ id: 'ipc1' })).design.name).toBe('Through IPC');
    let err: unknown;
    try {
      await api.renameDesign({ id: 'ipc1', name: '   ' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).path).toBe('args.name');
    expect(await exposed!.api.invoke('dropTables' as never, {})).toMatchObject({
      ok: false,
      error: { path: 'method' },
    });

    const got: MenuCommand[] = [];
    const off = api.onMenuCommand((c) => got.push(c));
    menuListeners.forEach((l) => l({}, { command: 'save' }));
    off();
    menuListeners.forEach((l) => l({}, { command: 'undo' }));
    expect(got).toEqual([{ command: 'save' }]);
  });

  it('builds the application menu; app actions are sent to the page', () => {
    const menu = f.rec.menus.at(-1)!;
    const top = menu.map((m) => m.label);
    expect(top).toEqual(['&File', '&Edit', '&View', '&Help']);
    const labels = (i: number) => menu[i]!.submenu!.map((m) => m.label ?? m.role).filter(Boolean);
    expect(labels(0)).toEqual(['&New', '&Open…', 'Open &Recent', '&Save', 'Save &As…', '&Import…', '&Export…', '&Versions…', 'quit']);
    expect(labels(1)).toEqual(['&Undo', '&Redo', 'cut', 'copy', 'paste', '&Delete', 'selectAll']);
    expect(labels(2)).toEqual(
      expect.arrayContaining([
        'zoomIn',
        'zoomOut',
        'resetZoom',
        '&Fit to Window',
        'Show/Hide &Palette',
        'Show/Hide &Inspector',
        'Show/Hide &Results',
      ]),
    );
    expect(labels(3)).toEqual(['&About Cluster Workbench']);
    // Keys the page handles itself are shown but not registered (typing in text fields keeps working).
    const save = menu[0]!.submenu!.find((m) => m.label === '&Save')!;
    expect(save).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: false });
    f.rec.sent.length = 0;
    save.click!();
    expect(f.rec.sent).toEqual([['cwb-menu', { command: 'save' }]]);
    // The design saved over IPC above is in File > Open Recent.
    const recent = menu[0]!.submenu!.find((m) => m.label === 'Open &Recent')!.submenu!;
    expect(recent.map((m) => m.label)).toContain('Through IPC');
  });

  it('speaks the language chosen in the workbench: the menu is rebuilt in Chinese, and back', async () => {
    const set = f.rec.ipc.get('cwb:setSetting')!;
    expect(await set(own, { key: 'ui.locale', value: 'zh-CN' })).toMatchObject({ ok: true });
    const zh = f.rec.menus.at(-1)!;
    expect(zh.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '帮助(&H)']);
    const file = zh[0]!.submenu!.map((m) => m.label ?? m.role).filter(Boolean);
    expect(file).toEqual(['新建(&N)', '打开(&O)…', '最近打开(&R)', '保存(&S)', '另存为(&A)…', '导入(&I)…', '导出(&E)…', '版本(&V)…', 'quit']);
    // The same commands behind the translated labels.
    f.rec.sent.length = 0;
    zh[0]!.submenu!.find((m) => m.label === '导入(&I)…')!.click!();
    expect(f.rec.sent).toEqual([['cwb-menu', { command: 'import' }]]);
    await set(own, { key: 'ui.locale', value: 'en' });
    expect(f.rec.menus.at(-1)!.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('opens a .cwb.json handed over by the OS once the page has loaded', async () => {
    const file = join(dir, 'From the OS.cwb.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: SCHEMA_VERSION, id: 'os1', name: 'From the OS' }));
    f.rec.sent.length = 0;
    const e = f.event();
    f.app.emit('open-file', e, file);
    expect(e.defaultPrevented).toBe(true);
    f.rec.windows[0]!.webContents.emit('did-finish-load');
    await expect
      .poll(() => f.rec.sent, { timeout: 5000 })
      .toEqual([['cwb-menu', { command: 'openDesign', id: 'os1' }]]);
    // A bad file gives an error box, not a crash.
    const bad = join(dir, 'bad.cwb.json');
    writeFileSync(bad, 'not json');
    f.app.emit('open-file', f.event(), bad);
    await expect.poll(() => f.rec.errorBoxes.at(-1)?.[1] ?? '', { timeout: 5000 }).toMatch(/file: is not JSON/);
  });

  it('remembers the window bounds in the settings table', async () => {
    f.rec.windows[0]!.emit('close');
    f.app.emit('will-quit');
    const s = Storage.open({ dataDir: userData });
    try {
      expect(s.getSetting('window.bounds')).toEqual({ x: 10, y: 20, width: 1300, height: 850, maximized: false });
    } finally {
      s.close();
    }
    // The next start uses them.
    const again = fakeElectron(userData);
    loadBundle(join(outdir, 'main.cjs'), again.electron);
    await tick();
    expect(again.rec.windows[0]!.options).toMatchObject({ x: 10, width: 1300 });
    again.app.emit('will-quit');
  });

  it('a second instance hands over and quits', async () => {
    const second = fakeElectron(join(dir, 'userData-2'), { lock: false });
    loadBundle(join(outdir, 'main.cjs'), second.electron);
    await tick();
    expect(second.rec.quit).toBe(1);
    expect(second.rec.windows).toHaveLength(0);
  });

  it('refuses a database from a newer version with a dialog, leaving it untouched', async () => {
    const ud = join(dir, 'userData-newer');
    mkdirSync(ud, { recursive: true });
    const db = new Database(join(ud, 'workbench.db'));
    db.pragma('user_version = 77');
    db.close();
    const before = readFileSync(join(ud, 'workbench.db'));
    const g = fakeElectron(ud);
    loadBundle(join(outdir, 'main.cjs'), g.electron);
    await tick();
    expect(g.rec.errorBoxes[0]?.[0]).toBe('Database from a newer version');
    expect(g.rec.errorBoxes[0]?.[1]).toMatch(/newer version of Cluster Workbench/);
    expect(g.rec.quit).toBe(1);
    expect(g.rec.windows).toHaveLength(0);
    expect(readFileSync(join(ud, 'workbench.db')).equals(before)).toBe(true);
  });
});

describe('Electron: File > Export (report)', () => {
  let g: ReturnType<typeof fakeElectron>;
  const own = { senderFrame: { url: 'app://cwb/index.html' } };
  const doc = {
    schemaVersion: SCHEMA_VERSION,
    id: 'exp-1',
    name: 'Hall <7>',
    racks: [{ id: 'r1', name: 'R1', position: { x: 0, y: 0 }, heightU: 42, powerBudgetW: 40_000, cooling: 'air' }],
  };
  beforeAll(async () => {
    g = fakeElectron(join(dir, 'userData-export'));
    loadBundle(join(outdir, 'main.cjs'), g.electron);
    await tick();
  });
  afterAll(() => g.app.emit('will-quit'));

  it('saves the report where the user chooses, with the bytes exportReport renders', async () => {
    const save = g.rec.ipc.get('cwb-client:saveReportFile')!;
    g.rec.savePath = join(dir, 'hall-report');
    const r = (await save(own, { design: doc, format: 'csv', lang: 'en', date: '2026-01-02' })) as IpcReply;
    expect(r).toEqual({ ok: true, value: { saved: true, fileName: 'hall-report.csv' } });
    expect(g.rec.saveDialogs.at(-1)?.defaultPath).toMatch(/Hall -7-\.csv$/);
    const direct = (await g.rec.ipc.get('cwb:exportReport')!(own, { design: doc, format: 'csv', lang: 'en', date: '2026-01-02' })) as IpcReply<ReportFile>;
    expect(direct.ok).toBe(true);
    if (direct.ok) expect(readFileSync(join(dir, 'hall-report.csv')).toString('base64')).toBe(direct.value.base64);
    // Cancelled: nothing written, saved false.
    g.rec.savePath = '';
    expect(await save(own, { design: doc, format: 'html' })).toEqual({ ok: true, value: { saved: false, fileName: 'Hall -7-.html' } });
    // Bad input keeps its path; a foreign page is refused.
    expect(await save(own, { design: doc, format: 'docx' })).toMatchObject({ ok: false, error: { path: 'args.format' } });
    expect(await save({ senderFrame: { url: 'https://evil.example/' } }, { design: doc, format: 'html' })).toMatchObject({
      ok: false,
      error: { path: 'sender' },
    });
  });

  it('prints PDFs in a hidden, sandboxed, script-less window on an offline session', async () => {
    const before = g.rec.windows.length;
    g.rec.savePath = join(dir, 'hall.pdf');
    const r = (await g.rec.ipc.get('cwb-client:saveReportFile')!(own, { design: doc, format: 'pdf' })) as IpcReply;
    expect(r).toEqual({ ok: true, value: { saved: true, fileName: 'hall.pdf' } });
    expect(readFileSync(join(dir, 'hall.pdf'), 'latin1')).toMatch(/^%PDF-/);
    const win = g.rec.windows[before]!;
    expect(win.options).toMatchObject({ show: false });
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(win.isDestroyed()).toBe(true);
    const printed = g.rec.printed.at(-1)!;
    expect(printed.html).toContain('Hall &lt;7&gt;');
    expect(printed.options).toMatchObject({ pageSize: 'A4', printBackground: true });
    // Only the report file itself may load.
    const filter = g.rec.partitions.at(-1)!.filter!;
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      filter({ url }, (x) => (cancel = x.cancel));
      return cancel;
    };
    expect(printed.allowedWhilePrinting).toBe(true);
    // Once printed (and its temporary file removed) the report file is refused too.
    expect(verdict(printed.url)).toBe(true);
    expect(verdict('https://example.com/font.woff2')).toBe(true);
    expect(verdict('file:///etc/passwd')).toBe(true);
  });

  it('two PDF exports at once: the filter is installed once and each print can load its own file', async () => {
    const partitionsBefore = g.rec.partitions.length;
    const printedBefore = g.rec.printed.length;
    // Hold every print until both have started, so they overlap.
    let open: () => void = () => undefined;
    const bothStarted = new Promise<void>((r) => (open = r));
    g.rec.printGate = () => {
      if (g.rec.printed.length - printedBefore >= 2) open();
      return bothStarted;
    };
    try {
      g.rec.savePath = join(dir, 'both.pdf');
      const exportPdf = () => g.rec.ipc.get('cwb-client:saveReportFile')!(own, { design: doc, format: 'pdf' }) as Promise<IpcReply>;
      const [a, b] = await Promise.all([exportPdf(), exportPdf()]);
      expect(a.ok && b.ok).toBe(true);
    } finally {
      g.rec.printGate = () => Promise.resolve();
    }
    const two = g.rec.printed.slice(printedBefore);
    expect(two).toHaveLength(2);
    expect(two[0]!.url).not.toBe(two[1]!.url);
    expect(two.map((p) => p.allowedWhilePrinting)).toEqual([true, true]);
    // No new session, no second filter: the first print's filter was not replaced.
    expect(g.rec.partitions.length).toBe(partitionsBefore);
  });
});
