/**
 * Minimal type declarations for the parts of Electron that main.ts and preload.ts
 * use, so the project type-checks where the optional `electron` package could not
 * be installed (its binary download fails offline and npm then removes it).
 *
 * Signatures are copied from Electron 38's electron.d.ts; main.ts and preload.ts
 * were also checked against the real electron.d.ts. DELETE THIS FILE when
 * node_modules/electron is present: the real declarations replace it (keeping
 * both makes `declare module 'electron'` conflict).
 */
declare module 'electron' {
  type Event<Params extends object = object> = {
    preventDefault: () => void;
    readonly defaultPrevented: boolean;
  } & Params;

  interface Rectangle {
    x: number;
    y: number;
    width: number;
    height: number;
  }
  interface Display {
    workArea: Rectangle;
    bounds: Rectangle;
  }

  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
    devTools?: boolean;
    javascript?: boolean;
    session?: Session;
  }
  interface BrowserWindowConstructorOptions {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    icon?: string;
    webPreferences?: WebPreferences;
  }

  interface HandlerDetails {
    url: string;
  }
  type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

  interface WebFrameMain {
    url: string;
  }

  interface PrintToPDFOptions {
    pageSize?: 'A4' | 'Letter';
    printBackground?: boolean;
    preferCSSPageSize?: boolean;
    displayHeaderFooter?: boolean;
    headerTemplate?: string;
    footerTemplate?: string;
  }

  interface WebContents {
    send(channel: string, ...args: unknown[]): void;
    printToPDF(options: PrintToPDFOptions): Promise<Buffer>;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: Event, url: string) => void): this;
    on(event: 'will-attach-webview' | 'will-prevent-unload', listener: (event: Event) => void): this;
    on(event: 'did-finish-load', listener: () => void): this;
  }

  class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    static getAllWindows(): BrowserWindow[];
    readonly webContents: WebContents;
    isDestroyed(): boolean;
    isMinimized(): boolean;
    isMaximized(): boolean;
    maximize(): void;
    restore(): void;
    focus(): void;
    show(): void;
    getNormalBounds(): Rectangle;
    loadURL(url: string): Promise<void>;
    loadFile(filePath: string): Promise<void>;
    destroy(): void;
    on(event: 'resize' | 'move' | 'close' | 'closed', listener: () => void): this;
    once(event: 'ready-to-show', listener: () => void): this;
  }

  interface App {
    readonly isPackaged: boolean;
    getPath(name: 'userData' | 'documents' | 'home' | 'appData' | 'temp' | 'downloads'): string;
    getVersion(): string;
    isReady(): boolean;
    quit(): void;
    exit(exitCode?: number): void;
    getLocale(): string;
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
    whenReady(): Promise<void>;
    on(event: 'second-instance', listener: (event: Event, argv: string[], workingDirectory: string) => void): this;
    on(event: 'open-file', listener: (event: Event, path: string) => void): this;
    on(event: 'web-contents-created', listener: (event: Event, webContents: WebContents) => void): this;
    on(event: 'window-all-closed' | 'activate' | 'will-quit', listener: () => void): this;
  }
  const app: App;

  interface FileFilter {
    name: string;
    extensions: string[];
  }
  interface OpenDialogOptions {
    title?: string;
    defaultPath?: string;
    filters?: FileFilter[];
    properties?: Array<'openFile' | 'openDirectory' | 'multiSelections' | 'showHiddenFiles'>;
  }
  interface SaveDialogOptions {
    title?: string;
    defaultPath?: string;
    filters?: FileFilter[];
  }
  interface MessageBoxOptions {
    message: string;
    type?: 'none' | 'info' | 'error' | 'question' | 'warning';
    title?: string;
    detail?: string;
  }
  interface MessageBoxSyncOptions extends MessageBoxOptions {
    buttons?: string[];
    defaultId?: number;
    cancelId?: number;
  }
  const dialog: {
    showOpenDialog(
      window: BrowserWindow,
      options: OpenDialogOptions,
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
    showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
    showErrorBox(title: string, content: string): void;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
    showMessageBoxSync(window: BrowserWindow, options: MessageBoxSyncOptions): number;
  };

  interface IpcMainInvokeEvent {
    readonly senderFrame: WebFrameMain | null;
  }
  const ipcMain: {
    handle(
      channel: string,
      listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
    ): void;
  };

  interface IpcRendererEvent {
    readonly sender: unknown;
  }
  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): unknown;
    removeListener(channel: string, listener: (...args: never[]) => void): unknown;
  };
  const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };

  interface MenuItemConstructorOptions {
    label?: string;
    accelerator?: string;
    registerAccelerator?: boolean;
    enabled?: boolean;
    type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
    role?:
      | 'appMenu'
      | 'close'
      | 'quit'
      | 'cut'
      | 'copy'
      | 'paste'
      | 'selectAll'
      | 'zoomIn'
      | 'zoomOut'
      | 'resetZoom'
      | 'togglefullscreen'
      | 'toggleDevTools'
      | 'help';
    submenu?: MenuItemConstructorOptions[];
    click?: () => void;
  }
  class Menu {
    static setApplicationMenu(menu: Menu | null): void;
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  }

  interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      supportFetchAPI?: boolean;
      stream?: boolean;
      corsEnabled?: boolean;
    };
  }
  interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }
  const protocol: Protocol;

  const screen: { getAllDisplays(): Display[] };

  interface Session {
    readonly protocol: Protocol;
    setPermissionRequestHandler(
      handler: (webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
    setPermissionCheckHandler(handler: () => boolean): void;
    on(event: 'will-download', listener: (event: Event) => void): this;
    readonly webRequest: {
      onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
    };
  }
  const session: {
    readonly defaultSession: Session;
    fromPartition(partition: string, options?: { cache?: boolean }): Session;
  };

  const shell: { openExternal(url: string): Promise<void> };
}
