/**
 * Expansion of a generated fabric to a drawn topology (every server, switch
 * and port-to-port link), for detailed editing or analysis.
 */
import { InputError } from '../errors';
import { generateFabric } from './fabric-generate';
import { requestedOversubscription } from './fabric-input';
import { EPS } from './fabric-math';
import { splitPorts } from './fabric-sizing';
import type { FabricInput } from './fabric-types';
import type { TopoLink, TopoNode, TopologyInput } from './topology';

/** Most links `expandFabric` will materialise unless told otherwise. */
export const EXPAND_MAX_LINKS = 500_000;

/**
 * Materialise a generated fabric as a drawn topology (servers, switches and
 * port-to-port links) for detailed editing or analysis with analyzeTopology.
 * It follows the generator's structure: rail r of node n goes to leaf (group
 * of n, r) (plain: the node's leaf); a leaf's uplinks go round-robin over the
 * spines (of its pod, in 3 tiers) and spine uplinks round-robin over the cores.
 * Switch ports are logical ports at the fabric link speed (after breakout).
 */
export function expandFabric(input: FabricInput, maxLinks = EXPAND_MAX_LINKS): TopologyInput {
  const f = generateFabric(input);
  if (f.links.total > maxLinks) {
    throw new InputError('accelerators', `expanding ${f.links.total} links exceeds the limit of ${maxLinks}; keep the fabric generated`);
  }
  const { leaf: rL, spine: rS } = requestedOversubscription(input);
  const nodes: TopoNode[] = [];
  const links: TopoLink[] = [];
  const npl = f.structure.nodesPerLeaf;
  const rails = f.rails;
  const lpa = f.linksPerAccelerator;
  const lg = f.linkGbps;
  const perNode = f.perNode;
  for (let n = 0; n < f.nodes; n++) {
    const acc = Math.min(perNode, f.accelerators - n * perNode);
    nodes.push({ id: `node${n}`, kind: 'server', ports: rails * f.planes, portGbps: lg, accelerators: acc });
  }
  const hasRail = (n: number, r: number): boolean => Math.floor(r / lpa) < Math.min(perNode, f.accelerators - n * perNode);
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
    const leafUp = leafDown.map((d) => Math.ceil(d / rL - EPS));
    const lpp = f.tiers === 3 ? f.structure.leavesPerPod : leafIds.length;
    const spineIds: string[] = [];
    const spineDown: number[] = [];
    const spinePort: number[] = [];
    for (let first = 0; first < leafIds.length; first += lpp) {
      const last = Math.min(leafIds.length, first + lpp);
      let podUp = 0;
      for (let i = first; i < last; i++) podUp += leafUp[i] ?? 0;
      const cap = f.tiers === 3 ? splitPorts(f.radix.spine, rS).down : f.radix.spine;
      const sp = Math.ceil(podUp / cap);
      const base = spineIds.length;
      for (let s = 0; s < sp; s++) {
        const id = `${pre}spine${base + s}`;
        spineIds.push(id);
        spineDown.push(0);
        spinePort.push(0);
        nodes.push({ id, kind: 'switch', ports: f.radix.spine, portGbps: lg, tier: 'spine' });
      }
      let c = 0;
      for (let i = first; i < last; i++) {
        for (let u = 0; u < (leafUp[i] ?? 0); u++) {
          const s = base + (c++ % sp);
          const port = spinePort[s] ?? 0;
          spinePort[s] = port + 1;
          spineDown[s] = (spineDown[s] ?? 0) + 1;
          const lport = leafPortUse[i] ?? 0;
          leafPortUse[i] = lport + 1;
          links.push({ id: `${pre}ls-${i}-${u}`, from: { nodeId: leafIds[i] as string, port: lport }, to: { nodeId: spineIds[s] as string, port }, linkGbps: lg });
        }
      }
    }
    if (f.tiers !== 3) continue;
    const spineUp = spineDown.map((d) => Math.ceil(d / rS - EPS));
    const totalUp = spineUp.reduce((x, y) => x + y, 0);
    const cores = Math.ceil(totalUp / f.radix.core);
    const corePort: number[] = new Array<number>(cores).fill(0);
    for (let k = 0; k < cores; k++) nodes.push({ id: `${pre}core${k}`, kind: 'switch', ports: f.radix.core, portGbps: lg, tier: 'core' });
    let c = 0;
    for (let s = 0; s < spineIds.length; s++) {
      for (let u = 0; u < (spineUp[s] ?? 0); u++) {
        const k = c++ % cores;
        const port = corePort[k] ?? 0;
        corePort[k] = port + 1;
        const sport = spinePort[s] ?? 0;
        spinePort[s] = sport + 1;
        links.push({ id: `${pre}sc-${s}-${u}`, from: { nodeId: spineIds[s] as string, port: sport }, to: { nodeId: `${pre}core${k}`, port }, linkGbps: lg });
      }
    }
  }
  return { nodes, links };
}
