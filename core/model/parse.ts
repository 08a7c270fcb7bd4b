/**
 * Loading design documents: version check, migrations, schema validation and
 * referential integrity. Every failure is an InputError naming the field path.
 */
import type { z } from 'zod';
import { InputError } from '../errors';
import { DesignSchema, SCHEMA_VERSION, type Design } from './design';
import { MIGRATIONS } from './migrations';

/** Format a zod issue path as `racks[3].powerBudgetW`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** Turn the first zod issue into an InputError with its path. */
export function zodToInputError(error: z.ZodError, prefix = ''): InputError {
  const issue = error.issues[0];
  if (!issue) return new InputError(prefix, 'invalid value');
  const path = formatPath(issue.path, prefix);
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/i.test(message)) message = 'is required';
  return new InputError(path || '(root)', message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bring an older document up to SCHEMA_VERSION; refuse newer ones. */
export function migrateDesign(input: unknown): { doc: unknown; fromVersion: number } {
  if (!isRecord(input)) throw new InputError('(root)', 'a design must be a JSON object');
  const raw = input.schemaVersion;
  if (raw === undefined) throw new InputError('schemaVersion', 'is required: this is not a Cluster Workbench design');
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
    throw new InputError('schemaVersion', `must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  if (raw > SCHEMA_VERSION) {
    throw new InputError(
      'schemaVersion',
      `the design was saved by a newer version of Cluster Workbench (schema ${raw}; this version reads up to ${SCHEMA_VERSION}). Update the application to open it.`,
    );
  }
  let doc: Record<string, unknown> = structuredClone(input);
  for (let v = raw; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new InputError('schemaVersion', `no migration from schema ${v}`);
    doc = step(doc);
    doc.schemaVersion = v + 1;
  }
  return { doc, fromVersion: raw };
}

/** Parse, migrate and validate a design document. Throws InputError. */
export function parseDesign(input: unknown): Design {
  const { doc } = migrateDesign(input);
  const result = DesignSchema.safeParse(doc);
  if (!result.success) throw zodToInputError(result.error);
  checkReferences(result.data);
  return result.data;
}

/** Parse without throwing. */
export function safeParseDesign(input: unknown): { ok: true; design: Design } | { ok: false; error: InputError } {
  try {
    return { ok: true, design: parseDesign(input) };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, error: e };
    return { ok: false, error: new InputError('(root)', e instanceof Error ? e.message : String(e)) };
  }
}

/** Unique ids, existing references, no group cycles, rack slots inside the rack and not overlapping. */
export function checkReferences(d: Design): void {
  const ids = new Map<string, string>();
  const add = (entityId: string, path: string) => {
    const prev = ids.get(entityId);
    if (prev) throw new InputError(`${path}.id`, `duplicate id "${entityId}" (also used by ${prev})`);
    ids.set(entityId, path);
  };
  const lists = ['groups', 'racks', 'servers', 'switches', 'storage', 'pdus', 'coolingUnits', 'cables', 'fabrics'] as const;
  for (const key of lists) d[key].forEach((e, i) => add(e.id, `${key}[${i}]`));

  const groupIds = new Set(d.groups.map((g) => g.id));
  const rackById = new Map(d.racks.map((r) => [r.id, r]));
  const needGroup = (gid: string | undefined, path: string) => {
    if (gid !== undefined && !groupIds.has(gid)) throw new InputError(path, `unknown group "${gid}"`);
  };
  d.groups.forEach((g, i) => needGroup(g.parentId, `groups[${i}].parentId`));
  // Cycles in group nesting.
  const parentOf = new Map(d.groups.map((g) => [g.id, g.parentId]));
  d.groups.forEach((g, i) => {
    const seen = new Set<string>([g.id]);
    let p = g.parentId;
    while (p !== undefined) {
      if (seen.has(p)) throw new InputError(`groups[${i}].parentId`, `groups nest in a cycle through "${p}"`);
      seen.add(p);
      p = parentOf.get(p);
    }
  });
  d.racks.forEach((r, i) => needGroup(r.groupId, `racks[${i}].groupId`));

  const occupied = new Map<string, Array<{ lo: number; hi: number; what: string }>>();
  const mounted = ['servers', 'switches', 'storage', 'pdus'] as const;
  for (const key of mounted) {
    d[key].forEach((e, i) => {
      const path = `${key}[${i}]`;
      needGroup(e.groupId, `${path}.groupId`);
      if (e.rackId === undefined) return;
      const rack = rackById.get(e.rackId);
      if (!rack) throw new InputError(`${path}.rackId`, `unknown rack "${e.rackId}"`);
      if (e.slotU === undefined) return;
      // Heights are checked by evaluate (they come from the catalog); here only the start slot.
      if (e.slotU > rack.heightU) {
        throw new InputError(`${path}.slotU`, `U${e.slotU} is above the top of rack "${rack.name}" (${rack.heightU}U)`);
      }
      const list = occupied.get(rack.id) ?? [];
      list.push({ lo: e.slotU, hi: e.slotU, what: path });
      occupied.set(rack.id, list);
    });
  }
  d.coolingUnits.forEach((c, i) => {
    needGroup(c.groupId, `coolingUnits[${i}].groupId`);
    c.rackIds.forEach((rid, j) => {
      if (!rackById.has(rid)) throw new InputError(`coolingUnits[${i}].rackIds[${j}]`, `unknown rack "${rid}"`);
    });
  });
  d.cables.forEach((c, i) => {
    if (!ids.has(c.from.entityId)) throw new InputError(`cables[${i}].from.entityId`, `unknown entity "${c.from.entityId}"`);
    if (!ids.has(c.to.entityId)) throw new InputError(`cables[${i}].to.entityId`, `unknown entity "${c.to.entityId}"`);
    if (c.from.entityId === c.to.entityId && c.from.port === c.to.port) {
      throw new InputError(`cables[${i}].to`, 'a cable cannot connect a port to itself');
    }
  });
  d.fabrics.forEach((f, i) => needGroup(f.groupId, `fabrics[${i}].groupId`));
}
