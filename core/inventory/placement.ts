/**
 * Replication, expanded by multiplying: a rack stands for `count` x its groups'
 * multipliers identical racks, an item in a rack for `quantity` x the rack's
 * instances, an item outside racks for `quantity` x its group's multiplier. Nothing
 * is materialised per instance.
 */
import type { Design, Rack } from '../model/design';
import { groupMultipliers, inGroupSubtree } from '../model/replication';

/** A drawn rack and the identical racks it stands for. */
export interface RackSlot {
  rack: Rack;
  instances: number;
}

export interface Placement {
  /** Drawn racks by id, in the design's order. */
  racks: ReadonlyMap<string, RackSlot>;
  /** Real racks (sum of instances). */
  rackInstances: number;
  /** The multiplier of a group (1 outside groups). */
  groupMult(groupId: string | undefined): number;
  /** Whether a group is `root` or lies inside it. */
  inSubtree(groupId: string | undefined, root: string): boolean;
}

export function placementOf(design: Pick<Design, 'groups' | 'racks'>): Placement {
  const mult = groupMultipliers(design);
  const groupMult = (gid: string | undefined): number => (gid === undefined ? 1 : (mult.get(gid) ?? 1));
  const parentOf = new Map(design.groups.map((g) => [g.id, g.parentId]));
  const racks = new Map<string, RackSlot>();
  let rackInstances = 0;
  for (const r of design.racks) {
    const instances = r.count * groupMult(r.groupId);
    rackInstances += instances;
    racks.set(r.id, { rack: r, instances });
  }
  return { racks, rackInstances, groupMult, inSubtree: (gid, root) => inGroupSubtree(parentOf, gid, root) };
}

/** Where an entity sits and how many real items it stands for. */
export interface Placed {
  rack: RackSlot | undefined;
  /** Real items (quantity x rack instances, or quantity x group multiplier). */
  total: number;
  /** The group it replicates with (its rack's group when in a rack). */
  groupId: string | undefined;
}

export function place(p: Placement, e: { quantity: number; rackId?: string; groupId?: string }): Placed {
  const rack = e.rackId !== undefined ? p.racks.get(e.rackId) : undefined;
  const total = rack ? e.quantity * rack.instances : e.quantity * p.groupMult(e.groupId);
  return { rack, total, groupId: rack ? rack.rack.groupId : e.groupId };
}

/** Per entity id: its rack and the multiplier of one drawn item (what a cable to it is multiplied by). */
export type EntityPlaces = ReadonlyMap<string, { rackId?: string; mult: number }>;

export function entityPlaces(design: Pick<Design, 'servers' | 'switches' | 'storage' | 'pdus'>, p: Placement): EntityPlaces {
  const out = new Map<string, { rackId?: string; mult: number }>();
  for (const list of [design.servers, design.switches, design.storage, design.pdus] as const) {
    for (const e of list) {
      const rack = e.rackId !== undefined ? p.racks.get(e.rackId) : undefined;
      out.set(e.id, { rackId: e.rackId, mult: rack ? rack.instances : p.groupMult(e.groupId) });
    }
  }
  return out;
}
