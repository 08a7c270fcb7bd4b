/**
 * Design files: decoding and checking an imported file (size, UTF-8, JSON,
 * design, schema version), reading one from disk with the size checked before
 * reading, and writing exports atomically. Plain Node, no electron import.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DESIGN_FILE_SUFFIX, MAX_IMPORT_BYTES } from '../../core/api';
import { InputError } from '../../core/errors';
import { parseDesign, SCHEMA_VERSION, type Design } from '../../core/model';

/** A design-file import failure; `code` says which kind. */
export class ImportError extends InputError {
  readonly code: 'too-large' | 'not-text' | 'not-json' | 'not-a-design' | 'newer-schema' | 'invalid-design';
  constructor(code: ImportError['code'], path: string, message: string) {
    super(path, message);
    this.code = code;
  }
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Decode and parse a design file: size, UTF-8, JSON, design, schema version,
 * then migration and validation. Pure: saves nothing.
 */
export function readDesignFile(input: { text?: string; bytes?: Uint8Array }): {
  design: Design;
  fromSchemaVersion: number;
} {
  let text: string;
  if (input.bytes !== undefined) {
    if (input.bytes.byteLength > MAX_IMPORT_BYTES) {
      throw new ImportError(
        'too-large',
        'file',
        `is ${mb(input.bytes.byteLength)} MB; design files larger than 100 MB are not accepted`,
      );
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
    } catch {
      throw new ImportError('not-text', 'file', 'is not UTF-8 text, so it is not a Cluster Workbench design file');
    }
  } else {
    text = input.text ?? '';
    // UTF-8 needs at least one byte per UTF-16 unit: a cheap lower bound first.
    if (text.length > MAX_IMPORT_BYTES || utf8Length(text) > MAX_IMPORT_BYTES) {
      throw new ImportError(
        'too-large',
        'file',
        `is ${mb(utf8Length(text))} MB; design files larger than 100 MB are not accepted`,
      );
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ImportError('not-json', 'file', `is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(raw) || raw.schemaVersion === undefined || (raw.racks === undefined && raw.name === undefined)) {
    throw new ImportError('not-a-design', 'file', 'is JSON but not a Cluster Workbench design (no schemaVersion)');
  }
  const v = raw.schemaVersion;
  if (typeof v === 'number' && Number.isInteger(v) && v > SCHEMA_VERSION) {
    throw new ImportError(
      'newer-schema',
      'file.schemaVersion',
      `the file was saved by a newer version of Cluster Workbench (design schema ${v}; this version reads up to ${SCHEMA_VERSION}). Update the application to open it.`,
    );
  }
  try {
    const design = parseDesign(raw);
    return { design, fromSchemaVersion: typeof v === 'number' ? v : SCHEMA_VERSION };
  } catch (e) {
    if (e instanceof InputError) {
      const path = e.path === '(root)' || e.path === '' ? 'file' : `file.${e.path}`;
      const message = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
      throw new ImportError('invalid-design', path, message);
    }
    throw e;
  }
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Read a design file from disk for import. The size is checked before reading,
 * so a huge file is refused without loading it.
 */
export async function readFileForImport(path: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new ImportError(
      'not-a-design',
      'file',
      `cannot read ${path} (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!info.isFile()) throw new ImportError('not-a-design', 'file', `${path} is not a file`);
  if (info.size > MAX_IMPORT_BYTES) {
    throw new ImportError(
      'too-large',
      'file',
      `is ${mb(info.size)} MB; design files larger than 100 MB are not accepted`,
    );
  }
  const buf = await readFile(path);
  return { fileName: basename(path), bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

/** `name` with the design file suffix when it has no `.json` ending. */
export function withDesignSuffix(path: string): string {
  return /\.json$/i.test(path) ? path : path + DESIGN_FILE_SUFFIX;
}

/**
 * Write a file atomically: a temporary file beside the target is written and
 * flushed to disk, then renamed over the target. On failure the target is
 * unchanged and the temporary file removed.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
