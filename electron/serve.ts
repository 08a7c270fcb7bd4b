/**
 * Browser host: the same WorkbenchApi over HTTP, for machines without Electron
 * (and for the end-to-end tests). Plain node:http, no framework.
 *
 *  - listens on 127.0.0.1 only;
 *  - serves the built renderer (dist/renderer) with a strict CSP;
 *  - API at POST /api/<method>, JSON body = the method's argument object,
 *    requiring the per-run token (`Authorization: Bearer <token>` or `x-cwb-token`);
 *    no or wrong token -> 401; bad input -> 400 {error, path}.
 *
 * CLI: node_modules/.bin/tsx electron/serve.ts [--port N] [--data-dir DIR]
 * (stops on SIGINT, SIGTERM, SIGHUP, and when the process named by CWB_PARENT_PID exits)
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isHostMethod, MAX_IMPORT_BYTES, MAX_SETTING_BYTES, toErrorBody, type ApiErrorBody, type HostMethodName } from '../core/api';
import { findChromium, htmlToPdf } from '../core/cli/report';
import { EngineError, InputError } from '../core/errors';
import { watchParent } from './services/lifetime';
import { createHost, PDF_UNAVAILABLE, type Host, type HostOptions } from './services/host';
import { StorageError } from './services/storage';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Request body limits, by method, checked against Content-Length before reading
 * and while streaming (nothing beyond the limit is buffered):
 *  - a design file sent raw to importDesign (application/octet-stream): the file limit;
 *  - a design as JSON (saveDesign, setRecovery, exportReport, importDesign text): the
 *    file limit plus 1 MB for the rest of the arguments;
 *  - every other call: a setting's limit plus 1 MB.
 */
export const MAX_BODY_BYTES = MAX_IMPORT_BYTES + 1024 * 1024;
export const MAX_SMALL_BODY_BYTES = MAX_SETTING_BYTES + 1024 * 1024;
const DESIGN_METHODS: ReadonlySet<HostMethodName> = new Set(['saveDesign', 'setRecovery', 'exportReport', 'importDesign']);

/** Header carrying the file name of a raw importDesign body (URI-encoded). */
export const FILE_NAME_HEADER = 'x-cwb-file-name';

export function bodyLimit(method: HostMethodName, raw: boolean): number {
  if (raw) return MAX_IMPORT_BYTES;
  return DESIGN_METHODS.has(method) ? MAX_BODY_BYTES : MAX_SMALL_BODY_BYTES;
}

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_STATIC_DIR = resolve(HERE, '..', 'dist', 'renderer');

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
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/** The default data directory of the browser host: $XDG_DATA_HOME/cluster-workbench. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.length > 0 ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'cluster-workbench');
}

export interface ServerOptions {
  /** 0 (default) = a free port. */
  port?: number;
  dataDir: string;
  /** Only loopback is allowed: 127.0.0.1 (default). */
  host?: string;
  /** Built renderer directory (default dist/renderer). */
  staticDir?: string;
  /** Fixed token (tests); default: 32 random bytes, base64url. */
  token?: string;
  appVersion?: string;
  templates?: HostOptions['templates'];
  countAccelerators?: HostOptions['countAccelerators'];
  /** How reports are printed to PDF (default: a local Chromium, see `chromiumPrinter`). */
  printPdf?: HostOptions['printPdf'];
  /** Time budget of an evaluation, ms (default EVALUATION_TIMEOUT_MS). */
  evaluationTimeoutMs?: number;
}

/**
 * PDF printing for the browser host: a local Chromium (CWB_CHROMIUM,
 * /usr/bin/chromium or chromium/google-chrome on PATH) driven by playwright-core,
 * offline and with JavaScript off. Looked up at each export, so installing
 * Chromium while the host runs works.
 */
export function chromiumPrinter(env: Record<string, string | undefined> = process.env): NonNullable<HostOptions['printPdf']> {
  return async (html, title) => {
    const chromium = findChromium(env);
    if (!chromium) throw new InputError('args.format', `${PDF_UNAVAILABLE} (looked at CWB_CHROMIUM, /usr/bin/chromium and chromium/google-chrome on PATH)`);
    return htmlToPdf(html, chromium, title);
  };
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  /** The address the socket is bound to (always 127.0.0.1). */
  address: string;
  host: Host;
  close(): Promise<void>;
}

function readAppVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(HERE, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body === undefined ? null : body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, body: ApiErrorBody): void {
  sendJson(res, status, body);
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requestToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (m) return m[1];
  }
  const t = req.headers['x-cwb-token'];
  return typeof t === 'string' ? t : undefined;
}

class BodyTooLarge extends Error {}

/**
 * Read a body of at most `limit` bytes. With a Content-Length the bytes go
 * straight into one buffer of that size (no second copy); without one, chunks
 * are kept until the limit and dropped the moment it is passed.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const fixed = Number.isInteger(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : undefined;
    let chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      if (size + c.length > (fixed ? fixed.length : limit)) {
        failed = true;
        chunks = [];
        reject(new BodyTooLarge());
        return;
      }
      if (fixed) c.copy(fixed, size);
      else chunks.push(c);
      size += c.length;
    });
    req.on('end', () => {
      if (!failed) resolveBody(fixed ? fixed.subarray(0, size) : Buffer.concat(chunks, size));
    });
    req.on('error', (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cluster Workbench: renderer not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>Cluster Workbench</h1>
<p>The user interface has not been built yet (<code>dist/renderer</code> is missing).</p>
<p>Run <code>npm run build</code> in the project directory, then reload this page.</p>
<p>The API is running; only the page is missing.</p>
</body></html>
`;

function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string, pathname: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return;
  }
  const index = join(staticDir, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : MISSING_BUILD_PAGE);
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad request\n');
    return;
  }
  if (rel.includes('\0')) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad request\n');
    return;
  }
  const root = realpathSync(staticDir);
  let file = resolve(root, '.' + (rel.endsWith('/') ? rel + 'index.html' : rel));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Forbidden\n');
    return;
  }
  let isFile = false;
  try {
    const real = realpathSync(file);
    isFile = (real === root || real.startsWith(root + sep)) && statSync(real).isFile();
    file = real;
  } catch {
    isFile = false;
  }
  if (!isFile) {
    // Unknown paths without an extension get the app (client-side routes); missing assets get 404.
    if (extname(rel) === '') file = join(root, 'index.html');
    else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
  }
  const body = readFileSync(file);
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const hashed = /[-.][A-Za-z0-9_-]{8,}\.(js|css|woff2?|png|svg)$/.test(file) && file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Start the browser host. Throws StorageError('newer-database') when the database is from a newer app. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const bindHost = opts.host ?? '127.0.0.1';
  if (bindHost !== '127.0.0.1') {
    throw new InputError('host', `the browser host listens on 127.0.0.1 only (got "${bindHost}")`);
  }
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError('port', 'must be an integer from 0 to 65535');
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR;
  const host = createHost({
    dataDir: opts.dataDir,
    hostKind: 'browser',
    appVersion: opts.appVersion ?? readAppVersion(),
    ...(opts.templates ? { templates: opts.templates } : {}),
    ...(opts.countAccelerators ? { countAccelerators: opts.countAccelerators } : {}),
    printPdf: opts.printPdf ?? chromiumPrinter(),
    ...(opts.evaluationTimeoutMs !== undefined ? { evaluationTimeoutMs: opts.evaluationTimeoutMs } : {}),
  });
  let actualPort = port;

  const server = createServer((req, res) => {
    securityHeaders(res);
    // DNS-rebinding guard: only requests addressed to the loopback name are served.
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const hostName = hostHeader.replace(/:\d+$/, '');
    if (!LOOPBACK.has(hostName)) {
      sendError(res, 403, { error: 'forbidden host', code: 'forbidden-host' });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${actualPort}`);
    } catch {
      sendError(res, 400, { error: 'bad request' });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      void handleApi(req, res, url.pathname.slice('/api/'.length));
      return;
    }
    try {
      serveStatic(req, res, staticDir, url.pathname);
    } catch (e) {
      if (!res.headersSent) sendError(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    }
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!tokenMatches(requestToken(req), token)) {
      // Drain nothing: refuse before reading the body.
      res.setHeader('Connection', 'close');
      sendError(res, 401, { error: 'unauthorized: a valid token is required', code: 'unauthorized' });
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, { error: 'use POST', code: 'method-not-allowed' });
      req.resume();
      return;
    }
    if (!isHostMethod(method)) {
      sendError(res, 404, { error: `unknown method "${method}"`, path: 'method', code: 'unknown-method' });
      req.resume();
      return;
    }
    const ctype = String(req.headers['content-type'] ?? '');
    // A design file may come raw (no JSON escaping, nothing to parse twice): importDesign only.
    const rawFile = method === 'importDesign' && /^application\/octet-stream\b/i.test(ctype);
    if (!rawFile && !/^application\/json\b/i.test(ctype)) {
      sendError(res, 415, { error: 'the body must be application/json', code: 'unsupported-media-type' });
      req.resume();
      return;
    }
    const limit = bodyLimit(method, rawFile);
    let args: unknown;
    try {
      const body = await readBody(req, limit);
      if (rawFile) {
        let fileName = '';
        try {
          fileName = decodeURIComponent(String(req.headers[FILE_NAME_HEADER] ?? ''));
        } catch {
          fileName = '';
        }
        args = { fileName, bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
      } else {
        const text = body.toString('utf8');
        args = text.trim() === '' ? {} : JSON.parse(text);
      }
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        sendError(res, 413, {
          error: `the request is larger than ${Math.round(limit / 1048576)} MB${method === 'importDesign' && !rawFile ? ' (send a large design file as application/octet-stream)' : ''}`,
          code: 'too-large',
        });
        req.resume();
      } else {
        sendError(res, 400, {
          error: `args: the body is not JSON (${e instanceof Error ? e.message : String(e)})`,
          path: 'args',
          code: 'not-json',
        });
      }
      return;
    }
    try {
      const result = await host.call(method, args);
      sendJson(res, 200, result);
    } catch (e) {
      const body = toErrorBody(e);
      if (e instanceof InputError) sendError(res, 400, body);
      else if (e instanceof EngineError) sendError(res, e.code === 'evaluation-timeout' ? 503 : 500, { ...body, path: e.path });
      else if (e instanceof StorageError) sendError(res, 500, body);
      else sendError(res, 500, body);
    }
  }

  server.requestTimeout = 5 * 60_000;
  server.headersTimeout = 60_000;

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen({ port, host: bindHost, exclusive: true }, () => {
      server.off('error', fail);
      ok();
    });
  }).catch((e: unknown) => {
    host.close();
    throw e;
  });
  const bound = server.address() as AddressInfo;
  actualPort = bound.port;

  let closed = false;
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    token,
    port: actualPort,
    address: bound.address,
    host,
    close: () =>
      new Promise<void>((ok) => {
        if (closed) {
          ok();
          return;
        }
        closed = true;
        server.close(() => {
          host.close();
          ok();
        });
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------
// CLI

export interface CliOptions {
  port: number;
  dataDir: string;
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let port = 0;
  let dataDir = defaultDataDir(env);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new InputError(flag, 'needs a value');
      return v;
    };
    if (flag === '--port') {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535)
        throw new InputError('--port', `must be an integer from 0 to 65535, got "${v}"`);
      port = n;
    } else if (flag === '--data-dir') {
      dataDir = resolve(value());
    } else {
      throw new InputError(flag, 'unknown option (use --port N, --data-dir DIR)');
    }
  }
  return { port, dataDir };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'Usage: tsx electron/serve.ts [--port N] [--data-dir DIR]\n' +
        'Serves Cluster Workbench in the browser at http://127.0.0.1:PORT/ (a free port by default).\n' +
        `Data directory default: ${defaultDataDir()}\n`,
    );
    return;
  }
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
    return;
  }
  let running: RunningServer;
  try {
    running = await startServer({ port: opts.port, dataDir: opts.dataDir });
  } catch (e) {
    process.stderr.write(`Cluster Workbench could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
    return;
  }
  for (const n of running.host.notices) {
    if (n.code !== 'recovery-available') process.stderr.write(`[${n.level}] ${n.message}\n`);
  }
  if (!existsSync(join(DEFAULT_STATIC_DIR, 'index.html'))) {
    process.stderr.write('Note: the user interface is not built yet; run `npm run build`.\n');
  }
  process.stdout.write(`Cluster Workbench is running at ${running.url}?token=${running.token}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping Cluster Workbench.\n');
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  watchParent(process.env.CWB_PARENT_PID, stop);
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === pathToFileURL(realpathSync(fileURLToPath(import.meta.url))).href;
  } catch {
    return false;
  }
}

if (isMain()) void main();
