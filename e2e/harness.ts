/**
 * End-to-end test helpers: a browser host on a temporary data directory, and
 * headless Chromium (playwright-core driving /usr/bin/chromium).
 *
 *   const host = await startHost();            // { url, token, appUrl, dataDir, close }
 *   const b = await launchBrowser();           // { context, page, close }
 *   await b.page.goto(host.appUrl);
 *   await screenshot(b.page, 'after-save');    // test-results/screenshots/after-save.png
 *
 * The renderer must be built first (`vite build`; `npm run test:e2e` does it).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer, type ServerOptions } from '../electron/serve';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env.CWB_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export interface TestHost {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  token: string;
  port: number;
  /** The URL a user opens: `http://127.0.0.1:PORT/?token=...` */
  appUrl: string;
  dataDir: string;
  server: RunningServer;
  /** Stop the server; removes the data directory unless `keepData`. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Start the browser host on a fresh temporary data directory (or `opts.dataDir`,
 * e.g. to restart on the same data) and a free port.
 */
export async function startHost(opts: Partial<ServerOptions> = {}): Promise<TestHost> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cwb-e2e-data-'));
  const server = await startServer({ port: 0, ...opts, dataDir });
  return {
    url: server.url,
    token: server.token,
    port: server.port,
    appUrl: `${server.url}?token=${encodeURIComponent(server.token)}`,
    dataDir,
    server,
    close: async ({ keepData = false } = {}) => {
      await server.close();
      if (ownDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (for assertions). */
  errors: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a temporary --user-data-dir, one page open. */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CWB_CHROMIUM)`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'cwb-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** CSS selector of a `data-testid`. */
export const tid = (id: string): string => `[data-testid="${id}"]`;

export interface AppSession {
  host: TestHost;
  browser: TestBrowser;
  page: Page;
}

/**
 * A browser host on a temporary data folder and a 1440x900 Chromium page for a
 * UI test file; "discard unsaved changes?" confirmations are accepted.
 */
export async function openAppSession(): Promise<AppSession> {
  const host = await startHost();
  const browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  browser.page.on('dialog', (d) => void d.accept());
  return { host, browser, page: browser.page };
}

export async function closeAppSession(s: Partial<AppSession> | undefined): Promise<void> {
  await s?.browser?.close();
  await s?.host?.close();
}

/**
 * HTML5 drag of a library entry (`palette-KEY`) onto `target` (a selector inside the canvas),
 * at `offset` from the target's top-left or at its centre.
 */
export async function dropFromPalette(
  page: Page,
  key: string,
  target: string,
  offset?: { x: number; y: number },
): Promise<void> {
  const dt = await page.evaluateHandle(() => new DataTransfer());
  await page.dispatchEvent(tid(`palette-${key}`), 'dragstart', { dataTransfer: dt });
  const box = await page.locator(target).first().boundingBox();
  if (!box) throw new Error(`no box for ${target}`);
  const clientX = box.x + (offset ? offset.x : box.width / 2);
  const clientY = box.y + (offset ? offset.y : box.height / 2);
  await page.locator(target).first().dispatchEvent('dragover', { dataTransfer: dt, clientX, clientY });
  await page.locator(target).first().dispatchEvent('drop', { dataTransfer: dt, clientX, clientY });
  await dt.dispose();
}

/** Save a full-page screenshot to test-results/screenshots/NAME.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  const file = join(SCREENSHOT_DIR, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Call the host API directly (setup and checks in tests). */
export async function callApi<T = unknown>(
  host: Pick<TestHost, 'url' | 'token'>,
  method: string,
  args: unknown = {},
): Promise<T> {
  const res = await fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${method} -> ${res.status}: ${JSON.stringify(body)}`);
  return body as T;
}

/** True when the renderer has been built (dist/renderer/index.html). */
export function rendererBuilt(): boolean {
  return existsSync(join(ROOT, 'dist', 'renderer', 'index.html'));
}
