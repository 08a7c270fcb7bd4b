/**
 * What changed between two versions of a design, field by field (pure).
 *
 * Entities (racks, servers, cables...) are matched by id, so a rack that moved in
 * the list is not "changed"; an entity only in one version is one added/removed
 * line. Positions and sizes count as one value each ("x, y"), so moving a rack is
 * one change rather than two.
 */
import type { Design } from '../../core/model/design';

export const ENTITY_LISTS = [
  'groups',
  'racks',
  'servers',
  'switches',
  'storage',
  'pdus',
  'coolingUnits',
  'cables',
  'fabrics',
] as const;
export type EntityList = (typeof ENTITY_LISTS)[number];

export interface FieldChange {
  kind: 'changed' | 'added' | 'removed';
  /** Stable path: `racks[r1].powerBudgetW`, `workload.training.tokens`, `servers[s3]` (added/removed). */
  path: string;
  /** Which list the entity belongs to (entity changes only). */
  list?: EntityList;
  /** The entity's name (or id) when the change is inside an entity. */
  entity?: string;
  /** The field inside the entity or document (`powerBudgetW`, `workload.training.tokens`); empty for added/removed. */
  field: string;
  before?: unknown;
  after?: unknown;
}

/** Objects kept whole as one value. */
const ATOMIC_KEYS = new Set(['position', 'size', 'from', 'to']);

type Json = unknown;

function isPlainObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Leaf values of an object by dotted path (arrays and atomic objects are leaves). */
function leaves(v: Json, prefix: string, out: Map<string, Json>): void {
  if (isPlainObject(v) && !ATOMIC_KEYS.has(prefix.slice(prefix.lastIndexOf('.') + 1))) {
    for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (prefix) out.set(prefix, v);
}

function same(a: Json, b: Json): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function diffObjects(a: Json, b: Json, emit: (field: string, before: Json, after: Json) => void): void {
  const la = new Map<string, Json>();
  const lb = new Map<string, Json>();
  leaves(a, '', la);
  leaves(b, '', lb);
  const keys = [...new Set([...la.keys(), ...lb.keys()])].sort();
  for (const k of keys) {
    const x = la.get(k);
    const y = lb.get(k);
    if (!same(x, y)) emit(k, x, y);
  }
}

function entityName(e: Record<string, Json>): string {
  return typeof e.name === 'string' && e.name.trim() ? e.name : String(e.id);
}

/**
 * The changes from `a` (older) to `b` (newer): document fields first (name,
 * description, site, workload, assumptions), then entities list by list.
 */
export function diffDesigns(a: Design, b: Design): FieldChange[] {
  const out: FieldChange[] = [];
  const docA: Record<string, Json> = { ...a };
  const docB: Record<string, Json> = { ...b };
  for (const l of ENTITY_LISTS) {
    delete docA[l];
    delete docB[l];
  }
  delete docA.id;
  delete docB.id;
  diffObjects(docA, docB, (field, before, after) => out.push({ kind: 'changed', path: field, field, before, after }));
  for (const list of ENTITY_LISTS) {
    const xs = (a[list] ?? []) as unknown as Array<Record<string, Json>>;
    const ys = (b[list] ?? []) as unknown as Array<Record<string, Json>>;
    const byIdA = new Map(xs.map((e) => [String(e.id), e]));
    const byIdB = new Map(ys.map((e) => [String(e.id), e]));
    for (const x of xs) {
      const id = String(x.id);
      const y = byIdB.get(id);
      if (!y) {
        out.push({ kind: 'removed', path: `${list}[${id}]`, list, entity: entityName(x), field: '' });
        continue;
      }
      diffObjects(x, y, (field, before, after) =>
        out.push({
          kind: 'changed',
          path: `${list}[${id}].${field}`,
          list,
          entity: entityName(y),
          field,
          before,
          after,
        }),
      );
    }
    for (const y of ys) {
      const id = String(y.id);
      if (!byIdA.has(id)) out.push({ kind: 'added', path: `${list}[${id}]`, list, entity: entityName(y), field: '' });
    }
  }
  return out;
}

/** A value as the compare view shows it (numbers in the locale). */
export function formatDiffValue(v: unknown, locale: string): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(v);
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (typeof v === 'boolean' || v === null) return String(v);
  if (isPlainObject(v) && typeof v.x === 'number' && typeof v.y === 'number') return `${v.x}, ${v.y}`;
  if (isPlainObject(v) && typeof v.width === 'number' && typeof v.height === 'number')
    return `${v.width} × ${v.height}`;
  if (isPlainObject(v) && typeof v.entityId === 'string') return `${v.entityId}:${String(v.port ?? 0)}`;
  return JSON.stringify(v);
}
