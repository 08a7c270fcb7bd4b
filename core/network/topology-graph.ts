/**
 * The drawn network as a graph: compressed adjacency (CSR) and the level of
 * every node (servers 0; a switch its tier, else its hop distance from the
 * nearest server through switches).
 */
import type { TopoNode } from './topology-types';
import { LEVEL_OF_TIER, type LinkTable } from './topology-input';

/** Neighbours of node i are adjNode[start[i] .. start[i + 1]), reached over links adjEdge[...]. */
export interface Adjacency {
  start: Int32Array;
  adjNode: Int32Array;
  adjEdge: Int32Array;
}

export function adjacency(n: number, t: Pick<LinkTable, 'ea' | 'eb' | 'degree'>): Adjacency {
  const m = t.ea.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] ?? 0) + (t.degree[i] ?? 0);
  const fill = start.slice(0, n);
  const adjNode = new Int32Array(2 * m);
  const adjEdge = new Int32Array(2 * m);
  for (let j = 0; j < m; j++) {
    const a = t.ea[j] ?? 0;
    const b = t.eb[j] ?? 0;
    const pa = fill[a] ?? 0;
    adjNode[pa] = b;
    adjEdge[pa] = j;
    fill[a] = pa + 1;
    const pb = fill[b] ?? 0;
    adjNode[pb] = a;
    adjEdge[pb] = j;
    fill[b] = pb + 1;
  }
  return { start, adjNode, adjEdge };
}

/** Level of a switch that reaches no server and has no tier. */
export const NO_LEVEL = 0x3fffffff;

/**
 * Levels: explicit tier, else BFS distance from servers through switches.
 * `orphans` are the ids of switches without a tier that reach no server.
 */
export function nodeLevels(nodes: TopoNode[], isServer: Uint8Array, g: Adjacency): { level: Int32Array; orphans: string[] } {
  const n = nodes.length;
  const { start, adjNode } = g;
  const level = new Int32Array(n).fill(NO_LEVEL);
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
      if (isServer[v] || (level[v] ?? NO_LEVEL) !== NO_LEVEL) continue;
      level[v] = (level[u] ?? 0) + 1;
      queue[qt++] = v;
    }
  }
  const orphans: string[] = [];
  for (let i = 0; i < n; i++) {
    const nd = nodes[i] as TopoNode;
    if (nd.kind === 'switch' && nd.tier) level[i] = LEVEL_OF_TIER[nd.tier];
    else if (nd.kind === 'switch' && level[i] === NO_LEVEL) orphans.push(nd.id);
  }
  return { level, orphans };
}
