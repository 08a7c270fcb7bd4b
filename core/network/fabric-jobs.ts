/**
 * Job views of a fabric: the scopes (node, leaf, pod, fabric) a contiguously
 * placed job can stay within, with the oversubscription and switch hops its
 * scale-out traffic sees, and the hop count between two accelerators.
 */
import { InputError } from '../errors';
import { positiveInt } from './fabric-input';
import { round } from './fabric-math';
import type { FabricResult, JobScope } from './fabric-types';

/** The scopes of a fabric, smallest first. */
export function jobScopes(
  tiers: 1 | 2 | 3,
  nodes: number,
  nodesPerLeaf: number,
  podNodes: number,
  leafRatio: number,
  spineRatio: number,
): JobScope[] {
  const scopes: JobScope[] = [{ scope: 'node', maxNodes: 1, oversubscription: 1, switchHops: 0 }];
  if (tiers === 1) {
    scopes.push({ scope: 'fabric', maxNodes: nodes, oversubscription: 1, switchHops: 1 });
  } else {
    scopes.push({ scope: 'leaf', maxNodes: Math.min(nodesPerLeaf, nodes), oversubscription: 1, switchHops: 1 });
    if (tiers === 3) {
      scopes.push({ scope: 'pod', maxNodes: podNodes, oversubscription: round(leafRatio), switchHops: 3 });
      scopes.push({ scope: 'fabric', maxNodes: nodes, oversubscription: round(leafRatio * spineRatio), switchHops: 5 });
    } else {
      scopes.push({ scope: 'fabric', maxNodes: nodes, oversubscription: round(leafRatio), switchHops: 3 });
    }
  }
  return scopes;
}

/** The scope, oversubscription and hop count a job spanning `nodes` (aligned, contiguous) sees. */
export function jobView(f: FabricResult, nodes: number): JobScope {
  positiveInt('nodes', nodes);
  if (nodes > f.nodes) throw new InputError('nodes', `the fabric has ${f.nodes} nodes; ${nodes} requested`);
  for (const s of f.scopes) if (nodes <= s.maxNodes) return s;
  const last = f.scopes[f.scopes.length - 1];
  if (!last) throw new Error('internal: fabric without scopes');
  return last;
}

/** Where an accelerator sits: node index (0-based, placement order) and its index in the node. */
export interface AcceleratorPlace {
  node: number;
  accelerator: number;
}

/**
 * Switch hops on the scale-out fabric between two accelerators (first link of
 * each). Same node: 0 (scale-up). Rail-optimised: same rail and group 1;
 * otherwise up to the spine (3) or, between pods, the core (5). Rail-only: the
 * traffic first crosses to the right rail in the scale-up domain, then the
 * hops of that rail's network between the two nodes.
 */
export function switchHops(f: FabricResult, x: AcceleratorPlace, y: AcceleratorPlace): number {
  for (const [p, v] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!Number.isInteger(v.node) || v.node < 0 || v.node >= f.nodes) {
      throw new InputError(`${p}.node`, `must be an integer in 0..${f.nodes - 1}`);
    }
    if (!Number.isInteger(v.accelerator) || v.accelerator < 0 || v.accelerator >= f.perNode) {
      throw new InputError(`${p}.accelerator`, `must be an integer in 0..${f.perNode - 1}`);
    }
  }
  if (x.node === y.node) return 0;
  if (f.tiers === 1) return 1;
  const npl = f.structure.nodesPerLeaf;
  const leafGroupX = Math.floor(x.node / npl);
  const leafGroupY = Math.floor(y.node / npl);
  const sameLeaf = leafGroupX === leafGroupY && (!f.railOptimised || x.accelerator === y.accelerator);
  if (sameLeaf) return 1;
  if (f.tiers === 2) return 3;
  const npp = f.structure.nodesPerPod;
  return Math.floor(x.node / npp) === Math.floor(y.node / npp) ? 3 : 5;
}
