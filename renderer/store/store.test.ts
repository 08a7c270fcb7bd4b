import { describe, expect, it } from 'vitest';
import { COOLING_UNITS, POWER_GEAR, SERVERS, STORAGE, SWITCHES } from '../../core/catalog';
import type { CatalogPart } from '../../core/catalog/types';
import { parseDesign } from '../../core/model/parse';
import { createAppStore, hasUnsavedWork, isDirty } from './index';
import { emptyDesign, findEntity, freeRanges, rackOccupancy, type PartLookup } from './ops';
import { translate } from '../i18n';

const ALL: CatalogPart[] = [...SERVERS, ...SWITCHES, ...COOLING_UNITS, ...POWER_GEAR, ...STORAGE];
const byId = new Map(ALL.map((p) => [p.id, p]));
const parts: PartLookup = (id) => byId.get(id);

function fresh() {
  return createAppStore(emptyDesign('d1', 'Test'), parts);
}

function addRack(store: ReturnType<typeof fresh>, heightU = 42) {
  const r = store.getState().addRack({ position: { x: 0, y: 0 }, heightU });
  if (!r.ok) throw new Error('addRack failed');
  return r.createdIds![0]!;
}

describe('addServer', () => {
  it('stacks 8U DGX H100s from U1 and refuses the sixth in a 42U rack with the free space', () => {
    // DGX H100 is an 8U system (NVIDIA DGX H100 user guide). 5 x 8U = 40U, leaving U41-U42 (2U).
    expect(parts('dgx-h100')?.kind === 'server' && parts('dgx-h100')).toMatchObject({ heightU: 8 });
    const store = fresh();
    const rackId = addRack(store);
    const slots: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = store.getState().addServer(rackId, 'dgx-h100');
      expect(r.ok).toBe(true);
      const id = r.ok ? r.createdIds![0]! : '';
      slots.push(store.getState().design.servers.find((s) => s.id === id)!.slotU!);
    }
    expect(slots).toEqual([1, 9, 17, 25, 33]);
    const sixth = store.getState().addServer(rackId, 'dgx-h100');
    expect(sixth.ok).toBe(false);
    if (!sixth.ok) {
      expect(sixth.error.key).toBe('refuse.noSpace');
      expect(sixth.error.params).toMatchObject({ need: 8, free: 2, ranges: 'U41–U42' });
      const msg = translate('en', sixth.error.key, sixth.error.params);
      expect(msg).toBe('A 8U item needs 8 free U; rack R1 has 2U free at U41–U42.');
    }
    expect(store.getState().design.servers).toHaveLength(5);
    // The refusal is reported to the user as a notice.
    expect(store.getState().notices.at(-1)?.refusal.key).toBe('refuse.noSpace');
  });

  it('refuses a requested slot that overlaps and names the free ranges', () => {
    const store = fresh();
    const rackId = addRack(store);
    expect(store.getState().addServer(rackId, 'dgx-h100', 5).ok).toBe(true); // U5-U12
    const r = store.getState().addServer(rackId, 'dgx-h100', 1); // would need U1-U8
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.params).toMatchObject({ slot: 1, free: 34, ranges: 'U1–U4, U13–U42' });
    expect(store.getState().addServer(rackId, 'dgx-h100', 13).ok).toBe(true);
  });

  it('refuses a switch passed as a server, and a rack-scale system inside a rack', () => {
    const store = fresh();
    const rackId = addRack(store);
    const r1 = store.getState().addServer(rackId, 'qm9700');
    expect(!r1.ok && r1.error.key).toBe('refuse.notAServer');
    const r2 = store.getState().addServer(rackId, 'gb200-nvl72');
    expect(!r2.ok && r2.error.key).toBe('refuse.rackScaleServer');
  });
});

describe('undo/redo and the unsaved mark', () => {
  it('undoes every edit in order and is clean again at the saved state', () => {
    const store = fresh();
    expect(isDirty(store.getState())).toBe(false);
    const rackId = addRack(store);
    store.getState().addServer(rackId, 'dgx-h100');
    expect(isDirty(store.getState())).toBe(true);
    expect(store.getState().design.servers).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().design.servers).toHaveLength(0);
    expect(store.getState().design.racks).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().design.racks).toHaveLength(0);
    expect(isDirty(store.getState())).toBe(false);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().design.servers).toHaveLength(1);
    // A new edit clears the redo stack.
    store.getState().undo();
    store.getState().moveNode(rackId, { x: 100, y: 50 });
    expect(store.getState().future).toHaveLength(0);
    expect(store.getState().design.racks[0]!.position).toEqual({ x: 100, y: 50 });
  });

  it('records a drag as one entry and refused edits as none', () => {
    const store = fresh();
    const rackId = addRack(store);
    const before = store.getState().past.length;
    store.getState().moveNode(rackId, { x: 10, y: 10 });
    expect(store.getState().past.length).toBe(before + 1);
    // Moving to the same position is not an edit.
    store.getState().moveNode(rackId, { x: 10, y: 10 });
    expect(store.getState().past.length).toBe(before + 1);
    store.getState().setCount(rackId, 0);
    expect(store.getState().past.length).toBe(before + 1);
  });

  it('markSaved makes the document clean', () => {
    const store = fresh();
    addRack(store);
    store.getState().markSaved();
    expect(isDirty(store.getState())).toBe(false);
  });
});

describe('connectPorts', () => {
  it('cables a server to a switch at the common speed and refuses NIC-to-PDU', () => {
    const store = fresh();
    const rackId = addRack(store);
    const srv = store.getState().addServer(rackId, 'dgx-h100');
    const sw = store.getState().addToRack(rackId, 'qm9700');
    const pdu = store.getState().addToRack(rackId, 'pdu-rack-43kw');
    const srvId = srv.ok ? srv.createdIds![0]! : '';
    const swId = sw.ok ? sw.createdIds![0]! : '';
    const pduId = pdu.ok ? pdu.createdIds![0]! : '';
    const c = store.getState().connectPorts(srvId, swId);
    expect(c.ok).toBe(true);
    // DGX H100: 400G NDR compute NICs; QM9700: 400G NDR ports -> a 400 Gb/s link, no warning.
    expect(store.getState().design.cables[0]).toMatchObject({
      linkGbps: 400,
      from: { entityId: srvId, port: 0 },
      to: { entityId: swId, port: 0 },
    });
    expect(c.ok && c.warning).toBeFalsy();
    const second = store.getState().connectPorts(srvId, swId);
    expect(second.ok).toBe(true);
    expect(store.getState().design.cables[1]).toMatchObject({ from: { port: 1 }, to: { port: 1 } });
    const bad = store.getState().connectPorts(srvId, pduId);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.key).toBe('refuse.netToPower');
    expect(store.getState().design.cables).toHaveLength(2);
  });

  it('warns on mismatched speeds and links at the slower one', () => {
    const store = fresh();
    const rackId = addRack(store);
    const srv = store.getState().addServer(rackId, 'dgx-h100'); // 400G NICs
    const sw = store.getState().addToRack(rackId, 'sn5600'); // 800GbE ports
    const c = store.getState().connectPorts(srv.ok ? srv.createdIds![0]! : '', sw.ok ? sw.createdIds![0]! : '');
    expect(c.ok).toBe(true);
    if (c.ok) expect(c.warning?.key).toBe('warn.speedMismatch');
    expect(store.getState().design.cables[0]!.linkGbps).toBe(400);
  });

  it('refuses a cable beyond the server NIC count', () => {
    const store = fresh();
    const rackId = addRack(store);
    const srv = store.getState().addServer(rackId, 'dgx-h100');
    const sw = store.getState().addToRack(rackId, 'qm9700');
    const srvId = srv.ok ? srv.createdIds![0]! : '';
    const swId = sw.ok ? sw.createdIds![0]! : '';
    const spec = parts('dgx-h100');
    const nics = spec?.kind === 'server' ? spec.computeNics.count + (spec.otherNics?.count ?? 0) : 0;
    for (let i = 0; i < nics; i++) expect(store.getState().connectPorts(srvId, swId).ok).toBe(true);
    const over = store.getState().connectPorts(srvId, swId);
    expect(!over.ok && over.error.key).toBe('refuse.portsFull');
  });
});

describe('setCount and updateEntity', () => {
  it('sets a group count and refuses non-integers with the field path', () => {
    const store = fresh();
    const g = store.getState().addGroup('su', { x: 0, y: 0 });
    const gid = g.ok ? g.createdIds![0]! : '';
    expect(store.getState().setCount(gid, 16).ok).toBe(true);
    expect(store.getState().design.groups[0]!.count).toBe(16);
    const bad = store.getState().setCount(gid, 2.5);
    expect(!bad.ok && bad.error.key).toBe('refuse.countPositive');
  });

  it('validates fields with the schema and reports the path', () => {
    const store = fresh();
    const rackId = addRack(store);
    const bad = store.getState().updateEntity(rackId, { powerBudgetW: -5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.path).toBe('powerBudgetW');
      // The field error states the bound (core/model/bounds.ts): range, unit and the value given.
      expect(bad.error.detail).toBe('must be >= 1 (1 to 2,000,000 W; got -5)');
    }
    const tooTall = store.getState().updateEntity(rackId, { heightU: 61 });
    expect(!tooTall.ok && tooTall.error.path).toBe('heightU');
    expect(store.getState().updateEntity(rackId, { name: 'A01', powerBudgetW: 35_000 }).ok).toBe(true);
    expect(store.getState().design.racks[0]).toMatchObject({ name: 'A01', powerBudgetW: 35_000 });
  });

  it('refuses an assumption override outside its bound, naming the field and the range', () => {
    const store = fresh();
    const r = store.getState().setAssumption('hbmEfficiency', 0);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.params).toMatchObject({ path: 'assumptions.hbmEfficiency' });
      expect(r.error.detail).toBe('must be >= 0.01 (0.01 to 1 fraction; got 0)');
    }
    expect(store.getState().setAssumption('hbmEfficiency', 0.7).ok).toBe(true);
    expect(store.getState().design.assumptions).toEqual({ hbmEfficiency: 0.7 });
  });

  it('refuses shrinking a rack below its equipment and a quantity that overflows the rack', () => {
    const store = fresh();
    const rackId = addRack(store);
    const s = store.getState().addServer(rackId, 'dgx-h100', 17); // U17-U24
    const sid = s.ok ? s.createdIds![0]! : '';
    const shrink = store.getState().updateEntity(rackId, { heightU: 20 });
    expect(!shrink.ok && shrink.error.key).toBe('refuse.rackTooShort');
    // quantity 4 from U17 needs U17-U48: exceeds 42U.
    const q = store.getState().setCount(sid, 4);
    expect(q.ok).toBe(false);
    // quantity 3 needs U17-U40: fits.
    expect(store.getState().setCount(sid, 3).ok).toBe(true);
    const occ = rackOccupancy(store.getState().design, rackId, parts);
    expect(freeRanges(42, occ)).toEqual([
      { lo: 1, hi: 16 },
      { lo: 41, hi: 42 },
    ]);
  });
});

describe('delete, duplicate, copy/paste', () => {
  it('deleting a rack removes its equipment and their cables', () => {
    const store = fresh();
    const rackId = addRack(store);
    const srv = store.getState().addServer(rackId, 'dgx-h100');
    const sw = store.getState().addFreeStanding('qm9700', { x: 300, y: 0 });
    store.getState().connectPorts(srv.ok ? srv.createdIds![0]! : '', sw.ok ? sw.createdIds![0]! : '');
    store.getState().select([rackId]);
    store.getState().deleteSelection();
    const d = store.getState().design;
    expect(d.racks).toHaveLength(0);
    expect(d.servers).toHaveLength(0);
    expect(d.cables).toHaveLength(0);
    expect(d.switches).toHaveLength(1);
    expect(() => parseDesign(d)).not.toThrow();
    store.getState().undo();
    expect(store.getState().design.cables).toHaveLength(1);
  });

  it('duplicates a rack with its contents under new ids', () => {
    const store = fresh();
    const rackId = addRack(store);
    store.getState().addServer(rackId, 'dgx-h100');
    store.getState().addServer(rackId, 'dgx-h100');
    store.getState().select([rackId]);
    const r = store.getState().duplicate();
    expect(r.ok).toBe(true);
    const d = store.getState().design;
    expect(d.racks).toHaveLength(2);
    expect(d.servers).toHaveLength(4);
    const copy = d.racks[1]!;
    expect(copy.id).not.toBe(rackId);
    expect(copy.name).toBe('R1 (2)');
    expect(d.servers.filter((s) => s.rackId === copy.id).map((s) => s.slotU)).toEqual([1, 9]);
    expect(() => parseDesign(d)).not.toThrow();
  });

  it('pastes a copied server into the next free slot of its rack and refuses when full', () => {
    const store = fresh();
    const rackId = addRack(store, 16);
    const s = store.getState().addServer(rackId, 'dgx-h100');
    store.getState().select([s.ok ? s.createdIds![0]! : '']);
    expect(store.getState().copy()).toBe(1);
    const p1 = store.getState().paste();
    expect(p1.ok).toBe(true);
    expect(store.getState().design.servers.map((x) => x.slotU)).toEqual([1, 9]);
    const p2 = store.getState().paste();
    expect(!p2.ok && p2.error.key).toBe('refuse.noSpace');
    expect(findEntity(store.getState().design, 'srv-2')).toBeDefined();
  });
});

describe('hasUnsavedWork', () => {
  it('is false for a design as created or saved, true once the user edits it', () => {
    const store = fresh();
    store.getState().loadDesign(emptyDesign('d2', 'New'), false);
    // A new design: never saved (dirty) but holding no work of the user's.
    expect(isDirty(store.getState())).toBe(true);
    expect(hasUnsavedWork(store.getState())).toBe(false);
    addRack(store);
    expect(hasUnsavedWork(store.getState())).toBe(true);
    store.getState().markSaved();
    expect(hasUnsavedWork(store.getState())).toBe(false);
    addRack(store);
    expect(hasUnsavedWork(store.getState())).toBe(true);
    // Undone back to the saved document: nothing to lose.
    store.getState().undo();
    expect(hasUnsavedWork(store.getState())).toBe(false);
  });
});

describe('cooling dropped onto a rack', () => {
  it('serves that rack: one rear door per rack instance, the rack becomes rear-door cooled, and the engine counts its capacity', async () => {
    const { evaluate } = await import('../../core/evaluate');
    const { DEFAULT_CATALOG } = await import('../../core/catalog');
    const store = fresh();
    const rackA = addRack(store);
    const rackB = addRack(store);
    expect(store.getState().updateEntity(rackA, { count: 4 }).ok).toBe(true);
    const r = store.getState().addCoolingToRack('rdhx-50kw', rackA);
    if (!r.ok) throw new Error('not attached');
    const d = store.getState().design;
    const unit = d.coolingUnits.find((c) => c.id === r.createdIds![0])!;
    expect(unit.rackIds).toEqual([rackA]);
    expect(unit.quantity).toBe(4);
    expect(d.racks.find((x) => x.id === rackA)!.cooling).toBe('rear-door');
    expect(d.racks.find((x) => x.id === rackB)!.cooling).toBe('air');
    // The engine gives each of rack A's 4 instances one 50 kW door (4 x 50 kW / 4 racks); rack B gets none.
    const rdhx = DEFAULT_CATALOG.getOfKind('rdhx-50kw', 'cooling')!;
    expect(rdhx.capacityKW).toBe(50);
    const res = evaluate(d, { catalog: DEFAULT_CATALOG });
    expect(res.rackResults.find((x) => x.rackId === rackA)!.coolingCapacityW).toBe(50_000);
    expect(res.rackResults.find((x) => x.rackId === rackB)!.coolingCapacityW).toBeNull();
  });

  it('a room unit attached to a rack comes once, and a non-cooling part is refused', () => {
    const store = fresh();
    const rack = addRack(store);
    store.getState().updateEntity(rack, { count: 8 });
    const r = store.getState().addCoolingToRack('crah-150kw', rack);
    expect(r.ok).toBe(true);
    const unit = store.getState().design.coolingUnits[0]!;
    expect(unit.quantity).toBe(1);
    expect(store.getState().design.racks[0]!.cooling).toBe('air');
    expect(store.getState().addCoolingToRack('dgx-h100', rack).ok).toBe(false);
  });
});
