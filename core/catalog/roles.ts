/**
 * Roles: which catalog part fills a role when a design does not name one
 * (core/catalog/data/roles.json). The engine, the design generator and the
 * planner ask for a role, never for an id, so changing a default is changing
 * the data file.
 */
import { z } from 'zod';
import { BOUNDS, bounded } from '../model/bounds';
import { BUILTIN_PARTS } from './builtin';
import rolesData from './data/roles.json';
import { CatalogDataError } from './load';
import { issuePath } from './schema';
import type { CatalogPart, PartKind, SwitchSpec } from './types';

/** The part kind each role is filled with. */
export const PART_ROLE_KINDS = {
  /** Rack PDU the generator puts in each rack (two per rack for A+B feeds, more for dense racks). */
  rackPdu: 'power',
  /** Rear-door heat exchanger of a rear-door-cooled rack. */
  rearDoorCooler: 'cooling',
  /** Immersion tank of an immersion-cooled rack; the planner's immersion unit. */
  immersionTank: 'cooling',
  /** In-rack CDU of a cold-plate rack-scale system (GB200 NVL72). */
  rackSystemCdu: 'cooling',
  /** Room air handler for the air share of the heat; the planner's air unit. */
  roomAirHandler: 'cooling',
  /** Row CDU for cold-plate liquid heat; the planner's liquid unit. */
  roomCdu: 'cooling',
} as const satisfies Record<string, PartKind>;

export type PartRole = keyof typeof PART_ROLE_KINDS;

/** One band of the fabric-switch choice: link speeds up to `upToLinkGbps` (no limit when absent) use the first present of `ids`. */
export interface SwitchTier {
  upToLinkGbps?: number;
  ids: readonly string[];
}

export interface CatalogRoles {
  /** Accelerator id -> the server id preferred for it. */
  preferredServer: Readonly<Record<string, string>>;
  /** Protocol -> bands of link speed, ascending, the last without a limit. */
  fabricSwitch: Readonly<Record<SwitchSpec['protocol'], readonly SwitchTier[]>>;
  /** Role -> part id. */
  parts: Readonly<Record<PartRole, string>>;
}

const id = z.string().min(1, 'must not be empty');
const tiers = z
  .array(z.strictObject({ upToLinkGbps: bounded(BOUNDS.linkGbps).optional(), ids: z.array(id).min(1, 'must name at least one switch') }))
  .min(1, 'must have at least one band');
const RolesSchema = z.strictObject({
  about: z.string().min(1, 'must say what the file holds'),
  preferredServer: z.record(id, id),
  fabricSwitch: z.strictObject({ infiniband: tiers, ethernet: tiers }),
  parts: z.strictObject(Object.fromEntries(Object.keys(PART_ROLE_KINDS).map((k) => [k, id])) as Record<PartRole, typeof id>),
});

/** The roles of a data file, every id checked against `parts` (the kind a role needs, the protocol of a switch band). */
export function loadRoles(file: string, data: unknown, parts: readonly CatalogPart[]): CatalogRoles {
  const r = RolesSchema.safeParse(data);
  const fail = (path: readonly PropertyKey[], message: string): never => {
    throw new CatalogDataError(file, undefined, undefined, issuePath('', path), message);
  };
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
    return fail(path, issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid'));
  }
  const byId = new Map(parts.map((p) => [p.id, p]));
  const need = (path: PropertyKey[], partId: string, kind: PartKind): CatalogPart => {
    const p = byId.get(partId);
    if (!p) return fail(path, `unknown part id "${partId}"`);
    if (p.kind !== kind) return fail(path, `"${partId}" is a ${p.kind}, not a ${kind}`);
    return p;
  };
  const roles = r.data;
  for (const [acc, server] of Object.entries(roles.preferredServer)) {
    need(['preferredServer'], acc, 'accelerator');
    const s = need(['preferredServer', acc], server, 'server');
    if (s.kind === 'server' && s.acceleratorId !== acc) fail(['preferredServer', acc], `"${server}" holds ${s.acceleratorId}, not ${acc}`);
  }
  for (const protocol of ['infiniband', 'ethernet'] as const) {
    const bands = roles.fabricSwitch[protocol];
    bands.forEach((band, i) => {
      const last = i === bands.length - 1;
      if (last !== (band.upToLinkGbps === undefined)) fail(['fabricSwitch', protocol, i, 'upToLinkGbps'], last ? 'the last band has no limit' : 'must be set on every band but the last');
      const prev = bands[i - 1]?.upToLinkGbps;
      if (band.upToLinkGbps !== undefined && prev !== undefined && band.upToLinkGbps <= prev) fail(['fabricSwitch', protocol, i, 'upToLinkGbps'], 'bands must ascend');
      band.ids.forEach((sw, j) => {
        const s = need(['fabricSwitch', protocol, i, 'ids', j], sw, 'switch');
        if (s.kind === 'switch' && s.protocol !== protocol) fail(['fabricSwitch', protocol, i, 'ids', j], `"${sw}" is ${s.protocol}, not ${protocol}`);
      });
    });
  }
  for (const role of Object.keys(PART_ROLE_KINDS) as PartRole[]) need(['parts', role], roles.parts[role], PART_ROLE_KINDS[role]);
  return roles;
}

/** The built-in roles (core/catalog/data/roles.json). */
export const CATALOG_ROLES: CatalogRoles = loadRoles('roles.json', rolesData, BUILTIN_PARTS);
