/**
 * Reading a drawn network: nodes checked and indexed, links resolved to node
 * indices with their effective speed (the slowest of link and both ports),
 * port numbers accounted (out of range, used twice), and the port usage of
 * every node. Structural errors throw InputError naming the field.
 */
import { InputError } from '../errors';
import type { TopoLink, TopoNode } from './topology-types';
import { list, type TopologyWarnings } from './topology-warnings';

export const LEVEL_OF_TIER = { leaf: 1, spine: 2, core: 3 } as const;

function checkNumber(path: string, v: unknown, opts: { integer?: boolean; min?: number; gt?: number }): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(path, `must be a finite number (got ${String(v)})`);
  if (opts.integer && !Number.isInteger(v)) throw new InputError(path, `must be an integer (got ${v})`);
  if (opts.min !== undefined && v < opts.min) throw new InputError(path, `must be >= ${opts.min} (got ${v})`);
  if (opts.gt !== undefined && v <= opts.gt) throw new InputError(path, `must be > ${opts.gt} (got ${v})`);
  return v;
}

/** Nodes by index: id lookup, server flag and accelerators (0 for switches). */
export interface NodeTable {
  index: Map<string, number>;
  isServer: Uint8Array;
  acc: Float64Array;
}

export function readNodes(nodes: TopoNode[]): NodeTable {
  const n = nodes.length;
  const index = new Map<string, number>();
  const isServer = new Uint8Array(n);
  const acc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nd = nodes[i];
    if (!nd || typeof nd.id !== 'string' || nd.id === '') throw new InputError(`nodes[${i}].id`, 'must be a non-empty string');
    if (index.has(nd.id)) throw new InputError(`nodes[${i}].id`, `duplicate id "${nd.id}"`);
    if (nd.kind !== 'server' && nd.kind !== 'switch') throw new InputError(`nodes[${i}].kind`, `must be "server" or "switch" (got ${String(nd.kind)})`);
    checkNumber(`nodes[${i}].ports`, nd.ports, { integer: true, min: 0 });
    checkNumber(`nodes[${i}].portGbps`, nd.portGbps, { gt: 0 });
    if (nd.accelerators !== undefined) checkNumber(`nodes[${i}].accelerators`, nd.accelerators, { integer: true, min: 0 });
    if (nd.tier !== undefined && !(nd.tier in LEVEL_OF_TIER)) throw new InputError(`nodes[${i}].tier`, `must be leaf, spine or core (got ${String(nd.tier)})`);
    index.set(nd.id, i);
    isServer[i] = nd.kind === 'server' ? 1 : 0;
    acc[i] = nd.kind === 'server' ? (nd.accelerators ?? 0) : 0;
  }
  return { index, isServer, acc };
}

/** Links by index: end node indices, effective speed, and each node's link count. */
export interface LinkTable {
  ea: Int32Array;
  eb: Int32Array;
  speed: Float64Array;
  degree: Int32Array;
}

type UsePort = (j: number, l: TopoLink, side: 'from' | 'to', port: number, i: number, nd: TopoNode) => void;

/**
 * Port owners: a flat array indexed by (node's first port + port), or a map
 * when ports are huge. Warns on ports out of range and ports used twice.
 */
function portAccounting(nodes: TopoNode[], links: TopoLink[], ws: TopologyWarnings): UsePort {
  const n = nodes.length;
  const m = links.length;
  const portBase = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) portBase[i + 1] = (portBase[i] ?? 0) + ((nodes[i] as TopoNode).ports);
  const totalPorts = portBase[n] ?? 0;
  const flatOwner = totalPorts <= 4 * (2 * m + n) + 1024 ? new Int32Array(totalPorts).fill(-1) : undefined;
  const mapOwner = flatOwner ? undefined : new Map<number, number>();
  return (j, l, side, port, i, nd) => {
    if (!Number.isInteger(port)) throw new InputError(`links[${j}].${side}.port`, `must be an integer (got ${String(port)})`);
    if (port < 0 || port >= nd.ports) {
      ws.warn({ severity: 'error', code: 'port-out-of-range', message: `${l.id}: port ${port} of ${nd.id} does not exist (0..${nd.ports - 1})`, entityIds: [l.id, nd.id] });
      return;
    }
    const key = (portBase[i] ?? 0) + port;
    const owner = flatOwner ? (flatOwner[key] ?? -1) : (mapOwner?.get(key) ?? -1);
    if (owner >= 0) {
      const other = (links[owner] as TopoLink).id;
      ws.warn({ severity: 'error', code: 'port-conflict', message: `port ${port} of ${nd.id} is used by both ${other} and ${l.id}`, entityIds: [other, l.id, nd.id] });
    } else if (flatOwner) flatOwner[key] = j;
    else mapOwner?.set(key, j);
  };
}

/** Speed mismatches between ports and links, and links joining two servers. */
function linkSpeedWarnings(l: TopoLink, na: TopoNode, nb: TopoNode, ends: number, ws: TopologyWarnings): void {
  if (na.portGbps !== nb.portGbps) {
    ws.warn({
      severity: 'warning',
      code: 'speed-mismatch',
      message: `${l.id}: ${na.id} port is ${na.portGbps} Gb/s but ${nb.id} port is ${nb.portGbps} Gb/s; the link runs at ${Math.min(ends, l.linkGbps)} Gb/s`,
      entityIds: [l.id, na.id, nb.id],
    });
  } else if (l.linkGbps > ends) {
    ws.warn({
      severity: 'warning',
      code: 'speed-mismatch',
      message: `${l.id}: ${l.linkGbps} Gb/s link between ${ends} Gb/s ports runs at ${ends} Gb/s`,
      entityIds: [l.id, na.id, nb.id],
    });
  }
  if (na.kind === 'server' && nb.kind === 'server') {
    ws.warn({ severity: 'info', code: 'server-server-link', message: `${l.id} joins two servers directly; it is not counted as fabric bandwidth`, entityIds: [l.id, na.id, nb.id] });
  }
}

export function readLinks(nodes: TopoNode[], links: TopoLink[], index: Map<string, number>, ws: TopologyWarnings): LinkTable {
  const n = nodes.length;
  const m = links.length;
  const ea = new Int32Array(m);
  const eb = new Int32Array(m);
  const speed = new Float64Array(m);
  const degree = new Int32Array(n);
  const usePort = portAccounting(nodes, links, ws);
  for (let j = 0; j < m; j++) {
    const l = links[j];
    if (!l || typeof l.id !== 'string' || l.id === '') throw new InputError(`links[${j}].id`, 'must be a non-empty string');
    if (!l.from || !l.to) throw new InputError(`links[${j}]`, 'needs from and to');
    const a = index.get(l.from.nodeId);
    const b = index.get(l.to.nodeId);
    if (a === undefined) throw new InputError(`links[${j}].from.nodeId`, `unknown node "${String(l.from.nodeId)}"`);
    if (b === undefined) throw new InputError(`links[${j}].to.nodeId`, `unknown node "${String(l.to.nodeId)}"`);
    if (a === b) throw new InputError(`links[${j}].to.nodeId`, `a link cannot join "${l.from.nodeId}" to itself`);
    if (!(typeof l.linkGbps === 'number' && l.linkGbps > 0 && l.linkGbps < Infinity)) checkNumber(`links[${j}].linkGbps`, l.linkGbps, { gt: 0 });
    const na = nodes[a] as TopoNode;
    const nb = nodes[b] as TopoNode;
    if (l.from.port !== undefined) usePort(j, l, 'from', l.from.port, a, na);
    if (l.to.port !== undefined) usePort(j, l, 'to', l.to.port, b, nb);
    const ends = Math.min(na.portGbps, nb.portGbps);
    linkSpeedWarnings(l, na, nb, ends, ws);
    ea[j] = a;
    eb[j] = b;
    speed[j] = Math.min(l.linkGbps, ends);
    degree[a] = (degree[a] ?? 0) + 1;
    degree[b] = (degree[b] ?? 0) + 1;
  }
  return { ea, eb, speed, degree };
}

/** Nodes with more links than ports; servers without links or with free NIC ports; switches with free ports. */
export function portUsageWarnings(nodes: TopoNode[], degree: Int32Array, ws: TopologyWarnings): void {
  const idleServers: string[] = [];
  const partServers: string[] = [];
  const spareSwitches: string[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const nd = nodes[i] as TopoNode;
    const d = degree[i] ?? 0;
    if (d > nd.ports) {
      ws.warn({ severity: 'error', code: 'too-many-links', message: `${nd.id} has ${d} links but only ${nd.ports} ports`, entityIds: [nd.id] });
    } else if (nd.kind === 'server' && d === 0) idleServers.push(nd.id);
    else if (nd.kind === 'server' && d < nd.ports) partServers.push(nd.id);
    else if (nd.kind === 'switch' && d < nd.ports) spareSwitches.push(nd.id);
  }
  if (idleServers.length > 0) {
    ws.warn({ severity: 'error', code: 'unconnected-server', message: `${idleServers.length} server(s) have no network link: ${list(idleServers)}`, entityIds: idleServers });
  }
  if (partServers.length > 0) {
    ws.warn({ severity: 'warning', code: 'unconnected-ports', message: `${partServers.length} server(s) have unconnected NIC ports: ${list(partServers)}`, entityIds: partServers });
  }
  if (spareSwitches.length > 0) {
    ws.warn({ severity: 'info', code: 'spare-switch-ports', message: `${spareSwitches.length} switch(es) have unconnected ports: ${list(spareSwitches)}`, entityIds: spareSwitches });
  }
}
