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
import { adjacency, nodeLevels } from './topology-graph';
import { portUsageWarnings, readLinks, readNodes } from './topology-input';
import { levelCapacities, serverBandwidths, switchLoads, uplinkFractions } from './topology-load';
import { resilience } from './topology-spof';
import type { TopologyInput, TopologyResult } from './topology-types';
import { list, topologyWarnings } from './topology-warnings';

export type {
  ServerBandwidth,
  SwitchLoad,
  TopoEnd,
  TopoLink,
  TopoNode,
  TopologyInput,
  TopologyResult,
  TopologyWarning,
} from './topology-types';
export { MAX_WARNINGS_PER_CODE } from './topology-warnings';

/** Analyse a drawn topology. Throws InputError for structurally invalid input (unknown ids, bad numbers). */
export function analyzeTopology(input: TopologyInput): TopologyResult {
  if (!input || !Array.isArray(input.nodes)) throw new InputError('nodes', 'must be an array');
  if (!Array.isArray(input.links)) throw new InputError('links', 'must be an array');
  const { nodes, links } = input;
  const n = nodes.length;
  const { index, isServer, acc } = readNodes(nodes);
  const ws = topologyWarnings();
  const t = readLinks(nodes, links, index, ws);
  portUsageWarnings(nodes, t.degree, ws);
  const g = adjacency(n, t);
  const { level, orphans } = nodeLevels(nodes, isServer, g);
  if (orphans.length > 0) {
    ws.warn({ severity: 'warning', code: 'switch-without-servers', message: `${orphans.length} switch(es) reach no server: ${list(orphans)}`, entityIds: orphans });
  }
  const cap = levelCapacities(n, t, level);
  const loads = switchLoads(nodes, isServer, level, cap, ws);
  const f = uplinkFractions(isServer, level, cap, t.speed, g);
  const bw = serverBandwidths(nodes, isServer, acc, f, t.speed, g);
  const r = resilience(nodes, links, isServer, t, g, ws);
  const warnings = ws.finish();
  const { totalAcc } = bw;
  const bisectionGbps = r.serverComponents > 1 ? 0 : bw.sumFabric / 2;
  return {
    servers: bw.perServer.length,
    switches: n - bw.perServer.length,
    accelerators: totalAcc,
    links: links.length,
    perServer: bw.perServer,
    switchLoads: loads,
    perAccelerator: {
      minGbps: totalAcc > 0 ? bw.minA : 0,
      meanGbps: totalAcc > 0 ? bw.sumA / totalAcc : 0,
      maxGbps: totalAcc > 0 ? bw.maxA : 0,
    },
    serverComponents: r.serverComponents,
    bisectionTBps: bisectionGbps / 8 / 1000,
    singlePointsOfFailure: { switches: r.spofSwitches, links: r.spofLinks },
    warnings,
  };
}
