import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { analyzeTopology, type TopoLink, type TopoNode, type TopologyInput, type TopologyWarning } from './topology';

function server(id: string, ports = 2, accelerators = 8, portGbps = 400): TopoNode {
  return { id, kind: 'server', ports, portGbps, accelerators };
}
function sw(id: string, ports = 8, portGbps = 400, tier?: TopoNode['tier']): TopoNode {
  return tier ? { id, kind: 'switch', ports, portGbps, tier } : { id, kind: 'switch', ports, portGbps };
}
let seq = 0;
function link(a: string, b: string, linkGbps = 400, id = `l${++seq}`): TopoLink {
  return { id, from: { nodeId: a }, to: { nodeId: b }, linkGbps };
}
const byCode = (ws: TopologyWarning[], code: string): TopologyWarning[] => ws.filter((w) => w.code === code);

describe('drawn topology: a small, flawed leaf-spine', () => {
  // s1, s2 -> leaf1 (two 400G links each); s3 -> leaf2 (two links), s4 -> leaf2 (one link).
  // leaf1 -> spine1 with ONE link, leaf2 -> spine1 with two. The spine has 800G ports.
  const g: TopologyInput = {
    nodes: [server('s1'), server('s2'), server('s3'), server('s4'), sw('leaf1'), sw('leaf2'), sw('spine1', 8, 800)],
    links: [
      link('s1', 'leaf1', 400, 'a1'),
      link('s1', 'leaf1', 400, 'a2'),
      link('s2', 'leaf1', 400, 'a3'),
      link('s2', 'leaf1', 400, 'a4'),
      link('s3', 'leaf2', 400, 'b1'),
      link('s3', 'leaf2', 400, 'b2'),
      link('s4', 'leaf2', 400, 'b3'),
      link('leaf1', 'spine1', 400, 'u1'),
      link('leaf2', 'spine1', 400, 'u2'),
      link('leaf2', 'spine1', 400, 'u3'),
    ],
  };
  const r = analyzeTopology(g);

  it('counts', () => {
    expect(r.servers).toBe(4);
    expect(r.switches).toBe(3);
    expect(r.accelerators).toBe(32);
    expect(r.serverComponents).toBe(1);
  });

  it('bottleneck bandwidth per accelerator (hand calculation)', () => {
    // leaf1: down 4 x 400 = 1600, up 400 -> 1/4 of its traffic can leave.
    // leaf2: down 3 x 400 = 1200, up 800 -> 2/3. The spine is the top: 1.
    // s1: 800 x 1/4 = 200 Gb/s / 8 GPUs = 25; s2 the same.
    // s3: 800 x 2/3 = 533.3 / 8 = 66.7; s4: 400 x 2/3 = 266.7 / 8 = 33.3.
    const per = Object.fromEntries(r.perServer.map((s) => [s.id, s.perAcceleratorGbps]));
    expect(per.s1).toBeCloseTo(25, 9);
    expect(per.s2).toBeCloseTo(25, 9);
    expect(per.s3).toBeCloseTo(800 / 3 / 4, 9);
    expect(per.s4).toBeCloseTo(400 / 3 / 4, 9);
    expect(r.perAccelerator.minGbps).toBeCloseTo(25, 9);
    expect(r.perAccelerator.maxGbps).toBeCloseTo(800 / 12, 9);
    // (200 + 200 + 533.3 + 266.7) / 32 = 1200 / 32 = 37.5
    expect(r.perAccelerator.meanGbps).toBeCloseTo(37.5, 9);
    // Bisection estimate: half of 1,200 Gb/s = 600 Gb/s = 0.075 TB/s.
    expect(r.bisectionTBps).toBeCloseTo(0.075, 12);
  });

  it('warns about oversubscribed leaves', () => {
    const ws = byCode(r.warnings, 'oversubscribed-switch');
    expect(ws.map((w) => w.entityIds[0]).sort()).toEqual(['leaf1', 'leaf2']);
    expect(ws.find((w) => w.entityIds[0] === 'leaf1')?.message).toContain('4:1');
    expect(ws.find((w) => w.entityIds[0] === 'leaf2')?.message).toContain('1.5:1');
  });

  it('warns about speed mismatches between link ends', () => {
    const ws = byCode(r.warnings, 'speed-mismatch');
    expect(ws.map((w) => w.entityIds[0]).sort()).toEqual(['u1', 'u2', 'u3']);
    expect(ws[0]?.message).toContain('runs at 400 Gb/s');
  });

  it('warns about unconnected ports', () => {
    expect(byCode(r.warnings, 'unconnected-ports')[0]?.entityIds).toEqual(['s4']);
    expect(byCode(r.warnings, 'spare-switch-ports')[0]?.entityIds.sort()).toEqual(['leaf1', 'leaf2', 'spine1']);
  });

  it('finds single points of failure', () => {
    // Every switch separates servers; u1 is the only link from leaf1; s4 hangs on b3.
    expect([...r.singlePointsOfFailure.switches].sort()).toEqual(['leaf1', 'leaf2', 'spine1']);
    expect(r.singlePointsOfFailure.links.sort()).toEqual(['b3', 'u1']);
    expect(byCode(r.warnings, 'spof-link').map((w) => w.entityIds[0])).toEqual(['u1']);
    expect(byCode(r.warnings, 'single-homed-server')[0]?.entityIds).toEqual(['s4', 'b3']);
    const spine = byCode(r.warnings, 'spof-switch').find((w) => w.entityIds[0] === 'spine1');
    expect(spine?.message).toContain('cuts off 2 server(s)');
  });
});

describe('drawn topology: a clean rail-optimised fabric', () => {
  // Two servers with two rails each; rail r goes to leaf r; both leaves go to both spines.
  const g: TopologyInput = {
    nodes: [server('s1', 2, 2), server('s2', 2, 2), sw('r0', 4), sw('r1', 4), sw('sp0', 2), sw('sp1', 2)],
    links: [
      link('s1', 'r0'),
      link('s1', 'r1'),
      link('s2', 'r0'),
      link('s2', 'r1'),
      link('r0', 'sp0'),
      link('r0', 'sp1'),
      link('r1', 'sp0'),
      link('r1', 'sp1'),
    ],
  };
  const r = analyzeTopology(g);
  it('has no single point of failure and full bandwidth', () => {
    expect(r.singlePointsOfFailure).toEqual({ switches: [], links: [] });
    expect(r.warnings).toEqual([]);
    // 2 x 400 Gb/s per server, 2 accelerators -> 400 each; leaves are 1:1.
    expect(r.perAccelerator).toEqual({ minGbps: 400, meanGbps: 400, maxGbps: 400 });
    // Bisection: (800 + 800) / 2 = 800 Gb/s = 0.1 TB/s.
    expect(r.bisectionTBps).toBeCloseTo(0.1, 12);
    expect(r.switchLoads.find((s) => s.id === 'sp0')?.level).toBe(2);
  });

  it('explicit tiers override inferred levels', () => {
    const tiered = analyzeTopology({
      ...g,
      nodes: g.nodes.map((n) => (n.id.startsWith('sp') ? { ...n, tier: 'spine' as const } : n.id.startsWith('r') ? { ...n, tier: 'leaf' as const } : n)),
    });
    expect(tiered.perAccelerator.minGbps).toBe(400);
  });
});

describe('drawn topology: errors', () => {
  it('disconnected groups, idle servers, port conflicts, too many links', () => {
    const r = analyzeTopology({
      nodes: [server('a', 1), server('b', 1), server('c', 1), server('idle', 1), sw('x', 1), sw('y', 4)],
      links: [
        { id: 'p1', from: { nodeId: 'a', port: 0 }, to: { nodeId: 'x', port: 0 }, linkGbps: 400 },
        { id: 'p2', from: { nodeId: 'b', port: 0 }, to: { nodeId: 'x', port: 0 }, linkGbps: 400 },
        { id: 'p3', from: { nodeId: 'c', port: 3 }, to: { nodeId: 'y' }, linkGbps: 400 },
      ],
    });
    expect(r.serverComponents).toBe(3);
    expect(r.bisectionTBps).toBe(0);
    const dis = byCode(r.warnings, 'disconnected')[0];
    expect(dis?.severity).toBe('error');
    expect(byCode(r.warnings, 'unconnected-server')[0]?.entityIds).toEqual(['idle']);
    expect(byCode(r.warnings, 'port-conflict')[0]?.entityIds).toEqual(['p1', 'p2', 'x']);
    expect(byCode(r.warnings, 'port-out-of-range')[0]?.entityIds).toEqual(['p3', 'c']);
    expect(byCode(r.warnings, 'too-many-links')[0]?.entityIds).toEqual(['x']);
  });

  it('rejects structurally invalid input with the field path', () => {
    const nodes = [server('a'), sw('x')];
    const bad = (input: TopologyInput, path: string): void => {
      try {
        analyzeTopology(input);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).path).toBe(path);
        return;
      }
      throw new Error(`expected InputError at ${path}`);
    };
    bad({ nodes, links: [link('a', 'nowhere', 400, 'z')] }, 'links[0].to.nodeId');
    bad({ nodes: [...nodes, server('a')], links: [] }, 'nodes[2].id');
    bad({ nodes, links: [link('a', 'x', 0, 'z')] }, 'links[0].linkGbps');
    bad({ nodes, links: [link('a', 'a', 400, 'z')] }, 'links[0].to.nodeId');
    bad({ nodes: [{ ...server('q'), ports: 1.5 }], links: [] }, 'nodes[0].ports');
  });

  it('the 8-SU DGX SuperPOD drawn switch by switch analyses quickly', () => {
    const nodes: TopoNode[] = [];
    const links: TopoLink[] = [];
    const servers = 256;
    const rails = 8;
    const perLeaf = 32;
    const groups = servers / perLeaf;
    const spines = 32;
    for (let s = 0; s < servers; s++) nodes.push(server(`s${s}`, rails, 8));
    for (let g2 = 0; g2 < groups; g2++) for (let r2 = 0; r2 < rails; r2++) nodes.push(sw(`l${g2}-${r2}`, 64));
    for (let p = 0; p < spines; p++) nodes.push(sw(`sp${p}`, 64));
    for (let s = 0; s < servers; s++) {
      for (let r2 = 0; r2 < rails; r2++) links.push(link(`s${s}`, `l${Math.floor(s / perLeaf)}-${r2}`, 400, `n${s}-${r2}`));
    }
    for (let g2 = 0; g2 < groups; g2++) {
      for (let r2 = 0; r2 < rails; r2++) {
        for (let u = 0; u < perLeaf; u++) links.push(link(`l${g2}-${r2}`, `sp${u}`, 400, `u${g2}-${r2}-${u}`));
      }
    }
    const t0 = performance.now();
    const r = analyzeTopology({ nodes, links });
    const ms = performance.now() - t0;
    // 8 SUs of the DGX SuperPOD (REFERENCE.md): 256 nodes, 2,048 GPUs, 64 leaves, 32 spines, non-blocking.
    expect(r.accelerators).toBe(2048);
    expect(r.switches).toBe(64 + 32);
    expect(r.perAccelerator.minGbps).toBe(400);
    expect(r.bisectionTBps).toBeCloseTo((2048 / 2) * 400 / 8 / 1000, 9);
    expect(byCode(r.warnings, 'too-many-links')).toEqual([]);
    expect(r.singlePointsOfFailure).toEqual({ switches: [], links: [] });
    expect(ms).toBeLessThan(1000);
  });
});
