/**
 * Expanding a generated fabric into drawn switches and cables, for detailed editing.
 *
 * The generator's per-instance counts become entities that keep the design's replication:
 * one switch entity per tier and plane (quantity = switches of that tier in one plane of
 * one instance of the fabric's scope), placed in the fabric's group so the group's count
 * multiplies them as it multiplies the servers; per plane one cable line from every server
 * entity in scope to that plane's leaf switches (quantity = that entity's servers x links
 * per server on the plane) and one line per tier above (quantity = links of that tier in
 * one plane of one instance). Planes stay independent networks. Nothing is materialised per
 * accelerator, so a 100,000-accelerator fabric expands into a handful of entities.
 *
 * The engine reads the drawn network as it read the generated one for training (leaf
 * oversubscription and in-network reduction, see evaluate), so the estimate is unchanged.
 * What differs is optics: the engine sizes them per drawn cable (a single-port transceiver
 * at each end of a fibre) where the generator may use twin-port modules.
 */
import { createCatalog, type Catalog } from './catalog';
import { evaluate, type FabricSummary, type Results } from './evaluate';
import type { Cable, Design, Switch } from './model/design';
import { inGroupSubtree } from './model/replication';
import { InputError } from './errors';
import type { LengthClass, LinkTier, Media } from './network/fabric';
import { cableMediaOf } from './network/fabric-optics';

export interface FabricExpansion {
  design: Design;
  /** The fabric as generated (totals over all instances). */
  fabric: FabricSummary;
  /** The evaluation of the design before expansion (the expansion is read from it). */
  before: Results;
  /** Ids of the switch and cable entities created. */
  createdIds: string[];
}

/** A representative cable length for each length class (evaluate classifies drawn cables by length). */
const LENGTH_M: Record<LengthClass, number> = { 'in-rack': 2, 'in-row': 30, 'cross-hall': 100 };

function cableMedia(m: Media): Cable['media'] {
  return cableMediaOf(m);
}

function uniqueId(taken: Set<string>, base: string): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  taken.add(id);
  return id;
}

/**
 * Replace generated fabric `fabricId` of `design` by drawn switches and cables.
 * Throws InputError (path `fabricId`) when there is no such fabric or it cannot be generated.
 */
export function expandDesignFabric(design: Design, fabricId: string, catalog: Catalog = createCatalog()): FabricExpansion {
  const fab = design.fabrics.find((f) => f.id === fabricId);
  if (!fab) throw new InputError('fabricId', `no generated fabric "${fabricId}" in this design`);
  const results = evaluate(design, { catalog });
  const summary = results.fabrics.find((f) => f.fabricId === fabricId);
  if (!summary) {
    const why = results.warnings.find((w) => w.entityIds.includes(fabricId));
    throw new InputError('fabricId', `fabric "${fab.name}" cannot be expanded: ${why?.message ?? 'it was not generated'}`);
  }
  if (summary.frontEnd) {
    const i = design.fabrics.findIndex((f) => f.id === fabricId);
    throw new InputError(`fabrics[${i}].frontEnd`, `fabric "${fab.name}" has a front-end network; expanding would drop it: remove frontEnd first (and draw the front-end network), or keep the fabric generated`);
  }
  const k = summary.instances;
  const per = (n: number) => Math.round(n / k);

  // Servers in the fabric's scope (inside its group, recursively), with compute NICs.
  const groupParent = new Map(design.groups.map((g) => [g.id, g.parentId]));
  const rackGroup = new Map(design.racks.map((r) => [r.id, r.groupId]));
  const inScope = (gid: string | undefined): boolean => fab.groupId === undefined || inGroupSubtree(groupParent, gid, fab.groupId);
  const scope = design.servers.flatMap((s) => {
    const spec = catalog.getOfKind(s.partId, 'server');
    if (!spec || spec.acceleratorsPerServer <= 0 || spec.computeNics.count <= 0) return [];
    const gid = s.rackId !== undefined ? rackGroup.get(s.rackId) : s.groupId;
    return inScope(gid) ? [{ server: s, accelerators: spec.acceleratorsPerServer }] : [];
  });

  const taken = new Set<string>();
  for (const list of [design.groups, design.racks, design.servers, design.switches, design.storage, design.pdus, design.coolingUnits, design.cables, design.fabrics]) {
    for (const e of list) taken.add(e.id);
  }
  const base = fab.position ?? { x: 0, y: 0 };
  // Planes stay independent: one switch entity per tier and plane, and each server's links split over the planes.
  const planes = Math.max(1, summary.planes);
  const perPlane = (n: number) => Math.round(per(n) / planes);
  const tiers: Array<{ role: 'leaf' | 'spine' | 'core'; count: number; partId: string }> = [
    { role: 'leaf', count: perPlane(summary.switches.leaf), partId: summary.switchModels.leaf },
    { role: 'spine', count: perPlane(summary.switches.spine), partId: summary.switchModels.spine },
    { role: 'core', count: perPlane(summary.switches.core), partId: summary.switchModels.core },
  ];
  const switches: Switch[] = [];
  const cables: Cable[] = [];
  const line = (tier: LinkTier, from: string, to: string, quantity: number): void => {
    if (quantity <= 0) return;
    const kind = summary.cableKinds[tier];
    cables.push({
      id: uniqueId(taken, `${fab.id}-${tier}`),
      from: { entityId: from, port: 0 },
      to: { entityId: to, port: 0 },
      media: cableMedia(kind.media),
      linkGbps: summary.linkGbps,
      lengthM: LENGTH_M[kind.lengthClass],
      quantity,
    });
  };
  for (let p = 0; p < planes; p++) {
    const tag = planes > 1 ? `-p${p + 1}` : '';
    const switchOf = new Map<string, string>();
    tiers.forEach((t, i) => {
      if (t.count <= 0) return;
      const id = uniqueId(taken, `${fab.id}${tag}-${t.role}`);
      switchOf.set(t.role, id);
      switches.push({
        id,
        name: planes > 1 ? `${fab.name} · plane ${p + 1} · ${t.role}` : `${fab.name} · ${t.role}`,
        partId: t.partId,
        role: t.role,
        ...(fab.groupId !== undefined ? { groupId: fab.groupId } : {}),
        position: { x: base.x + i * 200, y: base.y + p * 120 },
        quantity: t.count,
      });
    });
    const leaf = switchOf.get('leaf');
    if (!leaf) continue;
    // Node-to-leaf links per accelerator on one plane, as generated.
    const linksPerAccelerator = summary.links.nodeLeaf / summary.accelerators / planes;
    for (const { server, accelerators } of scope) {
      line('nodeLeaf', server.id, leaf, Math.round(server.quantity * accelerators * linksPerAccelerator));
    }
    const spine = switchOf.get('spine');
    if (spine) {
      line('leafSpine', leaf, spine, perPlane(summary.links.leafSpine));
      const core = switchOf.get('core');
      if (core) line('spineCore', spine, core, perPlane(summary.links.spineCore));
    }
  }

  const next: Design = {
    ...design,
    switches: [...design.switches, ...switches],
    cables: [...design.cables, ...cables],
    fabrics: design.fabrics.filter((f) => f.id !== fabricId),
  };
  return { design: next, fabric: summary, before: results, createdIds: [...switches, ...cables].map((e) => e.id) };
}
