/**
 * Automatic layout of the canvas: a small deterministic layered/grid layout.
 *
 * Every scope (the top level, and each group) is laid out the same way, in layers
 * from top to bottom:
 *   1. fabrics and free-standing switches (what the racks below connect up to), in a row;
 *   2. racks, in a near-square grid (rows keep the design's order);
 *   3. sub-groups, in rows (each laid out first, recursively, so its size is known);
 * and beside the racks, in a column on the right, the free-standing cooling units,
 * servers, storage and PDUs that serve them.
 *
 * Group membership never changes; mounted equipment keeps its rack slot. The same
 * design always gives the same positions (no randomness, only the design's order).
 * Sizes are those the canvas draws (layout.ts), so nothing overlaps on screen.
 */
import type { Design, Position } from '../../core/model/design';
import { MOUNTED_LISTS, type MountedEntity, type OpResult, type PartLookup } from '../store/ops';
import {
  FABRIC_H,
  FABRIC_W,
  FREE_H,
  FREE_W,
  GROUP_MIN_H,
  GROUP_MIN_W,
  GROUP_PAD,
  RACK_W,
  rackHeightPx,
} from './layout';

/** Horizontal and vertical gap between neighbouring nodes. */
export const AUTO_GAP_X = 40;
export const AUTO_GAP_Y = 56;
/** Gap between layers (fabric row, rack grid, sub-groups). */
export const AUTO_LAYER_GAP = 80;
/** Room for a group's header above its contents. */
export const AUTO_GROUP_TOP = 40;
/** At most this many racks in one grid row. */
export const AUTO_MAX_RACK_COLS = 16;
/** Positions snap to the canvas grid. */
const SNAP = 8;

const snap = (v: number): number => Math.ceil(v / SNAP) * SNAP;

interface Box {
  id: string;
  width: number;
  height: number;
}

interface Scope {
  top: Box[];
  racks: Box[];
  side: Box[];
  groups: string[];
}

interface Placed {
  /** Positions relative to the scope's origin. */
  positions: Map<string, Position>;
  width: number;
  height: number;
}

/** Lay a row of boxes left to right from `y`; returns the row's height. */
function row(boxes: Box[], x0: number, y: number, out: Map<string, Position>): { width: number; height: number } {
  let x = x0;
  let h = 0;
  for (const b of boxes) {
    out.set(b.id, { x: snap(x), y: snap(y) });
    x = snap(x) + b.width + AUTO_GAP_X;
    h = Math.max(h, b.height);
  }
  return { width: boxes.length ? x - AUTO_GAP_X - x0 : 0, height: h };
}

/** Compute positions for the whole design; returns id -> position relative to its parent group. */
export function computeAutoLayout(d: Design, _parts?: PartLookup): Map<string, Position> {
  const groupIds = new Set(d.groups.map((g) => g.id));
  const rackIds = new Set(d.racks.map((r) => r.id));
  const scopeKey = (gid: string | undefined): string => (gid && groupIds.has(gid) ? gid : '');
  const scopes = new Map<string, Scope>();
  const scope = (gid: string | undefined): Scope => {
    const k = scopeKey(gid);
    let s = scopes.get(k);
    if (!s) {
      s = { top: [], racks: [], side: [], groups: [] };
      scopes.set(k, s);
    }
    return s;
  };

  // Group parents, ignoring cycles (a group in a cycle is treated as top-level).
  const parentOf = (id: string): string | undefined => {
    const g = d.groups.find((x) => x.id === id);
    return g?.parentId && groupIds.has(g.parentId) ? g.parentId : undefined;
  };
  const inCycle = (id: string): boolean => {
    const seen = new Set<string>([id]);
    let p = parentOf(id);
    while (p) {
      if (seen.has(p)) return true;
      seen.add(p);
      p = parentOf(p);
    }
    return false;
  };
  const groupParent = new Map<string, string | undefined>();
  for (const g of d.groups) {
    const p = inCycle(g.id) ? undefined : parentOf(g.id);
    groupParent.set(g.id, p);
    scope(p).groups.push(g.id);
  }

  for (const f of d.fabrics) scope(f.groupId).top.push({ id: f.id, width: FABRIC_W, height: FABRIC_H });
  for (const r of d.racks) scope(r.groupId).racks.push({ id: r.id, width: RACK_W, height: rackHeightPx(r.heightU) });
  for (const list of MOUNTED_LISTS) {
    for (const e of d[list] as MountedEntity[]) {
      if (e.rackId && rackIds.has(e.rackId)) continue; // mounted: keeps its slot
      const box = { id: e.id, width: FREE_W, height: FREE_H };
      if (list === 'switches') scope(e.groupId).top.push(box);
      else scope(e.groupId).side.push(box);
    }
  }
  for (const c of d.coolingUnits) scope(c.groupId).side.push({ id: c.id, width: FREE_W, height: FREE_H });

  const all = new Map<string, Position>();
  const emptySize = new Map(
    d.groups.map((g) => [
      g.id,
      { width: Math.max(GROUP_MIN_W, g.size?.width ?? 520), height: Math.max(GROUP_MIN_H, g.size?.height ?? 420) },
    ]),
  );

  const storedSize = new Map(d.groups.map((g) => [g.id, g.size]));

  /** Lay out one scope with its contents starting at (x0, y0); returns its contents' extent. */
  const layScope = (key: string, x0: number, y0: number, stack: Set<string>): Placed => {
    const s = scopes.get(key) ?? { top: [], racks: [], side: [], groups: [] };
    const positions = new Map<string, Position>();
    let y = y0;
    let width = 0;

    // 1. Fabrics and free-standing switches.
    if (s.top.length) {
      const r = row(s.top, x0, y, positions);
      width = Math.max(width, r.width);
      y = snap(y + r.height + AUTO_LAYER_GAP);
    }

    // 2. Racks in a grid, with the side column to the right.
    if (s.racks.length || s.side.length) {
      const cols = Math.min(AUTO_MAX_RACK_COLS, Math.max(1, Math.ceil(Math.sqrt(s.racks.length))));
      let ry = y;
      let gridW = 0;
      for (let i = 0; i < s.racks.length; i += cols) {
        const r = row(s.racks.slice(i, i + cols), x0, ry, positions);
        gridW = Math.max(gridW, r.width);
        ry = snap(ry + r.height + AUTO_GAP_Y);
      }
      const sideX = s.racks.length ? snap(x0 + gridW + AUTO_LAYER_GAP) : x0;
      let sy = y;
      let sideW = 0;
      for (const b of s.side) {
        positions.set(b.id, { x: sideX, y: snap(sy) });
        sy = snap(sy) + b.height + AUTO_GAP_Y / 2;
        sideW = Math.max(sideW, b.width);
      }
      width = Math.max(width, s.side.length ? sideX - x0 + sideW : gridW);
      const bottom = Math.max(s.racks.length ? ry - AUTO_GAP_Y : y, s.side.length ? sy - AUTO_GAP_Y / 2 : y);
      y = snap(bottom + AUTO_LAYER_GAP);
    }

    // 3. Sub-groups in rows.
    if (s.groups.length) {
      const sizes = s.groups.map((gid) => {
        if (stack.has(gid)) return { gid, inner: undefined, width: GROUP_MIN_W, height: GROUP_MIN_H };
        const inner = layScope(gid, GROUP_PAD, AUTO_GROUP_TOP, new Set([...stack, gid]));
        if (!inner.positions.size) return { gid, inner, ...emptySize.get(gid)! };
        // As the canvas sizes a group: its contents plus padding, at least the minimum and
        // at least the size it was drawn or resized to.
        const stored = storedSize.get(gid);
        let w = Math.max(GROUP_MIN_W, stored?.width ?? 0);
        let h = Math.max(GROUP_MIN_H, stored?.height ?? 0);
        for (const [id, p] of inner.positions) {
          const b = boxOf.get(id);
          if (!b || groupParentOrScope(id) !== gid) continue;
          w = Math.max(w, p.x + b.width + GROUP_PAD);
          h = Math.max(h, p.y + b.height + GROUP_PAD);
        }
        return { gid, inner, width: w, height: h };
      });
      const perRow = Math.max(1, Math.ceil(Math.sqrt(sizes.length)));
      for (let i = 0; i < sizes.length; i += perRow) {
        let x = x0;
        let h = 0;
        for (const g of sizes.slice(i, i + perRow)) {
          positions.set(g.gid, { x: snap(x), y: snap(y) });
          boxOf.set(g.gid, { id: g.gid, width: g.width, height: g.height });
          x = snap(x) + g.width + AUTO_LAYER_GAP;
          h = Math.max(h, g.height);
        }
        width = Math.max(width, x - AUTO_LAYER_GAP - x0);
        y = snap(y + h + AUTO_LAYER_GAP);
      }
    }
    for (const [id, p] of positions) all.set(id, p);
    return { positions, width, height: Math.max(0, y - AUTO_LAYER_GAP - y0) };
  };

  // Boxes of every direct child, for sizing groups (groups are added once laid out).
  const boxOf = new Map<string, Box>();
  const childScope = new Map<string, string>();
  for (const [key, s] of scopes) {
    for (const b of [...s.top, ...s.racks, ...s.side]) {
      boxOf.set(b.id, b);
      childScope.set(b.id, key);
    }
    for (const g of s.groups) childScope.set(g, key);
  }
  const groupParentOrScope = (id: string): string | undefined => childScope.get(id);

  layScope('', 0, 0, new Set());
  return all;
}

/** Apply the automatic layout to the design as one edit (positions of everything not mounted in a rack). */
export function autoLayout(d: Design, parts?: PartLookup): OpResult {
  const pos = computeAutoLayout(d, parts);
  const place = <T extends { id: string; position?: Position }>(arr: T[]): T[] =>
    arr.map((e) => {
      const p = pos.get(e.id);
      if (!p || (e.position && e.position.x === p.x && e.position.y === p.y)) return e;
      return { ...e, position: p };
    });
  const next: Design = {
    ...d,
    groups: place(d.groups),
    racks: place(d.racks),
    servers: place(d.servers),
    switches: place(d.switches),
    storage: place(d.storage),
    pdus: place(d.pdus),
    coolingUnits: place(d.coolingUnits),
    fabrics: place(d.fabrics),
  };
  return { ok: true, design: next };
}
