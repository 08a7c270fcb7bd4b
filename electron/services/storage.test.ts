import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDesign, SCHEMA_VERSION } from '../../core/model';
import { DATABASE_FILE, LATEST_DB_VERSION, Storage, StorageError } from './storage';

let dir: string;
const open: Storage[] = [];
const openStorage = (d = dir) => {
  const s = Storage.open({ dataDir: d });
  open.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-storage-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function design(id: string, name: string, powerBudgetW = 40_000) {
  return parseDesign({
    schemaVersion: SCHEMA_VERSION,
    id,
    name,
    racks: [{ id: 'r1', name: 'R1', position: { x: 10, y: 20 }, heightU: 42, powerBudgetW, cooling: 'air' }],
  });
}

/** The version-1 schema, written out by hand (as shipped in the first release). */
const V1_SQL = `
  CREATE TABLE designs (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, current_version INTEGER NOT NULL CHECK (current_version >= 1)) STRICT;
  CREATE TABLE design_versions (design_id TEXT NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1), saved_at TEXT NOT NULL, name TEXT NOT NULL, note TEXT,
    document TEXT NOT NULL, PRIMARY KEY (design_id, version)) STRICT;
  CREATE TABLE custom_parts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, document TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

describe('Storage: opening', () => {
  it('creates a new database with WAL, foreign keys and the latest schema', () => {
    const s = openStorage();
    expect(s.userVersion).toBe(LATEST_DB_VERSION);
    expect(LATEST_DB_VERSION).toBeGreaterThanOrEqual(2);
    expect(s.notices.map((n) => n.code)).toEqual(['database-created']);
    s.close();
    const raw = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (
      raw.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as Array<{ name: string }>
    ).map((r) => r.name);
    expect(tables).toEqual(['custom_parts', 'design_versions', 'designs', 'recovery', 'settings']);
    raw.close();
  });

  it('reopens an up-to-date database without notices and keeps its data', () => {
    const s = openStorage();
    s.saveDesign(design('a', 'Alpha'));
    s.close();
    const again = openStorage();
    expect(again.notices).toEqual([]);
    expect(again.getDesign('a').design.name).toBe('Alpha');
  });

  it('migrates a version-1 database, keeps its data, and writes a backup first', () => {
    const file = join(dir, DATABASE_FILE);
    const v1 = new Database(file);
    v1.exec(V1_SQL);
    // A design saved by the old app, in the old (schema 1) document format: kW budgets.
    const oldDoc = {
      schemaVersion: 1,
      id: 'legacy',
      name: 'Legacy hall',
      racks: [{ id: 'r1', name: 'R1', position: { x: 0, y: 0 }, heightU: 42, powerBudgetKW: 35, cooling: 'air' }],
    };
    v1.prepare('INSERT INTO designs VALUES (?, ?, ?, ?, ?)').run(
      'legacy',
      'Legacy hall',
      '2025-01-01T00:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      1,
    );
    v1.prepare('INSERT INTO design_versions VALUES (?, ?, ?, ?, ?, ?)').run(
      'legacy',
      1,
      '2025-01-02T00:00:00.000Z',
      'Legacy hall',
      null,
      JSON.stringify(oldDoc),
    );
    v1.prepare('INSERT INTO settings VALUES (?, ?)').run('theme', '"dark"');
    v1.pragma('user_version = 1');
    v1.close();

    const s = openStorage();
    expect(s.userVersion).toBe(LATEST_DB_VERSION);
    const notice = s.notices.find((n) => n.code === 'database-migrated');
    expect(notice?.message).toMatch(new RegExp(`from version 1 to ${LATEST_DB_VERSION}`));
    // Data kept, and the stored document is upgraded on load: 35 kW -> 35,000 W.
    const got = s.getDesign('legacy');
    expect(got.design.racks[0]?.powerBudgetW).toBe(35_000);
    expect(s.getSetting('theme')).toBe('dark');
    expect(s.listDesigns()).toEqual([
      {
        id: 'legacy',
        name: 'Legacy hall',
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-02T00:00:00.000Z',
        version: 1,
      },
    ]);
    // The version-2 features work on the migrated database.
    s.setRecovery('legacy', { x: 1 });
    expect(s.getRecovery()?.designId).toBe('legacy');

    // The backup is a readable version-1 database holding the old data.
    const backups = readdirSync(dir).filter((f) => f.startsWith(`${DATABASE_FILE}.backup-v1-`));
    expect(backups).toHaveLength(1);
    expect(notice?.path).toBe(join(dir, backups[0]!));
    const b = new Database(join(dir, backups[0]!), { readonly: true });
    expect(b.pragma('user_version', { simple: true })).toBe(1);
    expect(b.prepare('SELECT name FROM designs').all()).toEqual([{ name: 'Legacy hall' }]);
    expect(b.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'recovery'").get()).toEqual({ n: 0 });
    b.close();
  });

  it('refuses a database from a newer app and leaves it byte-for-byte untouched', () => {
    const file = join(dir, DATABASE_FILE);
    const future = new Database(file);
    future.exec('CREATE TABLE designs (id TEXT PRIMARY KEY, stuff TEXT); CREATE TABLE hologram (x);');
    future.prepare('INSERT INTO designs VALUES (?, ?)').run('x', 'future data');
    future.pragma(`user_version = ${LATEST_DB_VERSION + 5}`);
    future.close();
    const before = sha256(file);
    const filesBefore = readdirSync(dir).sort();

    let err: unknown;
    try {
      openStorage();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('newer-database');
    expect((err as Error).message).toMatch(/newer version of Cluster Workbench/);
    expect((err as Error).message).toMatch(new RegExp(`database version ${LATEST_DB_VERSION + 5}`));
    expect((err as Error).message).toMatch(/left untouched/);
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuses a newer database in WAL mode too, with its -wal file present, changing no file', () => {
    const file = join(dir, DATABASE_FILE);
    const future = new Database(file);
    future.pragma('journal_mode = WAL');
    future.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    future.pragma(`user_version = ${LATEST_DB_VERSION + 1}`);
    // Simulate a crash: copy the files while the writer still holds un-checkpointed WAL content.
    future.exec('INSERT INTO t VALUES (2);');
    const snapshot = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
    future.close();
    for (const f of readdirSync(dir)) rmSync(join(dir, f));
    for (const [f, bytes] of Object.entries(snapshot)) writeFileSync(join(dir, f), bytes);
    expect(Object.keys(snapshot)).toContain(`${DATABASE_FILE}-wal`);
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, sha256(join(dir, f))]));

    expect(() => openStorage()).toThrow(/newer version of Cluster Workbench/);
    expect(sha256(file)).toBe(before[DATABASE_FILE]);
    expect(sha256(`${file}-wal`)).toBe(before[`${DATABASE_FILE}-wal`]);
    expect(readdirSync(dir).filter((f) => f.includes('corrupt') || f.includes('backup'))).toEqual([]);
  });

  it('moves a corrupt database aside (never deleting it) and starts a fresh one', () => {
    const file = join(dir, DATABASE_FILE);
    const garbage = Buffer.from('this is not an SQLite database\n'.repeat(500));
    writeFileSync(file, garbage);
    writeFileSync(join(dir, 'other-user-file.txt'), 'keep me');

    const s = openStorage();
    const notice = s.notices.find((n) => n.code === 'database-corrupt-moved');
    expect(notice?.level).toBe('warning');
    const moved = readdirSync(dir).filter((f) => f.startsWith(`${DATABASE_FILE}.corrupt-`));
    expect(moved).toHaveLength(1);
    expect(notice?.path).toBe(join(dir, moved[0]!));
    expect(readFileSync(join(dir, moved[0]!)).equals(garbage)).toBe(true);
    expect(readFileSync(join(dir, 'other-user-file.txt'), 'utf8')).toBe('keep me');
    // The new database works.
    s.saveDesign(design('n', 'New'));
    expect(s.listDesigns().map((d) => d.id)).toEqual(['n']);
  });

  it('moves aside a database whose pages are damaged', () => {
    const s = openStorage();
    for (let i = 0; i < 200; i++) s.saveDesign(design(`d${i}`, `Design ${i}`));
    s.close();
    open.length = 0;
    const file = join(dir, DATABASE_FILE);
    // Checkpointed on close: the main file holds everything. Smash the pages after the first.
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(8192);
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    writeFileSync(file, bytes);
    const again = openStorage();
    expect(again.notices.map((n) => n.code)).toContain('database-corrupt-moved');
    expect(again.listDesigns()).toEqual([]);
  });
});

describe('Storage: designs and versions', () => {
  it('gives each version its size in UTF-8 bytes, not characters', () => {
    const s = Storage.open({ dataDir: dir });
    open.push(s);
    // Four CJK characters take 3 bytes each in UTF-8: 8 more than their 4 UTF-16 units.
    const zh = design('z', '万卡集群');
    s.saveDesign(zh);
    expect(s.listVersions('z')[0]?.bytes).toBe(JSON.stringify(zh).length + 8);
  });

  it('round-trips a design and keeps every saved version', () => {
    let t = Date.parse('2026-01-01T00:00:00.000Z');
    const s = Storage.open({ dataDir: dir, now: () => new Date((t += 1000)) });
    open.push(s);
    const d1 = design('d', 'First', 10_000);
    expect(s.saveDesign(d1)).toEqual({ id: 'd', version: 1, updatedAt: '2026-01-01T00:00:01.000Z' });
    const d2 = design('d', 'Second', 20_000);
    expect(s.saveDesign(d2, { note: 'bigger racks' }).version).toBe(2);

    expect(s.getDesign('d')).toEqual({ design: d2, version: 2, updatedAt: '2026-01-01T00:00:02.000Z' });
    expect(s.getVersion('d', 1).design).toEqual(d1);
    // Size: the UTF-8 bytes of the saved JSON document.
    const bytes = (d: unknown) => Buffer.byteLength(JSON.stringify(d), 'utf8');
    expect(s.listVersions('d')).toEqual([
      { version: 2, savedAt: '2026-01-01T00:00:02.000Z', name: 'Second', note: 'bigger racks', bytes: bytes(d2) },
      { version: 1, savedAt: '2026-01-01T00:00:01.000Z', name: 'First', bytes: bytes(d1) },
    ]);
    expect(s.listDesigns()).toEqual([
      {
        id: 'd',
        name: 'Second',
        createdAt: '2026-01-01T00:00:01.000Z',
        updatedAt: '2026-01-01T00:00:02.000Z',
        version: 2,
      },
    ]);
  });

  it('deleting a design removes its versions (foreign keys on)', () => {
    const s = openStorage();
    s.saveDesign(design('d', 'A'));
    s.saveDesign(design('d', 'B'));
    s.saveDesign(design('e', 'E'));
    s.deleteDesign('d');
    const dump = s.dump();
    expect((dump.design_versions as Array<{ design_id: string }>).map((r) => r.design_id)).toEqual(['e']);
    expect(() => s.getDesign('d')).toThrow(/args.id: no saved design with id "d"/);
    expect(() => s.deleteDesign('d')).toThrow(/no saved design/);
  });

  it('rolls back a failed transaction completely', () => {
    const s = openStorage();
    s.saveDesign(design('keep', 'Keep'));
    const before = s.dump();
    expect(() =>
      s.transaction(() => {
        s.saveDesign(design('keep', 'Changed'));
        s.saveDesign(design('new', 'New'));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.dump()).toEqual(before);
  });

  it('settings hold JSON values; null deletes', () => {
    const s = openStorage();
    expect(s.getSetting('window.bounds')).toBeNull();
    s.setSetting('window.bounds', { x: 1, y: 2, width: 800, height: 600 });
    expect(s.getSetting('window.bounds')).toEqual({ x: 1, y: 2, width: 800, height: 600 });
    s.setSetting('window.bounds', null);
    expect(s.getSetting('window.bounds')).toBeNull();
  });

  it('recovery slot: set, overwrite, clear', () => {
    const s = openStorage();
    expect(s.getRecovery()).toBeNull();
    s.setRecovery(null, { a: 1 });
    s.setRecovery('d', { a: 2 });
    expect(s.getRecovery()).toMatchObject({ designId: 'd', document: { a: 2 } });
    s.clearRecovery();
    expect(s.getRecovery()).toBeNull();
  });
});

describe('Storage: a zero-length database file', () => {
  it('is moved aside with the same notice as any damaged database (not silently taken for a new one)', () => {
    const file = join(dir, DATABASE_FILE);
    writeFileSync(file, '');
    const s = openStorage();
    const notice = s.notices.find((n) => n.code === 'database-corrupt-moved');
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toContain('the file is empty (0 bytes)');
    const moved = readdirSync(dir).filter((f) => f.startsWith(`${DATABASE_FILE}.corrupt-`));
    expect(moved).toHaveLength(1);
    expect(readFileSync(join(dir, moved[0]!)).length).toBe(0);
    s.saveDesign(design('n', 'New'));
    expect(s.listDesigns().map((d) => d.id)).toEqual(['n']);
  });
});

describe('Storage: pruning the version history', () => {
  it('keeps the current version, the newest N and every named version; compaction shrinks the file', () => {
    const s = openStorage();
    // 60 versions of a design with 100 racks each (~12 kB of JSON): ~0.7 MB of history.
    const rack = (j: number) => ({ id: `r${j}`, name: `Rack ${j}`, position: { x: j, y: 0 }, heightU: 42, powerBudgetW: 40_000, cooling: 'air' });
    const big = (i: number) => parseDesign({ schemaVersion: SCHEMA_VERSION, id: 'd', name: `v${i}`, description: `${i}`, racks: Array.from({ length: 100 }, (_, j) => rack(j)) });
    for (let i = 1; i <= 60; i++) s.saveDesign(big(i));
    s.saveDesign(design('other', 'Other'));
    s.nameVersion('d', 3, 'Sent to the vendor');
    s.nameVersion('d', 30, 'Review');
    s.nameVersion('d', 30, null);
    s.nameVersion('d', 31, 'Review');
    expect(s.listVersions('d').find((v) => v.version === 3)?.label).toBe('Sent to the vendor');

    const r = s.pruneVersions('d', 5, true);
    // Kept: 56..60 (newest 5, 60 is also current) + 3 and 31 (named) = 7; removed 53.
    expect(r).toMatchObject({ removed: 53, kept: 7 });
    expect(s.listVersions('d').map((v) => v.version)).toEqual([60, 59, 58, 57, 56, 31, 3]);
    expect(s.getDesign('d').design.name).toBe('v60');
    expect(s.getVersion('d', 3).design.name).toBe('v3');
    expect(s.listVersions('other')).toHaveLength(1);
    // 53 versions of ~12 kB each were freed (JSON.stringify length, the bytes SQLite stores): the file shrinks by at least that.
    const perVersion = JSON.stringify(big(1)).length;
    expect(perVersion).toBeGreaterThan(10_000);
    expect(r.bytesBefore! - r.bytesAfter!).toBeGreaterThan(53 * perVersion * 0.9);
    // A second prune has nothing left to remove.
    expect(s.pruneVersions('d', 5)).toEqual({ removed: 0, kept: 7 });
  });

  it('names a missing design or version in its error', () => {
    const s = openStorage();
    s.saveDesign(design('d', 'D'));
    expect(() => s.nameVersion('d', 9, 'x')).toThrow('args.version: design "d" has no version 9');
    expect(() => s.pruneVersions('nope')).toThrow('args.id: no saved design with id "nope"');
  });
});
