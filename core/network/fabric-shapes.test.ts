import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { expandFabric, fabricCli, generateFabric, switchHops, type FabricInput, type SwitchLike } from './fabric';

/** 64 x 400G InfiniBand (QM9700-like); power and price are test values. */
const QM: SwitchLike = { id: 'qm', ports: 64, portGbps: 400, maxPowerW: 1700, typicalPowerW: 1000, priceUsd: 25_000, protocol: 'infiniband' };
/** 64 x 800G Ethernet (SN5600 / Tomahawk 5 class), broken out to 128 x 400G or 256 x 200G. */
const SN: SwitchLike = { id: 'sn', ports: 64, portGbps: 800, maxPowerW: 1500, typicalPowerW: 900, priceUsd: 40_000, protocol: 'ethernet' };

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('multi-plane fabrics: a node\'s NIC ports split over planes', () => {
  // 1,024 GPUs, 8 per node, one twin-port 800G NIC per GPU = 16 ports of 400G per node; 2 planes
  // (NVIDIA DGX B300 Spectrum-X RA: "each GPU has 2x 400GbE connectivity through two different planes").
  // Per plane: 8 rails of 400G; 128-port leaves (800G split in two) take 64 nodes: 2 SUs x 8 = 16 leaves,
  // 16 x 64 uplinks = 1,024 over 128-port spines = 8 spines, 8 links per pair (16 x 8 = 128 ports).
  const input: FabricInput = { accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 800, nicPorts: 16, planes: 2, switch: SN };
  const f = generateFabric(input);

  it('each plane: 8 rails of 400G, 16 leaves and 8 spines; twice over', () => {
    expect([f.portsPerPlane, f.rails, f.linkGbps]).toEqual([8, 8, 400]);
    expect(f.switches).toEqual({ leaf: 32, spine: 16, core: 0, total: 48 });
    expect(f.links).toEqual({ nodeLeaf: 2048, leafSpine: 2048, spineCore: 0, total: 4096 });
    expect(f.linksPerPair.leafSpine).toBe(8);
    expect(f.perAccelerator.scaleOutGbps).toBe(800);
  });

  it('planes that do not divide the NIC ports are refused, naming planes and the ports', () => {
    const e = inputError(() => generateFabric({ ...input, planes: 3 }));
    expect(e.path).toBe('planes');
    expect(e.message).toMatch(/must divide the 16 compute NIC ports per node \(got 3\)/);
    expect(inputError(() => generateFabric({ ...input, nicPorts: 4, planes: 8 })).path).toBe('planes');
  });

  it('NICs split over planes: 8 single-port NICs on 2 planes give each plane 4 ports of a node', () => {
    const g = generateFabric({ accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 400, nicPorts: 8, planes: 2, switch: QM });
    // 4 rails of 400G per plane: 0.5 links per accelerator per plane; a 32-down leaf takes 32 nodes,
    // 4 SUs x 4 rails = 16 leaves per plane, 16 x 32 / 64 = 8 spines; 2 planes.
    expect([g.portsPerPlane, g.rails, g.linksPerAccelerator]).toEqual([4, 4, 0.5]);
    expect(g.switches).toEqual({ leaf: 32, spine: 16, core: 0, total: 48 });
    expect(g.links.nodeLeaf).toBe(1024);
  });

  it('Alibaba HPN segment: 2 x 200G per GPU on two planes, 51.2T switches, 1,024 GPUs under one set of ToRs', () => {
    // HPN (SIGCOMM 2024, doi 10.1145/3651890.3672265): dual-plane, 8 GPUs per host, each NIC's two 200G
    // ports to ToRs of different planes, 51.2 Tb/s single-chip switches, 1K GPUs per segment.
    // A 51.2T switch at 200G has 256 ports; 128 down: one ToR per rail and plane serves 128 hosts = 1,024 GPUs.
    const h = generateFabric({ accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 400, nicPorts: 16, planes: 2, switch: SN });
    expect(h.linkGbps).toBe(200);
    expect(h.radix.leaf).toBe(256);
    expect(h.structure.nodesPerLeaf * h.perNode).toBe(1024);
    expect(h.switches.leaf).toBe(2 * 8);
  });

  it('expanding keeps the planes: every plane its own switches', () => {
    const t = expandFabric({ accelerators: 128, perNode: 8, nicGbpsPerAccelerator: 800, nicPorts: 16, planes: 2, switch: SN });
    const sw = t.nodes.filter((n) => n.kind === 'switch');
    expect(sw.filter((n) => n.id.startsWith('p0-')).length).toBe(sw.filter((n) => n.id.startsWith('p1-')).length);
    expect(sw.length).toBe(generateFabric({ accelerators: 128, perNode: 8, nicGbpsPerAccelerator: 800, nicPorts: 16, planes: 2, switch: SN }).switches.total);
  });
});

describe('rail-only fabrics (Wang et al. 2023): no switch between rails', () => {
  it('64 nodes: each rail is one 64-port switch; the rail-optimised fat tree needs 24 switches', () => {
    const base: FabricInput = { accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM };
    const r = generateFabric({ ...base, railOnly: true });
    // 8 rails x 64 nodes: one switch takes a rail's 64 links; 8 switches, 512 links, no uplinks.
    expect(r.railOnly).toBe(true);
    expect(r.railNetworks).toBe(8);
    expect(r.tiers).toBe(1);
    expect(r.switches).toEqual({ leaf: 8, spine: 0, core: 0, total: 8 });
    expect(r.links).toEqual({ nodeLeaf: 512, leafSpine: 0, spineCore: 0, total: 512 });
    const fat = generateFabric(base);
    expect(fat.switches.total).toBe(16 + 8);
    expect(r.costUsd).toBeLessThan(fat.costUsd);
  });

  it('128 nodes: each rail a 2-tier network of 4 leaves and 2 spines (16 links per pair), 8 rails', () => {
    const r = generateFabric({ accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOnly: true, assumptions: { leafSplitSearch: 0 } });
    // One rail: 128 single-link nodes, 32 per leaf -> 4 leaves x 32 uplinks = 128 -> 2 spines x 16 links.
    expect(r.tiers).toBe(2);
    expect(r.switches).toEqual({ leaf: 32, spine: 16, core: 0, total: 48 });
    expect(r.linksPerPair.leafSpine).toBe(16);
    expect(r.links.leafSpine).toBe(8 * 4 * 32);
    expect(r.structure.nodesPerLeaf).toBe(32);
  });

  it('cross-rail traffic goes through the scale-up domain, then one rail network', () => {
    const r = generateFabric({ accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOnly: true, assumptions: { leafSplitSearch: 0 } });
    expect(switchHops(r, { node: 0, accelerator: 0 }, { node: 5, accelerator: 3 })).toBe(1);
    expect(switchHops(r, { node: 0, accelerator: 0 }, { node: 40, accelerator: 3 })).toBe(3);
  });

  it('needs whole nodes and is not expanded', () => {
    const e = inputError(() => generateFabric({ accelerators: 1020, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOnly: true, allowPartialNode: true }));
    expect(e.path).toBe('railOnly');
    expect(inputError(() => expandFabric({ accelerators: 512, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOnly: true })).path).toBe('railOnly');
  });

  it('more nodes than the rail networks reach: refused naming accelerators and the limit', () => {
    // 3 tiers of 64-port switches reach 64^3 / 4 = 65,536 single-link endpoints per rail.
    const e = inputError(() => generateFabric({ accelerators: 65_537 * 8, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, railOnly: true }));
    expect(e.path).toBe('accelerators');
    expect(e.message).toMatch(/at most 65536/);
  });
});

describe('front-end network from the nodes\' front-end ports', () => {
  // 128 DGX-like nodes with 2 x 400G front-end ports (storage and in-band, each to a different leaf),
  // on 128 x 400G leaves: 64 nodes per leaf, 2 groups x 2 ports = 4 leaves, 4 x 64 uplinks = 256 over
  // 128-port spines = 2 spines (32 links per pair). 256 node links, 256 leaf-spine links.
  const f = generateFabric({
    accelerators: 1024,
    perNode: 8,
    nicGbpsPerAccelerator: 400,
    switch: QM,
    frontEnd: { portsPerNode: 2, portGbps: 400, switch: SN },
  });

  it('sized as its own network', () => {
    const fe = f.frontEnd!;
    expect(fe.accelerators).toBe(128);
    expect(fe.switches).toEqual({ leaf: 4, spine: 2, core: 0, total: 6 });
    expect(fe.links).toMatchObject({ nodeLeaf: 256, leafSpine: 256 });
    expect(fe.switchModels.leaf).toBe('sn');
  });

  it('counted in the totals: switches, links, optics, power and cost', () => {
    const fe = f.frontEnd!;
    expect(f.totals.switches).toBe(f.switches.total + 6);
    expect(f.totals.links).toBe(f.links.total + fe.links.total);
    expect(f.totals.transceivers).toBe(f.transceivers + fe.transceivers);
    expect(f.totals.powerKW).toBeCloseTo(f.powerKW + fe.powerKW, 6);
    expect(f.totals.costUsd).toBeCloseTo(f.costUsd + fe.costUsd, 2);
    // 6 front-end switches at 900 W typical.
    expect(fe.power.switchesTypicalW).toBe(6 * 900);
  });

  it('bad front-end fields are named', () => {
    const e = inputError(() => generateFabric({ accelerators: 64, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM, frontEnd: { portsPerNode: 0, portGbps: 400, switch: SN } }));
    expect(e.path).toBe('frontEnd.portsPerNode');
  });
});

describe('cwb fabric --planes, --rail-only, --front-end-*', () => {
  const lookup = (id: string) => ({ qm: QM, sn: SN })[id];
  const ids = () => ['qm', 'sn'];
  it('two planes of twin-port NICs', () => {
    const r = fabricCli(['--accelerators', '1024', '--per-node', '8', '--switch', 'sn', '--gbps', '800', '--nic-ports', '16', '--planes', '2'], lookup, ids);
    expect(r).toMatchObject({ planes: 2, nicPortsPerNode: 16, portsPerPlane: 8, switches: { total: 48 }, linksPerPair: { leafSpine: 8 } });
  });
  it('rail-only', () => {
    const r = fabricCli(['--accelerators', '512', '--per-node', '8', '--switch', 'qm', '--rail-only'], lookup, ids);
    expect(r).toMatchObject({ railOnly: true, railNetworks: 8, switches: { total: 8 } });
  });
  it('front-end', () => {
    const r = fabricCli(['--accelerators', '1024', '--per-node', '8', '--switch', 'qm', '--front-end-ports', '2', '--front-end-gbps', '400', '--front-end-switch', 'sn'], lookup, ids);
    expect(r.frontEnd?.switches.total).toBe(6);
  });
  it('impossible requests name the flag and the limit', () => {
    const e = inputError(() => fabricCli(['--accelerators', '1024', '--per-node', '8', '--switch', 'sn', '--nic-ports', '16', '--planes', '3'], lookup, ids));
    expect([e.path, e.message]).toEqual(['--planes', '--planes: must divide the 16 compute NIC ports per node (got 3); at most 16 planes, one port each']);
    const big = inputError(() => fabricCli(['--accelerators', String(65_537 * 8), '--per-node', '8', '--switch', 'qm', '--rail-only'], lookup, ids));
    expect(big.path).toBe('--accelerators');
    expect(inputError(() => fabricCli(['--accelerators', '64', '--per-node', '8', '--switch', 'qm', '--front-end-gbps', '400'], lookup, ids)).path).toBe('--front-end-ports');
  });
});
