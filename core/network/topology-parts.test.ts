import { describe, expect, it } from 'vitest';
import { adjacency, nodeLevels } from './topology-graph';
import { portUsageWarnings, readLinks, readNodes } from './topology-input';
import { levelCapacities, serverBandwidths, switchLoads, uplinkFractions } from './topology-load';
import { resilience } from './topology-spof';
import type { TopoLink, TopoNode, TopologyWarning } from './topology-types';
import { MAX_WARNINGS_PER_CODE, list, topologyWarnings } from './topology-warnings';

const server = (id: string, ports = 1): TopoNode => ({ id, kind: 'server', ports, portGbps: 400, accelerators: 8 });
const sw = (id: string, tier?: TopoNode['tier']): TopoNode => ({ id, kind: 'switch', ports: 4, portGbps: 400, ...(tier ? { tier } : {}) });
const link = (id: string, a: string, b: string, linkGbps = 400): TopoLink => ({ id, from: { nodeId: a }, to: { nodeId: b }, linkGbps });

function graph(nodes: TopoNode[], links: TopoLink[]) {
  const ws = topologyWarnings();
  const nt = readNodes(nodes);
  const t = readLinks(nodes, links, nt.index, ws);
  const g = adjacency(nodes.length, t);
  return { ...nt, t, g, ws };
}

describe('warnings', () => {
  it('lists 100 of a code, then one summary per overflowing code', () => {
    const ws = topologyWarnings();
    for (let i = 0; i < MAX_WARNINGS_PER_CODE + 5; i++) ws.warn({ severity: 'info', code: 'x', message: `${i}`, entityIds: [] });
    ws.warn({ severity: 'info', code: 'y', message: 'y', entityIds: [] });
    const out = ws.finish();
    expect(out).toHaveLength(100 + 1 + 1);
    expect(out[100]?.code).toBe('y');
    expect(out[101]?.message).toBe('5 more "x" warnings not listed');
  });

  it('lists at most five ids', () => {
    expect(list(['a', 'b'])).toBe('a, b');
    expect(list(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
  });
});

describe('links and ports', () => {
  it('a link runs at the slowest of its speed and its two ports', () => {
    const nodes = [server('s0'), { ...sw('L'), portGbps: 200 }];
    const { t, ws } = graph(nodes, [link('l0', 's0', 'L', 400)]);
    expect(t.speed[0]).toBe(200);
    expect(ws.finish().map((w) => w.code)).toEqual(['speed-mismatch']);
  });

  it('port usage: idle server, servers with free NIC ports, switches with free ports, too many links', () => {
    const nodes = [server('idle'), server('half', 2), sw('L'), { ...sw('tiny'), ports: 1 }];
    const { t, ws } = graph(nodes, [link('a', 'half', 'L'), link('b', 'tiny', 'L'), link('c', 'tiny', 'L')]);
    portUsageWarnings(nodes, t.degree, ws);
    const codes = ws.finish().map((w: TopologyWarning) => [w.code, w.entityIds]);
    expect(codes).toEqual([
      ['too-many-links', ['tiny']],
      ['unconnected-server', ['idle']],
      ['unconnected-ports', ['half']],
      ['spare-switch-ports', ['L']],
    ]);
  });

  it('the same port used twice is a conflict naming both links', () => {
    const nodes = [server('s0', 2), sw('L')];
    const { ws } = graph(nodes, [
      { ...link('a', 's0', 'L'), to: { nodeId: 'L', port: 0 } },
      { ...link('b', 's0', 'L'), to: { nodeId: 'L', port: 0 } },
    ]);
    expect(ws.finish().map((w) => [w.code, w.entityIds])).toEqual([['port-conflict', ['a', 'b', 'L']]]);
  });
});

describe('levels and bandwidth: two servers under a leaf with one uplink', () => {
  // s0, s1 -400G-> L -400G-> S. L: 800 down, 400 up -> f(L) = 400 x f(S) / 800 = 0.5.
  const nodes = [server('s0'), server('s1'), sw('L'), sw('S')];
  const { isServer, acc, t, g, ws } = graph(nodes, [link('a', 's0', 'L'), link('b', 's1', 'L'), link('u', 'L', 'S')]);
  const { level, orphans } = nodeLevels(nodes, isServer, g);
  const cap = levelCapacities(nodes.length, t, level);

  it('levels by hop distance from servers', () => {
    expect([...level]).toEqual([0, 0, 1, 2]);
    expect(orphans).toEqual([]);
  });

  it('an explicit tier wins over the hop distance', () => {
    const tiered = [...nodes.slice(0, 3), sw('S', 'core')];
    expect([...nodeLevels(tiered, isServer, g).level]).toEqual([0, 0, 1, 3]);
  });

  it('down / up capacity and the oversubscribed leaf', () => {
    expect([...cap.down]).toEqual([0, 0, 800, 400]);
    expect([...cap.up]).toEqual([400, 400, 400, 0]);
    const loads = switchLoads(nodes, isServer, level, cap, ws);
    expect(loads.map((l) => [l.id, l.oversubscription])).toEqual([
      ['L', 2],
      ['S', 0],
    ]);
    expect(ws.finish().map((w) => w.code)).toEqual(['oversubscribed-switch']);
  });

  it('half of each server link leaves the leaf: 200 Gb/s per server, 25 per accelerator', () => {
    const f = uplinkFractions(isServer, level, cap, t.speed, g);
    expect([...f]).toEqual([1, 1, 0.5, 1]);
    const bw = serverBandwidths(nodes, isServer, acc, f, t.speed, g);
    expect(bw.perServer.map((s) => [s.nicGbps, s.fabricGbps, s.perAcceleratorGbps])).toEqual([
      [400, 200, 25],
      [400, 200, 25],
    ]);
    expect(bw).toMatchObject({ sumFabric: 400, minA: 25, maxA: 25, sumA: 400, totalAcc: 16 });
  });
});

describe('single points of failure on a chain s0 - L1 - S - L2 - s1', () => {
  const nodes = [server('s0'), sw('L1'), sw('S'), sw('L2'), server('s1')];
  const links = [link('a', 's0', 'L1'), link('b', 'L1', 'S'), link('c', 'S', 'L2'), link('d', 'L2', 's1')];
  const { isServer, t, g, ws } = graph(nodes, links);
  const r = resilience(nodes, links, isServer, t, g, ws);
  const warnings = ws.finish();

  it('every switch and every link is a single point of failure', () => {
    expect(r).toEqual({ serverComponents: 1, spofSwitches: ['L1', 'S', 'L2'], spofLinks: ['a', 'b', 'c', 'd'] });
  });

  it('the servers\' only links are reported together, the others one by one', () => {
    expect(warnings.map((w) => [w.code, w.entityIds])).toEqual([
      ['spof-switch', ['L1']],
      ['spof-switch', ['S']],
      ['spof-switch', ['L2']],
      ['spof-link', ['b']],
      ['spof-link', ['c']],
      ['single-homed-server', ['s0', 's1', 'a', 'd']],
    ]);
  });

  it('two separate islands are two server groups', () => {
    const island = [server('x'), sw('X'), server('y'), sw('Y')];
    const isl = [link('p', 'x', 'X'), link('q', 'y', 'Y')];
    const h = graph(island, isl);
    expect(resilience(island, isl, h.isServer, h.t, h.g, h.ws).serverComponents).toBe(2);
    expect(h.ws.finish()[0]).toMatchObject({ code: 'disconnected', entityIds: ['y'] });
  });
});
