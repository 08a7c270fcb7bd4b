/**
 * Loading catalog data files: one JSON file per part family (core/catalog/data),
 *
 *   { "kind": "accelerator", "about": "...", "entries": [ { "kind": "accelerator", "id": ..., "source": ..., ... } ] }
 *
 * Every record is checked against the strict part schema of its kind (unknown keys
 * refused, `source` required). A bad record stops the load with a CatalogDataError
 * naming the file, the entry's id and the field:
 *
 *   accelerators.json: entry "h100-sxm5-80gb" (entries[2]).memoryGB: must be >= 0.1 ...
 *
 * A valid record is used as written (the schemas only check, they do not rewrite),
 * so its figures and their order are exactly those of the file.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import { DATA_PART_SCHEMAS, issuePath } from './schema';
import type { CatalogPart, PartKind } from './types';

/** A record of a catalog data file failed validation. */
export class CatalogDataError extends InputError {
  readonly file: string;
  /** The entry's id, or undefined when the record has no usable id. */
  readonly entryId: string | undefined;
  /** Field path inside the entry (`peakTflops.bf16`); '' for the file itself. */
  readonly field: string;
  constructor(file: string, index: number | undefined, entryId: string | undefined, field: string, message: string) {
    const entry = index === undefined ? '' : entryId !== undefined ? `: entry "${entryId}" (entries[${index}])` : `: entries[${index}]`;
    super(`${file}${entry}${field ? (index === undefined ? `: ${field}` : `.${field}`) : ''}`, message);
    this.name = 'CatalogDataError';
    this.file = file;
    this.entryId = entryId;
    this.field = field;
  }
}

/** One data file: its name (for errors) and its parsed JSON. */
export interface CatalogDataFile {
  file: string;
  data: unknown;
}

const PART_KINDS = ['accelerator', 'server', 'switch', 'transceiver', 'cable', 'nic', 'cooling', 'storage', 'power'] as const satisfies readonly PartKind[];

const FileSchema = z.strictObject({
  kind: z.enum(PART_KINDS),
  about: z.string().min(1, 'must say what the file holds'),
  entries: z.array(z.unknown()),
});

function firstIssue(error: z.ZodError): { path: PropertyKey[]; message: string } {
  const issue = error.issues[0];
  if (!issue) return { path: [], message: 'invalid' };
  if (issue.code === 'unrecognized_keys') {
    return { path: [...issue.path, issue.keys[0] ?? ''], message: 'unknown field (not part of the schema; fields are listed in core/catalog/types.ts)' };
  }
  return { path: [...issue.path], message: issue.message };
}

/** The parts of one data file, each checked against its kind's strict schema. */
export function loadPartFile(file: string, data: unknown): CatalogPart[] {
  const head = FileSchema.safeParse(data);
  if (!head.success) {
    const { path, message } = firstIssue(head.error);
    throw new CatalogDataError(file, undefined, undefined, issuePath('', path), message);
  }
  const { kind, entries } = head.data;
  const schema = DATA_PART_SCHEMAS[kind];
  const seen = new Set<string>();
  return entries.map((record, i) => {
    const id = typeof record === 'object' && record !== null && typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : undefined;
    const r = schema.safeParse(record);
    if (!r.success) {
      const { path, message } = firstIssue(r.error);
      throw new CatalogDataError(file, i, id, issuePath('', path), message);
    }
    const part = record as CatalogPart;
    if (seen.has(part.id)) throw new CatalogDataError(file, i, part.id, 'id', 'duplicate id in this file');
    seen.add(part.id);
    return part;
  });
}

/**
 * The parts of several data files: each file validated, ids unique across
 * files, and every server's `acceleratorId` naming an accelerator of the set.
 */
export function loadCatalogData(files: readonly CatalogDataFile[]): CatalogPart[] {
  const where = new Map<string, string>();
  const parts: CatalogPart[] = [];
  for (const { file, data } of files) {
    loadPartFile(file, data).forEach((p, i) => {
      const other = where.get(p.id);
      if (other !== undefined) throw new CatalogDataError(file, i, p.id, 'id', `duplicate id (also in ${other})`);
      where.set(p.id, file);
      parts.push(p);
    });
  }
  const accelerators = new Set(parts.filter((p) => p.kind === 'accelerator').map((p) => p.id));
  for (const { file, data } of files) {
    const entries = (data as { entries: CatalogPart[] }).entries;
    entries.forEach((p, i) => {
      if (p.kind === 'server' && !accelerators.has(p.acceleratorId)) {
        throw new CatalogDataError(file, i, p.id, 'acceleratorId', `"${p.acceleratorId}" is not an accelerator of the catalog data`);
      }
    });
  }
  return parts;
}
