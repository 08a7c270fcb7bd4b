/**
 * Loading design documents: version check, migrations, schema validation and
 * referential integrity. Every failure is an InputError naming the field path.
 */
import type { z } from 'zod';
import { InputError } from '../errors';
import { MAX_GROUP_DEPTH, MAX_JSON_DEPTH, MAX_REPLICATION } from './bounds';
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
  else if (issue.code === 'invalid_type' && /received (NaN|-?Infinity)$/i.test(message)) message = 'must be a finite number';
  return new InputError(path || '(root)', message);
}

/**
 * Refuse JSON nested deeper than MAX_JSON_DEPTH before anything walks it
 * recursively (migrations, structuredClone, zod). Iterative, so a hostile
 * document cannot overflow the stack here either; visits each value once.
 */
export function checkJsonDepth(input: unknown, max = MAX_JSON_DEPTH): void {
  // The path named in the error is the top-level field the deep value hangs from.
  const stack: Array<{ v: unknown; depth: number; top: string }> = [{ v: input, depth: 0, top: '' }];
  while (stack.length > 0) {
    const { v, depth, top } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) {
      throw new InputError(top || '(root)', `is nested deeper than ${max} levels: this is not a Cluster Workbench document`);
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], depth: depth + 1, top: top || `[${i}]` });
    } else {
      for (const [k, x] of Object.entries(v)) stack.push({ v: x, depth: depth + 1, top: top || k });
    }
  }
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
  checkJsonDepth(input);
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
  const groupProduct = checkGroupNesting(d.groups);
  d.racks.forEach((r, i) => needGroup(r.groupId, `racks[${i}].groupId`));
  checkReplication(d, groupProduct);

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

/**
 * Group nesting in one linear pass: no cycles, at most MAX_GROUP_DEPTH levels, and
 * the product of counts down every chain within MAX_REPLICATION. Returns each
 * group's product (its count times its ancestors').
 */
function checkGroupNesting(groups: Design['groups']): Map<string, number> {
  const index = new Map(groups.map((g, i) => [g.id, i]));
  const product = new Map<string, number>();
  const depth = new Map<string, number>();
  const onPath = new Set<string>();
  for (const start of groups) {
    if (product.has(start.id)) continue;
    // Walk up to a resolved ancestor (or the root), then resolve the chain top-down.
    const chain: Design['groups'] = [];
    let g: Design['groups'][number] | undefined = start;
    while (g && !product.has(g.id)) {
      if (onPath.has(g.id)) {
        throw new InputError(`groups[${index.get(start.id)}].parentId`, `groups nest in a cycle through "${g.id}"`);
      }
      onPath.add(g.id);
      chain.push(g);
      g = g.parentId === undefined ? undefined : groups[index.get(g.parentId) ?? -1];
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const c = chain[k]!;
      const parent = c.parentId;
      const pd = parent === undefined ? 0 : (depth.get(parent) ?? 0);
      const pp = parent === undefined ? 1 : (product.get(parent) ?? 1);
      const i = index.get(c.id)!;
      if (pd + 1 > MAX_GROUP_DEPTH) {
        throw new InputError(`groups[${i}].parentId`, `groups nest deeper than ${MAX_GROUP_DEPTH} levels`);
      }
      const m = pp * c.count;
      if (m > MAX_REPLICATION) {
        throw new InputError(
          `groups[${i}].count`,
          `the group stands for ${m.toLocaleString('en-US')} copies (its count ${c.count} x its parents' ${pp.toLocaleString('en-US')}), more than ${MAX_REPLICATION.toLocaleString('en-US')}`,
        );
      }
      depth.set(c.id, pd + 1);
      product.set(c.id, m);
      onPath.delete(c.id);
    }
  }
  return product;
}

/** Every entity's replication (quantity x rack count x group counts) within MAX_REPLICATION. */
function checkReplication(d: Design, groupProduct: Map<string, number>): void {
  const limit = MAX_REPLICATION.toLocaleString('en-US');
  const times = (gid: string | undefined): number => (gid === undefined ? 1 : (groupProduct.get(gid) ?? 1));
  const rackById = new Map(d.racks.map((r) => [r.id, r]));
  d.racks.forEach((r, i) => {
    const m = r.count * times(r.groupId);
    if (m > MAX_REPLICATION) {
      throw new InputError(`racks[${i}].count`, `the rack stands for ${m.toLocaleString('en-US')} racks (count ${r.count} x its groups'), more than ${limit}`);
    }
  });
  const lists = ['servers', 'switches', 'storage', 'pdus', 'coolingUnits'] as const;
  for (const key of lists) {
    d[key].forEach((e, i) => {
      // As replicationOf (core/model/replication.ts): a rack's count and its group, else the item's group.
      const rack = 'rackId' in e && e.rackId !== undefined ? rackById.get(e.rackId) : undefined;
      const around = rack ? rack.count * times(rack.groupId ?? e.groupId) : times(e.groupId);
      const m = e.quantity * around;
      if (m > MAX_REPLICATION) {
        throw new InputError(
          `${key}[${i}].quantity`,
          `the item stands for ${m.toLocaleString('en-US')} items (quantity ${e.quantity} x ${around.toLocaleString('en-US')} from its rack and groups), more than ${limit}`,
        );
      }
    });
  }
}
