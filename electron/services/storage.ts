/**
 * Storage: one SQLite database (better-sqlite3) holding designs with their
 * version history, custom catalog parts, settings and the crash-recovery slot.
 *
 * Plain Node (no electron import): used by the Electron main process and by the
 * browser host alike.
 *
 * Safety rules:
 *  - WAL journal, foreign_keys=ON, every write in a transaction;
 *  - append-only SQL migrations, each in ONE transaction that also sets user_version;
 *  - before any migration of an existing database a backup copy is written
 *    (`workbench.db.backup-v<N>-<timestamp>`);
 *  - a database written by a newer app (user_version > latest) is refused with a
 *    clear message, and left byte-for-byte untouched: it is first inspected
 *    through a read-only connection;
 *  - a file that is not a readable database is moved aside
 *    (`workbench.db.corrupt-<timestamp>`, never deleted), reported as a startup
 *    notice, and a fresh database is created.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { parseDesign, type Design } from '../../core/model';
import type {
  CustomPart,
  DesignSummary,
  PruneResult,
  RecoverySnapshot,
  SaveResult,
  StartupNotice,
  StoredDesign,
  VersionSummary,
} from '../../core/api';

export const DATABASE_FILE = 'workbench.db';

/**
 * The schema history. Append only: never edit a published step, add the next one.
 * MIGRATIONS[i] brings the database from user_version i to i + 1.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: initial tables
  `
  CREATE TABLE designs (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    current_version INTEGER NOT NULL CHECK (current_version >= 1)
  ) STRICT;
  CREATE TABLE design_versions (
    design_id TEXT NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
    version   INTEGER NOT NULL CHECK (version >= 1),
    saved_at  TEXT NOT NULL,
    name      TEXT NOT NULL,
    note      TEXT,
    document  TEXT NOT NULL,
    PRIMARY KEY (design_id, version)
  ) STRICT;
  CREATE TABLE custom_parts (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    document   TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // 2: crash-recovery slot, accelerator count in the design list, list index
  `
  CREATE TABLE recovery (
    slot      TEXT PRIMARY KEY CHECK (slot = 'default'),
    design_id TEXT,
    document  TEXT NOT NULL,
    saved_at  TEXT NOT NULL
  ) STRICT;
  ALTER TABLE designs ADD COLUMN accelerators INTEGER;
  CREATE INDEX designs_by_updated_at ON designs(updated_at DESC);
  `,
  // 3: named versions (a user's label; pruning keeps them)
  `
  ALTER TABLE design_versions ADD COLUMN label TEXT;
  `,
];

/** Newest versions pruneVersions keeps by default (besides the current and every named one). */
export const DEFAULT_KEEP_VERSIONS = 20;

export const LATEST_DB_VERSION = MIGRATIONS.length;

export type StorageErrorCode = 'newer-database' | 'not-found' | 'database-error';

/** A storage failure that is not about user input. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly file: string | undefined;
  constructor(code: StorageErrorCode, message: string, file?: string) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
    this.file = file;
  }
}

/** Thrown when a requested record does not exist: input naming a missing id. */
export class NotFoundError extends InputError {
  readonly code = 'not-found';
}

export interface OpenStorageOptions {
  /** Directory holding the database (created when missing). */
  dataDir: string;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface SaveOptions {
  note?: string;
  accelerators?: number;
}

/** `20261127T160102345Z`: a file-name-safe UTC timestamp. */
export function fileStamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

type Probe = { kind: 'ok'; userVersion: number } | { kind: 'corrupt'; reason: string };

/**
 * Inspect an existing file through a read-only connection: its user_version and
 * whether it is a readable SQLite database. Never writes to the file.
 */
function probe(file: string): Probe {
  // SQLite would take a zero-length file for a new, empty database: it is a damaged one like any other.
  if (statSync(file).size === 0) return { kind: 'corrupt', reason: 'the file is empty (0 bytes)' };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const userVersion = Number(db.pragma('user_version', { simple: true }));
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') return { kind: 'corrupt', reason: `integrity check failed: ${String(check)}` };
    return { kind: 'ok', userVersion };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CORRUPT_VTAB') {
      return { kind: 'corrupt', reason: e instanceof Error ? e.message : String(e) };
    }
    throw new StorageError(
      'database-error',
      `cannot open the database ${file}: ${e instanceof Error ? e.message : String(e)}`,
      file,
    );
  } finally {
    db?.close();
  }
}

/** Move a corrupt database (and its -wal/-shm companions) aside; returns the new name. */
function moveAside(file: string, stamp: string): string {
  let target = `${file}.corrupt-${stamp}`;
  for (let i = 1; existsSync(target); i++) target = `${file}.corrupt-${stamp}-${i}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

interface DesignRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  current_version: number;
  accelerators: number | null;
}

interface VersionRow {
  version: number;
  saved_at: string;
  name: string;
  note: string | null;
  label: string | null;
  document: string;
}


export class Storage {
  readonly file: string;
  readonly dataDir: string;
  /** What happened while opening (created, migrated + backup, corrupt moved aside). */
  readonly notices: StartupNotice[] = [];
  private readonly db: Database.Database;
  private readonly now: () => Date;

  private constructor(dataDir: string, db: Database.Database, now: () => Date, notices: StartupNotice[]) {
    this.dataDir = dataDir;
    this.file = join(dataDir, DATABASE_FILE);
    this.db = db;
    this.now = now;
    this.notices.push(...notices);
  }

  /** Open (creating or migrating as needed). Throws StorageError('newer-database') for a newer database. */
  static open(opts: OpenStorageOptions): Storage {
    const now = opts.now ?? (() => new Date());
    mkdirSync(opts.dataDir, { recursive: true });
    const file = join(opts.dataDir, DATABASE_FILE);
    const notices: StartupNotice[] = [];
    let fromVersion = 0;
    let existed = existsSync(file);

    if (existed) {
      const p = probe(file);
      if (p.kind === 'corrupt') {
        const moved = moveAside(file, fileStamp(now()));
        existed = false;
        notices.push({
          level: 'warning',
          code: 'database-corrupt-moved',
          message: `The database file could not be read (${p.reason}). It was moved aside to ${moved} and a new, empty database was created. Nothing was deleted.`,
          path: moved,
        });
      } else if (p.userVersion > LATEST_DB_VERSION) {
        throw new StorageError(
          'newer-database',
          `The database ${file} was written by a newer version of Cluster Workbench (database version ${p.userVersion}; this version understands up to ${LATEST_DB_VERSION}). It was left untouched. Update Cluster Workbench, or start it with a different data directory.`,
          file,
        );
      } else {
        fromVersion = p.userVersion;
      }
    }

    if (existed && fromVersion > 0 && fromVersion < LATEST_DB_VERSION) {
      // Backup before migrating: a consistent copy (WAL content included) through a read-only connection.
      let backup = `${file}.backup-v${fromVersion}-${fileStamp(now())}`;
      for (let i = 1; existsSync(backup); i++) backup = `${file}.backup-v${fromVersion}-${fileStamp(now())}-${i}`;
      const ro = new Database(file, { readonly: true, fileMustExist: true });
      try {
        ro.prepare('VACUUM INTO ?').run(backup);
      } finally {
        ro.close();
      }
      notices.push({
        level: 'info',
        code: 'database-migrated',
        message: `The database was upgraded from version ${fromVersion} to ${LATEST_DB_VERSION}. A backup of the old database was written to ${backup}.`,
        path: backup,
      });
    }

    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = FULL');
      migrate(db);
    } catch (e) {
      db.close();
      throw e;
    }
    if (!existed) {
      notices.push({
        level: 'info',
        code: 'database-created',
        message: `A new database was created at ${file}.`,
        path: file,
      });
    }
    return new Storage(opts.dataDir, db, now, notices);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get userVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  // -- designs --------------------------------------------------------------

  listDesigns(): DesignSummary[] {
    const rows = this.db
      .prepare(
        'SELECT id, name, created_at, updated_at, current_version, accelerators FROM designs ORDER BY updated_at DESC, id',
      )
      .all() as DesignRow[];
    return rows.map(toSummary);
  }

  hasDesign(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM designs WHERE id = ?').get(id) !== undefined;
  }

  summary(id: string): DesignSummary {
    const row = this.db
      .prepare('SELECT id, name, created_at, updated_at, current_version, accelerators FROM designs WHERE id = ?')
      .get(id) as DesignRow | undefined;
    if (!row) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
    return toSummary(row);
  }

  getDesign(id: string): StoredDesign {
    const row = this.db.prepare('SELECT current_version FROM designs WHERE id = ?').get(id) as
      { current_version: number } | undefined;
    if (!row) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
    return this.getVersion(id, row.current_version);
  }

  getVersion(id: string, version: number): StoredDesign {
    const row = this.db
      .prepare(
        'SELECT version, saved_at, name, note, label, document FROM design_versions WHERE design_id = ? AND version = ?',
      )
      .get(id, version) as VersionRow | undefined;
    if (!row) {
      if (!this.hasDesign(id)) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
      throw new NotFoundError('args.version', `design "${id}" has no version ${version}`);
    }
    return { design: parseStoredDesign(row.document, id, version), version: row.version, updatedAt: row.saved_at };
  }

  /** Save a validated design as a new version (creating the design when new). Atomic. */
  saveDesign(design: Design, opts: SaveOptions = {}): SaveResult {
    const at = this.stamp();
    const doc = JSON.stringify(design);
    const run = this.db.transaction((): SaveResult => {
      const existing = this.db.prepare('SELECT current_version FROM designs WHERE id = ?').get(design.id) as
        { current_version: number } | undefined;
      const version = existing ? existing.current_version + 1 : 1;
      if (existing) {
        this.db
          .prepare('UPDATE designs SET name = ?, updated_at = ?, current_version = ?, accelerators = ? WHERE id = ?')
          .run(design.name, at, version, opts.accelerators ?? null, design.id);
      } else {
        this.db
          .prepare(
            'INSERT INTO designs (id, name, created_at, updated_at, current_version, accelerators) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(design.id, design.name, at, at, version, opts.accelerators ?? null);
      }
      this.db
        .prepare(
          'INSERT INTO design_versions (design_id, version, saved_at, name, note, document) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(design.id, version, at, design.name, opts.note ?? null, doc);
      return { id: design.id, version, updatedAt: at };
    });
    return run.immediate();
  }

  deleteDesign(id: string): void {
    const run = this.db.transaction(() => {
      const r = this.db.prepare('DELETE FROM designs WHERE id = ?').run(id);
      if (r.changes === 0) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
    });
    run.immediate();
  }

  listVersions(id: string): VersionSummary[] {
    if (!this.hasDesign(id)) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
    const rows = this.db
      .prepare(
        'SELECT version, saved_at, name, note, label, length(CAST(document AS BLOB)) AS bytes FROM design_versions WHERE design_id = ? ORDER BY version DESC',
      )
      .all(id) as Array<Omit<VersionRow, 'document'> & { bytes: number }>;
    return rows.map((r) => ({
      version: r.version,
      savedAt: r.saved_at,
      name: r.name,
      ...(r.note ? { note: r.note } : {}),
      ...(r.label ? { label: r.label } : {}),
      bytes: r.bytes,
    }));
  }

  /** Name a version (pruning keeps named versions), or with null remove its name. */
  nameVersion(id: string, version: number, label: string | null): void {
    const run = this.db.transaction(() => {
      const r = this.db.prepare('UPDATE design_versions SET label = ? WHERE design_id = ? AND version = ?').run(label, id, version);
      if (r.changes === 0) {
        if (!this.hasDesign(id)) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
        throw new NotFoundError('args.version', `design "${id}" has no version ${version}`);
      }
    });
    run.immediate();
  }

  /**
   * Delete old versions of a design: everything but the current version, the
   * newest `keepLatest` and every named version. Atomic. With `compact` the freed
   * pages are given back to the file system afterwards (VACUUM).
   */
  pruneVersions(id: string, keepLatest = DEFAULT_KEEP_VERSIONS, compact = false): PruneResult {
    const run = this.db.transaction((): PruneResult => {
      const row = this.db.prepare('SELECT current_version FROM designs WHERE id = ?').get(id) as { current_version: number } | undefined;
      if (!row) throw new NotFoundError('args.id', `no saved design with id "${id}"`);
      const r = this.db
        .prepare(
          `DELETE FROM design_versions
           WHERE design_id = ? AND label IS NULL AND version <> ?
             AND version NOT IN (SELECT version FROM design_versions WHERE design_id = ? ORDER BY version DESC LIMIT ?)`,
        )
        .run(id, row.current_version, id, keepLatest);
      const kept = (this.db.prepare('SELECT COUNT(*) AS n FROM design_versions WHERE design_id = ?').get(id) as { n: number }).n;
      return { removed: r.changes, kept };
    });
    const result = run.immediate();
    if (!compact) return result;
    const bytesBefore = this.fileBytes();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { ...result, bytesBefore, bytesAfter: this.fileBytes() };
  }

  /** Size of the database file and its write-ahead log, bytes. */
  private fileBytes(): number {
    let n = 0;
    for (const f of [this.file, `${this.file}-wal`]) {
      try {
        n += statSync(f).size;
      } catch {
        // no write-ahead log
      }
    }
    return n;
  }

  // -- custom parts ---------------------------------------------------------

  listCustomParts(): CustomPart[] {
    const rows = this.db.prepare('SELECT document FROM custom_parts ORDER BY kind, id').all() as Array<{
      document: string;
    }>;
    return rows.map((r) => JSON.parse(r.document) as CustomPart);
  }

  saveCustomPart(part: CustomPart): void {
    const at = this.stamp();
    this.db
      .prepare(
        `INSERT INTO custom_parts (id, kind, document, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, document = excluded.document, updated_at = excluded.updated_at`,
      )
      .run(part.id, part.kind, JSON.stringify({ ...part, custom: true }), at);
  }

  deleteCustomPart(id: string): void {
    const r = this.db.prepare('DELETE FROM custom_parts WHERE id = ?').run(id);
    if (r.changes === 0) throw new NotFoundError('args.id', `no custom part with id "${id}"`);
  }

  // -- settings -------------------------------------------------------------

  /** The stored JSON value, or null when unset. */
  getSetting(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value) as unknown;
    } catch {
      return null;
    }
  }

  setSetting(key: string, value: unknown): void {
    if (value === null || value === undefined) {
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      return;
    }
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  // -- recovery slot ----------------------------------------------------------

  getRecovery(): RecoverySnapshot | null {
    const row = this.db.prepare("SELECT design_id, document, saved_at FROM recovery WHERE slot = 'default'").get() as
      { design_id: string | null; document: string; saved_at: string } | undefined;
    if (!row) return null;
    let document: unknown;
    try {
      document = JSON.parse(row.document);
    } catch {
      return null;
    }
    return { designId: row.design_id, document, savedAt: row.saved_at };
  }

  setRecovery(designId: string | null, document: unknown): void {
    this.db
      .prepare(
        `INSERT INTO recovery (slot, design_id, document, saved_at) VALUES ('default', ?, ?, ?)
         ON CONFLICT(slot) DO UPDATE SET design_id = excluded.design_id, document = excluded.document, saved_at = excluded.saved_at`,
      )
      .run(designId, JSON.stringify(document), this.stamp());
  }

  clearRecovery(): void {
    this.db.prepare("DELETE FROM recovery WHERE slot = 'default'").run();
  }

  /** Run several storage calls atomically. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Every row of every table, for tests and diagnostics (deterministic order). */
  dump(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ name: string }>;
    for (const { name } of tables) out[name] = this.db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    return out;
  }
}

/** Apply pending migrations, each in one transaction that also sets user_version. */
function migrate(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > LATEST_DB_VERSION) {
    // Checked before opening for writing; re-checked here in case the file changed meanwhile.
    throw new StorageError(
      'newer-database',
      `database version ${current} is newer than this app (${LATEST_DB_VERSION})`,
    );
  }
  for (let v = current; v < LATEST_DB_VERSION; v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) throw new StorageError('database-error', `missing migration ${v + 1}`);
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

function toSummary(r: DesignRow): DesignSummary {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.current_version,
    ...(r.accelerators !== null ? { accelerators: r.accelerators } : {}),
  };
}

/** Database rows are a boundary too: parse (and migrate) the stored document. */
function parseStoredDesign(text: string, id: string, version: number): Design {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StorageError('database-error', `stored design "${id}" version ${version} is not valid JSON`);
  }
  try {
    return parseDesign(raw);
  } catch (e) {
    throw new StorageError(
      'database-error',
      `stored design "${id}" version ${version} is invalid: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

export function openStorage(opts: OpenStorageOptions): Storage {
  return Storage.open(opts);
}
