/** File reading for the command line: size limit, JSON parsing with clear errors. */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors';

export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

export function readJsonFile(file: string | undefined, field = 'FILE'): unknown {
  if (!file) throw new InputError(field, 'missing: give the path of a JSON file');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(field, `cannot read "${file}": no such file`);
  }
  if (size > MAX_INPUT_BYTES) throw new InputError(field, `"${file}" is larger than 100 MB`);
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(field, `"${file}" is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
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
