/**
 * Bandwidth of a drawn network under uniform load: downlink and uplink
 * capacity of every switch, the fraction f(s) of a switch's downlink traffic
 * that can leave upwards, and each server's bandwidth to the rest of the
 * fabric (the formulas are stated in topology.ts).
 */
import { NO_LEVEL, type Adjacency } from './topology-graph';
import type { LinkTable } from './topology-input';
import type { ServerBandwidth, SwitchLoad, TopoNode } from './topology-types';
import type { TopologyWarnings } from './topology-warnings';

/** Capacity of links to a lower level (down) and to a higher level (up), per node, Gb/s. */
export function levelCapacities(n: number, t: Pick<LinkTable, 'ea' | 'eb' | 'speed'>, level: Int32Array): { down: Float64Array; up: Float64Array } {
  const down = new Float64Array(n);
  const up = new Float64Array(n);
  for (let j = 0; j < t.ea.length; j++) {
    const a = t.ea[j] ?? 0;
    const b = t.eb[j] ?? 0;
    const la = level[a] ?? NO_LEVEL;
    const lb = level[b] ?? NO_LEVEL;
    const s = t.speed[j] ?? 0;
    if (la < lb) {
      up[a] = (up[a] ?? 0) + s;
      down[b] = (down[b] ?? 0) + s;
    } else if (lb < la) {
      up[b] = (up[b] ?? 0) + s;
      down[a] = (down[a] ?? 0) + s;
    }
  }
  return { down, up };
}

/** One load line per switch; warns when downlinks exceed uplinks. */
export function switchLoads(
  nodes: TopoNode[],
  isServer: Uint8Array,
  level: Int32Array,
  cap: { down: Float64Array; up: Float64Array },
  ws: TopologyWarnings,
): SwitchLoad[] {
  const loads: SwitchLoad[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (isServer[i]) continue;
    const nd = nodes[i] as TopoNode;
    const d = cap.down[i] ?? 0;
    const u = cap.up[i] ?? 0;
    const ratio = u > 0 ? d / u : 0;
    loads.push({ id: nd.id, level: level[i] === NO_LEVEL ? -1 : (level[i] ?? -1), downGbps: d, upGbps: u, oversubscription: ratio });
    if (u > 0 && d > u * (1 + 1e-9)) {
      ws.warn({
        severity: 'warning',
        code: 'oversubscribed-switch',
        message: `${nd.id}: downlinks ${d} Gb/s exceed uplinks ${u} Gb/s (${Math.round(ratio * 100) / 100}:1)`,
        entityIds: [nd.id],
      });
    }
  }
  return loads;
}

/**
 * f(s) in descending level order (uplinks always lead to a higher level):
 * 1 for a top switch, else min(1, sum of uplink speed x f(upper end) / downlink capacity).
 */
export function uplinkFractions(
  isServer: Uint8Array,
  level: Int32Array,
  cap: { down: Float64Array; up: Float64Array },
  speed: Float64Array,
  g: Adjacency,
): Float64Array {
  const n = isServer.length;
  const { start, adjNode, adjEdge } = g;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!isServer[i] && level[i] !== NO_LEVEL) order.push(i);
  order.sort((x, y) => (level[y] ?? 0) - (level[x] ?? 0));
  const f = new Float64Array(n).fill(1);
  for (const s of order) {
    const u = cap.up[s] ?? 0;
    const d = cap.down[s] ?? 0;
    if (u === 0 || d === 0) continue;
    let reach = 0;
    const ls = level[s] ?? 0;
    for (let p = start[s] ?? 0; p < (start[s + 1] ?? 0); p++) {
      const t = adjNode[p] ?? 0;
      if ((level[t] ?? NO_LEVEL) > ls) reach += (speed[adjEdge[p] ?? 0] ?? 0) * (f[t] ?? 1);
    }
    f[s] = Math.min(1, reach / d);
  }
  return f;
}

export interface ServerBandwidths {
  perServer: ServerBandwidth[];
  /** Sum of fabricGbps over all servers. */
  sumFabric: number;
  /** Over servers with accelerators: min / max per-accelerator Gb/s, fabric Gb/s and accelerators. */
  minA: number;
  maxA: number;
  sumA: number;
  totalAcc: number;
}

/** A server's bandwidth to the rest of the fabric: the sum over its switch links of speed x f(switch). */
export function serverBandwidths(
  nodes: TopoNode[],
  isServer: Uint8Array,
  acc: Float64Array,
  f: Float64Array,
  speed: Float64Array,
  g: Adjacency,
): ServerBandwidths {
  const { start, adjNode, adjEdge } = g;
  const perServer: ServerBandwidth[] = [];
  let sumFabric = 0;
  let minA = Infinity;
  let maxA = 0;
  let sumA = 0;
  let totalAcc = 0;
  for (let i = 0; i < nodes.length; i++) {
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
  return { perServer, sumFabric, minA, maxA, sumA, totalAcc };
}
