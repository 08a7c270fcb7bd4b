/**
 * A cooling unit moved onto another rack serves it instead (issue 22): its served racks become
 * that rack, it joins the rack's group (to replicate with it), a per-rack kind comes one per
 * rack instance, and an air-cooled rack takes a rear door's cooling.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { parseDesign } from '../../core/model/parse';
import { layoutDesign } from '../canvas/layout';
import { coolingDropRack } from '../canvas/Canvas';
import { attachCoolingToRack, type PartLookup } from './ops';

const parts: PartLookup = (id) => DEFAULT_CATALOG.get(id);
const d = parseDesign({
  schemaVersion: 2,
  id: 'd',
  name: 'd',
  groups: [{ id: 'g', name: 'SU', kind: 'su', count: 3, position: { x: 600, y: 0 } }],
  racks: [
    { id: 'a', name: 'A', position: { x: 0, y: 0 }, heightU: 48, powerBudgetW: 45_000, cooling: 'rear-door', count: 1 },
    { id: 'b', name: 'B', groupId: 'g', position: { x: 24, y: 44 }, heightU: 48, powerBudgetW: 45_000, cooling: 'air', count: 4 },
  ],
  coolingUnits: [{ id: 'rd', partId: 'rdhx-50kw', rackIds: ['a'], quantity: 1, position: { x: 300, y: 0 } }],
});

describe('moving cooling onto a rack', () => {
  it('serves the new rack, in its group, one per rack instance; the air rack takes the rear door', () => {
    const r = attachCoolingToRack(d, 'rd', 'b', parts);
    if (!r.ok) throw new Error(r.error.key);
    expect(r.design.coolingUnits[0]).toMatchObject({ rackIds: ['b'], groupId: 'g', quantity: 4, position: { x: 36, y: -16 } });
    expect(r.design.racks.find((x) => x.id === 'b')!.cooling).toBe('rear-door');
  });

  it('a drag ending with the unit centred over a rack it does not serve names that rack', () => {
    const lay = layoutDesign(d, parts);
    // Rack B's box: group at 600 + 24 = 624..824 wide; the 176 x 46 unit centred at x 724, y 300.
    expect(coolingDropRack(lay, d, 'rd', { x: 724 - 88, y: 300 - 23 })).toBe('b');
    expect(coolingDropRack(lay, d, 'rd', { x: 100 - 88, y: 200 })).toBeUndefined(); // over A, which it serves
    expect(coolingDropRack(lay, d, 'rd', { x: 400, y: 600 })).toBeUndefined(); // empty canvas
  });
});
