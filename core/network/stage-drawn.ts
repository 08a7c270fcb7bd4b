/**
 * A drawn network as the training engine sees it, for servers on drawn switches and
 * in no generated fabric. A server's leaves are the switches it is cabled to; a
 * leaf's oversubscription is its server-facing over its switch-facing bandwidth
 * (cables x replication x link speed; 1 when it has no uplinks, a one-tier network);
 * the server's is its worst leaf's. In-network reduction needs it on the leaves and
 * on every switch they uplink to.
 *
 * Scale-out bandwidth is what is cabled: a server entity standing for N servers with P
 * compute NIC ports each has N x P ports; the links drawn from it to compute switches
 * (leaf, ToR, spine, core: not management or storage) carry their link speed each, so
 * each accelerator gets min(its NICs' bandwidth, cabled Gb/s / (N x accelerators per
 * server)). Ports left without a cable are counted (the `ports-uncabled` warning).
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
  /** Per server entity: links to compute switches, and the Gb/s they carry (replication included). */
  computeLinks: Map<string, number>;
  computeGbps: Map<string, number>;
}

/** Switch roles that carry no compute traffic: a server's ports cabled to them are not its scale-out. */
const NON_COMPUTE_ROLES: ReadonlySet<Switch['role']> = new Set(['management', 'storage']);

function drawnGraph(cables: readonly Cable[], places: EntityPlaces, serverIds: ReadonlySet<string>, specs: ReadonlyMap<string, SwitchSpec>, switches: readonly Switch[]): DrawnGraph {
  const role = new Map(switches.map((w) => [w.id, w.role]));
  const tierRank = (id: string) => TIER_RANK[role.get(id) ?? 'leaf'];
  const g: DrawnGraph = { down: new Map(), up: new Map(), above: new Map(), leavesOf: new Map(), computeLinks: new Map(), computeGbps: new Map() };
  const addTo = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const c of cables) {
    const [x, y] = [c.from.entityId, c.to.entityId];
    const links = c.quantity * Math.max(places.get(x)?.mult ?? 1, places.get(y)?.mult ?? 1);
    const n = links * c.linkGbps;
    for (const [srv, sw] of [[x, y], [y, x]] as const) {
      if (serverIds.has(srv) && specs.has(sw)) {
        addTo(g.down, sw, n);
        g.leavesOf.set(srv, (g.leavesOf.get(srv) ?? new Set()).add(sw));
        if (!NON_COMPUTE_ROLES.has(role.get(sw) ?? 'leaf')) {
          addTo(g.computeLinks, srv, links);
          addTo(g.computeGbps, srv, n);
        }
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

/** A server entity on the drawn network whose compute NIC ports are not all cabled. */
export interface UncabledPorts {
  entityId: string;
  name: string;
  /** Compute NIC ports of all the servers it stands for, and how many have no cable. */
  ports: number;
  uncabled: number;
  /** Scale-out Gb/s per accelerator: as cabled, and with every port cabled. */
  cabledGbps: number;
  fullGbps: number;
}

export interface DrawnNetwork {
  networks: Map<string, ServerNetwork>;
  uncabled: UncabledPorts[];
}

/** What the drawn network gives each server on it (and in no generated fabric), and the ports left uncabled. */
export function drawnNetwork(d: DrawnNetworkInput): DrawnNetwork {
  const specs = new Map<string, SwitchSpec>();
  for (const sw of d.switches) {
    const spec = d.catalog.getOfKind(sw.partId, 'switch');
    if (spec) specs.set(sw.id, spec);
  }
  const g = drawnGraph(d.cables, d.places, new Set(d.servers.map((si) => si.entity.id)), specs, d.switches);
  const switches = d.switches.reduce((t, w) => t + (specs.has(w.id) ? w.quantity * (d.places.get(w.id)?.mult ?? 1) : 0), 0);
  const accelerators = d.servers.reduce((t, si) => t + (g.leavesOf.has(si.entity.id) && !d.inFabric.has(si.entity.id) ? si.spec.acceleratorsPerServer * si.total : 0), 0);
  const out = new Map<string, ServerNetwork>();
  const uncabled: UncabledPorts[] = [];
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
    const perServer = Math.max(1, si.spec.acceleratorsPerServer);
    const fullGbps = (si.spec.computeNics.count * si.spec.computeNics.linkGbps) / perServer;
    const servers = Math.max(1, si.total);
    const cabledGbps = Math.min(fullGbps, (g.computeGbps.get(si.entity.id) ?? 0) / (servers * perServer));
    const ports = si.spec.computeNics.count * si.total;
    const missing = Math.max(0, ports - (g.computeLinks.get(si.entity.id) ?? 0));
    if (missing > 0) uncabled.push({ entityId: si.entity.id, name: si.entity.name ?? si.entity.id, ports, uncabled: missing, cabledGbps, fullGbps });
    out.set(si.entity.id, {
      nicGbps: cabledGbps,
      oversubscription: over,
      inNetworkReduction: reduction,
      switches,
      links: d.links,
      accelerators,
    });
  }
  return { networks: out, uncabled };
}
