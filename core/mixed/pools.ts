import { DEFAULT_CATALOG, defaultServerFor, type Catalog } from '../catalog';
import { scaleUpDomainSize } from '../catalog/systems';
import { InputError } from '../errors';
import type { MixedPool, ScenarioPool } from './types';

/**
 * Scenario pools (`cluster.pools`: catalog ids, optional perNode and
 * scaleOutGbps) to engine pools. perNode defaults to the accelerator's default
 * server; scaleOutGbps to that server's compute-NIC bandwidth per accelerator
 * (NIC count x line rate / accelerators per server). Rack-scale servers (GB200
 * NVL72) set the scale-up domain to the whole rack.
 */
export function resolvePools(pools: readonly ScenarioPool[], catalog: Catalog = DEFAULT_CATALOG): MixedPool[] {
  if (!Array.isArray(pools) || pools.length === 0) throw new InputError('cluster.pools', 'must list at least one pool');
  return pools.map((p, i) => {
    const path = `cluster.pools[${i}]`;
    if (!p || typeof p !== 'object') throw new InputError(path, 'must be an object');
    if (typeof p.accelerator !== 'string')
      throw new InputError(`${path}.accelerator`, 'must be a catalog accelerator id');
    const accelerator = catalog.requireOfKind(p.accelerator, 'accelerator', `${path}.accelerator`);
    const server = defaultServerFor(p.accelerator, catalog);
    const perNode = p.perNode ?? server?.acceleratorsPerServer ?? 8;
    const serverGbps = server
      ? (server.computeNics.count * server.computeNics.linkGbps) / server.acceleratorsPerServer
      : 0;
    const scaleOutGbps = p.scaleOutGbps ?? (serverGbps > 0 ? serverGbps : 100);
    const out: MixedPool = { accelerator, count: p.count, perNode, scaleOutGbps };
    if (p.name !== undefined) out.name = p.name;
    const domain = p.perNode === undefined ? scaleUpDomainSize(server, accelerator, perNode) : undefined;
    if (domain !== undefined) out.scaleUpDomain = domain;
    return out;
  });
}
