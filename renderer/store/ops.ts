/**
 * Pure operations on the design document. Every edit the UI makes is one of
 * these functions: (design, args) -> new design, or a refusal with a reason.
 * No React, no DOM: they are unit-tested in Node.
 */
import type { z } from 'zod';
import {
  CableSchema,
  CoolingUnitSchema,
  DesignSchema,
  FabricSchema,
  GroupSchema,
  PduSchema,
  RackSchema,
  ServerSchema,
  SiteSchema,
  StorageSchema,
  SwitchSchema,
  WorkloadSchema,
  type Cable,
  type CoolingUnit,
  type Design,
  type Fabric,
  type Group,
  type GroupKind,
  type Pdu,
  type Position,
  type Rack,
  type Server,
  type Site,
  type Storage,
  type Switch,
  type Workload,
} from '../../core/model/design';
import { checkReferences, formatPath } from '../../core/model/parse';
import { ALL_ASSUMPTIONS, overrideValueProblem } from '../../core/assumptions';
import type { CatalogPart } from '../../core/catalog/types';
import type { MessageKey, Params } from '../i18n';

/** Looks a catalog part up by id. */
export type PartLookup = (partId: string) => CatalogPart | undefined;

/** A refusal: an i18n message key with parameters, plus the field path when one applies. */
export interface Refusal {
  key: MessageKey;
  params?: Params;
  path?: string;
  /** Raw detail (e.g. a schema message) shown after the translated text. */
  detail?: string;
}

export type OpResult<T = Design> =
  { ok: true; design: T; warning?: Refusal; createdIds?: string[] } | { ok: false; error: Refusal };

export const MOUNTED_LISTS = ['servers', 'switches', 'storage', 'pdus'] as const;
export type MountedList = (typeof MOUNTED_LISTS)[number];
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

export type EntityKind =
  'group' | 'rack' | 'server' | 'switch' | 'storage' | 'pdu' | 'coolingUnit' | 'cable' | 'fabric';
export const LIST_KIND: Record<EntityList, EntityKind> = {
  groups: 'group',
  racks: 'rack',
  servers: 'server',
  switches: 'switch',
  storage: 'storage',
  pdus: 'pdu',
  coolingUnits: 'coolingUnit',
  cables: 'cable',
  fabrics: 'fabric',
};
export const KIND_LIST: Record<EntityKind, EntityList> = {
  group: 'groups',
  rack: 'racks',
  server: 'servers',
  switch: 'switches',
  storage: 'storage',
  pdu: 'pdus',
  coolingUnit: 'coolingUnits',
  cable: 'cables',
  fabric: 'fabrics',
};

const SCHEMAS: Record<EntityList, z.ZodType> = {
  groups: GroupSchema,
  racks: RackSchema,
  servers: ServerSchema,
  switches: SwitchSchema,
  storage: StorageSchema,
  pdus: PduSchema,
  coolingUnits: CoolingUnitSchema,
  cables: CableSchema,
  fabrics: FabricSchema,
};

export type AnyEntity = Group | Rack | Server | Switch | Storage | Pdu | CoolingUnit | Cable | Fabric;
export type MountedEntity = Server | Switch | Storage | Pdu;

export interface EntityRef {
  list: EntityList;
  kind: EntityKind;
  index: number;
  entity: AnyEntity;
}

/** Find an entity of any kind by id. */
export function findEntity(d: Design, id: string): EntityRef | undefined {
  for (const list of ENTITY_LISTS) {
    const arr = d[list] as AnyEntity[];
    const index = arr.findIndex((e) => e.id === id);
    if (index >= 0) return { list, kind: LIST_KIND[list], index, entity: arr[index]! };
  }
  return undefined;
}

/** A new id with a readable prefix that is not used in the design. */
export function newId(d: Design, prefix: string, taken: Set<string> = allIds(d)): string {
  for (let n = 1; ; n++) {
    const candidate = `${prefix}-${n}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

export function allIds(d: Design): Set<string> {
  const s = new Set<string>();
  for (const list of ENTITY_LISTS) for (const e of d[list] as AnyEntity[]) s.add(e.id);
  return s;
}

/** Rack units an item occupies per unit of quantity. PDUs are 0U (vertical, rear-mounted). */
export function partHeightU(parts: PartLookup, partId: string): number {
  const p = parts(partId);
  if (!p) return 1;
  switch (p.kind) {
    case 'server':
    case 'switch':
    case 'storage':
      return p.heightU;
    case 'power':
      return 0;
    default:
      return 1;
  }
}

export interface Occupancy {
  id: string;
  list: MountedList;
  lo: number;
  hi: number;
}

/** What occupies which U in a rack (items stack `quantity` high from slotU). */
export function rackOccupancy(d: Design, rackId: string, parts: PartLookup, exceptId?: string): Occupancy[] {
  const out: Occupancy[] = [];
  for (const list of MOUNTED_LISTS) {
    for (const e of d[list] as MountedEntity[]) {
      if (e.rackId !== rackId || e.slotU === undefined || e.id === exceptId) continue;
      const h = partHeightU(parts, e.partId) * (e.quantity ?? 1);
      if (h <= 0) continue;
      out.push({ id: e.id, list, lo: e.slotU, hi: e.slotU + h - 1 });
    }
  }
  return out.sort((a, b) => a.lo - b.lo);
}

/** Free contiguous ranges of a rack, bottom to top. */
export function freeRanges(heightU: number, occ: Occupancy[]): Array<{ lo: number; hi: number }> {
  const used = new Array<boolean>(heightU + 1).fill(false);
  for (const o of occ) for (let u = Math.max(1, o.lo); u <= Math.min(heightU, o.hi); u++) used[u] = true;
  const out: Array<{ lo: number; hi: number }> = [];
  let start = 0;
  for (let u = 1; u <= heightU + 1; u++) {
    const free = u <= heightU && !used[u];
    if (free && start === 0) start = u;
    if (!free && start !== 0) {
      out.push({ lo: start, hi: u - 1 });
      start = 0;
    }
  }
  return out;
}

export function usedU(heightU: number, occ: Occupancy[]): number {
  return heightU - freeRanges(heightU, occ).reduce((s, r) => s + (r.hi - r.lo + 1), 0);
}

function describeRanges(ranges: Array<{ lo: number; hi: number }>): string {
  if (ranges.length === 0) return '—';
  return ranges.map((r) => (r.lo === r.hi ? `U${r.lo}` : `U${r.lo}–U${r.hi}`)).join(', ');
}

/**
 * Where an item of `needU` fits in a rack: the requested slot if free, else the
 * lowest free slot; or a refusal explaining the free space.
 */
export function findSlot(
  d: Design,
  rack: Rack,
  needU: number,
  parts: PartLookup,
  slotU?: number,
  exceptId?: string,
): { ok: true; slotU: number } | { ok: false; error: Refusal } {
  const occ = rackOccupancy(d, rack.id, parts, exceptId);
  const ranges = freeRanges(rack.heightU, occ);
  const freeTotal = ranges.reduce((s, r) => s + (r.hi - r.lo + 1), 0);
  if (needU <= 0) return { ok: true, slotU: slotU ?? 1 };
  if (slotU !== undefined) {
    const fits = ranges.some((r) => slotU >= r.lo && slotU + needU - 1 <= r.hi);
    if (fits) return { ok: true, slotU };
    return {
      ok: false,
      error: {
        key: 'refuse.slotTaken',
        params: { need: needU, rack: rack.name, slot: slotU, free: freeTotal, ranges: describeRanges(ranges) },
        path: 'slotU',
      },
    };
  }
  const r = ranges.find((x) => x.hi - x.lo + 1 >= needU);
  if (r) return { ok: true, slotU: r.lo };
  return {
    ok: false,
    error: {
      key: 'refuse.noSpace',
      params: { need: needU, rack: rack.name, free: freeTotal, ranges: describeRanges(ranges) },
    },
  };
}

const KIND_PREFIX: Record<EntityKind, string> = {
  group: 'g',
  rack: 'rack',
  server: 'srv',
  switch: 'sw',
  storage: 'sto',
  pdu: 'pdu',
  coolingUnit: 'cool',
  cable: 'cab',
  fabric: 'fab',
};

function nextName(d: Design, list: EntityList, base: string): string {
  const names = new Set((d[list] as AnyEntity[]).map((e) => ('name' in e ? e.name : undefined)));
  for (let n = 1; ; n++) {
    const candidate = `${base}${n}`;
    if (!names.has(candidate)) return candidate;
  }
}

export function addGroup(d: Design, kind: GroupKind, position: Position, parentId?: string, name?: string): OpResult {
  if (parentId !== undefined && !d.groups.some((g) => g.id === parentId)) {
    return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: parentId } } };
  }
  const id = newId(d, KIND_PREFIX.group);
  const g: Group = {
    id,
    name: name ?? nextName(d, 'groups', kind.toUpperCase() + ' '),
    kind,
    count: 1,
    position,
    size: { width: 520, height: 420 },
    ...(parentId ? { parentId } : {}),
  };
  return { ok: true, design: { ...d, groups: [...d.groups, g] }, createdIds: [id] };
}

export interface NewRack {
  position: Position;
  groupId?: string;
  heightU?: number;
  powerBudgetW?: number;
  cooling?: Rack['cooling'];
  name?: string;
}

export function addRack(d: Design, r: NewRack): OpResult {
  if (r.groupId !== undefined && !d.groups.some((g) => g.id === r.groupId)) {
    return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: r.groupId } } };
  }
  const id = newId(d, KIND_PREFIX.rack);
  const rack: Rack = {
    id,
    name: r.name ?? nextName(d, 'racks', 'R'),
    position: r.position,
    heightU: r.heightU ?? 42,
    powerBudgetW: r.powerBudgetW ?? 40_000,
    cooling: r.cooling ?? 'air',
    count: 1,
    ...(r.groupId ? { groupId: r.groupId } : {}),
  };
  const parsed = RackSchema.safeParse(rack);
  if (!parsed.success) return { ok: false, error: schemaRefusal(parsed.error) };
  return { ok: true, design: { ...d, racks: [...d.racks, rack] }, createdIds: [id] };
}

const PART_LIST: Partial<Record<CatalogPart['kind'], MountedList | 'coolingUnits'>> = {
  server: 'servers',
  switch: 'switches',
  storage: 'storage',
  power: 'pdus',
  cooling: 'coolingUnits',
};

/** Which list a catalog part is placed into, or undefined when it cannot be placed. */
export function listForPart(part: CatalogPart): MountedList | 'coolingUnits' | undefined {
  if (part.kind === 'power' && part.powerKind !== 'pdu') return undefined;
  return PART_LIST[part.kind];
}

/**
 * Mount a catalog item in a rack at `slotU` (or the first free slot).
 * Refuses with the reason when the U space is not free.
 */
export function addToRack(d: Design, rackId: string, partId: string, parts: PartLookup, slotU?: number): OpResult {
  const part = parts(partId);
  if (!part) return { ok: false, error: { key: 'refuse.unknownPart', params: { id: partId } } };
  const list = listForPart(part);
  if (!list || list === 'coolingUnits') {
    return { ok: false, error: { key: 'refuse.notRackMountable', params: { part: part.name } } };
  }
  const rack = d.racks.find((r) => r.id === rackId);
  if (!rack) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: rackId } } };
  if (part.kind === 'server' && part.isRack) {
    return { ok: false, error: { key: 'refuse.rackScaleServer', params: { part: part.name } } };
  }
  const needU = partHeightU(parts, partId);
  const slot = findSlot(d, rack, needU, parts, slotU);
  if (!slot.ok) return slot;
  const kind = LIST_KIND[list];
  const id = newId(d, KIND_PREFIX[kind]);
  const base = { id, partId, rackId, slotU: slot.slotU, quantity: 1 };
  const entity: MountedEntity = list === 'switches' ? { ...base, role: part.kind === 'switch' ? 'tor' : 'leaf' } : base;
  return { ok: true, design: { ...d, [list]: [...(d[list] as MountedEntity[]), entity] }, createdIds: [id] };
}

/** Place a catalog item free-standing on the canvas (a switch, storage, cooling unit, rack-scale server). */
export function addFreeStanding(
  d: Design,
  partId: string,
  parts: PartLookup,
  position: Position,
  groupId?: string,
): OpResult {
  const part = parts(partId);
  if (!part) return { ok: false, error: { key: 'refuse.unknownPart', params: { id: partId } } };
  const list = listForPart(part);
  if (!list) return { ok: false, error: { key: 'refuse.notPlaceable', params: { part: part.name } } };
  if (groupId !== undefined && !d.groups.some((g) => g.id === groupId)) {
    return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: groupId } } };
  }
  if (list === 'servers' && !(part.kind === 'server' && part.isRack)) {
    return { ok: false, error: { key: 'refuse.serverNeedsRack', params: { part: part.name } } };
  }
  const kind = LIST_KIND[list];
  const id = newId(d, KIND_PREFIX[kind]);
  const g = groupId ? { groupId } : {};
  if (list === 'coolingUnits') {
    const c: CoolingUnit = { id, partId, rackIds: [], position, quantity: 1, ...g };
    return { ok: true, design: { ...d, coolingUnits: [...d.coolingUnits, c] }, createdIds: [id] };
  }
  const base = { id, partId, position, quantity: 1, ...g };
  const entity: MountedEntity = list === 'switches' ? { ...base, role: 'spine' } : base;
  return { ok: true, design: { ...d, [list]: [...(d[list] as MountedEntity[]), entity] }, createdIds: [id] };
}

/** Cooling kinds that serve one rack each: one unit per rack instance when attached to a rack. */
const PER_RACK_COOLING = new Set(['rear-door', 'in-row', 'immersion-tank']);
/** Rack cooling implied by a per-rack unit attached to an air-cooled rack. */
const RACK_COOLING_OF: Record<string, Rack['cooling']> = { 'rear-door': 'rear-door', 'immersion-tank': 'immersion' };

/**
 * A cooling unit dropped onto a rack serves that rack: it is placed just above it, in
 * the rack's group (so it replicates with it), with the rack in its served racks. A unit
 * of a per-rack kind (rear door, in-row, immersion tank) comes one per rack instance,
 * and an air-cooled rack takes the cooling the unit implies (a rear door, a tank).
 */
export function addCoolingToRack(d: Design, partId: string, parts: PartLookup, rackId: string): OpResult {
  const part = parts(partId);
  if (!part) return { ok: false, error: { key: 'refuse.unknownPart', params: { id: partId } } };
  if (part.kind !== 'cooling') return { ok: false, error: { key: 'refuse.notPlaceable', params: { part: part.name } } };
  const rack = d.racks.find((r) => r.id === rackId);
  if (!rack) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: rackId } } };
  const id = newId(d, KIND_PREFIX.coolingUnit);
  const c = servingRack({ id, partId, rackIds: [], quantity: 1 }, part.coolingKind, rack);
  return { ok: true, design: { ...d, racks: withImpliedCooling(d.racks, part.coolingKind, rack), coolingUnits: [...d.coolingUnits, c] }, createdIds: [id] };
}

/** The unit made to serve `rack`: placed just above it, in its group, one per rack instance for per-rack kinds. */
function servingRack(c: CoolingUnit, coolingKind: string, rack: Rack): CoolingUnit {
  const { groupId: _old, ...rest } = c;
  return {
    ...rest,
    rackIds: [rack.id],
    position: { x: rack.position.x + 12, y: rack.position.y - 60 },
    quantity: PER_RACK_COOLING.has(coolingKind) ? rack.count : c.quantity,
    ...(rack.groupId ? { groupId: rack.groupId } : {}),
  };
}

/** An air-cooled rack takes the cooling a per-rack unit implies (a rear door, a tank). */
function withImpliedCooling(racks: Rack[], coolingKind: string, rack: Rack): Rack[] {
  const implied = RACK_COOLING_OF[coolingKind];
  return implied && rack.cooling === 'air' ? racks.map((r) => (r.id === rack.id ? { ...r, cooling: implied } : r)) : racks;
}

/**
 * A cooling unit on the canvas dragged onto a rack serves that rack instead of what it served:
 * it moves just above the rack, into the rack's group, as a unit dropped from the library does.
 */
export function attachCoolingToRack(d: Design, coolingId: string, rackId: string, parts: PartLookup): OpResult {
  const unit = d.coolingUnits.find((c) => c.id === coolingId);
  const rack = d.racks.find((r) => r.id === rackId);
  if (!unit) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: coolingId } } };
  if (!rack) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: rackId } } };
  const part = parts(unit.partId);
  const kind = part?.kind === 'cooling' ? part.coolingKind : '';
  const next = servingRack(unit, kind, rack);
  return {
    ok: true,
    design: { ...d, racks: withImpliedCooling(d.racks, kind, rack), coolingUnits: d.coolingUnits.map((c) => (c.id === coolingId ? next : c)) },
  };
}

export function addFabric(
  d: Design,
  switchPartId: string,
  parts: PartLookup,
  position: Position,
  groupId?: string,
): OpResult {
  const part = parts(switchPartId);
  if (!part || part.kind !== 'switch')
    return { ok: false, error: { key: 'refuse.unknownPart', params: { id: switchPartId } } };
  const id = newId(d, KIND_PREFIX.fabric);
  const f: Fabric = {
    id,
    name: nextName(d, 'fabrics', 'Fabric '),
    switchPartId,
    tiers: 'auto',
    oversubscription: 1,
    railOptimised: true,
    planes: 1,
    position,
    ...(groupId ? { groupId } : {}),
  };
  return { ok: true, design: { ...d, fabrics: [...d.fabrics, f] }, createdIds: [id] };
}

/** Move a canvas node (one undo entry per drag: call on drag stop). */
export function moveNode(d: Design, id: string, position: Position): OpResult {
  const ref = findEntity(d, id);
  if (!ref) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id } } };
  if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) {
    return { ok: false, error: { key: 'refuse.badPosition' } };
  }
  if (ref.kind === 'cable') return { ok: false, error: { key: 'refuse.notMovable' } };
  const cur = (ref.entity as { position?: Position }).position;
  if (cur && cur.x === position.x && cur.y === position.y) return { ok: true, design: d };
  return replaceAt(d, ref, { ...ref.entity, position } as AnyEntity);
}

/**
 * Move a node and put it into another group (`groupId`), or out of every group (null).
 * Groups nest through `parentId`; a group cannot go inside itself or its descendants.
 */
export function moveToGroup(
  d: Design,
  id: string,
  position: Position,
  groupId: string | null,
  parts: PartLookup,
): OpResult {
  const ref = findEntity(d, id);
  if (!ref) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id } } };
  if ((ref.entity as { rackId?: string }).rackId !== undefined)
    return { ok: false, error: { key: 'refuse.notMovable' } };
  const field = ref.kind === 'group' ? 'parentId' : 'groupId';
  if (ref.kind === 'cable') return { ok: false, error: { key: 'refuse.notMovable' } };
  const cur = (ref.entity as Record<string, unknown>)[field] as string | undefined;
  if ((cur ?? null) === groupId) return moveNode(d, id, position);
  return updateEntity(d, id, { position, [field]: groupId ?? undefined }, parts);
}

function replaceAt(d: Design, ref: EntityRef, next: AnyEntity): OpResult {
  const arr = (d[ref.list] as AnyEntity[]).slice();
  arr[ref.index] = next;
  return { ok: true, design: { ...d, [ref.list]: arr } };
}

function schemaRefusal(error: z.ZodError, prefix = ''): Refusal {
  const issue = error.issues[0];
  const path = issue ? formatPath(issue.path, prefix) : prefix;
  return {
    key: 'refuse.invalidField',
    params: { path: path || '(root)' },
    path,
    detail: issue?.message ?? 'invalid value',
  };
}

/** Validate the whole document's references; refusal names the path. */
function referencesRefusal(d: Design): Refusal | undefined {
  try {
    checkReferences(d);
    return undefined;
  } catch (e) {
    const err = e as { path?: string; message?: string };
    return {
      key: 'refuse.invalidField',
      params: { path: err.path ?? '(root)' },
      path: err.path,
      detail: err.message ?? String(e),
    };
  }
}

/**
 * Update fields of an entity. The result is validated with the entity's zod
 * schema (field errors name the path) and against rack space and references.
 */
export function updateEntity(d: Design, id: string, patch: Record<string, unknown>, parts: PartLookup): OpResult {
  const ref = findEntity(d, id);
  if (!ref) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id } } };
  if ('id' in patch && patch.id !== id) return { ok: false, error: { key: 'refuse.idReadOnly', path: 'id' } };
  const merged: Record<string, unknown> = { ...(ref.entity as object), ...patch };
  for (const k of Object.keys(patch)) if (patch[k] === undefined) delete merged[k];
  const parsed = SCHEMAS[ref.list].safeParse(merged);
  if (!parsed.success) return { ok: false, error: schemaRefusal(parsed.error) };
  const next = parsed.data as AnyEntity;
  // Rack space: a mounted item changing rack, slot, part or quantity must still fit.
  if ((MOUNTED_LISTS as readonly string[]).includes(ref.list)) {
    const m = next as MountedEntity;
    if (m.rackId !== undefined) {
      const rack = d.racks.find((r) => r.id === m.rackId);
      if (!rack) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: m.rackId }, path: 'rackId' } };
      const needU = partHeightU(parts, m.partId) * m.quantity;
      const slot = findSlot(d, rack, needU, parts, m.slotU, m.id);
      if (!slot.ok) return slot;
      if (m.slotU === undefined) (next as MountedEntity).slotU = slot.slotU;
    }
  }
  if (ref.list === 'racks') {
    const r = next as Rack;
    const occ = rackOccupancy(d, r.id, parts);
    const top = occ.reduce((mx, o) => Math.max(mx, o.hi), 0);
    if (top > r.heightU) {
      return { ok: false, error: { key: 'refuse.rackTooShort', params: { rack: r.name, top }, path: 'heightU' } };
    }
  }
  const res = replaceAt(d, ref, next);
  if (!res.ok) return res;
  const refErr = referencesRefusal(res.design);
  if (refErr) return { ok: false, error: refErr };
  return res;
}

/** Set a group's or rack's count, or an item's quantity. */
export function setCount(d: Design, id: string, n: number, parts: PartLookup): OpResult {
  const ref = findEntity(d, id);
  if (!ref) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id } } };
  if (!Number.isInteger(n) || n < 1)
    return { ok: false, error: { key: 'refuse.countPositive', params: { value: String(n) }, path: 'count' } };
  const field =
    ref.list === 'groups' || ref.list === 'racks' ? 'count' : ref.list === 'fabrics' ? undefined : 'quantity';
  if (!field) return { ok: false, error: { key: 'refuse.noCount' } };
  return updateEntity(d, id, { [field]: n }, parts);
}

export function setSite(d: Design, patch: Partial<Site>): OpResult {
  const parsed = SiteSchema.safeParse({ ...d.site, ...patch });
  if (!parsed.success) return { ok: false, error: schemaRefusal(parsed.error, 'site') };
  return { ok: true, design: { ...d, site: parsed.data } };
}

export function setWorkload(d: Design, workload: Workload | undefined): OpResult {
  if (workload === undefined) {
    const { workload: _w, ...rest } = d;
    return { ok: true, design: rest as Design };
  }
  const parsed = WorkloadSchema.safeParse(workload);
  if (!parsed.success) return { ok: false, error: schemaRefusal(parsed.error, 'workload') };
  return { ok: true, design: { ...d, workload: parsed.data } };
}

export function setDesignMeta(d: Design, patch: { name?: string; description?: string }): OpResult {
  const next = { ...d, ...patch };
  const parsed = DesignSchema.shape.name.safeParse(next.name);
  if (!parsed.success) return { ok: false, error: schemaRefusal(parsed.error, 'name') };
  return { ok: true, design: next };
}

/** Override (or, with undefined, reset) a named engine assumption. */
export function setAssumption(d: Design, key: string, value: number | undefined): OpResult {
  const assumptions = { ...d.assumptions };
  if (value === undefined) delete assumptions[key];
  else {
    // The assumption's bound (efficiencies 0.01-1, fractions 0-1, ...): core/model/bounds.ts.
    const known = ALL_ASSUMPTIONS.find((a) => a.key === key);
    const problem = known ? overrideValueProblem(known, value) : Number.isFinite(value) ? null : 'must be a finite number';
    if (problem) {
      return { ok: false, error: { key: 'refuse.invalidField', params: { path: `assumptions.${key}` }, detail: problem } };
    }
    assumptions[key] = value;
  }
  return { ok: true, design: { ...d, assumptions } };
}

/** What kind of port a handle is. */
export type PortKind = 'net' | 'power';

/** Ports an entity offers, by kind; `count` is the number of cable ends it can take (Infinity when unknown). */
export function portsOf(
  d: Design,
  id: string,
  parts: PartLookup,
): { kind: PortKind; count: number; linkGbps?: number; label: string } | undefined {
  const ref = findEntity(d, id);
  if (!ref) return undefined;
  const partId = (ref.entity as { partId?: string }).partId;
  const part = partId ? parts(partId) : undefined;
  // An entity standing for several identical items offers all their ports.
  const qty = (ref.entity as { quantity?: number }).quantity ?? 1;
  switch (ref.kind) {
    case 'server': {
      if (part?.kind !== 'server') return { kind: 'net', count: Infinity, label: 'server' };
      const nics = part.computeNics.count + (part.otherNics?.count ?? 0);
      return { kind: 'net', count: nics * qty, linkGbps: part.computeNics.linkGbps, label: 'server' };
    }
    case 'switch':
      if (part?.kind !== 'switch') return { kind: 'net', count: Infinity, label: 'switch' };
      return { kind: 'net', count: part.ports * qty, linkGbps: part.portGbps, label: 'switch' };
    case 'storage':
      return { kind: 'net', count: Infinity, label: 'storage' };
    case 'fabric':
      return { kind: 'net', count: Infinity, label: 'fabric' };
    case 'pdu':
      return { kind: 'power', count: Infinity, label: 'pdu' };
    default:
      return undefined;
  }
}

/** Ports already used on an entity (sum of cable quantities per end). */
export function usedPorts(d: Design, id: string): Set<number> {
  const s = new Set<number>();
  for (const c of d.cables) {
    if (c.from.entityId === id) for (let i = 0; i < c.quantity; i++) s.add(c.from.port + i);
    if (c.to.entityId === id) for (let i = 0; i < c.quantity; i++) s.add(c.to.port + i);
  }
  return s;
}

function firstFreePort(used: Set<number>): number {
  let p = 0;
  while (used.has(p)) p++;
  return p;
}

function entityLabel(d: Design, id: string): string {
  const e = findEntity(d, id)?.entity as { name?: string; partId?: string } | undefined;
  return e?.name || id;
}

/**
 * Cable two entities' ports. Refuses incompatible kinds (a NIC to a power
 * device, a server to a server, full ports); mismatched speeds are allowed at
 * the slower speed and returned as a warning.
 */
export function connectPorts(
  d: Design,
  fromId: string,
  toId: string,
  parts: PartLookup,
  opts: { media?: Cable['media']; lengthM?: number; fromPort?: number; toPort?: number } = {},
): OpResult {
  if (fromId === toId) return { ok: false, error: { key: 'refuse.selfCable' } };
  const a = portsOf(d, fromId, parts);
  const b = portsOf(d, toId, parts);
  if (!a) return { ok: false, error: { key: 'refuse.noPorts', params: { name: entityLabel(d, fromId) } } };
  if (!b) return { ok: false, error: { key: 'refuse.noPorts', params: { name: entityLabel(d, toId) } } };
  if (a.kind !== b.kind) {
    const net = a.kind === 'net' ? a : b;
    const power = a.kind === 'power' ? a : b;
    return {
      ok: false,
      error: { key: 'refuse.netToPower', params: { net: net.label, power: power.label } },
    };
  }
  if (a.kind === 'power') return { ok: false, error: { key: 'refuse.powerCable' } };
  if (a.label === 'server' && b.label === 'server') return { ok: false, error: { key: 'refuse.serverToServer' } };
  if (a.label === 'fabric' || b.label === 'fabric') return { ok: false, error: { key: 'refuse.fabricGenerated' } };
  const usedA = usedPorts(d, fromId);
  const usedB = usedPorts(d, toId);
  if (usedA.size >= a.count) {
    return { ok: false, error: { key: 'refuse.portsFull', params: { name: entityLabel(d, fromId), count: a.count } } };
  }
  if (usedB.size >= b.count) {
    return { ok: false, error: { key: 'refuse.portsFull', params: { name: entityLabel(d, toId), count: b.count } } };
  }
  const fromPort = opts.fromPort ?? firstFreePort(usedA);
  const toPort = opts.toPort ?? firstFreePort(usedB);
  if (usedA.has(fromPort) || usedB.has(toPort)) return { ok: false, error: { key: 'refuse.portInUse' } };
  const speeds = [a.linkGbps, b.linkGbps].filter((x): x is number => x !== undefined);
  const linkGbps = speeds.length ? Math.min(...speeds) : 400;
  let warning: Refusal | undefined;
  if (a.linkGbps !== undefined && b.linkGbps !== undefined && a.linkGbps !== b.linkGbps) {
    warning = { key: 'warn.speedMismatch', params: { a: a.linkGbps, b: b.linkGbps, link: linkGbps } };
  }
  const id = newId(d, KIND_PREFIX.cable);
  const cable: Cable = {
    id,
    from: { entityId: fromId, port: fromPort },
    to: { entityId: toId, port: toPort },
    media: opts.media ?? 'dac',
    linkGbps,
    quantity: 1,
    ...(opts.lengthM ? { lengthM: opts.lengthM } : {}),
  };
  return { ok: true, design: { ...d, cables: [...d.cables, cable] }, warning, createdIds: [id] };
}

/**
 * What "cable all ports" would make of a cable between a server entity and a switch: every
 * compute NIC port of the servers it stands for (ports x quantity; the rack's and groups'
 * counts replicate the cable as they do the servers), less the ports other cables already
 * use, within the switch's free ports. Undefined when the cable is not server-to-switch or
 * already carries them all.
 */
export function cableAllOffer(
  d: Design,
  cableId: string,
  parts: PartLookup,
): { quantity: number; ports: number; servers: number; server: string; switchName: string } | undefined {
  const c = d.cables.find((x) => x.id === cableId);
  if (!c) return undefined;
  const ends = [findEntity(d, c.from.entityId), findEntity(d, c.to.entityId)];
  const srv = ends.find((e) => e?.kind === 'server');
  const sw = ends.find((e) => e?.kind === 'switch');
  if (!srv || !sw) return undefined;
  const server = srv.entity as { id: string; partId: string; quantity?: number; name?: string };
  const swe = sw.entity as { id: string; partId: string; quantity?: number; name?: string };
  const sp = parts(server.partId);
  const wp = parts(swe.partId);
  if (sp?.kind !== 'server' || wp?.kind !== 'switch') return undefined;
  const servers = server.quantity ?? 1;
  const ports = sp.computeNics.count;
  const others = (id: string) => d.cables.filter((x) => x.id !== c.id && (x.from.entityId === id || x.to.entityId === id)).reduce((t, x) => t + x.quantity, 0);
  const serverFree = ports * servers - others(server.id);
  const switchFree = wp.ports * (swe.quantity ?? 1) - others(swe.id);
  const quantity = Math.min(serverFree, switchFree);
  if (!(quantity > c.quantity)) return undefined;
  return { quantity, ports, servers, server: server.name || sp.name, switchName: swe.name || wp.name };
}

/** Set a server-to-switch cable to every free compute port (cableAllOffer). */
export function cableAllPorts(d: Design, cableId: string, parts: PartLookup): OpResult {
  const offer = cableAllOffer(d, cableId, parts);
  if (!offer) return { ok: true, design: d };
  return { ok: true, design: { ...d, cables: d.cables.map((c) => (c.id === cableId ? { ...c, quantity: offer.quantity } : c)) } };
}

/** Everything that goes away with these ids: contents of groups and racks, attached cables. */
export function closureForDelete(d: Design, ids: Iterable<string>): Set<string> {
  const del = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    const add = (id: string) => {
      if (!del.has(id)) {
        del.add(id);
        grew = true;
      }
    };
    for (const g of d.groups) if (g.parentId && del.has(g.parentId)) add(g.id);
    for (const r of d.racks) if (r.groupId && del.has(r.groupId)) add(r.id);
    for (const list of MOUNTED_LISTS) {
      for (const e of d[list] as MountedEntity[]) {
        if ((e.rackId && del.has(e.rackId)) || (e.groupId && del.has(e.groupId))) add(e.id);
      }
    }
    for (const c of d.coolingUnits) if (c.groupId && del.has(c.groupId)) add(c.id);
    for (const f of d.fabrics) if (f.groupId && del.has(f.groupId)) add(f.id);
    for (const c of d.cables) if (del.has(c.from.entityId) || del.has(c.to.entityId)) add(c.id);
  }
  return del;
}

export function deleteEntities(d: Design, ids: Iterable<string>): OpResult {
  const del = closureForDelete(d, ids);
  if (del.size === 0) return { ok: true, design: d };
  const next: Design = { ...d };
  for (const list of ENTITY_LISTS) {
    const arr = d[list] as AnyEntity[];
    const kept = arr.filter((e) => !del.has(e.id));
    if (kept.length !== arr.length) (next as Record<EntityList, AnyEntity[]>)[list] = kept;
  }
  next.coolingUnits = next.coolingUnits.map((c) =>
    c.rackIds.some((r) => del.has(r)) ? { ...c, rackIds: c.rackIds.filter((r) => !del.has(r)) } : c,
  );
  return { ok: true, design: next };
}

/** A self-contained set of entities (with their contents and the cables among them) for copy/paste. */
export interface Clip {
  entities: Array<{ list: EntityList; entity: AnyEntity }>;
}

export function copyEntities(d: Design, ids: Iterable<string>): Clip {
  const want = new Set(ids);
  // Include contents of copied groups/racks, but not cables to the outside.
  const closure = closureForDelete(d, want);
  const entities: Clip['entities'] = [];
  for (const list of ENTITY_LISTS) {
    for (const e of d[list] as AnyEntity[]) {
      if (!closure.has(e.id)) continue;
      if (list === 'cables') {
        const c = e as Cable;
        if (!closure.has(c.from.entityId) || !closure.has(c.to.entityId)) continue;
        // A cable is only copied with both ends.
        if (!want.has(c.id) && !(closure.has(c.from.entityId) && closure.has(c.to.entityId))) continue;
      }
      entities.push({ list, entity: structuredClone(e) });
    }
  }
  return { entities };
}

/**
 * Paste a clip with fresh ids, offset on the canvas. Items whose rack was not
 * copied go into the first free slot of their original rack (refused when full).
 */
export function pasteClip(d: Design, clip: Clip, parts: PartLookup, offset: Position = { x: 40, y: 40 }): OpResult {
  if (clip.entities.length === 0) return { ok: true, design: d, createdIds: [] };
  const taken = allIds(d);
  const map = new Map<string, string>();
  for (const { list, entity } of clip.entities) map.set(entity.id, newId(d, KIND_PREFIX[LIST_KIND[list]], taken));
  const remap = (id: string | undefined) => (id === undefined ? undefined : (map.get(id) ?? id));
  let next: Design = d;
  const created: string[] = [];
  const topLevel = (e: AnyEntity, list: EntityList): boolean => {
    if (list === 'groups') return !(e as Group).parentId || !map.has((e as Group).parentId!);
    if (list === 'racks') return !(e as Rack).groupId || !map.has((e as Rack).groupId!);
    const gid = (e as { groupId?: string }).groupId;
    const rid = (e as { rackId?: string }).rackId;
    return !(gid && map.has(gid)) && !(rid && map.has(rid));
  };
  for (const { list, entity } of clip.entities) {
    const e = structuredClone(entity) as AnyEntity & Record<string, unknown>;
    const isTop = topLevel(entity, list);
    e.id = map.get(entity.id)!;
    if ('parentId' in e) e.parentId = remap(e.parentId as string | undefined);
    if ('groupId' in e && e.groupId !== undefined) e.groupId = remap(e.groupId as string);
    if ('rackId' in e && e.rackId !== undefined) e.rackId = remap(e.rackId as string);
    if (list === 'coolingUnits')
      (e as unknown as CoolingUnit).rackIds = (e as unknown as CoolingUnit).rackIds.map((r) => remap(r)!);
    if (list === 'cables') {
      const c = e as unknown as Cable;
      c.from = { ...c.from, entityId: remap(c.from.entityId)! };
      c.to = { ...c.to, entityId: remap(c.to.entityId)! };
    }
    if (isTop && e.position && typeof e.position === 'object') {
      const p = e.position as Position;
      e.position = { x: p.x + offset.x, y: p.y + offset.y };
    }
    if (typeof e.name === 'string' && e.name && (list === 'groups' || list === 'racks' || list === 'fabrics')) {
      e.name = nextCopyName(next, list, e.name);
    }
    // Mounted items pasted into a rack that was not copied: find a free slot there.
    if ((MOUNTED_LISTS as readonly string[]).includes(list) && isTop && e.rackId !== undefined) {
      const m = e as unknown as MountedEntity;
      const rack = next.racks.find((r) => r.id === m.rackId);
      if (!rack) return { ok: false, error: { key: 'refuse.unknownEntity', params: { id: m.rackId! } } };
      const slot = findSlot(next, rack, partHeightU(parts, m.partId) * m.quantity, parts);
      if (!slot.ok) return slot;
      m.slotU = slot.slotU;
    }
    next = { ...next, [list]: [...(next[list] as AnyEntity[]), e] };
    created.push(e.id);
  }
  const refErr = referencesRefusal(next);
  if (refErr) return { ok: false, error: refErr };
  return { ok: true, design: next, createdIds: created };
}

function nextCopyName(d: Design, list: EntityList, name: string): string {
  const names = new Set((d[list] as AnyEntity[]).map((e) => ('name' in e ? e.name : undefined)));
  const base = name.replace(/ \(\d+\)$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!names.has(candidate)) return candidate;
  }
}

export function duplicateEntities(d: Design, ids: Iterable<string>, parts: PartLookup): OpResult {
  return pasteClip(d, copyEntities(d, ids), parts, { x: 40, y: 40 });
}

/** An empty design. */
export function emptyDesign(id: string, name: string): Design {
  return DesignSchema.parse({ schemaVersion: DesignSchema.shape.schemaVersion.value, id, name });
}
