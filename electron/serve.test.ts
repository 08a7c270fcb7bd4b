import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../core/model';
import { CSP, defaultDataDir, parseCliArgs, startServer, type RunningServer } from './serve';

let dir: string;
let staticDir: string;
let srv: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-serve-'));
  staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>CWB</title><div id="root"></div>');
  writeFileSync(join(staticDir, 'assets', 'index-AbCdEf12.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the static dir');
  srv = await startServer({ port: 0, dataDir: join(dir, 'data'), staticDir });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request (so Host and Content-Length can be set freely). */
function raw(opts: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  port?: number;
}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: opts.port ?? srv.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', fail);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

const api = (
  method: string,
  body: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${srv.token}` },
) =>
  raw({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('browser host: API', () => {
  it('listens on 127.0.0.1 and prints a tokenised URL', () => {
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}/`);
    expect(srv.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
  });

  it('refuses calls without the token or with a wrong one (401)', async () => {
    expect((await api('listDesigns', {}, {})).status).toBe(401);
    expect((await api('listDesigns', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await api('listDesigns', {}, { 'x-cwb-token': srv.token.slice(0, -1) + 'x' })).status).toBe(401);
    expect((await api('listDesigns', {}, { 'x-cwb-token': srv.token })).status).toBe(200);
  });

  it('saves and loads a design over HTTP', async () => {
    const design = { schemaVersion: SCHEMA_VERSION, id: 'h1', name: 'Over HTTP' };
    const saved = await api('saveDesign', { design });
    expect(saved.status).toBe(200);
    expect(JSON.parse(saved.text)).toMatchObject({ id: 'h1', version: 1 });
    const got = JSON.parse((await api('getDesign', { id: 'h1' })).text) as { design: { name: string } };
    expect(got.design.name).toBe('Over HTTP');
    const list = JSON.parse((await api('listDesigns', {})).text) as Array<{ id: string }>;
    expect(list.map((d) => d.id)).toEqual(['h1']);
    expect(JSON.parse((await api('deleteDesign', { id: 'h1' })).text)).toBeNull();
  });

  it('bad input -> 400 {error, path}', async () => {
    const r = await api('renameDesign', { id: 'x', name: '' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual({
      error: 'args.name: must not be empty',
      path: 'args.name',
      code: 'invalid-input',
    });
    const notJson = await raw({
      method: 'POST',
      path: '/api/listDesigns',
      headers: { Authorization: `Bearer ${srv.token}`, 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text).path).toBe('args');
    const imp = await api('importDesign', { fileName: 'x.cwb.json', text: 'not json at all' });
    expect(imp.status).toBe(400);
    expect(JSON.parse(imp.text)).toMatchObject({ path: 'file', code: 'not-json' });
  });

  it('exportReport over HTTP: the report as base64 named after the design; bad format 400 on args.format', async () => {
    const design = { schemaVersion: SCHEMA_VERSION, id: 'rep1', name: 'Report / HTTP' };
    const r = await api('exportReport', { design, format: 'md', lang: 'en', date: '2026-02-03' });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { fileName: string; mime: string; base64: string; bytes: number };
    expect(body.fileName).toBe('Report - HTTP.md');
    expect(body.mime).toMatch(/^text\/markdown/);
    const md = Buffer.from(body.base64, 'base64').toString('utf8');
    expect(body.bytes).toBe(Buffer.byteLength(md));
    expect(md).toContain('Report / HTTP');
    const bad = await api('exportReport', { design, format: 'docx' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ path: 'args.format', code: 'invalid-input' });
  });

  it('unknown method 404, GET 405, wrong content type 415, oversized body 413', async () => {
    expect((await api('dropEverything', {})).status).toBe(404);
    expect((await api('__proto__', {})).status).toBe(404);
    expect((await raw({ path: '/api/listDesigns', headers: { Authorization: `Bearer ${srv.token}` } })).status).toBe(
      405,
    );
    const wrongType = await raw({
      method: 'POST',
      path: '/api/listDesigns',
      headers: { Authorization: `Bearer ${srv.token}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    // Declared 200 MB: refused before reading.
    const big = await raw({
      method: 'POST',
      path: '/api/importDesign',
      headers: {
        Authorization: `Bearer ${srv.token}`,
        'Content-Type': 'application/json',
        'Content-Length': String(200 * 1024 * 1024),
      },
      body: '{}',
    }).catch((e: unknown) => e);
    if (!(big instanceof Error)) expect((big as Reply).status).toBe(413);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const r = await raw({ path: '/', headers: { Host: 'evil.example:80' } });
    expect(r.status).toBe(403);
    expect((await raw({ path: '/', headers: { Host: `localhost:${srv.port}` } })).status).toBe(200);
  });
});

describe('browser host: static files', () => {
  it('serves the renderer with the strict CSP', async () => {
    const r = await raw({ path: '/?token=abc' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CSP);
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("connect-src 'self'");
    expect(r.text).toContain('<div id="root">');
    const js = await raw({ path: '/assets/index-AbCdEf12.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
  });

  it('never serves files outside the static directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await raw({ path: p });
      expect(r.text).not.toContain('outside the static dir');
    }
    expect((await raw({ path: '/missing.js' })).status).toBe(404);
    // Client-side routes get the app.
    expect((await raw({ path: '/designs/abc' })).text).toContain('<div id="root">');
  });

  it('says to run npm run build when the renderer is missing', async () => {
    const other = await startServer({ port: 0, dataDir: join(dir, 'data2'), staticDir: join(dir, 'nowhere') });
    try {
      const r = await raw({ path: '/', port: other.port });
      expect(r.status).toBe(503);
      expect(r.text).toContain('npm run build');
      expect((await raw({ path: '/', port: other.port })).headers['content-security-policy']).toBe(CSP);
    } finally {
      await other.close();
    }
  });

  it('refuses to bind anything but 127.0.0.1', async () => {
    await expect(startServer({ port: 0, dataDir: join(dir, 'data3'), host: '0.0.0.0' })).rejects.toThrow(
      /127\.0\.0\.1 only/,
    );
  });
});

describe('browser host: CLI', () => {
  it('parses options', () => {
    expect(parseCliArgs(['--port', '8123', '--data-dir', 'x'])).toEqual({ port: 8123, dataDir: resolve('x') });
    expect(parseCliArgs(['--port=0'], { XDG_DATA_HOME: '/xdg' })).toEqual({
      port: 0,
      dataDir: '/xdg/cluster-workbench',
    });
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow('--port: must be an integer');
    expect(() => parseCliArgs(['--bogus'])).toThrow('--bogus: unknown option');
    expect(defaultDataDir({ HOME: '/home/u' })).toMatch(/\.local[/\\]share[/\\]cluster-workbench$/);
  });

  const tsx = resolve('node_modules/.bin/tsx');

  it('prints exactly the running line, serves, and stops on Ctrl+C', async () => {
    const dataDir = join(dir, 'cli-data');
    const child = spawn(tsx, ['electron/serve.ts', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) ok(out.slice(0, nl));
      });
      child.on('exit', (code) => fail(new Error(`exited early with ${code}`)));
    });
    const m = /^Cluster Workbench is running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/.exec(line);
    expect(m).not.toBeNull();
    const port = Number(m![1]);
    const r = await raw({
      method: 'POST',
      path: '/api/getAppInfo',
      port,
      headers: { Authorization: `Bearer ${m![2]}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(JSON.parse(r.text)).toMatchObject({ host: 'browser', dataDir });
    const code = await new Promise<number | null>((ok) => {
      child.on('exit', (c) => ok(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  }, 30_000);

  it('refuses a newer database with a clear message and exit code 1', async () => {
    const dataDir = join(dir, 'future');
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'workbench.db'));
    db.pragma('user_version = 999');
    db.close();
    const child = spawn(tsx, ['electron/serve.ts', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/newer version of Cluster Workbench/);
  }, 30_000);
});
