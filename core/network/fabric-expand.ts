/**
 * Expansion of a generated fabric to a drawn topology (every server, switch
 * and port-to-port link), for detailed editing or analysis.
 */
import { InputError } from '../errors';
import { sizeFabric } from './fabric-generate';
import type { FabricInput } from './fabric-types';
import type { TopoLink, TopoNode, TopologyInput } from './topology';

/** Most links `expandFabric` will materialise unless told otherwise. */
export const EXPAND_MAX_LINKS = 500_000;

/**
 * Materialise a generated fabric as a drawn topology (servers, switches and
 * port-to-port links) for detailed editing or analysis with analyzeTopology.
 * It follows the generator's structure: rail r of node n goes to leaf (group
 * of n, r) (plain: the node's leaf); a leaf gives every spine of its pod the same
 * number of links, and spine i of every pod every core of group i mod G.
 * Switch ports are logical ports at the fabric link speed (after breakout).
 */
export function expandFabric(input: FabricInput, maxLinks = EXPAND_MAX_LINKS): TopologyInput {
  const { result: f, upper } = sizeFabric(input);
  if (f.railOnly) throw new InputError('railOnly', 'a rail-only fabric is not expanded into a drawn topology; keep it generated');
  if (f.links.total > maxLinks) {
    throw new InputError('accelerators', `expanding ${f.links.total} links exceeds the limit of ${maxLinks}; keep the fabric generated`);
  }
  const nodes: TopoNode[] = [];
  const links: TopoLink[] = [];
  const npl = f.structure.nodesPerLeaf;
  const rails = f.rails;
  const lg = f.linkGbps;
  const perNode = f.perNode;
  for (let n = 0; n < f.nodes; n++) {
    const acc = Math.min(perNode, f.accelerators - n * perNode);
    nodes.push({ id: `node${n}`, kind: 'server', ports: rails * f.planes, portGbps: lg, accelerators: acc });
  }
  // The last node (possibly partly filled) carries its first ceil(accelerators x rails / perNode) rails.
  const lastRails = Math.ceil((Math.min(perNode, f.accelerators - (f.nodes - 1) * perNode) * rails) / perNode - 1e-9);
  const hasRail = (n: number, r: number): boolean => n < f.nodes - 1 || r < lastRails;
  for (let p = 0; p < f.planes; p++) {
    const pre = f.planes > 1 ? `p${p}-` : '';
    // Leaves in placement order with their downlink counts.
    const leafIds: string[] = [];
    const leafDown: number[] = [];
    const addLeaf = (id: string): number => {
      leafIds.push(id);
      leafDown.push(0);
      nodes.push({ id, kind: 'switch', ports: f.radix.leaf, portGbps: lg, tier: 'leaf' });
      return leafIds.length - 1;
    };
    const nodePort = (n: number, r: number): number => p * rails + r;
    const leafPortUse: number[] = [];
    const connectNode = (n: number, r: number, li: number): void => {
      const port = leafDown[li] ?? 0;
      leafDown[li] = port + 1;
      leafPortUse[li] = port + 1;
      links.push({ id: `${pre}nl-${n}-${r}`, from: { nodeId: `node${n}`, port: nodePort(n, r) }, to: { nodeId: leafIds[li] as string, port }, linkGbps: lg });
    };
    if (f.tiers === 1) {
      const li = addLeaf(`${pre}leaf0`);
      for (let n = 0; n < f.nodes; n++) for (let r = 0; r < rails; r++) if (hasRail(n, r)) connectNode(n, r, li);
    } else if (f.railOptimised) {
      for (let g = 0; g < f.structure.groups; g++) {
        const first = leafIds.length;
        for (let r = 0; r < rails; r++) {
          const lastNode = Math.min(f.nodes, (g + 1) * npl) - 1;
          if (!hasRail(lastNode, r) && lastNode === g * npl) continue; // an empty rail leaf is not built
          addLeaf(`${pre}leaf${g}-${r}`);
        }
        for (let n = g * npl; n < Math.min(f.nodes, (g + 1) * npl); n++) {
          for (let r = 0; r < rails; r++) if (hasRail(n, r)) connectNode(n, r, first + r);
        }
      }
    } else {
      for (let g = 0; g < f.structure.groups; g++) {
        const li = addLeaf(`${pre}leaf${g}`);
        for (let n = g * npl; n < Math.min(f.nodes, (g + 1) * npl); n++) {
          for (let r = 0; r < rails; r++) if (hasRail(n, r)) connectNode(n, r, li);
        }
      }
    }
    if (f.tiers === 1) continue;
    // Pods in order; every leaf of a pod gives every spine of the pod its run's links.
    const spineIds: string[] = [];
    const spineUp: number[] = [];
    const spinePort: number[] = [];
    const spinePodIndex: number[] = [];
    let li = 0;
    for (const pod of upper.podRuns) {
      for (let k = 0; k < pod.count; k++) {
        const base = spineIds.length;
        for (let s = 0; s < pod.spines; s++) {
          const id = `${pre}spine${base + s}`;
          spineIds.push(id);
          spineUp.push(pod.spineUp);
          spinePort.push(0);
          spinePodIndex.push(s);
          nodes.push({ id, kind: 'switch', ports: f.radix.spine, portGbps: lg, tier: 'spine' });
        }
        pod.leaves.forEach((run, r) => {
          const m = pod.linksPerSpine[r] ?? 0;
          for (let x = 0; x < run.count; x++, li++) {
            let u = 0;
            for (let s = 0; s < pod.spines; s++) {
              for (let j = 0; j < m; j++, u++) {
                const sp = base + s;
                const port = spinePort[sp] ?? 0;
                spinePort[sp] = port + 1;
                const lport = leafPortUse[li] ?? 0;
                leafPortUse[li] = lport + 1;
                links.push({ id: `${pre}ls-${li}-${u}`, from: { nodeId: leafIds[li] as string, port: lport }, to: { nodeId: spineIds[sp] as string, port }, linkGbps: lg });
              }
            }
          }
        });
      }
    }
    if (f.tiers !== 3) continue;
    // Spine i of every pod connects to every core of group i mod G, with its pod's links per core.
    const G = upper.coreGroups;
    const c = upper.coresPerGroup;
    const corePort: number[] = new Array<number>(G * c).fill(0);
    for (let k = 0; k < G * c; k++) nodes.push({ id: `${pre}core${k}`, kind: 'switch', ports: f.radix.core, portGbps: lg, tier: 'core' });
    for (let s = 0; s < spineIds.length; s++) {
      const g = (spinePodIndex[s] ?? 0) % G;
      const m = (spineUp[s] ?? 0) / c;
      let u = 0;
      for (let j = 0; j < c; j++) {
        const k = g * c + j;
        for (let x = 0; x < m; x++, u++) {
          const port = corePort[k] ?? 0;
          corePort[k] = port + 1;
          const sport = spinePort[s] ?? 0;
          spinePort[s] = sport + 1;
          links.push({ id: `${pre}sc-${s}-${u}`, from: { nodeId: spineIds[s] as string, port: sport }, to: { nodeId: `${pre}core${k}`, port }, linkGbps: lg });
        }
      }
    }
  }
  return { nodes, links };
}
