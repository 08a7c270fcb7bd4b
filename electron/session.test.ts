/**
 * The document session against the real host services (SQLite storage in a
 * temporary directory): start-up, save, save as, and recovery of unsaved edits.
 * It lives beside the host (not in renderer/, which never imports Node or host code):
 * the renderer itself reaches the host through WorkbenchApi.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from './services/host';
import type { WorkbenchApi } from '../core/api';
import { DEFAULT_CATALOG } from '../core/catalog';
import { createAppStore, isDirty } from '../renderer/store';
import { emptyDesign } from '../renderer/store/ops';
import { Session, useSession } from '../renderer/app/session';

const parts = (id: string) => DEFAULT_CATALOG.get(id);
let dir: string;
let host: Host;

function apiOf(h: Host): WorkbenchApi {
  return {
    ...h.api,
    openDesignFile: async () => null,
    saveDesignFile: async () => ({ saved: false, fileName: '' }),
    onMenuCommand: () => () => undefined,
  };
}

function newSession() {
  const store = createAppStore(emptyDesign('unsaved', 'Untitled'), parts);
  return { store, session: new Session(apiOf(host), store) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-session-'));
  host = createHost({ dataDir: dir, hostKind: 'browser' });
});
afterEach(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Session', () => {
  it('opens a saved design at start (the sample when the database is new), clean', async () => {
    const { store, session } = newSession();
    await session.start();
    session.stop();
    const designs = await host.api.listDesigns();
    expect(designs.length).toBeGreaterThanOrEqual(1);
    expect(designs.map((d) => d.id)).toContain(store.getState().design.id);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().design.racks.length).toBeGreaterThan(0);
  });

  it('saves edits, saves as a copy, and recovers unsaved edits after a restart', async () => {
    const a = newSession();
    await a.session.start();
    a.session.stop();
    const id = a.store.getState().design.id;
    // An edit, saved.
    expect(a.store.getState().addRack({ position: { x: 900, y: 0 } }).ok).toBe(true);
    expect(isDirty(a.store.getState())).toBe(true);
    expect(await a.session.save()).toBe(true);
    expect(isDirty(a.store.getState())).toBe(false);
    const saved = await host.api.getDesign({ id });
    expect(saved.design.racks.length).toBe(a.store.getState().design.racks.length);

    // An unsaved edit goes to the recovery slot...
    a.store.getState().setDesignMeta({ name: 'Edited, not saved' });
    await a.session.writeRecovery();
    const rec = await host.api.getRecovery();
    expect(rec?.designId).toBe(id);

    // ...and a new session (a restart) opens the saved design and offers the edit back;
    // accepted, it is an unsaved change of that design.
    const b = newSession();
    await b.session.start();
    b.session.stop();
    expect(b.store.getState().design.id).toBe(id);
    expect(b.store.getState().design.name).not.toBe('Edited, not saved');
    expect(useSession.getState().recoveryOffer?.snapshot.designId).toBe(id);
    await b.session.acceptRecovery();
    expect(useSession.getState().recoveryOffer).toBeNull();
    expect(b.store.getState().design.name).toBe('Edited, not saved');
    expect(isDirty(b.store.getState())).toBe(true);
    b.store.getState().undo();
    expect(isDirty(b.store.getState())).toBe(false);
    b.store.getState().redo();

    // Save As: a new design with its own id; recovery cleared.
    expect(await b.session.saveAs('Copy of it')).toBe(true);
    const copyId = b.store.getState().design.id;
    expect(copyId).not.toBe(id);
    const names = (await host.api.listDesigns()).map((d) => d.name);
    expect(names).toContain('Copy of it');
    expect(await host.api.getRecovery()).toBeNull();
    expect(isDirty(b.store.getState())).toBe(false);
  });
});
