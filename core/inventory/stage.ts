/**
 * Inventory stage: the design's drawn servers, switches, storage and PDUs resolved
 * against the catalog and multiplied out by replication (core/inventory/placement.ts):
 * how many of each, where they sit (rack space, cooling path), peak compute, memory,
 * bandwidth and storage, accelerator pools, and their BOM entries. Power is not
 * computed here (core/power/stage.ts does, from what this stage places).
 */
import type { Catalog } from '../catalog';
import type { AcceleratorSpec, PowerGearSpec, ServerSpec, StorageSpec, SwitchSpec } from '../catalog/types';
import type { Design, Pdu, Server, Storage, Switch } from '../model/design';
import { bomEntry, type BomEntry } from '../power/bom';
import type { CoolingPath } from '../power';
import type { PoolSummary } from '../results';
import { unknownPartWarning, warning, type EvalWarning } from '../warnings';
import { entityPlaces, place, placementOf, type EntityPlaces, type Placement, type RackSlot } from './placement';

/** A drawn item resolved to its catalog part. */
export interface PlacedPart<E, S> {
  entity: E;
  spec: S;
  /** Real items it stands for. */
  total: number;
  rack: RackSlot | undefined;
  /** Cooling path of its heat: the rack's cooling, or air outside racks. */
  path: CoolingPath;
}

export interface PlacedServer extends PlacedPart<Server, ServerSpec> {
  /** Undefined when the server names an unknown accelerator. */
  acc: AcceleratorSpec | undefined;
  groupId: string | undefined;
}

/** Space and counts of one drawn rack (per instance). */
export interface RackSpace {
  slot: RackSlot;
  usedU: number;
  /** Occupied U ranges of items with a slot. */
  intervals: Array<{ lo: number; hi: number; id: string }>;
  servers: number;
  accelerators: number;
  pduCapacityW: number;
}

export interface Inventory {
  placement: Placement;
  entityPlaces: EntityPlaces;
  servers: PlacedServer[];
  switches: Array<PlacedPart<Switch, SwitchSpec>>;
  storage: Array<PlacedPart<Storage, StorageSpec>>;
  pdus: Array<PlacedPart<Pdu, PowerGearSpec>>;
  rackSpace: Map<string, RackSpace>;
  accelerators: number;
  serverCount: number;
  nics: number;
  acceleratorsByType: Map<string, number>;
  serversByType: Map<string, number>;
  switchesDrawn: number;
  /** Drawn switches by tier (the network stage adds generated ones). */
  switchesByTier: { leaf: number; spine: number; core: number; other: number };
  switchesByRole: Map<string, number>;
  storageSystems: number;
  pduCount: number;
  /** Sums over accelerators: peak TFLOPS, HBM GB, scale-up GB/s; compute NIC Gb/s. */
  peakTflops: { bf16: number; fp16: number; fp8: number };
  hbmGB: number;
  scaleUpGBps: number;
  scaleOutGbps: number;
  acceleratorTdpW: number;
  storageTB: number;
  storageReadGBps: number;
  storageWriteGBps: number;
  /** Accelerator pools, largest first (peak unrounded). */
  pools: PoolSummary[];
  bom: BomEntry[];
  warnings: EvalWarning[];
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

function emptyInventory(design: Design): Inventory {
  const placement = placementOf(design);
  const rackSpace = new Map<string, RackSpace>();
  for (const [id, slot] of placement.racks) rackSpace.set(id, { slot, usedU: 0, intervals: [], servers: 0, accelerators: 0, pduCapacityW: 0 });
  return {
    placement,
    entityPlaces: entityPlaces(design, placement),
    servers: [],
    switches: [],
    storage: [],
    pdus: [],
    rackSpace,
    accelerators: 0,
    serverCount: 0,
    nics: 0,
    acceleratorsByType: new Map(),
    serversByType: new Map(),
    switchesDrawn: 0,
    switchesByTier: { leaf: 0, spine: 0, core: 0, other: 0 },
    switchesByRole: new Map(),
    storageSystems: 0,
    pduCount: 0,
    peakTflops: { bf16: 0, fp16: 0, fp8: 0 },
    hbmGB: 0,
    scaleUpGBps: 0,
    scaleOutGbps: 0,
    acceleratorTdpW: 0,
    storageTB: 0,
    storageReadGBps: 0,
    storageWriteGBps: 0,
    pools: [],
    bom: [],
    warnings: [],
  };
}

function occupy(space: RackSpace | undefined, slotU: number | undefined, heightU: number, quantity: number, id: string): void {
  if (!space) return;
  const u = heightU * quantity;
  space.usedU += u;
  if (slotU !== undefined) space.intervals.push({ lo: slotU, hi: slotU + u - 1, id });
}

function addAccelerators(inv: Inventory, pools: Map<string, PoolSummary>, s: Server, spec: ServerSpec, acc: AcceleratorSpec, total: number): void {
  const n = spec.acceleratorsPerServer * total;
  inv.accelerators += n;
  add(inv.acceleratorsByType, acc.id, n);
  inv.peakTflops.bf16 += acc.peakTflops.bf16 * n;
  inv.peakTflops.fp16 += acc.peakTflops.fp16 * n;
  inv.peakTflops.fp8 += acc.peakTflops.fp8 * n;
  inv.hbmGB += acc.memoryGB * n;
  inv.scaleUpGBps += acc.scaleUp.bandwidthGBps * n;
  inv.scaleOutGbps += spec.computeNics.count * spec.computeNics.linkGbps * total;
  inv.acceleratorTdpW += acc.tdpW * n;
  const poolName = s.pool ?? acc.id;
  const pool = pools.get(poolName) ?? { pool: poolName, acceleratorId: acc.id, accelerators: 0, servers: 0, peakPflopsBf16: 0 };
  if (pool.acceleratorId !== acc.id) {
    inv.warnings.push(
      warning('warning', 'pool-mixed-accelerators', `pool "${poolName}" mixes ${pool.acceleratorId} and ${acc.id}; a pool should hold one accelerator type`, [s.id], { pool: poolName, a: pool.acceleratorId, b: acc.id }),
    );
  }
  pool.accelerators += n;
  pool.servers += total;
  pool.peakPflopsBf16 += (acc.peakTflops.bf16 * n) / 1000;
  pools.set(poolName, pool);
}

function addServers(inv: Inventory, design: Design, catalog: Catalog): void {
  const pools = new Map<string, PoolSummary>();
  design.servers.forEach((s, i) => {
    const spec = catalog.getOfKind(s.partId, 'server');
    if (!spec) return void inv.warnings.push(unknownPartWarning(catalog, 'servers', i, s.id, s.partId, 'server'));
    const { rack, total, groupId } = place(inv.placement, s);
    const path: CoolingPath = rack ? rack.rack.cooling : spec.cooling;
    if (rack && spec.cooling !== 'air' && (path === 'air' || path === 'rear-door')) {
      inv.warnings.push(
        warning('warning', 'server-needs-liquid', `${spec.name} is liquid cooled (${spec.cooling}) but rack "${rack.rack.name}" is ${path}-cooled`, [s.id, rack.rack.id], { part: spec.name, cooling: spec.cooling, rack: rack.rack.name, path }),
      );
    }
    inv.serverCount += total;
    inv.nics += ((spec.computeNics.count ?? 0) + (spec.otherNics?.count ?? 0)) * total;
    add(inv.serversByType, spec.id, total);
    inv.bom.push(bomEntry(spec, 'accelerated-servers', total));
    const space = rack ? inv.rackSpace.get(rack.rack.id) : undefined;
    if (space) {
      space.servers += s.quantity;
      space.accelerators += spec.acceleratorsPerServer * s.quantity;
      occupy(space, s.slotU, spec.heightU, s.quantity, s.id);
    }
    const acc = catalog.getOfKind(spec.acceleratorId, 'accelerator');
    if (!acc) {
      const nearest = catalog.nearest(spec.acceleratorId, 'accelerator').join(', ');
      inv.warnings.push(warning('warning', 'unknown-part', `servers[${i}]: server "${spec.id}" names unknown accelerator "${spec.acceleratorId}"; nearest: ${nearest}`, [s.id], { path: `servers[${i}]`, id: spec.acceleratorId, nearest }));
    } else {
      addAccelerators(inv, pools, s, spec, acc, total);
    }
    inv.servers.push({ entity: s, spec, acc, total, groupId, rack, path });
  });
  inv.pools = [...pools.values()].sort((x, y) => y.accelerators - x.accelerators || (x.pool < y.pool ? -1 : 1));
}

function addSwitches(inv: Inventory, design: Design, catalog: Catalog): void {
  design.switches.forEach((sw, i) => {
    const spec = catalog.getOfKind(sw.partId, 'switch');
    if (!spec) return void inv.warnings.push(unknownPartWarning(catalog, 'switches', i, sw.id, sw.partId, 'switch'));
    const { rack, total } = place(inv.placement, sw);
    inv.switchesDrawn += total;
    add(inv.switchesByRole, sw.role, total);
    const tier = sw.role === 'leaf' || sw.role === 'tor' ? 'leaf' : sw.role === 'spine' || sw.role === 'core' ? sw.role : 'other';
    inv.switchesByTier[tier] += total;
    inv.bom.push(bomEntry(spec, 'network-switches', total));
    occupy(rack ? inv.rackSpace.get(rack.rack.id) : undefined, sw.slotU, spec.heightU, sw.quantity, sw.id);
    inv.switches.push({ entity: sw, spec, total, rack, path: rack ? rack.rack.cooling : 'air' });
  });
}

function addStorageAndPdus(inv: Inventory, design: Design, catalog: Catalog): void {
  design.storage.forEach((st, i) => {
    const spec = catalog.getOfKind(st.partId, 'storage');
    if (!spec) return void inv.warnings.push(unknownPartWarning(catalog, 'storage', i, st.id, st.partId, 'storage'));
    const { rack, total } = place(inv.placement, st);
    inv.storageSystems += total;
    inv.storageTB += spec.capacityTB * total;
    inv.storageReadGBps += spec.readGBps * total;
    inv.storageWriteGBps += spec.writeGBps * total;
    inv.bom.push(bomEntry(spec, 'storage', total));
    occupy(rack ? inv.rackSpace.get(rack.rack.id) : undefined, st.slotU, spec.heightU, st.quantity, st.id);
    inv.storage.push({ entity: st, spec, total, rack, path: rack ? rack.rack.cooling : 'air' });
  });
  design.pdus.forEach((pd, i) => {
    const spec = catalog.getOfKind(pd.partId, 'power');
    if (!spec) return void inv.warnings.push(unknownPartWarning(catalog, 'pdus', i, pd.id, pd.partId, 'power'));
    const { rack, total } = place(inv.placement, pd);
    inv.pduCount += total;
    inv.bom.push(bomEntry(spec, 'power', total));
    // Rack PDUs are 0U (side-mounted); only their capacity counts.
    const space = rack ? inv.rackSpace.get(rack.rack.id) : undefined;
    if (space) space.pduCapacityW += spec.capacityKW * 1000 * pd.quantity;
    inv.pdus.push({ entity: pd, spec, total, rack, path: rack ? rack.rack.cooling : 'air' });
  });
}

/** The inventory stage: design + catalog -> what is there, how many, where. */
export function inventoryStage(design: Design, catalog: Catalog): Inventory {
  const inv = emptyInventory(design);
  addServers(inv, design, catalog);
  addSwitches(inv, design, catalog);
  addStorageAndPdus(inv, design, catalog);
  return inv;
}
