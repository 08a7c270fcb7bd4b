/**
 * Canvas geometry derived from the document: which node sits in which parent,
 * where, and how big. Pure (no React): used to build React Flow nodes and for
 * drop hit-testing. Replicas are never materialised: a group with count 16 is
 * drawn once with a badge.
 */
import type { Design, Position } from '../../core/model/design';
import { MOUNTED_LISTS, partHeightU, type MountedEntity, type MountedList, type PartLookup } from '../store/ops';

export const U_PX = 10;
export const RACK_W = 200;
export const RACK_HDR = 46;
export const RACK_FOOT = 4;
export const RACK_ITEM_LEFT = 24;
export const RACK_ITEM_RIGHT = 16;
export const FREE_W = 176;
export const FREE_H = 46;
export const FABRIC_W = 236;
export const FABRIC_H = 84;
export const GROUP_MIN_W = 320;
export const GROUP_MIN_H = 200;
export const GROUP_PAD = 24;

export type NodeKind = 'group' | 'rack' | 'item' | 'fabric';
export type ItemKind = 'server' | 'switch' | 'storage' | 'pdu' | 'coolingUnit';

export interface LayoutNode {
  id: string;
  kind: NodeKind;
  itemKind?: ItemKind;
  parentId?: string;
  /** Relative to the parent (absolute when no parent). */
  position: Position;
  absolute: Position;
  width: number;
  height: number;
  /** Position is derived from the rack slot (not draggable). */
  mounted?: boolean;
  /** A group's smallest size that still holds its contents (the floor when resizing it by hand). */
  minSize?: { width: number; height: number };
  depth: number;
}

export function rackHeightPx(heightU: number): number {
  return RACK_HDR + heightU * U_PX + RACK_FOOT;
}

const ITEM_KIND: Record<MountedList, ItemKind> = {
  servers: 'server',
  switches: 'switch',
  storage: 'storage',
  pdus: 'pdu',
};

/** Lay the design out. Parents precede their children in the returned array (React Flow needs that). */
export function layoutDesign(d: Design, parts: PartLookup): LayoutNode[] {
  const out: LayoutNode[] = [];
  const byId = new Map<string, LayoutNode>();
  const groupIds = new Set(d.groups.map((g) => g.id));
  const rackIds = new Set(d.racks.map((r) => r.id));

  // Groups, parents first (depth order), then their sizes grown to fit contents afterwards.
  const depthOf = new Map<string, number>();
  const parentOf = new Map(
    d.groups.map((g) => [g.id, g.parentId && groupIds.has(g.parentId) ? g.parentId : undefined]),
  );
  const depth = (id: string): number => {
    const cached = depthOf.get(id);
    if (cached !== undefined) return cached;
    let n = 0;
    let p = parentOf.get(id);
    const seen = new Set([id]);
    while (p && !seen.has(p)) {
      seen.add(p);
      n++;
      p = parentOf.get(p);
    }
    depthOf.set(id, n);
    return n;
  };
  const groups = [...d.groups].sort((a, b) => depth(a.id) - depth(b.id));
  for (const g of groups) {
    const parentId = parentOf.get(g.id);
    const node: LayoutNode = {
      id: g.id,
      kind: 'group',
      parentId,
      position: g.position,
      absolute: g.position,
      width: Math.max(GROUP_MIN_W, g.size?.width ?? 520),
      height: Math.max(GROUP_MIN_H, g.size?.height ?? 420),
      depth: depth(g.id),
    };
    out.push(node);
    byId.set(g.id, node);
  }
  const parentGroup = (gid: string | undefined) => (gid && groupIds.has(gid) ? gid : undefined);
  for (const r of d.racks) {
    const node: LayoutNode = {
      id: r.id,
      kind: 'rack',
      parentId: parentGroup(r.groupId),
      position: r.position,
      absolute: r.position,
      width: RACK_W,
      height: rackHeightPx(r.heightU),
      depth: 0,
    };
    out.push(node);
    byId.set(r.id, node);
  }
  const rackById = new Map(d.racks.map((r) => [r.id, r]));
  let freeIndex = 0;
  /** A free-standing node: its stored position, or the next slot of a 4-wide grid above the racks. */
  const placeFree = (
    e: { id: string; position?: Position; groupId?: string },
    kind: Pick<LayoutNode, 'kind' | 'itemKind'>,
    width: number,
    height: number,
    top: number,
    rowStep: number,
  ): void => {
    const pos = e.position ?? { x: 40 + (freeIndex % 4) * (width + 20), y: top - Math.floor(freeIndex / 4) * rowStep };
    if (!e.position) freeIndex++;
    const node: LayoutNode = {
      id: e.id,
      ...kind,
      parentId: parentGroup(e.groupId),
      position: pos,
      absolute: pos,
      width,
      height,
      depth: 0,
    };
    out.push(node);
    byId.set(e.id, node);
  };
  for (const list of MOUNTED_LISTS) {
    for (const e of d[list] as MountedEntity[]) {
      const rack = e.rackId && rackIds.has(e.rackId) ? rackById.get(e.rackId) : undefined;
      if (rack) {
        const h = partHeightU(parts, e.partId) * e.quantity;
        const slot = e.slotU ?? 1;
        if (h <= 0) {
          // 0U (vertical PDU): a strip on the right edge of the U bay.
          const node: LayoutNode = {
            id: e.id,
            kind: 'item',
            itemKind: ITEM_KIND[list],
            parentId: rack.id,
            position: { x: 14, y: RACK_HDR },
            absolute: { x: 0, y: 0 },
            width: 8,
            height: rack.heightU * U_PX,
            mounted: true,
            depth: 0,
          };
          out.push(node);
          byId.set(e.id, node);
          continue;
        }
        const top = Math.min(rack.heightU, slot + h - 1);
        const node: LayoutNode = {
          id: e.id,
          kind: 'item',
          itemKind: ITEM_KIND[list],
          parentId: rack.id,
          position: { x: RACK_ITEM_LEFT, y: RACK_HDR + (rack.heightU - top) * U_PX },
          absolute: { x: 0, y: 0 },
          width: RACK_W - RACK_ITEM_LEFT - RACK_ITEM_RIGHT,
          height: Math.max(U_PX, (top - slot + 1) * U_PX),
          mounted: true,
          depth: 0,
        };
        out.push(node);
        byId.set(e.id, node);
      } else {
        placeFree(e, { kind: 'item', itemKind: ITEM_KIND[list] }, FREE_W, FREE_H, -120, 70);
      }
    }
  }
  for (const c of d.coolingUnits) placeFree(c, { kind: 'item', itemKind: 'coolingUnit' }, FREE_W, FREE_H, -120, 70);
  for (const f of d.fabrics) placeFree(f, { kind: 'fabric' }, FABRIC_W, FABRIC_H, -160, 100);

  // Grow groups to contain their children (deepest first), keeping their top-left.
  const childrenOf = new Map<string, LayoutNode[]>();
  for (const n of out) {
    if (!n.parentId) continue;
    const arr = childrenOf.get(n.parentId) ?? [];
    arr.push(n);
    childrenOf.set(n.parentId, arr);
  }
  // A group is as large as its stored size (set by hand) and at least as large as its contents;
  // without a stored size, a group with contents fits them and an empty one takes the default.
  for (const g of [...groups].sort((a, b) => depth(b.id) - depth(a.id))) {
    const node = byId.get(g.id)!;
    const kids = childrenOf.get(g.id) ?? [];
    let w = GROUP_MIN_W;
    let h = GROUP_MIN_H;
    for (const c of kids) {
      w = Math.max(w, c.position.x + c.width + GROUP_PAD);
      h = Math.max(h, c.position.y + c.height + GROUP_PAD);
    }
    node.minSize = { width: w, height: h };
    if (kids.length || g.size) {
      node.width = Math.max(w, g.size?.width ?? 0);
      node.height = Math.max(h, g.size?.height ?? 0);
    }
  }
  // Absolute positions, parents first.
  for (const n of out) {
    const p = n.parentId ? byId.get(n.parentId) : undefined;
    n.absolute = p ? { x: p.absolute.x + n.position.x, y: p.absolute.y + n.position.y } : n.position;
  }
  return out;
}

/** The innermost node of a kind whose absolute box contains the point. */
export function hitTest(nodes: LayoutNode[], p: Position, kinds: NodeKind[]): LayoutNode | undefined {
  let best: LayoutNode | undefined;
  let bestArea = Infinity;
  for (const n of nodes) {
    if (!kinds.includes(n.kind)) continue;
    if (p.x < n.absolute.x || p.y < n.absolute.y || p.x > n.absolute.x + n.width || p.y > n.absolute.y + n.height)
      continue;
    const area = n.width * n.height;
    if (area < bestArea) {
      best = n;
      bestArea = area;
    }
  }
  return best;
}
