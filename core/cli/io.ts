/**
 * File access of the command line. Input: regular files only (a directory, a
 * device such as /dev/zero, a FIFO or a socket is refused without reading it),
 * opened without blocking, at most MAX_INPUT_BYTES, UTF-8 with or without a BOM.
 * Output: a regular file or a new path only (never through a symbolic link, never
 * over a device), written atomically.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync, fsyncSync, accessSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors';

export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return e instanceof Error ? e.message : String(e);
}

/**
 * The text of a regular file of at most `maxBytes`. The file is opened
 * non-blocking (a FIFO cannot stall the read) and checked on the open
 * descriptor, so what is checked is what is read.
 */
export function readTextFile(file: string | undefined, field = 'FILE', maxBytes = MAX_INPUT_BYTES): string {
  if (!file) throw new InputError(field, 'missing: give the path of a JSON file');
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputError(field, `cannot read "${file}": ${errnoText(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(field, `cannot read "${file}": it is ${kindOf(st)}, not a regular file`);
    const limitMB = Math.round(maxBytes / (1024 * 1024));
    if (st.size > maxBytes) throw new InputError(field, `"${file}" is larger than ${limitMB} MB`);
    // Read to the end of the file, at most its size plus one byte (to notice a file growing meanwhile).
    const buf = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > st.size) throw new InputError(field, `"${file}" changed while it was read; try again`);
    try {
      // TextDecoder drops a leading UTF-8 byte order mark.
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n));
    } catch {
      throw new InputError(field, `"${file}" is not UTF-8 text`);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(field, `cannot read "${file}": ${errnoText(e)}`);
  } finally {
    closeSync(fd);
  }
}

export function readJsonFile(file: string | undefined, field = 'FILE'): unknown {
  const text = readTextFile(file, field);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(field, `"${file}" is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Check an output path before doing any work: its directory exists and is
 * writable, and the path is new or a regular file. A symbolic link, a device, a
 * FIFO, a socket or a directory at the path is refused (replacing it would
 * destroy it or write somewhere else).
 */
export function checkOutputPath(path: string, field = '-o'): void {
  const dir = dirname(path);
  let st: Stats;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(field, `cannot write ${path}: no such directory`);
  }
  if (!st.isDirectory()) throw new InputError(field, `cannot write ${path}: ${dir} is not a directory`);
  let target: Stats | undefined;
  try {
    target = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(field, `cannot write ${path}: ${errnoText(e)}`);
  }
  if (target && target.isDirectory()) throw new InputError(field, `cannot write ${path}: is a directory`);
  if (target && !target.isFile()) {
    throw new InputError(field, `cannot write ${path}: it is ${kindOf(target)}; give a regular file or a new path`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(field, `cannot write ${path}: permission denied`);
  }
}

/**
 * Write atomically: a new temporary file beside the target (created exclusively,
 * so nothing planted at its name is followed), flushed, then renamed over the
 * target after the target is checked once more. Returns the bytes written.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, field = '-o'): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    checkOutputPath(path, field);
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'no space left on device' : errnoText(e);
    throw new InputError(field, `cannot write ${path}: ${why}`);
  }
  return bytes.byteLength;
}

/** Minimal flag parser: `--name value` and `--flag`; the rest are positionals. */
export function parseFlags(argv: string[], booleans: readonly string[] = []): { flags: Map<string, string>; positionals: string[] } {
  const flags = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-o') {
      const v = argv[++i];
      if (v === undefined) throw new InputError('-o', 'needs a value');
      flags.set('o', v);
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags.set(name, a.slice(eq + 1));
      else if (booleans.includes(name)) flags.set(name, 'true');
      else {
        const v = argv[++i];
        if (v === undefined) throw new InputError(`--${name}`, 'needs a value');
        flags.set(name, v);
      }
    } else positionals.push(a);
  }
  return { flags, positionals };
}
