/**
 * A drawn network as the training engine sees it, for servers on drawn switches and
 * in no generated fabric. A server's leaves are the switches it is cabled to; a
 * leaf's oversubscription is its server-facing over its switch-facing bandwidth
 * (cables x replication x link speed; 1 when it has no uplinks, a one-tier network);
 * the server's is its worst leaf's. In-network reduction needs it on the leaves and
 * on every switch they uplink to.
 */
import type { Catalog } from '../catalog';
import type { SwitchSpec } from '../catalog/types';
import type { Cable, Switch } from '../model/design';
import type { EntityPlaces } from '../inventory/placement';
import type { PlacedServer } from '../inventory/stage';
import type { ServerNetwork } from './stage-counts';

/** Order of switch roles in a drawn network, lowest (server-facing) first. */
const TIER_RANK: Record<Switch['role'], number> = { leaf: 0, tor: 0, storage: 0, management: 0, spine: 1, core: 2 };

interface DrawnGraph {
  /** Server-facing and switch-facing (uplink) Gb/s per switch. */
  down: Map<string, number>;
  up: Map<string, number>;
  /** Switches a switch uplinks to. */
  above: Map<string, Set<string>>;
  /** Switches each server is cabled to. */
  leavesOf: Map<string, Set<string>>;
}

function drawnGraph(cables: readonly Cable[], places: EntityPlaces, serverIds: ReadonlySet<string>, specs: ReadonlyMap<string, SwitchSpec>, switches: readonly Switch[]): DrawnGraph {
  const role = new Map(switches.map((w) => [w.id, w.role]));
  const tierRank = (id: string) => TIER_RANK[role.get(id) ?? 'leaf'];
  const g: DrawnGraph = { down: new Map(), up: new Map(), above: new Map(), leavesOf: new Map() };
  const addTo = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const c of cables) {
    const [x, y] = [c.from.entityId, c.to.entityId];
    const n = c.quantity * Math.max(places.get(x)?.mult ?? 1, places.get(y)?.mult ?? 1) * c.linkGbps;
    for (const [srv, sw] of [[x, y], [y, x]] as const) {
      if (serverIds.has(srv) && specs.has(sw)) {
        addTo(g.down, sw, n);
        g.leavesOf.set(srv, (g.leavesOf.get(srv) ?? new Set()).add(sw));
      }
    }
    if (specs.has(x) && specs.has(y) && x !== y) {
      // The lower tier by role; between equal roles, the cable's `from` end counts it as an uplink.
      const [lo, hi] = tierRank(x) <= tierRank(y) ? [x, y] : [y, x];
      addTo(g.up, lo, n);
      g.above.set(lo, (g.above.get(lo) ?? new Set()).add(hi));
    }
  }
  return g;
}

export interface DrawnNetworkInput {
  cables: readonly Cable[];
  switches: readonly Switch[];
  servers: readonly PlacedServer[];
  places: EntityPlaces;
  catalog: Catalog;
  /** Servers in a generated fabric (left out here). */
  inFabric: ReadonlySet<string>;
  /** Every cable counted (drawn and generated): the drawn network's links. */
  links: number;
}

/** What the drawn network gives each server on it (and in no generated fabric). */
export function drawnNetwork(d: DrawnNetworkInput): Map<string, ServerNetwork> {
  const specs = new Map<string, SwitchSpec>();
  for (const sw of d.switches) {
    const spec = d.catalog.getOfKind(sw.partId, 'switch');
    if (spec) specs.set(sw.id, spec);
  }
  const g = drawnGraph(d.cables, d.places, new Set(d.servers.map((si) => si.entity.id)), specs, d.switches);
  const switches = d.switches.reduce((t, w) => t + (specs.has(w.id) ? w.quantity * (d.places.get(w.id)?.mult ?? 1) : 0), 0);
  const accelerators = d.servers.reduce((t, si) => t + (g.leavesOf.has(si.entity.id) && !d.inFabric.has(si.entity.id) ? si.spec.acceleratorsPerServer * si.total : 0), 0);
  const out = new Map<string, ServerNetwork>();
  for (const si of d.servers) {
    const leaves = g.leavesOf.get(si.entity.id);
    if (!leaves || d.inFabric.has(si.entity.id) || out.has(si.entity.id)) continue;
    let over = 1;
    let reduction = true;
    for (const l of leaves) {
      const u = g.up.get(l) ?? 0;
      if (u > 0) over = Math.max(over, (g.down.get(l) ?? 0) / u);
      const tree = [l, ...(g.above.get(l) ?? [])];
      if (!tree.every((id) => specs.get(id)?.inNetworkReduction === true)) reduction = false;
    }
    out.set(si.entity.id, {
      nicGbps: (si.spec.computeNics.count * si.spec.computeNics.linkGbps) / Math.max(1, si.spec.acceleratorsPerServer),
      oversubscription: over,
      inNetworkReduction: reduction,
      switches,
      links: d.links,
      accelerators,
    });
  }
  return out;
}
