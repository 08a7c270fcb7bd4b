import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { addFabric, addFreeStanding, addGroup, addRack, addToRack, emptyDesign, type OpResult } from '../store/ops';
import { createAppStore } from '../store';
import { autoLayout, computeAutoLayout } from './autoLayout';
import { layoutDesign, type LayoutNode } from './layout';
import type { Design } from '../../core/model/design';

const parts = (id: string) => DEFAULT_CATALOG.get(id);
const ok = (r: OpResult): Design => {
  if (!r.ok) throw new Error(r.error.key);
  return r.design;
};

/** Pairs of sibling nodes (same parent) whose boxes on the canvas overlap. */
function overlaps(nodes: LayoutNode[]): string[] {
  const out: string[] = [];
  const free = nodes.filter((n) => !n.mounted);
  for (let i = 0; i < free.length; i++) {
    for (let j = i + 1; j < free.length; j++) {
      const a = free[i]!;
      const b = free[j]!;
      if (a.parentId !== b.parentId) continue;
      const sep =
        a.absolute.x + a.width <= b.absolute.x ||
        b.absolute.x + b.width <= a.absolute.x ||
        a.absolute.y + a.height <= b.absolute.y ||
        b.absolute.y + b.height <= a.absolute.y;
      if (!sep) out.push(`${a.id}/${b.id}`);
    }
  }
  return out;
}

/** Children lie inside their parent's box on the canvas. */
function outside(nodes: LayoutNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes
    .filter((n) => {
      const p = n.parentId ? byId.get(n.parentId) : undefined;
      if (!p) return false;
      return (
        n.absolute.x < p.absolute.x ||
        n.absolute.y < p.absolute.y ||
        n.absolute.x + n.width > p.absolute.x + p.width ||
        n.absolute.y + n.height > p.absolute.y + p.height
      );
    })
    .map((n) => n.id);
}

/** A messy design: two groups (one nested), racks piled on one spot, equipment everywhere. */
function messy(): Design {
  let d = emptyDesign('d', 'messy');
  d = ok(addGroup(d, 'su', { x: 0, y: 0 })); // g-1
  d = ok(addGroup(d, 'su', { x: 0, y: 0 })); // g-2
  d = ok(addGroup(d, 'pod', { x: 5, y: 5 }, 'g-1')); // g-3 inside g-1
  for (let i = 0; i < 7; i++) d = ok(addRack(d, { position: { x: 10, y: 10 }, groupId: 'g-1', heightU: 42 }));
  for (let i = 0; i < 3; i++) d = ok(addRack(d, { position: { x: 10, y: 10 }, groupId: 'g-3', heightU: 48 }));
  for (let i = 0; i < 2; i++) d = ok(addRack(d, { position: { x: 10, y: 10 }, heightU: 42 }));
  d = ok(addToRack(d, 'rack-1', 'dgx-h100', parts));
  d = ok(addToRack(d, 'rack-1', 'qm9700', parts));
  d = ok(addFreeStanding(d, 'qm9700', parts, { x: 0, y: 0 }, 'g-1'));
  d = ok(addFreeStanding(d, 'qm9700', parts, { x: 0, y: 0 }));
  d = ok(addFabric(d, 'qm9700', parts, { x: 0, y: 0 }));
  d = ok(addFabric(d, 'qm9700', parts, { x: 0, y: 0 }, 'g-2'));
  d = ok(addFreeStanding(d, 'inrow-cw-50kw', parts, { x: 0, y: 0 }, 'g-1'));
  d = ok(addFreeStanding(d, 'inrow-cw-50kw', parts, { x: 0, y: 0 }));
  return d;
}

describe('autoLayout', () => {
  it('places every node that is not mounted, without overlaps, children inside their groups', () => {
    const before = messy();
    expect(overlaps(layoutDesign(before, parts)).length).toBeGreaterThan(0); // the mess overlaps
    const d = ok(autoLayout(before, parts));
    const l = layoutDesign(d, parts);
    expect(overlaps(l)).toEqual([]);
    expect(outside(l)).toEqual([]);
    const placed = computeAutoLayout(before, parts);
    for (const n of l) {
      if (n.mounted) expect(placed.has(n.id)).toBe(false);
      else expect(placed.has(n.id), n.id).toBe(true);
    }
    // Membership and mounted slots are unchanged.
    expect(d.racks.map((r) => r.groupId)).toEqual(before.racks.map((r) => r.groupId));
    expect(d.groups.map((g) => g.parentId)).toEqual(before.groups.map((g) => g.parentId));
    expect(d.servers).toEqual(before.servers);
  });

  it('is deterministic and idempotent', () => {
    const a = ok(autoLayout(messy(), parts));
    const b = ok(autoLayout(messy(), parts));
    expect(a).toEqual(b);
    // Laying out a laid-out design changes nothing.
    expect(ok(autoLayout(a, parts))).toEqual(a);
  });

  it('puts fabrics and free switches above the racks, cooling beside them, sub-groups below', () => {
    const d = ok(autoLayout(messy(), parts));
    const byId = new Map(layoutDesign(d, parts).map((n) => [n.id, n]));
    const g1Racks = d.racks.filter((r) => r.groupId === 'g-1').map((r) => byId.get(r.id)!);
    const topOfRacks = Math.min(...g1Racks.map((r) => r.absolute.y));
    const bottomOfRacks = Math.max(...g1Racks.map((r) => r.absolute.y + r.height));
    const rightOfRacks = Math.max(...g1Racks.map((r) => r.absolute.x + r.width));
    const sw = d.switches.find((s) => s.groupId === 'g-1' && !s.rackId)!;
    const swNode = byId.get(sw.id)!;
    expect(swNode.absolute.y + swNode.height).toBeLessThanOrEqual(topOfRacks);
    const g3 = byId.get('g-3')!;
    expect(g3.absolute.y).toBeGreaterThanOrEqual(bottomOfRacks);
    const cu = d.coolingUnits.find((c) => c.groupId === 'g-1')!;
    expect(byId.get(cu.id)!.absolute.x).toBeGreaterThanOrEqual(rightOfRacks);
    // 7 racks in g-1: a near-square grid of ceil(sqrt(7)) = 3 columns, i.e. 3 rows.
    expect(new Set(g1Racks.map((r) => r.absolute.x)).size).toBe(3);
    expect(new Set(g1Racks.map((r) => r.absolute.y)).size).toBe(3);
  });

  it('never overlaps for random designs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ group: fc.integer({ min: 0, max: 3 }), heightU: fc.constantFrom(42, 48, 52) }), {
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        (racks, nGroups, nFabrics) => {
          let d = emptyDesign('d', 'random');
          for (let g = 0; g < nGroups; g++) d = ok(addGroup(d, 'su', { x: 0, y: 0 }, g > 1 ? 'g-1' : undefined));
          for (const r of racks) {
            const gid = r.group > 0 && r.group <= nGroups ? `g-${r.group}` : undefined;
            d = ok(addRack(d, { position: { x: 0, y: 0 }, groupId: gid, heightU: r.heightU }));
          }
          for (let f = 0; f < nFabrics; f++) d = ok(addFabric(d, 'qm9700', parts, { x: 0, y: 0 }));
          const l = layoutDesign(ok(autoLayout(d, parts)), parts);
          expect(overlaps(l)).toEqual([]);
          expect(outside(l)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is one undoable edit in the store', () => {
    const store = createAppStore(messy(), parts);
    const before = store.getState().design;
    store.getState().autoLayout();
    expect(store.getState().design).not.toBe(before);
    expect(overlaps(layoutDesign(store.getState().design, parts))).toEqual([]);
    store.getState().undo();
    expect(store.getState().design).toBe(before);
  });
});
