/**
 * Network stage: the drawn cables, the generated fabrics and the drawn network's
 * shape -> cables, transceivers and generated switches counted, the network's power
 * loads and BOM entries, the fabric summaries, and for each server the network the
 * training engine sees (bandwidth, oversubscription, in-network reduction).
 */
import type { Catalog } from '../catalog';
import type { Design } from '../model/design';
import type { Inventory } from '../inventory/stage';
import type { AssumptionLine, FabricSummary, ScaleUpSystemSummary } from '../results';
import { uncabledPortsWarning, warning, type EvalWarning } from '../warnings';
import { NETWORK_ASSUMPTIONS, type NetworkAssumptionValues } from './fabric';
import { addDrawnCables } from './stage-cables';
import { emptyCounts, type NetworkCounts, type ServerNetwork } from './stage-counts';
import { drawnNetwork } from './stage-drawn';
import { generatedFabrics } from './stage-fabrics';
import { addScaleUpNetworks } from './stage-scaleup';

export type { NetworkCounts, NetworkLoad, ServerNetwork } from './stage-counts';

export interface NetworkStage {
  counts: NetworkCounts;
  fabrics: FabricSummary[];
  /** Scale-up networks inside supernode systems. */
  scaleUp: ScaleUpSystemSummary[];
  /** Per server id: its scale-out network (generated fabric, else drawn network). */
  serverNetwork: Map<string, ServerNetwork>;
  /** The network assumptions in effect, listed when the design has generated fabrics. */
  assumptions: AssumptionLine[];
  warnings: EvalWarning[];
}

const NETWORK_KEYS = new Set<string>(NETWORK_ASSUMPTIONS.map((x) => x.key));

/** The design's overrides of network assumptions. */
export function networkOverrides(assumptions: Readonly<Record<string, number>>): Partial<NetworkAssumptionValues> {
  return Object.fromEntries(Object.entries(assumptions).filter(([k]) => NETWORK_KEYS.has(k))) as Partial<NetworkAssumptionValues>;
}

export function networkStage(design: Design, catalog: Catalog, inv: Inventory): NetworkStage {
  const counts = emptyCounts();
  const cabled = addDrawnCables(design.cables, inv.entityPlaces, catalog, counts);
  const scaleUp = addScaleUpNetworks(inv.servers, counts);
  const overrides = networkOverrides(design.assumptions);
  const gen = generatedFabrics(design.fabrics, inv.servers, inv.placement, catalog, overrides, counts);
  const inFabric = new Set(gen.serverNetwork.keys());
  const drawn = drawnNetwork({ cables: design.cables, switches: design.switches, servers: inv.servers, places: inv.entityPlaces, catalog, inFabric, links: counts.cables });
  const warnings = [...gen.warnings, ...drawn.uncabled.map(uncabledPortsWarning)];
  for (const si of inv.servers) {
    if (!inFabric.has(si.entity.id) && !cabled.has(si.entity.id) && si.spec.computeNics.count > 0) {
      const name = si.entity.name ?? si.entity.id;
      warnings.push(warning('warning', 'server-no-network', `server "${name}" is neither cabled nor in a generated fabric`, [si.entity.id], { name }));
    }
  }
  const assumptions =
    design.fabrics.length === 0
      ? []
      : NETWORK_ASSUMPTIONS.map((x) => ({ key: x.key, label: x.label, value: (overrides as Record<string, number>)[x.key] ?? x.value, unit: x.unit, source: x.source }));
  return { counts, fabrics: gen.fabrics, scaleUp, serverNetwork: new Map([...gen.serverNetwork, ...drawn.networks]), assumptions, warnings };
}
