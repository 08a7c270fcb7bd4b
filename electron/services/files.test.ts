import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../core/model';
import { ImportError, readDesignFile, readFileForImport, withDesignSuffix, writeFileAtomic } from './files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-files-'));
});
afterEach(() => {
  try {
    chmodSync(dir, 0o755);
  } catch {
    /* ignore */
  }
  rmSync(dir, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ImportError ? e.code : `not an ImportError: ${String(e)}`;
  }
  return undefined;
}

describe('readDesignFile', () => {
  it('accepts a design, with or without a byte-order mark', () => {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, id: 'x', name: 'X' });
    expect(readDesignFile({ text }).design.name).toBe('X');
    expect(readDesignFile({ text: '\ufeff' + text }).design.name).toBe('X');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(readDesignFile({ bytes: bom }).fromSchemaVersion).toBe(SCHEMA_VERSION);
  });

  it('names each kind of bad file', () => {
    expect(codeOf(() => readDesignFile({ text: '' }))).toBe('not-json');
    expect(codeOf(() => readDesignFile({ text: 'null' }))).toBe('not-a-design');
    expect(codeOf(() => readDesignFile({ text: '"a string"' }))).toBe('not-a-design');
    expect(codeOf(() => readDesignFile({ text: '{"name":"no version"}' }))).toBe('not-a-design');
    expect(codeOf(() => readDesignFile({ text: `{"schemaVersion":${SCHEMA_VERSION + 1},"name":"n"}` }))).toBe(
      'newer-schema',
    );
    expect(codeOf(() => readDesignFile({ text: `{"schemaVersion":${SCHEMA_VERSION},"id":"x","name":""}` }))).toBe(
      'invalid-design',
    );
  });
});

describe('readFileForImport', () => {
  it('reads a file', async () => {
    const p = join(dir, 'a.cwb.json');
    writeFileSync(p, '{"x":1}');
    const r = await readFileForImport(p);
    expect(r.fileName).toBe('a.cwb.json');
    expect(new TextDecoder().decode(r.bytes)).toBe('{"x":1}');
  });

  it('refuses a file over 100 MB without reading it', async () => {
    const p = join(dir, 'huge.cwb.json');
    writeFileSync(p, '');
    truncateSync(p, 100 * 1024 * 1024 + 1); // sparse: no disk space used
    await expect(readFileForImport(p)).rejects.toMatchObject({ code: 'too-large', path: 'file' });
  });

  it('refuses directories and missing files', async () => {
    await expect(readFileForImport(dir)).rejects.toMatchObject({ code: 'not-a-design' });
    await expect(readFileForImport(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'not-a-design' });
  });
});

describe('writeFileAtomic', () => {
  it('replaces the target and leaves no temporary file', async () => {
    const p = join(dir, 'out.cwb.json');
    writeFileSync(p, 'old');
    await writeFileAtomic(p, 'new content');
    expect(readFileSync(p, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['out.cwb.json']);
  });

  it('leaves the target untouched when writing fails', async () => {
    const sub = join(dir, 'ro');
    mkdirSync(sub);
    const p = join(sub, 'out.cwb.json');
    writeFileSync(p, 'keep');
    chmodSync(sub, 0o555);
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!root) {
      await expect(writeFileAtomic(p, 'new')).rejects.toThrow();
      expect(readFileSync(p, 'utf8')).toBe('keep');
    }
    chmodSync(sub, 0o755);
    // Writing into a missing directory fails cleanly too (as root as well).
    await expect(writeFileAtomic(join(dir, 'nope', 'x.json'), 'x')).rejects.toThrow();
  });

  it('adds the design suffix only when missing', () => {
    expect(withDesignSuffix('/a/b')).toBe('/a/b.cwb.json');
    expect(withDesignSuffix('/a/b.json')).toBe('/a/b.json');
    expect(withDesignSuffix('/a/b.cwb.json')).toBe('/a/b.cwb.json');
  });
});
