/** Memoised derived lookups over the (immutable) document. */
import type { Design } from '../../core/model/design';
import {
  ENTITY_LISTS,
  LIST_KIND,
  freeRanges,
  rackOccupancy,
  type AnyEntity,
  type EntityKind,
  type EntityList,
  type PartLookup,
} from '../store/ops';

export interface IndexedEntity {
  entity: AnyEntity;
  kind: EntityKind;
  list: EntityList;
}

const indexCache = new WeakMap<Design, Map<string, IndexedEntity>>();

/** id -> entity for the whole design, computed once per document version. */
export function entityIndex(d: Design): Map<string, IndexedEntity> {
  let m = indexCache.get(d);
  if (m) return m;
  m = new Map();
  for (const list of ENTITY_LISTS) {
    for (const e of d[list] as AnyEntity[]) m.set(e.id, { entity: e, kind: LIST_KIND[list], list });
  }
  indexCache.set(d, m);
  return m;
}

const usageCache = new WeakMap<Design, Map<string, number>>();

/** Occupied U of a rack. */
export function rackUsage(d: Design, rackId: string, heightU: number, parts: PartLookup): number {
  let m = usageCache.get(d);
  if (!m) {
    m = new Map();
    usageCache.set(d, m);
  }
  const key = `${rackId}:${heightU}`;
  const cached = m.get(key);
  if (cached !== undefined) return cached;
  const free = freeRanges(heightU, rackOccupancy(d, rackId, parts)).reduce((s, r) => s + r.hi - r.lo + 1, 0);
  const used = heightU - free;
  m.set(key, used);
  return used;
}

const cabledCache = new WeakMap<Design['cables'], Set<string>>();

/** Ids of the entities at either end of a cable. */
export function cabledIds(d: Design): Set<string> {
  let s = cabledCache.get(d.cables);
  if (s) return s;
  s = new Set();
  for (const c of d.cables) {
    s.add(c.from.entityId);
    s.add(c.to.entityId);
  }
  cabledCache.set(d.cables, s);
  return s;
}
