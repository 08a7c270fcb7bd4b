/**
 * Resilience of a drawn network: connected groups of servers, and single
 * points of failure (switches that are articulation points and links that are
 * bridges separating servers), found in one iterative Tarjan pass; the
 * warnings they give (disconnected, spof-switch, spof-link, single-homed-server).
 */
import type { Adjacency } from './topology-graph';
import type { LinkTable } from './topology-input';
import type { TopoLink, TopoNode } from './topology-types';
import { list, type TopologyWarnings } from './topology-warnings';

export interface SpofResult {
  component: Int32Array;
  serversPerComponent: Map<number, number>;
  /** Switch node indices whose removal separates servers, and how many servers end up cut off from the largest remaining group. */
  switches: number[];
  switchCut: number[];
  links: number[];
  linkCut: number[];
}

export function findSinglePointsOfFailure(
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
export interface Resilience {
  serverComponents: number;
  spofSwitches: string[];
  spofLinks: string[];
}

/** Server groups that cannot reach each other: a warning naming the servers cut off from the largest. */
function componentWarnings(nodes: TopoNode[], isServer: Uint8Array, spof: SpofResult, ws: TopologyWarnings): number {
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
    for (let i = 0; i < nodes.length; i++) if (isServer[i] && spof.component[i] !== largest) cut.push((nodes[i] as TopoNode).id);
    ws.warn({
      severity: 'error',
      code: 'disconnected',
      message: `servers form ${serverComponents} groups that cannot reach each other; ${cut.length} server(s) are cut off from the largest: ${list(cut)}`,
      entityIds: cut,
    });
  }
  return serverComponents;
}

/** Bridges: a server's only link is reported once for all such servers, other bridges one by one. */
function bridgeWarnings(links: TopoLink[], nodes: TopoNode[], isServer: Uint8Array, t: LinkTable, spof: SpofResult, ws: TopologyWarnings): string[] {
  const spofLinks: string[] = [];
  const singleHomed: string[] = [];
  const singleHomedLinks: string[] = [];
  for (let k = 0; k < spof.links.length; k++) {
    const j = spof.links[k] ?? 0;
    const l = links[j] as TopoLink;
    spofLinks.push(l.id);
    const a = t.ea[j] ?? 0;
    const b = t.eb[j] ?? 0;
    const server = isServer[a] && t.degree[a] === 1 ? a : isServer[b] && t.degree[b] === 1 ? b : -1;
    if (server >= 0) {
      singleHomed.push((nodes[server] as TopoNode).id);
      singleHomedLinks.push(l.id);
    } else {
      ws.warn({
        severity: 'warning',
        code: 'spof-link',
        message: `${l.id} is a single point of failure: removing it cuts off ${spof.linkCut[k]} server(s)`,
        entityIds: [l.id],
      });
    }
  }
  if (singleHomed.length > 0) {
    ws.warn({
      severity: 'warning',
      code: 'single-homed-server',
      message: `${singleHomed.length} server(s) hang on a single link: ${list(singleHomed)}`,
      entityIds: [...singleHomed, ...singleHomedLinks],
    });
  }
  return spofLinks;
}

/** Server groups and single points of failure, with their warnings. */
export function resilience(
  nodes: TopoNode[],
  links: TopoLink[],
  isServer: Uint8Array,
  t: LinkTable,
  g: Adjacency,
  ws: TopologyWarnings,
): Resilience {
  const spof = findSinglePointsOfFailure(nodes.length, isServer, g.start, g.adjNode, g.adjEdge);
  const serverComponents = componentWarnings(nodes, isServer, spof, ws);
  const spofSwitches = spof.switches.map((i) => (nodes[i] as TopoNode).id);
  for (let k = 0; k < spof.switches.length; k++) {
    const id = spofSwitches[k] as string;
    ws.warn({
      severity: 'warning',
      code: 'spof-switch',
      message: `${id} is a single point of failure: removing it cuts off ${spof.switchCut[k]} server(s)`,
      entityIds: [id],
    });
  }
  const spofLinks = bridgeWarnings(links, nodes, isServer, t, spof, ws);
  return { serverComponents, spofSwitches, spofLinks };
}
