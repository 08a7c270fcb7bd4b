/**
 * Facts of rack-scale (supernode) systems the engines read: the scale-up domain a
 * server gives its accelerators, and the scale-up network inside it.
 */
import type { AcceleratorSpec, ServerSpec } from './types';

/**
 * Accelerators in one scale-up domain of a server, or undefined when the domain is
 * the server itself (the engines' default): the system's own figure
 * (scaleUpFabric.domainSize, e.g. 384 for CloudMatrix 384, 72 for NVL36x2), else for a
 * rack-scale system the accelerator's domain (at least the accelerators per node).
 */
export function scaleUpDomainSize(server: Pick<ServerSpec, 'isRack' | 'scaleUpFabric'> | undefined, acc: Pick<AcceleratorSpec, 'scaleUp'>, perNode: number): number | undefined {
  if (server?.scaleUpFabric) return server.scaleUpFabric.domainSize;
  if (server?.isRack) return Math.max(perNode, acc.scaleUp.domainSize);
  return undefined;
}
