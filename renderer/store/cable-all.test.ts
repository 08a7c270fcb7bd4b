/**
 * "Cable all ports" (issue 22): one drag between a server entity and a switch makes one link
 * and offers every compute NIC port of the servers it stands for (ports x quantity), less the
 * ports other cables use, within the switch's free ports. Taking the offer gives the engine
 * the full bandwidth (no ports-uncabled warning).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { evaluate } from '../../core/evaluate';
import { parseDesign } from '../../core/model/parse';
import { createAppStore } from './index';
import { cableAllOffer, cableAllPorts, connectPorts, type PartLookup } from './ops';

const parts: PartLookup = (id) => DEFAULT_CATALOG.get(id);

/** A rack of `servers` DGX H100 (8 compute ports each) and a QM9700 (64 ports). */
const rackOf = (servers: number) =>
  parseDesign({
    schemaVersion: 2,
    id: 'd',
    name: 'd',
    racks: [{ id: 'r', name: 'R', position: { x: 0, y: 0 }, heightU: 48, powerBudgetW: 200_000, cooling: 'rear-door', count: 2 }],
    servers: [{ id: 's', name: 'DGX', partId: 'dgx-h100', rackId: 'r', slotU: 1, quantity: servers }],
    switches: [{ id: 'w', name: 'Leaf', partId: 'qm9700', rackId: 'r', slotU: 48, role: 'leaf' }],
    pdus: [{ id: 'p', partId: 'pdu-rack-43kw', rackId: 'r', quantity: 2 }],
  });

describe('cable all ports', () => {
  it('4 DGX H100: 4 x 8 = 32 compute ports (the other NICs are not scale-out); the rack count replicates the line', () => {
    const r = connectPorts(rackOf(4), 's', 'w', parts);
    if (!r.ok) throw new Error(r.error.key);
    const id = r.createdIds![0]!;
    expect(r.design.cables[0]!.quantity).toBe(1);
    expect(cableAllOffer(r.design, id, parts)).toEqual({ quantity: 32, ports: 8, servers: 4, server: 'DGX', switchName: 'Leaf' });
    const all = cableAllPorts(r.design, id, parts);
    if (!all.ok) throw new Error(all.error.key);
    expect(all.design.cables[0]!.quantity).toBe(32);
    expect(cableAllOffer(all.design, id, parts)).toBeUndefined();
    // Engine: 2 racks x 32 links = 64 links on 2 x 32 ports, nothing uncabled.
    const res = evaluate(all.design, { skipTraining: true });
    expect(res.warnings.filter((w) => w.code === 'ports-uncabled')).toEqual([]);
    expect(evaluate(r.design, { skipTraining: true }).warnings.find((w) => w.code === 'ports-uncabled')!.params).toMatchObject({ uncabled: 2 * 31, ports: 64 });
  });

  it('within the switch: 10 DGX (80 ports) on a 64-port leaf are offered 64', () => {
    const r = connectPorts(rackOf(10), 's', 'w', parts);
    if (!r.ok) throw new Error(r.error.key);
    expect(cableAllOffer(r.design, r.createdIds![0]!, parts)?.quantity).toBe(64);
  });

  it('the store offers it as a notice whose button cables them, one undo step', () => {
    const store = createAppStore(rackOf(4), parts);
    store.getState().connectPorts('s', 'w');
    const n = store.getState().notices.find((x) => x.action);
    expect(n?.refusal).toEqual({ key: 'cable.offerAll', params: { server: 'DGX', switch: 'Leaf', n: 32, servers: 4, ports: 8 } });
    n!.action!.run();
    expect(store.getState().design.cables[0]!.quantity).toBe(32);
    store.getState().undo();
    expect(store.getState().design.cables[0]!.quantity).toBe(1);
  });
});
