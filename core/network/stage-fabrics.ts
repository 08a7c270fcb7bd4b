/**
 * Generated fabrics: each fabric of the design is sized by the fabric generator
 * (core/network/fabric.ts) for the servers in its scope (its group's subtree, or the
 * whole design), once per instance of its group, and multiplied by the group's count.
 */
import { defaultSwitchFor, fabricNodeAccelerators, type Catalog } from '../catalog';
import type { SwitchSpec } from '../catalog/types';
import type { Fabric } from '../model/design';
import type { PlacedServer } from '../inventory/stage';
import type { Placement } from '../inventory/placement';
import { bomEntry } from '../power/bom';
import { round } from '../round';
import type { FabricSummary } from '../results';
import { warning, type EvalWarning } from '../warnings';
import { generateFabric, type FabricResult, type NetworkAssumptionValues, type SwitchLike } from './fabric';
import { cableMediaOf } from './fabric-optics';
import { pickCable } from './stage-cables';
import { floorLayout } from './stage-layout';
import { countCables, type NetworkCounts, type ServerNetwork } from './stage-counts';

/** The node shape a fabric is sized with. */
export interface NodeShape {
  /** Accelerators per fabric-attached node. */
  perNode: number;
  /** Scale-out bandwidth per accelerator, Gb/s. */
  nicGbps: number;
  /** Accelerators of this shape in scope. */
  acc: number;
  /** NIC links per node-side module, when the server's catalog entry says. */
  linksPerModule: number | undefined;
  /** Compute NIC ports per fabric node (undefined when they do not split evenly over the nodes). */
  nicPorts: number | undefined;
  /** Front-end (storage / in-band) NIC ports per fabric node and their speed. */
  frontEnd: { ports: number; gbps: number } | undefined;
}

/** n x perNode / perServer when whole, else undefined (ports that do not split evenly over a server's fabric nodes). */
function perFabricNode(n: number, perNode: number, perServer: number): number | undefined {
  const x = (n * perNode) / perServer;
  return Number.isInteger(x) && x > 0 ? x : undefined;
}

/**
 * The fabric needs one node shape: the shapes of the servers in scope (a rack-scale
 * system attaches per compute tray, `acceleratorsPerFabricNode`), most common by
 * accelerators first.
 */
export function nodeShapes(scope: readonly PlacedServer[]): NodeShape[] {
  const shapes = new Map<string, NodeShape>();
  for (const si of scope) {
    const perNode = fabricNodeAccelerators(si.spec);
    const nicGbps = (si.spec.computeNics.count * si.spec.computeNics.linkGbps) / si.spec.acceleratorsPerServer;
    const key = `${perNode}|${nicGbps}`;
    const other = si.spec.otherNics;
    const fePorts = other && other.linkGbps > 0 ? perFabricNode(other.count, perNode, si.spec.acceleratorsPerServer) : undefined;
    const sh = shapes.get(key) ?? {
      perNode,
      nicGbps,
      acc: 0,
      linksPerModule: si.spec.computeNics.linksPerModule,
      nicPorts: perFabricNode(si.spec.computeNics.count, perNode, si.spec.acceleratorsPerServer),
      frontEnd: fePorts !== undefined && other ? { ports: fePorts, gbps: other.linkGbps } : undefined,
    };
    sh.acc += si.spec.acceleratorsPerServer * si.total;
    shapes.set(key, sh);
  }
  return [...shapes.values()].sort((x, y) => y.acc - x.acc);
}

/** The fabric's summary in results (totals over its `k` instances). */
export function fabricSummary(fab: Fabric, sw: SwitchSpec, fr: FabricResult, k: number): FabricSummary {
  return {
    fabricId: fab.id,
    name: fab.name,
    instances: k,
    switchPartId: sw.id,
    accelerators: fr.accelerators * k,
    nodes: fr.nodes * k,
    tiers: fr.tiers,
    switches: { leaf: fr.switches.leaf * k, spine: fr.switches.spine * k, core: fr.switches.core * k, total: fr.switches.total * k },
    switchModels: fr.switchModels,
    links: { nodeLeaf: fr.links.nodeLeaf * k, leafSpine: fr.links.leafSpine * k, spineCore: fr.links.spineCore * k, total: fr.links.total * k },
    linkGbps: fr.linkGbps,
    cableKinds: {
      nodeLeaf: { media: fr.cablesByTier.nodeLeaf.media, lengthClass: fr.cablesByTier.nodeLeaf.lengthClass },
      leafSpine: { media: fr.cablesByTier.leafSpine.media, lengthClass: fr.cablesByTier.leafSpine.lengthClass },
      spineCore: { media: fr.cablesByTier.spineCore.media, lengthClass: fr.cablesByTier.spineCore.lengthClass },
    },
    transceivers: fr.transceivers * k,
    bisectionTBps: round(fr.bisectionTBps * k),
    powerKW: round(fr.powerKW * k),
    costUsd: round(fr.costUsd * k, 2),
    oversubscription: fr.oversubscription.effective,
    planes: fr.planes,
    railOnly: fr.railOnly,
    linksPerPair: fr.linksPerPair,
    unusedPorts: { leaf: fr.unusedPorts.leaf * k, spine: fr.unusedPorts.spine * k, core: fr.unusedPorts.core * k },
    ...(fr.frontEnd
      ? {
          frontEnd: {
            switchPartId: fr.frontEnd.switchModels.leaf,
            tiers: fr.frontEnd.tiers,
            switches: fr.frontEnd.switches.total * k,
            links: fr.frontEnd.links.total * k,
            transceivers: fr.frontEnd.transceivers * k,
            powerKW: round(fr.frontEnd.powerKW * k),
            costUsd: round(fr.frontEnd.costUsd * k, 2),
          },
        }
      : {}),
  };
}

/** Switches, transceivers, cables, power and BOM of `k` instances of a generated fabric. */
export function countFabric(fr: FabricResult, sw: SwitchSpec, k: number, catalog: Catalog, counts: NetworkCounts): void {
  counts.switchesGenerated += fr.switches.total * k;
  counts.generatedByTier.leaf += fr.switches.leaf * k;
  counts.generatedByTier.spine += fr.switches.spine * k;
  counts.generatedByTier.core += fr.switches.core * k;
  counts.loads.push({
    typicalW: (fr.power.switchesTypicalW + fr.power.opticsW) * k,
    maxW: (fr.power.switchesMaxW + fr.power.opticsW) * k,
    switchesW: fr.power.switchesTypicalW * k,
    opticsW: fr.power.opticsW * k,
  });
  counts.transceivers += fr.transceivers * k;
  const models: Array<[string, number]> = [
    [fr.switchModels.leaf, fr.switches.leaf],
    [fr.switchModels.spine, fr.switches.spine],
    [fr.switchModels.core, fr.switches.core],
  ];
  for (const [id, n] of models) counts.bom.push(bomEntry(catalog.getOfKind(id, 'switch') ?? sw, 'network-switches', n * k));
  const tcvrParts = catalog.transceivers();
  for (const tl of fr.transceiverLines) {
    const part =
      tcvrParts.find((t) => t.speedGbps === tl.moduleGbps && t.media === tl.media && t.portsPerModule === tl.linksPerModule) ??
      tcvrParts.find((t) => t.speedGbps === tl.moduleGbps && t.media === tl.media);
    const id = part?.id ?? `optics-${tl.moduleGbps}g-${tl.media}`;
    // The total is fr.transceivers (above); the lines give it by type.
    counts.transceiversByType.set(id, (counts.transceiversByType.get(id) ?? 0) + tl.count * k);
    counts.bom.push({ partId: id, name: part?.name ?? tl.type, category: 'optics-cables', quantity: tl.count * k, unitPriceUsd: tl.priceUsdEach, source: part?.source ?? 'network engine assumption (estimate)' });
  }
  const cableParts = catalog.cables();
  for (const c of Object.values(fr.cablesByTier)) {
    if (!(c.count > 0)) continue;
    const drawn = cableMediaOf(c.media);
    countCables(counts, drawn, c.lengthClass, fr.linkGbps, c.count * k);
    const part = drawn === 'fibre' ? cableParts.find((p) => p.media === 'fibre' && p.fibreMode === c.media) : pickCable(cableParts, drawn, fr.linkGbps);
    if (part) counts.bom.push(bomEntry(part, 'optics-cables', c.count * k));
  }
}

/** What generating the design's fabrics gave. */
export interface GeneratedFabrics {
  fabrics: FabricSummary[];
  /** Servers in a generated fabric, and what it gives each. */
  serverNetwork: Map<string, ServerNetwork>;
  warnings: EvalWarning[];
}

interface FabricContext {
  catalog: Catalog;
  placement: Placement;
  servers: readonly PlacedServer[];
  overrides: Partial<NetworkAssumptionValues>;
  counts: NetworkCounts;
  out: GeneratedFabrics;
}

function addFabric(c: FabricContext, fab: Fabric, i: number): void {
  const { catalog, out } = c;
  const sw = catalog.getOfKind(fab.switchPartId, 'switch');
  if (!sw) {
    const near = catalog.nearest(fab.switchPartId, 'switch');
    out.warnings.push(warning('warning', 'unknown-part', `fabrics[${i}].switchPartId: unknown switch "${fab.switchPartId}"; nearest: ${near.join(', ')}. The fabric is left out of the results.`, [fab.id], { path: `fabrics[${i}].switchPartId`, id: fab.switchPartId, nearest: near.join(', ') }));
    return;
  }
  const instances = c.placement.groupMult(fab.groupId);
  const scope = c.servers.filter((si) => si.acc && (fab.groupId === undefined || c.placement.inSubtree(si.groupId, fab.groupId)));
  if (scope.length === 0) {
    out.warnings.push(warning('warning', 'fabric-empty', `fabric "${fab.name}" has no servers in its scope`, [fab.id], { name: fab.name }));
    return;
  }
  const shapes = nodeShapes(scope);
  const shape = shapes[0];
  if (!shape) return;
  if (shapes.length > 1) {
    out.warnings.push(warning('info', 'fabric-mixed-nodes', `fabric "${fab.name}" spans servers of different shapes; sized with ${shape.perNode} accelerators and ${shape.nicGbps} Gb/s per accelerator for all`, [fab.id], { name: fab.name, perNode: shape.perNode, gbps: shape.nicGbps }));
  }
  const totalAcc = scope.reduce((s, si) => s + si.spec.acceleratorsPerServer * si.total, 0);
  const perInstance = Math.round(totalAcc / instances);
  const nicGbps = fab.nicGbpsPerAccelerator ?? shape.nicGbps;
  if (!(nicGbps > 0) || perInstance < 1) {
    out.warnings.push(warning('warning', 'fabric-no-nics', `fabric "${fab.name}": the servers in scope have no compute NICs`, [fab.id], { name: fab.name }));
    return;
  }
  const feSwitch =
    fab.frontEnd && shape.frontEnd
      ? fab.frontEnd.switchPartId !== undefined
        ? catalog.getOfKind(fab.frontEnd.switchPartId, 'switch')
        : defaultSwitchFor(shape.frontEnd.gbps, 'ethernet', catalog)
      : undefined;
  if (fab.frontEnd && !shape.frontEnd) {
    out.warnings.push(warning('warning', 'fabric-no-front-end-nics', `fabric "${fab.name}": the servers in scope have no front-end NICs; no front-end network is sized`, [fab.id], { name: fab.name }));
  }
  if (fab.frontEnd?.switchPartId !== undefined && !feSwitch) {
    const near = catalog.nearest(fab.frontEnd.switchPartId, 'switch');
    out.warnings.push(warning('warning', 'unknown-part', `fabrics[${i}].frontEnd.switchPartId: unknown switch "${fab.frontEnd.switchPartId}"; nearest: ${near.join(', ')}. The front-end network is left out.`, [fab.id], { path: `fabrics[${i}].frontEnd.switchPartId`, id: fab.frontEnd.switchPartId, nearest: near.join(', ') }));
  }
  let fr: FabricResult;
  try {
    fr = generateFabric({
      accelerators: perInstance,
      perNode: shape.perNode,
      nicGbpsPerAccelerator: nicGbps,
      switch: { ...sw, protocol: sw.protocol } satisfies SwitchLike,
      oversubscription: fab.oversubscription,
      tiers: fab.tiers === 'auto' ? undefined : fab.tiers,
      railOptimised: fab.railOptimised,
      planes: fab.planes,
      ...(shape.nicPorts !== undefined && fab.nicGbpsPerAccelerator === undefined ? { nicPorts: shape.nicPorts } : {}),
      ...(fab.railOnly ? { railOnly: true } : {}),
      ...(feSwitch && shape.frontEnd
        ? { frontEnd: { portsPerNode: shape.frontEnd.ports, portGbps: shape.frontEnd.gbps, switch: feSwitch, ...(fab.frontEnd?.oversubscription !== undefined ? { oversubscription: fab.frontEnd.oversubscription } : {}) } }
        : {}),
      allowPartialNode: true,
      assumptions: { ...floorLayout(scope, shape.perNode), ...(shape.linksPerModule !== undefined ? { nodeLinksPerModule: shape.linksPerModule } : {}), ...c.overrides },
    });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    out.warnings.push(warning('error', 'fabric-infeasible', `fabric "${fab.name}": ${detail}`, [fab.id], { name: fab.name, detail }));
    return;
  }
  const network: ServerNetwork = {
    nicGbps,
    oversubscription: fr.oversubscription.effective,
    scopes: fr.scopes.filter((s) => s.scope !== 'node').map((s) => ({ accelerators: s.maxNodes * fr.perNode, oversubscription: s.oversubscription })),
    inNetworkReduction: sw.inNetworkReduction === true,
    switches: fr.switches.total,
    links: fr.links.total,
    accelerators: fr.accelerators,
  };
  for (const si of scope) out.serverNetwork.set(si.entity.id, network);
  for (const fw of fr.warnings) out.warnings.push(warning(fw.severity, `fabric-${fw.code}`, `fabric "${fab.name}": ${fw.message}`, [fab.id], { name: fab.name, detail: fw.message }));
  countFabric(fr, sw, instances, catalog, c.counts);
  if (fr.frontEnd && feSwitch) countFabric(fr.frontEnd, feSwitch, instances, catalog, c.counts);
  out.fabrics.push(fabricSummary(fab, sw, fr, instances));
}

/** Generate every fabric of the design and count what it holds into `counts`. */
export function generatedFabrics(
  fabrics: readonly Fabric[],
  servers: readonly PlacedServer[],
  placement: Placement,
  catalog: Catalog,
  overrides: Partial<NetworkAssumptionValues>,
  counts: NetworkCounts,
): GeneratedFabrics {
  const out: GeneratedFabrics = { fabrics: [], serverNetwork: new Map(), warnings: [] };
  const c: FabricContext = { catalog, placement, servers, overrides, counts, out };
  fabrics.forEach((fab, i) => addFabric(c, fab, i));
  return out;
}
