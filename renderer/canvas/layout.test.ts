import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { addGroup, addRack, addToRack, emptyDesign, type OpResult } from '../store/ops';
import { GROUP_MIN_W, GROUP_PAD, RACK_HDR, RACK_W, U_PX, hitTest, layoutDesign, rackHeightPx } from './layout';
import type { Design } from '../../core/model/design';

const parts = (id: string) => DEFAULT_CATALOG.get(id);
const ok = (r: OpResult): Design => {
  if (!r.ok) throw new Error(r.error.key);
  return r.design;
};

describe('layoutDesign', () => {
  it('places rack items by U from the bottom, inside their rack, inside their group', () => {
    let d = emptyDesign('d', 'd');
    d = ok(addGroup(d, 'su', { x: 100, y: 50 }));
    d = ok(addRack(d, { position: { x: 20, y: 40 }, groupId: 'g-1', heightU: 42 }));
    d = ok(addToRack(d, 'rack-1', 'dgx-h100', parts)); // 8U at U1-U8
    d = ok(addToRack(d, 'rack-1', 'qm9700', parts)); // 1U at U9
    const l = layoutDesign(d, parts);
    const byId = new Map(l.map((n) => [n.id, n]));
    // Parents come before children (React Flow requires it).
    expect(l.map((n) => n.id)).toEqual(['g-1', 'rack-1', 'srv-1', 'sw-1']);
    const rack = byId.get('rack-1')!;
    expect(rack.height).toBe(rackHeightPx(42));
    expect(rack.absolute).toEqual({ x: 120, y: 90 });
    // U1-U8: top edge at U8, i.e. 42 - 8 = 34 U below the top of the U bay.
    const srv = byId.get('srv-1')!;
    expect(srv.position.y).toBe(RACK_HDR + 34 * U_PX);
    expect(srv.height).toBe(8 * U_PX);
    const sw = byId.get('sw-1')!;
    expect(sw.position.y).toBe(RACK_HDR + 33 * U_PX);
    expect(sw.height).toBe(U_PX);
    // The group keeps the size it was drawn at (520 x 420) and grows to hold the rack.
    const g = byId.get('g-1')!;
    expect(d.groups[0]!.size).toEqual({ width: 520, height: 420 });
    expect(g.width).toBe(Math.max(520, GROUP_MIN_W, 20 + RACK_W + GROUP_PAD));
    expect(g.height).toBe(Math.max(420, 40 + rackHeightPx(42) + GROUP_PAD));
    expect(g.height).toBe(534);
    // Hit testing finds the innermost container under a point.
    expect(hitTest(l, { x: 130, y: 100 }, ['rack', 'group'])?.id).toBe('rack-1');
    expect(hitTest(l, { x: 105, y: 55 }, ['rack', 'group'])?.id).toBe('g-1');
    expect(hitTest(l, { x: 0, y: 0 }, ['rack', 'group'])).toBeUndefined();
  });
});

import { reparentMove } from './Canvas';
import { createAppStore } from '../store';

describe('dragging a rack between groups', () => {
  it('moves a rack out of its group and into another, keeping its place on screen', () => {
    let d = emptyDesign('d', 'd');
    d = ok(addGroup(d, 'su', { x: 0, y: 0 })); // g-1 at 0,0
    d = ok(addGroup(d, 'su', { x: 1000, y: 0 })); // g-2 at 1000,0
    d = ok(addRack(d, { position: { x: 20, y: 40 }, groupId: 'g-1' }));
    const store = createAppStore(d, parts);
    let lay = layoutDesign(store.getState().design, parts);
    // Dropped at x=1020 relative to g-1: its centre is inside g-2.
    const m = reparentMove(lay, 'rack-1', { x: 1020, y: 40 });
    expect(m).toEqual({ id: 'rack-1', position: { x: 20, y: 40 }, groupId: 'g-2' });
    expect(store.getState().moveNodes([m]).ok).toBe(true);
    expect(store.getState().design.racks[0]).toMatchObject({ groupId: 'g-2', position: { x: 20, y: 40 } });
    // Out of every group, far below: absolute coordinates.
    lay = layoutDesign(store.getState().design, parts);
    const out = reparentMove(lay, 'rack-1', { x: 0, y: 2000 });
    expect(out).toEqual({ id: 'rack-1', position: { x: 1000, y: 2000 }, groupId: null });
    store.getState().moveNodes([out]);
    expect(store.getState().design.racks[0]!.groupId).toBeUndefined();
    // One undo entry per drag.
    store.getState().undo();
    expect(store.getState().design.racks[0]!.groupId).toBe('g-2');
  });
});

describe('a group resized by hand', () => {
  it('keeps a stored size larger than its contents, and never shrinks below them', () => {
    let d = emptyDesign('d', 'd');
    d = ok(addGroup(d, 'su', { x: 0, y: 0 }));
    d = ok(addRack(d, { position: { x: 20, y: 40 }, groupId: 'g-1', heightU: 42 }));
    const store = createAppStore(d, parts);
    // Contents need 20 + 200 + 24 = 244 px (below the 320 px floor) by 40 + 470 + 24 = 534 px.
    const contentH = 40 + rackHeightPx(42) + GROUP_PAD;
    const group = () => layoutDesign(store.getState().design, parts).find((n) => n.id === 'g-1')!;
    expect(group().minSize).toEqual({ width: GROUP_MIN_W, height: contentH });
    expect(store.getState().updateEntity('g-1', { size: { width: 900, height: 700 } }).ok).toBe(true);
    expect([group().width, group().height]).toEqual([900, 700]);
    // Smaller than the contents in height: the contents win; width as asked.
    store.getState().updateEntity('g-1', { size: { width: 400, height: 100 } });
    expect([group().width, group().height]).toEqual([400, contentH]);
    // A size that is not positive is refused and changes nothing.
    expect(store.getState().updateEntity('g-1', { size: { width: -5, height: 100 } }).ok).toBe(false);
    expect(store.getState().design.groups[0]!.size).toEqual({ width: 400, height: 100 });
    // One undo entry per resize.
    store.getState().undo();
    expect(store.getState().design.groups[0]!.size).toEqual({ width: 900, height: 700 });
  });
});
