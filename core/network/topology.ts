/**
 * Analysis of a drawn network: servers and switches joined by port-to-port
 * links. Computes each accelerator's bottleneck bandwidth to the rest of the
 * fabric, a bisection estimate, and warnings: unconnected or over-used ports,
 * speed mismatches, oversubscribed switches, disconnected servers and single
 * points of failure (a switch or link whose removal disconnects servers).
 *
 * Method. Servers are level 0; a switch's level is its `tier` (leaf 1, spine 2,
 * core 3) or else its hop distance from the nearest server. A link to a lower
 * level is a downlink, to a higher level an uplink. Under uniform load (every
 * server sending at line rate to servers elsewhere), the fraction of a
 * switch's downlink traffic that can leave upwards is
 *   f(s) = 1 for a top switch (no uplinks), else
 *   f(s) = min(1, sum over uplinks e of speed(e) x f(upper end of e) / downlink capacity),
 * and a server's bandwidth to the rest of the fabric is the sum over its links
 * of speed x f(switch). The bisection estimate is half the sum over servers.
 * Every step is linear in nodes + links.
 */
import { InputError } from '../errors';

export interface TopoNode {
  id: string;
  kind: 'server' | 'switch';
  ports: number;
  portGbps: number;
  /** Accelerators in a server (0 or absent for servers without, e.g. storage). */
  accelerators?: number;
  tier?: 'leaf' | 'spine' | 'core';
}

export interface TopoEnd {
  nodeId: string;
  /** Port index 0..ports-1 (optional). */
  port?: number;
}

export interface TopoLink {
  id: string;
  from: TopoEnd;
  to: TopoEnd;
  linkGbps: number;
}

export interface TopologyInput {
  nodes: TopoNode[];
  links: TopoLink[];
}

export interface TopologyWarning {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  entityIds: string[];
}

export interface ServerBandwidth {
  id: string;
  accelerators: number;
  /** Sum of the server's link speeds to switches, Gb/s. */
  nicGbps: number;
  /** Bandwidth to the rest of the fabric under uniform load, Gb/s. */
  fabricGbps: number;
  /** fabricGbps / accelerators (0 without accelerators). */
  perAcceleratorGbps: number;
}

export interface SwitchLoad {
  id: string;
  level: number;
  downGbps: number;
  upGbps: number;
  /** downGbps / upGbps (0 for a top switch). */
  oversubscription: number;
}

export interface TopologyResult {
  servers: number;
  switches: number;
  accelerators: number;
  links: number;
  perServer: ServerBandwidth[];
  switchLoads: SwitchLoad[];
  /** Bottleneck bandwidth per accelerator to the rest of the fabric, Gb/s, over servers with accelerators. */
  perAccelerator: { minGbps: number; meanGbps: number; maxGbps: number };
  /** Groups of servers that cannot reach each other. */
  serverComponents: number;
  /** One-direction bandwidth across a balanced cut (estimate), TB/s. */
  bisectionTBps: number;
  singlePointsOfFailure: { switches: string[]; links: string[] };
  warnings: TopologyWarning[];
}

const LEVEL_OF_TIER = { leaf: 1, spine: 2, core: 3 } as const;
/** Most warnings of one code listed individually; the rest are summarised. */
export const MAX_WARNINGS_PER_CODE = 100;

function checkNumber(path: string, v: unknown, opts: { integer?: boolean; min?: number; gt?: number }): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(path, `must be a finite number (got ${String(v)})`);
  if (opts.integer && !Number.isInteger(v)) throw new InputError(path, `must be an integer (got ${v})`);
  if (opts.min !== undefined && v < opts.min) throw new InputError(path, `must be >= ${opts.min} (got ${v})`);
  if (opts.gt !== undefined && v <= opts.gt) throw new InputError(path, `must be > ${opts.gt} (got ${v})`);
  return v;
}

function list(ids: string[], max = 5): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/** Analyse a drawn topology. Throws InputError for structurally invalid input (unknown ids, bad numbers). */
export function analyzeTopology(input: TopologyInput): TopologyResult {
  if (!input || !Array.isArray(input.nodes)) throw new InputError('nodes', 'must be an array');
  if (!Array.isArray(input.links)) throw new InputError('links', 'must be an array');
  const nodes = input.nodes;
  const links = input.links;
  const n = nodes.length;
  const m = links.length;
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

  const warnings: TopologyWarning[] = [];
  const counts = new Map<string, number>();
  const warn = (w: TopologyWarning): void => {
    const c = (counts.get(w.code) ?? 0) + 1;
    counts.set(w.code, c);
    if (c <= MAX_WARNINGS_PER_CODE) warnings.push(w);
  };

  // Links: endpoints, speeds, port accounting.
  const ea = new Int32Array(m);
  const eb = new Int32Array(m);
  const speed = new Float64Array(m);
  const degree = new Int32Array(n);
  // Port owners: a flat array indexed by (node's first port + port), or a map when ports are huge.
  const portBase = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) portBase[i + 1] = (portBase[i] ?? 0) + ((nodes[i] as TopoNode).ports);
  const totalPorts = portBase[n] ?? 0;
  const flatOwner = totalPorts <= 4 * (2 * m + n) + 1024 ? new Int32Array(totalPorts).fill(-1) : undefined;
  const mapOwner = flatOwner ? undefined : new Map<number, number>();
  const usePort = (j: number, l: TopoLink, side: 'from' | 'to', port: number, i: number, nd: TopoNode): void => {
    if (!Number.isInteger(port)) throw new InputError(`links[${j}].${side}.port`, `must be an integer (got ${String(port)})`);
    if (port < 0 || port >= nd.ports) {
      warn({ severity: 'error', code: 'port-out-of-range', message: `${l.id}: port ${port} of ${nd.id} does not exist (0..${nd.ports - 1})`, entityIds: [l.id, nd.id] });
      return;
    }
    const key = (portBase[i] ?? 0) + port;
    const owner = flatOwner ? (flatOwner[key] ?? -1) : (mapOwner?.get(key) ?? -1);
    if (owner >= 0) {
      const other = (links[owner] as TopoLink).id;
      warn({ severity: 'error', code: 'port-conflict', message: `port ${port} of ${nd.id} is used by both ${other} and ${l.id}`, entityIds: [other, l.id, nd.id] });
    } else if (flatOwner) flatOwner[key] = j;
    else mapOwner?.set(key, j);
  };
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
    if (na.portGbps !== nb.portGbps) {
      warn({
        severity: 'warning',
        code: 'speed-mismatch',
        message: `${l.id}: ${na.id} port is ${na.portGbps} Gb/s but ${nb.id} port is ${nb.portGbps} Gb/s; the link runs at ${Math.min(ends, l.linkGbps)} Gb/s`,
        entityIds: [l.id, na.id, nb.id],
      });
    } else if (l.linkGbps > ends) {
      warn({
        severity: 'warning',
        code: 'speed-mismatch',
        message: `${l.id}: ${l.linkGbps} Gb/s link between ${ends} Gb/s ports runs at ${ends} Gb/s`,
        entityIds: [l.id, na.id, nb.id],
      });
    }
    if (na.kind === 'server' && nb.kind === 'server') {
      warn({ severity: 'info', code: 'server-server-link', message: `${l.id} joins two servers directly; it is not counted as fabric bandwidth`, entityIds: [l.id, na.id, nb.id] });
    }
    ea[j] = a;
    eb[j] = b;
    speed[j] = Math.min(l.linkGbps, ends);
    degree[a] = (degree[a] ?? 0) + 1;
    degree[b] = (degree[b] ?? 0) + 1;
  }

  // Port usage per node.
  const idleServers: string[] = [];
  const partServers: string[] = [];
  const spareSwitches: string[] = [];
  for (let i = 0; i < n; i++) {
    const nd = nodes[i] as TopoNode;
    const d = degree[i] ?? 0;
    if (d > nd.ports) {
      warn({ severity: 'error', code: 'too-many-links', message: `${nd.id} has ${d} links but only ${nd.ports} ports`, entityIds: [nd.id] });
    } else if (nd.kind === 'server' && d === 0) idleServers.push(nd.id);
    else if (nd.kind === 'server' && d < nd.ports) partServers.push(nd.id);
    else if (nd.kind === 'switch' && d < nd.ports) spareSwitches.push(nd.id);
  }
  if (idleServers.length > 0) {
    warn({ severity: 'error', code: 'unconnected-server', message: `${idleServers.length} server(s) have no network link: ${list(idleServers)}`, entityIds: idleServers });
  }
  if (partServers.length > 0) {
    warn({ severity: 'warning', code: 'unconnected-ports', message: `${partServers.length} server(s) have unconnected NIC ports: ${list(partServers)}`, entityIds: partServers });
  }
  if (spareSwitches.length > 0) {
    warn({ severity: 'info', code: 'spare-switch-ports', message: `${spareSwitches.length} switch(es) have unconnected ports: ${list(spareSwitches)}`, entityIds: spareSwitches });
  }

  // Adjacency (CSR).
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] ?? 0) + (degree[i] ?? 0);
  const fill = start.slice(0, n);
  const adjNode = new Int32Array(2 * m);
  const adjEdge = new Int32Array(2 * m);
  for (let j = 0; j < m; j++) {
    const a = ea[j] ?? 0;
    const b = eb[j] ?? 0;
    const pa = fill[a] ?? 0;
    adjNode[pa] = b;
    adjEdge[pa] = j;
    fill[a] = pa + 1;
    const pb = fill[b] ?? 0;
    adjNode[pb] = a;
    adjEdge[pb] = j;
    fill[b] = pb + 1;
  }

  // Levels: explicit tier, else BFS distance from servers through switches.
  const INF = 0x3fffffff;
  const level = new Int32Array(n).fill(INF);
  const queue = new Int32Array(n);
  let qh = 0;
  let qt = 0;
  for (let i = 0; i < n; i++) {
    if (isServer[i]) {
      level[i] = 0;
      queue[qt++] = i;
    }
  }
  while (qh < qt) {
    const u = queue[qh++] ?? 0;
    for (let p = start[u] ?? 0; p < (start[u + 1] ?? 0); p++) {
      const v = adjNode[p] ?? 0;
      if (isServer[v] || (level[v] ?? INF) !== INF) continue;
      level[v] = (level[u] ?? 0) + 1;
      queue[qt++] = v;
    }
  }
  const orphans: string[] = [];
  for (let i = 0; i < n; i++) {
    const nd = nodes[i] as TopoNode;
    if (nd.kind === 'switch' && nd.tier) level[i] = LEVEL_OF_TIER[nd.tier];
    else if (nd.kind === 'switch' && level[i] === INF) orphans.push(nd.id);
  }
  if (orphans.length > 0) {
    warn({ severity: 'warning', code: 'switch-without-servers', message: `${orphans.length} switch(es) reach no server: ${list(orphans)}`, entityIds: orphans });
  }

  // Down / up capacity per switch.
  const down = new Float64Array(n);
  const up = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const a = ea[j] ?? 0;
    const b = eb[j] ?? 0;
    const la = level[a] ?? INF;
    const lb = level[b] ?? INF;
    const s = speed[j] ?? 0;
    if (la < lb) {
      up[a] = (up[a] ?? 0) + s;
      down[b] = (down[b] ?? 0) + s;
    } else if (lb < la) {
      up[b] = (up[b] ?? 0) + s;
      down[a] = (down[a] ?? 0) + s;
    }
  }
  const switchLoads: SwitchLoad[] = [];
  for (let i = 0; i < n; i++) {
    if (isServer[i]) continue;
    const nd = nodes[i] as TopoNode;
    const d = down[i] ?? 0;
    const u = up[i] ?? 0;
    const ratio = u > 0 ? d / u : 0;
    switchLoads.push({ id: nd.id, level: level[i] === INF ? -1 : (level[i] ?? -1), downGbps: d, upGbps: u, oversubscription: ratio });
    if (u > 0 && d > u * (1 + 1e-9)) {
      warn({
        severity: 'warning',
        code: 'oversubscribed-switch',
        message: `${nd.id}: downlinks ${d} Gb/s exceed uplinks ${u} Gb/s (${Math.round(ratio * 100) / 100}:1)`,
        entityIds: [nd.id],
      });
    }
  }

  // f(s) in descending level order (uplinks always lead to a higher level).
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!isServer[i] && level[i] !== INF) order.push(i);
  order.sort((x, y) => (level[y] ?? 0) - (level[x] ?? 0));
  const f = new Float64Array(n).fill(1);
  for (const s of order) {
    const u = up[s] ?? 0;
    const d = down[s] ?? 0;
    if (u === 0 || d === 0) continue;
    let reach = 0;
    const ls = level[s] ?? 0;
    for (let p = start[s] ?? 0; p < (start[s + 1] ?? 0); p++) {
      const t = adjNode[p] ?? 0;
      if ((level[t] ?? INF) > ls) reach += (speed[adjEdge[p] ?? 0] ?? 0) * (f[t] ?? 1);
    }
    f[s] = Math.min(1, reach / d);
  }

  // Per-server bandwidth.
  const perServer: ServerBandwidth[] = [];
  let sumFabric = 0;
  let minA = Infinity;
  let maxA = 0;
  let sumA = 0;
  let totalAcc = 0;
  for (let i = 0; i < n; i++) {
    if (!isServer[i]) continue;
    let nic = 0;
    let fab = 0;
    for (let p = start[i] ?? 0; p < (start[i + 1] ?? 0); p++) {
      const t = adjNode[p] ?? 0;
      if (isServer[t]) continue;
      const s = speed[adjEdge[p] ?? 0] ?? 0;
      nic += s;
      fab += s * (f[t] ?? 1);
    }
    const a = acc[i] ?? 0;
    const per = a > 0 ? fab / a : 0;
    perServer.push({ id: (nodes[i] as TopoNode).id, accelerators: a, nicGbps: nic, fabricGbps: fab, perAcceleratorGbps: per });
    sumFabric += fab;
    if (a > 0) {
      minA = Math.min(minA, per);
      maxA = Math.max(maxA, per);
      sumA += fab;
      totalAcc += a;
    }
  }

  // Components, articulation points and bridges (iterative Tarjan).
  const spof = findSinglePointsOfFailure(n, isServer, start, adjNode, adjEdge);
  let serverComponents = 0;
  let largest = -1;
  let largestSize = -1;
  for (const [c, size] of spof.serversPerComponent) {
    if (size > 0) serverComponents++;
    if (size > largestSize) {
      largestSize = size;
      largest = c;
    }
  }
  if (serverComponents > 1) {
    const cut: string[] = [];
    for (let i = 0; i < n; i++) if (isServer[i] && spof.component[i] !== largest) cut.push((nodes[i] as TopoNode).id);
    warn({
      severity: 'error',
      code: 'disconnected',
      message: `servers form ${serverComponents} groups that cannot reach each other; ${cut.length} server(s) are cut off from the largest: ${list(cut)}`,
      entityIds: cut,
    });
  }
  const spofSwitches = spof.switches.map((i) => (nodes[i] as TopoNode).id);
  for (let k = 0; k < spof.switches.length; k++) {
    const id = spofSwitches[k] as string;
    warn({
      severity: 'warning',
      code: 'spof-switch',
      message: `${id} is a single point of failure: removing it cuts off ${spof.switchCut[k]} server(s)`,
      entityIds: [id],
    });
  }
  const spofLinks: string[] = [];
  const singleHomed: string[] = [];
  const singleHomedLinks: string[] = [];
  for (let k = 0; k < spof.links.length; k++) {
    const j = spof.links[k] ?? 0;
    const l = links[j] as TopoLink;
    spofLinks.push(l.id);
    const a = ea[j] ?? 0;
    const b = eb[j] ?? 0;
    const server = isServer[a] && degree[a] === 1 ? a : isServer[b] && degree[b] === 1 ? b : -1;
    if (server >= 0) {
      singleHomed.push((nodes[server] as TopoNode).id);
      singleHomedLinks.push(l.id);
    } else {
      warn({
        severity: 'warning',
        code: 'spof-link',
        message: `${l.id} is a single point of failure: removing it cuts off ${spof.linkCut[k]} server(s)`,
        entityIds: [l.id],
      });
    }
  }
  if (singleHomed.length > 0) {
    warn({
      severity: 'warning',
      code: 'single-homed-server',
      message: `${singleHomed.length} server(s) hang on a single link: ${list(singleHomed)}`,
      entityIds: [...singleHomed, ...singleHomedLinks],
    });
  }
  for (const [code, c] of counts) {
    if (c > MAX_WARNINGS_PER_CODE) {
      warnings.push({ severity: 'info', code, message: `${c - MAX_WARNINGS_PER_CODE} more "${code}" warnings not listed`, entityIds: [] });
    }
  }

  const bisectionGbps = serverComponents > 1 ? 0 : sumFabric / 2;
  return {
    servers: perServer.length,
    switches: n - perServer.length,
    accelerators: totalAcc,
    links: m,
    perServer,
    switchLoads,
    perAccelerator: {
      minGbps: totalAcc > 0 ? minA : 0,
      meanGbps: totalAcc > 0 ? sumA / totalAcc : 0,
      maxGbps: totalAcc > 0 ? maxA : 0,
    },
    serverComponents,
    bisectionTBps: bisectionGbps / 8 / 1000,
    singlePointsOfFailure: { switches: spofSwitches, links: spofLinks },
    warnings,
  };
}

interface SpofResult {
  component: Int32Array;
  serversPerComponent: Map<number, number>;
  /** Switch node indices whose removal separates servers, and how many servers end up cut off from the largest remaining group. */
  switches: number[];
  switchCut: number[];
  links: number[];
  linkCut: number[];
}

function findSinglePointsOfFailure(
  n: number,
  isServer: Uint8Array,
  start: Int32Array,
  adjNode: Int32Array,
  adjEdge: Int32Array,
): SpofResult {
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const sub = new Int32Array(n); // servers in DFS subtree
  const parentEdge = new Int32Array(n).fill(-1);
  const component = new Int32Array(n).fill(-1);
  const iter = new Int32Array(n);
  const stack = new Int32Array(n);
  const serversPerComponent = new Map<number, number>();
  // For each node: servers in children subtrees that would be separated by its removal.
  const sepSum = new Int32Array(n);
  const sepGroups = new Int32Array(n);
  const sepMax = new Int32Array(n);
  const bridges: Array<{ edge: number; below: number; comp: number }> = [];
  let time = 0;
  let comp = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    let sp = 0;
    stack[sp++] = root;
    disc[root] = low[root] = time++;
    component[root] = comp;
    iter[root] = start[root] ?? 0;
    sub[root] = isServer[root] ?? 0;
    while (sp > 0) {
      const u = stack[sp - 1] ?? 0;
      const p = iter[u] ?? 0;
      if (p < (start[u + 1] ?? 0)) {
        iter[u] = p + 1;
        const e = adjEdge[p] ?? 0;
        if (e === parentEdge[u]) continue;
        const v = adjNode[p] ?? 0;
        if (disc[v] === -1) {
          disc[v] = low[v] = time++;
          component[v] = comp;
          parentEdge[v] = e;
          iter[v] = start[v] ?? 0;
          sub[v] = isServer[v] ?? 0;
          stack[sp++] = v;
        } else {
          low[u] = Math.min(low[u] ?? 0, disc[v] ?? 0);
        }
      } else {
        sp--;
        if (sp > 0) {
          const par = stack[sp - 1] ?? 0;
          low[par] = Math.min(low[par] ?? 0, low[u] ?? 0);
          sub[par] = (sub[par] ?? 0) + (sub[u] ?? 0);
          const su = sub[u] ?? 0;
          if ((low[u] ?? 0) >= (disc[par] ?? 0) && su > 0) {
            sepSum[par] = (sepSum[par] ?? 0) + su;
            sepGroups[par] = (sepGroups[par] ?? 0) + 1;
            sepMax[par] = Math.max(sepMax[par] ?? 0, su);
          }
          if ((low[u] ?? 0) > (disc[par] ?? 0)) bridges.push({ edge: parentEdge[u] ?? 0, below: su, comp });
        }
      }
    }
    serversPerComponent.set(comp, sub[root] ?? 0);
    comp++;
  }
  const switches: number[] = [];
  const switchCut: number[] = [];
  for (let i = 0; i < n; i++) {
    if (isServer[i]) continue;
    const total = serversPerComponent.get(component[i] ?? 0) ?? 0;
    const rest = total - (sepSum[i] ?? 0);
    const groups = (sepGroups[i] ?? 0) + (rest > 0 ? 1 : 0);
    if (groups >= 2) {
      const biggest = Math.max(rest, sepMax[i] ?? 0);
      switches.push(i);
      switchCut.push(total - biggest);
    }
  }
  const cutLinks: Array<[number, number]> = [];
  for (const b of bridges) {
    const total = serversPerComponent.get(b.comp) ?? 0;
    if (b.below > 0 && total - b.below > 0) cutLinks.push([b.edge, Math.min(b.below, total - b.below)]);
  }
  cutLinks.sort((x, y) => x[0] - y[0]);
  return {
    component,
    serversPerComponent,
    switches,
    switchCut,
    links: cutLinks.map((x) => x[0]),
    linkCut: cutLinks.map((x) => x[1]),
  };
}
