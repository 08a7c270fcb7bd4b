/**
 * The browser host end to end: token, loopback-only binding, and a design that
 * survives a page reload (through the real renderer when it is built).
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  launchBrowser,
  rendererBuilt,
  screenshot,
  startHost,
  type TestBrowser,
  type TestHost,
} from './harness';

let host: TestHost;
let browser: TestBrowser;

beforeAll(async () => {
  host = await startHost();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** Resolve 'connected' or the connection error code. */
function tryConnect(address: string, port: number): Promise<string> {
  return new Promise((ok) => {
    const s = connect({ host: address, port, timeout: 3000 });
    s.once('connect', () => {
      s.destroy();
      ok('connected');
    });
    s.once('timeout', () => {
      s.destroy();
      ok('timeout');
    });
    s.once('error', (e: NodeJS.ErrnoException) => ok(e.code ?? e.message));
  });
}

describe('browser host', () => {
  it('refuses API calls without the token (401), accepts them with it', async () => {
    const none = await fetch(`${host.url}api/listDesigns`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${host.url}api/listDesigns`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect(await callApi(host, 'listDesigns')).toEqual([]);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(host.server.address).toBe('127.0.0.1');
    expect(await tryConnect('127.0.0.1', host.port)).toBe('connected');
    // Every other address of this machine (IPv4 and IPv6) is refused.
    const others = Object.entries(networkInterfaces()).flatMap(([name, list]) =>
      (list ?? [])
        .filter((i) => !i.internal)
        .map((i) => (i.family === 'IPv6' && i.scopeid ? `${i.address}%${name}` : i.address)),
    );
    for (const a of others) {
      const outcome = await tryConnect(a, host.port);
      expect([a, outcome === 'connected' ? 'connected' : 'refused']).toEqual([a, 'refused']);
    }
    expect(host.url.startsWith('http://127.0.0.1:')).toBe(true);
  });

  it('serves the page with a strict CSP, and the page can reach the API with the token only', async () => {
    const { page } = browser;
    const res = await page.goto(host.appUrl);
    expect(res).not.toBeNull();
    const csp = res!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const statuses = await page.evaluate(async (token) => {
      const call = (headers: Record<string, string>) =>
        fetch('/api/listDesigns', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: '{}',
        }).then((r) => r.status);
      return [await call({}), await call({ Authorization: `Bearer ${token}` })];
    }, host.token);
    expect(statuses).toEqual([401, 200]);
    await screenshot(page, 'host-first-load');
  });

  it('a saved design is still there after a page reload (API level)', async () => {
    const { page } = browser;
    await page.goto(host.appUrl);
    if (!rendererBuilt()) {
      // Without a renderer build the host explains what to do.
      expect(await page.content()).toContain('npm run build');
      return;
    }
    // Save through the page's own origin with the token from its URL, as the renderer's client does.
    const saved = await page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const design = { schemaVersion: 2, id: 'e2e-reload', name: 'E2E reload check' };
      const r = await fetch('/api/saveDesign', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ design }),
      });
      return r.json();
    });
    expect(saved).toMatchObject({ id: 'e2e-reload', version: 1 });
    await page.reload();
    const names = (await callApi<Array<{ name: string }>>(host, 'listDesigns')).map((d) => d.name);
    expect(names).toContain('E2E reload check');
  });

  it('UI: create a design, save it, reload the page, the design is there', async () => {
    if (!rendererBuilt()) return;
    // A fresh host so the app opens on an empty database.
    const h = await startHost();
    const b = await launchBrowser();
    try {
      const { page } = b;
      page.on('dialog', (d) => void d.accept());
      await page.goto(h.appUrl);
      await page.getByTestId('app').waitFor();
      await page.getByTestId('btn-new').click();
      await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(0);

      // Draw one rack from the palette onto the canvas.
      await page.getByTestId('palette-rack').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 200 } });
      await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(1);

      // Save As with a name.
      await page.getByTestId('btn-save-as').click();
      await page.getByTestId('save-as-name').fill('E2E hall one');
      await page.getByTestId('save-as-confirm').click();
      await expect.poll(() => page.getByTestId('doc-title').innerText()).toBe('E2E hall one');
      await expect.poll(() => page.getByTestId('dirty-mark').count()).toBe(0);
      await screenshot(page, 'host-ui-saved');

      // Stored by the host...
      const list = await callApi<Array<{ id: string; name: string }>>(h, 'listDesigns');
      const mine = list.find((d) => d.name === 'E2E hall one');
      expect(mine).toBeDefined();
      const stored = await callApi<{ design: { racks: unknown[] } }>(h, 'getDesign', { id: mine!.id });
      expect(stored.design.racks).toHaveLength(1);

      // ...and shown again after a reload (the token survives through the URL / sessionStorage).
      await page.reload();
      await page.getByTestId('app').waitFor();
      await expect.poll(() => page.getByTestId('doc-title').innerText(), { timeout: 30_000 }).toBe('E2E hall one');
      await expect.poll(() => page.locator('[data-kind="rack"]').count()).toBe(1);
      await screenshot(page, 'host-ui-after-reload');
      expect(b.errors.filter((e) => !/favicon/i.test(e))).toEqual([]);
    } finally {
      await b.close();
      await h.close();
    }
  });
});
