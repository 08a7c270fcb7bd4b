/** The renderer's HTTP client (renderer/api/http.ts) against the real browser host. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type WorkbenchApi } from '../core/api';
import { SCHEMA_VERSION } from '../core/model';
import { createHttpApi } from '../renderer/api/http';
import { startServer, type RunningServer } from './serve';

let dir: string;
let srv: RunningServer;
let api: WorkbenchApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-client-'));
  srv = await startServer({ port: 0, dataDir: dir, staticDir: join(dir, 'none') });
  api = createHttpApi({ token: srv.token, baseUrl: srv.url });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError');
}

describe('HTTP client', () => {
  it('round-trips designs, versions and settings', async () => {
    await api.saveDesign({ design: { schemaVersion: SCHEMA_VERSION, id: 'c1', name: 'Client' } });
    await api.renameDesign({ id: 'c1', name: 'Client renamed' });
    expect((await api.getDesign({ id: 'c1' })).design.name).toBe('Client renamed');
    expect((await api.listVersions({ id: 'c1' })).map((v) => v.version)).toEqual([2, 1]);
    await api.setSetting({ key: 'ui.theme', value: 'dark' });
    expect(await api.getSetting({ key: 'ui.theme' })).toBe('dark');
    expect(await api.getSetting({ key: 'nothing.here' })).toBeNull();
    expect(await api.getRecovery()).toBeNull();
    expect((await api.getAppInfo()).host).toBe('browser');
  });

  it('rethrows host errors with their field path', async () => {
    const e = await apiError(api.renameDesign({ id: 'c1', name: ' ' }));
    expect(e.message).toBe('args.name: must not be empty');
    expect(e.path).toBe('args.name');
    expect(e.status).toBe(400);
  });

  it('imports bytes (decoded client-side) and refuses non-UTF-8 before sending', async () => {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, id: 'b1', name: 'From bytes' });
    const r = await api.importDesign({ fileName: 'b1.cwb.json', bytes: new TextEncoder().encode(text) });
    expect(r.summary).toMatchObject({ id: 'b1', name: 'From bytes', version: 1 });
    const e = await apiError(api.importDesign({ fileName: 'x', bytes: new Uint8Array([0xc3, 0x28]) }));
    expect(e.code).toBe('not-text');
    const e2 = await apiError(api.importDesign({ fileName: 'x', text: '{"schemaVersion": 99, "name": "x"}' }));
    expect(e2.code).toBe('newer-schema');
    expect(e2.path).toBe('file.schemaVersion');
  });

  it('a wrong token gives a clear 401 error', async () => {
    const bad = createHttpApi({ token: 'wrong', baseUrl: srv.url });
    const e = await apiError(bad.listDesigns());
    expect(e.status).toBe(401);
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/token/);
  });

  it('the menu listener is a no-op in the browser', () => {
    const off = api.onMenuCommand(() => undefined);
    expect(typeof off).toBe('function');
    off();
  });
});
