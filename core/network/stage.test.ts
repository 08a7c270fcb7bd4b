import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { design, group, rack } from '../stages.fixture';
import { lengthClassOf, pickTransceiver } from './stage-cables';
import { nodeShapes } from './stage-fabrics';
import { networkStage } from './stage';

const catalog = createCatalog();
const run = (d: ReturnType<typeof design>) => networkStage(d, catalog, inventoryStage(d, catalog));

describe('drawn cables', () => {
  it('length classes: up to 3 m in-rack, up to 50 m in-row, beyond cross-hall; no length: same rack or not', () => {
    expect([lengthClassOf(3, false), lengthClassOf(3.5, true), lengthClassOf(50, true), lengthClassOf(51, true)]).toEqual(['in-rack', 'in-row', 'in-row', 'cross-hall']);
    expect([lengthClassOf(undefined, true), lengthClassOf(undefined, false)]).toEqual(['in-rack', 'in-row']);
  });

  it('a fibre needs a single-port module at each end: the lowest-power one of its speed and fibre mode', () => {
    // 400G single-port multimode: OSFP SR4 (8 W) beats QSFP112 SR4 (9 W); singlemode: OSFP DR4.
    expect(pickTransceiver(catalog.transceivers(), 400, false)?.id).toBe('osfp-400g-sr4');
    expect(pickTransceiver(catalog.transceivers(), 400, true)?.id).toBe('osfp-400g-dr4');
  });

  it('a cable line counts quantity x the larger multiplier of its ends, with 2 transceivers per fibre', () => {
    const d = design({
      racks: [rack('r', { count: 3 })],
      servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r' }],
      switches: [{ id: 'w', partId: 'qm9700' }],
      cables: [
        { id: 'c1', from: { entityId: 's' }, to: { entityId: 'w' }, media: 'fibre', linkGbps: 400, lengthM: 30, quantity: 2 },
        { id: 'c2', from: { entityId: 's' }, to: { entityId: 'w' }, media: 'fibre', linkGbps: 400, lengthM: 120, quantity: 1 },
        { id: 'c3', from: { entityId: 's' }, to: { entityId: 'w' }, media: 'dac', linkGbps: 400, quantity: 1 },
      ],
    });
    const net = run(d);
    expect(net.counts.cables).toBe(3 * (2 + 1 + 1));
    expect([...net.counts.transceiversByType]).toEqual([
      ['osfp-400g-sr4', 2 * 6],
      ['osfp-400g-dr4', 2 * 3],
    ]);
    // Optics power: 12 x 8 W + 6 x 9 W; a DAC draws 0.1 W.
    const opticsW = net.counts.loads.reduce((s, l) => s + l.opticsW, 0);
    expect(opticsW).toBeCloseTo(12 * 8 + 6 * 9 + 3 * 0.1, 9);
    expect(net.counts.bom.find((b) => b.partId === 'dac-400g')?.quantity).toBe(3);
    // 3 DGX x 8 compute ports = 24, 12 of them cabled: the rest are named.
    expect(net.warnings.map((w) => [w.code, w.params?.uncabled, w.params?.ports])).toEqual([['ports-uncabled', 12, 24]]);
  });
});

describe('generated fabrics', () => {
  const superpod = (server: string) =>
    design({
      groups: [group('su', 4)],
      racks: [rack('r', { groupId: 'su', count: 8, powerBudgetW: 60_000 })],
      servers: [{ id: 's', partId: server, rackId: 'r', quantity: 4 }],
      fabrics: [{ id: 'f', name: 'Compute', switchPartId: 'qm9700' }],
    });

  it('1,024 H100 on QM9700: 32 leaf + 16 spine (DGX SuperPOD reference architecture), 1,024 links per tier', () => {
    const f = run(superpod('dgx-h100')).fabrics[0]!;
    expect(f.switches).toEqual({ leaf: 32, spine: 16, core: 0, total: 48 });
    expect(f.links.nodeLeaf).toBe(1024);
    expect(f.links.leafSpine).toBe(1024);
  });

  it("twin-port OSFP cages (the server entry's computeNics.linksPerModule) halve the node-side modules", () => {
    // DGX H100: 8 NIC ports in 4 twin-port cages -> 4 modules per node; HGX H100 (single-port NICs): 8.
    const dgx = run(superpod('dgx-h100')).fabrics[0]!;
    const hgx = run(superpod('hgx-h100')).fabrics[0]!;
    expect(hgx.transceivers - dgx.transceivers).toBe(128 * (8 - 4));
  });

  it("a rack-scale system attaches per compute tray (the entry's acceleratorsPerFabricNode): NVL72 = 18 nodes of 4", () => {
    const d = design({ racks: [rack('r', { count: 8, cooling: 'cold-plate', powerBudgetW: 140_000 })], servers: [{ id: 'n', partId: 'gb200-nvl72', rackId: 'r' }], fabrics: [{ id: 'f', name: 'Compute', switchPartId: 'qm9700' }] });
    const inv = inventoryStage(d, catalog);
    expect(nodeShapes(inv.servers).map((s) => [s.perNode, s.nicGbps])).toEqual([[4, 400]]);
    expect(networkStage(d, catalog, inv).fabrics[0]!.nodes).toBe(8 * 18);
  });

  it('the servers in the fabric see its per-accelerator bandwidth, oversubscription and SHARP', () => {
    const n = run(superpod('dgx-h100')).serverNetwork.get('s');
    expect(n).toMatchObject({ nicGbps: 400, oversubscription: 1, inNetworkReduction: true, switches: 48, accelerators: 1024 });
  });

  it('an unknown switch or an empty scope leaves the fabric out with a warning', () => {
    expect(run(design({ fabrics: [{ id: 'f', name: 'F', switchPartId: 'qm970' }] })).warnings.map((w) => w.code)).toEqual(['unknown-part']);
    expect(run(design({ fabrics: [{ id: 'f', name: 'F', switchPartId: 'qm9700' }] })).warnings.map((w) => w.code)).toEqual(['fabric-empty']);
  });
});

describe('drawn network', () => {
  // 4 DGX H100 with 8 x 400G each into one leaf (a cable line of 32 links: 12,800 Gb/s down),
  // 16 x 400G up to a spine (6,400 Gb/s): 2:1.
  const d = (spine: string) =>
    design({
      servers: [{ id: 's', partId: 'dgx-h100', quantity: 4 }],
      switches: [
        { id: 'leaf', partId: 'qm9700', role: 'leaf' },
        { id: 'spine', partId: spine, role: 'spine' },
      ],
      cables: [
        { id: 'down', from: { entityId: 's' }, to: { entityId: 'leaf' }, media: 'dac', linkGbps: 400, quantity: 32 },
        { id: 'up', from: { entityId: 'leaf' }, to: { entityId: 'spine' }, media: 'dac', linkGbps: 400, quantity: 16 },
      ],
    });

  it("a server's oversubscription is its leaf's down over up bandwidth; SHARP needs every switch above it", () => {
    expect(run(d('qm9700')).serverNetwork.get('s')).toEqual({ nicGbps: 400, oversubscription: 2, inNetworkReduction: true, switches: 2, links: 32 + 16, accelerators: 32 });
    expect(run(d('sn5600')).serverNetwork.get('s')?.inNetworkReduction).toBe(false);
  });

  it('a server with NICs on no cable and in no fabric is flagged', () => {
    expect(run(design({ servers: [{ id: 's', partId: 'dgx-h100' }] })).warnings.map((w) => w.code)).toEqual(['server-no-network']);
  });
});
