/**
 * Design generator: expands a compact cluster description (accelerator, count,
 * server, network, cooling) into a full design document using replication:
 *
 *   group "SU" (kind su, count N)          <- full scalable units
 *     rack (count k)                       <- k identical racks
 *       servers (quantity q, from U2 up)   <- q identical servers, stacked
 *     cooling units serving those racks
 *   group "SU (partial)" (count 1)         <- the remainder, when any
 *   fabric (generated, rail-optimised fat-tree over the pool)
 *
 * Mixed clusters get one "hall" group per pool (with its own fabric) and each
 * server carries its `pool`. Canvas positions are relative to the parent group.
 */
import { CATALOG_ROLES, defaultProtocolFor, defaultServerFor, defaultSwitchFor, DEFAULT_CATALOG, fabricNodeAccelerators, rolePart, type Catalog } from '../catalog';
import type { AcceleratorSpec, ServerSpec, SwitchSpec } from '../catalog/types';
import { InputError } from '../errors';
import { generateFabric } from '../network/fabric';
import type { CoolingUnit, Design, DesignInput, Fabric, Group, Pdu, Rack, Server, Site, Workload } from './design';
import { parseDesign } from './parse';

export type GenerateCooling = 'air' | 'rear-door' | 'cold-plate' | 'immersion';

export interface PoolParams {
  /** Catalog accelerator id. */
  accelerator: string;
  /** Accelerators in the pool. */
  count: number;
  /** Accelerators per server; default from the server. */
  perNode?: number;
  /** Catalog server id; default `defaultServerFor(accelerator)`. */
  server?: string;
  /** Scale-out bandwidth per accelerator, Gb/s; default from the server's compute NICs. */
  scaleOutGbps?: number;
  /** Pool name (servers' `pool`); default the accelerator id. */
  pool?: string;
}

export interface GenerateParams extends PoolParams {
  id?: string;
  name?: string;
  description?: string;
  /** Mixed-chip clusters: several pools instead of accelerator/count. */
  pools?: PoolParams[];
  /** Fabric switch id; default chosen by link speed and protocol. */
  switch?: string;
  oversubscription?: number;
  tiers?: 2 | 3;
  /** air (rear-door added automatically above the air density limit) | rear-door | cold-plate | immersion. */
  cooling?: GenerateCooling;
  /** Rack power budget, W; default 41 kW (air / rear-door) or 100 kW (liquid); rack-scale systems: their max power. */
  rackPowerBudgetW?: number;
  rackHeightU?: number;
  /** Servers per rack; default from the budget and height. */
  serversPerRack?: number;
  /** Servers per scalable unit; default 32 (DGX SuperPOD), rack-scale systems 8 racks. */
  serversPerUnit?: number;
  site?: Partial<Site>;
  workload?: Workload;
  /** Add two rack PDUs (A+B feeds) sized for each rack. Default true. */
  pdus?: boolean;
  catalog?: Catalog;
}

/** Defaults of the generator (documented, not engine assumptions). */
export const GENERATOR_DEFAULTS = {
  airRackBudgetW: 41_000,
  liquidRackBudgetW: 100_000,
  rackHeightU: 48,
  /** U kept free at the bottom (cable management). */
  bottomReservedU: 1,
  /** Typical heat above which plain air becomes rear-door (matches `cooling.airDensityLimitKW`). */
  airDensityLimitW: 30_000,
  serversPerUnit: 32,
  rackSystemsPerUnit: 8,
} as const;

// Canvas geometry, as renderer/canvas/layout.ts draws it: RACK_W 200, rack height 46 + 10 px/U + 4,
// free-standing units 176 x 46, generated fabrics 236 wide. A scalable unit is drawn as its racks
// side by side with its cooling units in a column to their right; units sit side by side, and the
// fabric to their right, so the canvas fits a landscape window at a readable zoom.
const RACK_W = 200;
const GAP = 24;
const HEADER = 44;
const UNIT_W = 176;
const UNIT_H = 46;
const FABRIC_W = 236;
const rackHeightPx = (u: number) => 46 + u * 10 + 4;

interface Acc {
  groups: Group[];
  racks: Rack[];
  servers: Server[];
  pdus: Pdu[];
  coolingUnits: CoolingUnit[];
  fabrics: Fabric[];
}

interface ResolvedPool {
  acc: AcceleratorSpec;
  server: ServerSpec;
  nodes: number;
  count: number;
  pool: string;
  nicGbps: number;
  serverNicGbps: number;
  path: string;
}

/** `pools[0]` + `count` -> `pools[0].count`; '' + `count` -> `count`. */
const at = (path: string, field: string) => (path ? `${path}.${field}` : field);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';

function resolvePool(p: PoolParams, path: string, catalog: Catalog): ResolvedPool {
  const acc = catalog.requireOfKind(p.accelerator, 'accelerator', at(path, 'accelerator'));
  if (!Number.isInteger(p.count) || p.count < 1) throw new InputError(at(path, 'count'), `must be a positive integer (got ${String(p.count)})`);
  let server: ServerSpec | undefined;
  if (p.server !== undefined) {
    server = catalog.requireOfKind(p.server, 'server', at(path, 'server'));
    if (server.acceleratorId !== acc.id) {
      throw new InputError(at(path, 'server'), `"${server.id}" holds ${server.acceleratorId}, not ${acc.id}`);
    }
  } else if (p.perNode !== undefined) {
    const want = p.perNode;
    server = catalog.servers().find((s) => s.acceleratorId === acc.id && s.acceleratorsPerServer === want);
    const def = defaultServerFor(acc.id, catalog);
    if (!server && def && def.acceleratorsPerServer === want) server = def;
    if (!server) {
      const have = catalog.servers().filter((s) => s.acceleratorId === acc.id).map((s) => `${s.id} (${s.acceleratorsPerServer})`);
      throw new InputError(at(path, 'perNode'), `no catalog server holds ${want} x ${acc.id}${have.length ? `; available: ${have.join(', ')}` : ''}`);
    }
  } else {
    server = defaultServerFor(acc.id, catalog);
  }
  if (!server) throw new InputError(at(path, 'accelerator'), `no server for ${acc.id}`);
  if (p.perNode !== undefined && p.perNode !== server.acceleratorsPerServer) {
    throw new InputError(at(path, 'perNode'), `${server.id} holds ${server.acceleratorsPerServer} accelerators, not ${p.perNode}`);
  }
  const per = server.acceleratorsPerServer;
  if (p.count % per !== 0) {
    const lo = Math.floor(p.count / per) * per;
    throw new InputError(at(path, 'count'), `must be a multiple of ${per} accelerators per ${server.id}${lo > 0 ? ` (e.g. ${lo} or ${lo + per})` : ` (e.g. ${per})`}`);
  }
  const serverNicGbps = (server.computeNics.count * server.computeNics.linkGbps) / per;
  if (p.scaleOutGbps !== undefined && !(Number.isFinite(p.scaleOutGbps) && p.scaleOutGbps > 0)) {
    throw new InputError(at(path, 'scaleOutGbps'), 'must be > 0');
  }
  return {
    acc,
    server,
    nodes: p.count / per,
    count: p.count,
    pool: p.pool ?? acc.id,
    nicGbps: p.scaleOutGbps ?? serverNicGbps,
    serverNicGbps,
    path,
  };
}

/** Build one pool's groups, racks, servers, cooling and fabric. Returns the pool's canvas extent. */
function buildPool(
  out: Acc,
  rp: ResolvedPool,
  params: GenerateParams,
  catalog: Catalog,
  prefix: string,
  parentId: string | undefined,
  origin: { x: number; y: number },
  fabricInGroup: boolean,
): { width: number; height: number } {
  const { server } = rp;
  const requested: GenerateCooling = params.cooling ?? (server.cooling === 'air' ? 'air' : server.cooling);
  const liquid = requested === 'cold-plate' || requested === 'immersion';
  const heightU = Math.max(params.rackHeightU ?? GENERATOR_DEFAULTS.rackHeightU, server.isRack ? server.heightU : 1);
  let perRack: number;
  let budgetW: number;
  if (server.isRack) {
    perRack = 1;
    budgetW = params.rackPowerBudgetW ?? Math.ceil(server.maxPowerW / 1000) * 1000;
  } else {
    budgetW = params.rackPowerBudgetW ?? (liquid ? GENERATOR_DEFAULTS.liquidRackBudgetW : GENERATOR_DEFAULTS.airRackBudgetW);
    const byU = Math.floor((heightU - GENERATOR_DEFAULTS.bottomReservedU) / server.heightU);
    const byPower = Math.floor(budgetW / server.maxPowerW);
    perRack = params.serversPerRack ?? Math.max(1, Math.min(byU, byPower, server.serversPerRack ?? byU));
    if (byU < 1) throw new InputError('rackHeightU', `${server.id} (${server.heightU}U) does not fit a ${heightU}U rack`);
  }
  if (!Number.isInteger(perRack) || perRack < 1) throw new InputError('serversPerRack', 'must be a positive integer');
  const rackTypW = perRack * server.typicalPowerW;
  // Liquid-native servers need liquid racks whatever was asked.
  let rackCooling: Rack['cooling'] = server.cooling !== 'air' && !liquid ? server.cooling : requested;
  if (rackCooling === 'air' && rackTypW > GENERATOR_DEFAULTS.airDensityLimitW) rackCooling = 'rear-door';

  const unitServers = server.isRack ? GENERATOR_DEFAULTS.rackSystemsPerUnit : (params.serversPerUnit ?? GENERATOR_DEFAULTS.serversPerUnit);
  const racksPerUnit = Math.max(1, Math.ceil(unitServers / perRack));
  const nodesPerUnit = racksPerUnit * perRack;
  const fullUnits = Math.floor(rp.nodes / nodesPerUnit);
  const rest = rp.nodes - fullUnits * nodesPerUnit;

  const rackH = rackHeightPx(heightU);
  let x0 = origin.x;
  let unitsH = 0;

  const addUnit = (name: string, count: number, rackSets: Array<{ racks: number; servers: number }>) => {
    const gid = `${prefix}su${out.groups.length}`;
    const drawn = rackSets.filter((r) => r.racks > 0 && r.servers > 0).length;
    const coolX = GAP + drawn * (RACK_W + GAP);
    const group: Group = { id: gid, name, kind: 'su', parentId, count, position: { x: x0, y: origin.y } };
    out.groups.push(group);
    const firstCooling = out.coolingUnits.length;
    /** The next slot of the cooling column (right of the racks, top down). */
    const coolingSlot = () => ({ x: coolX, y: HEADER + (out.coolingUnits.length - firstCooling) * (UNIT_H + GAP / 2) });
    let x = GAP;
    let numbered = 0;
    let liquidW = 0;
    let airW = 0;
    rackSets.forEach((set, i) => {
      if (set.racks < 1 || set.servers < 1) return;
      const rid = `${gid}-rack${i}`;
      numbered++;
      const maxW = set.servers * server.maxPowerW;
      out.racks.push({
        id: rid,
        // Numbered among the rack sets drawn (a lone partial rack is not "rack 2").
        name: set.racks > 1 || drawn === 1 ? `${name} rack` : `${name} rack ${numbered}`,
        groupId: gid,
        position: { x, y: HEADER },
        heightU,
        powerBudgetW: Math.max(budgetW, server.isRack ? maxW : 0),
        cooling: rackCooling,
        count: set.racks,
      });
      x += RACK_W + GAP;
      out.servers.push({
        id: `${rid}-srv`,
        name: server.name,
        partId: server.id,
        rackId: rid,
        slotU: server.isRack ? 1 : GENERATOR_DEFAULTS.bottomReservedU + 1,
        quantity: set.servers,
        pool: rp.pool,
      });
      if (params.pdus !== false) {
        const pdu = rolePart('rackPdu', catalog);
        if (pdu) {
          out.pdus.push({ id: `${rid}-pdu`, partId: pdu.id, rackId: rid, quantity: 2 * Math.max(1, Math.ceil(maxW / (pdu.capacityKW * 1000))) });
        }
      }
      // Per-rack cooling units (rear doors, in-rack CDUs for rack-scale systems, immersion tanks).
      const perRackUnit =
        rackCooling === 'rear-door' ? 'rearDoorCooler' : rackCooling === 'immersion' ? 'immersionTank' : rackCooling === 'cold-plate' && server.isRack ? 'rackSystemCdu' : undefined;
      const unit = perRackUnit ? rolePart(perRackUnit, catalog) : undefined;
      if (unit) {
        const per = Math.max(1, Math.ceil(maxW / (unit.capacityKW * 1000)));
        out.coolingUnits.push({ id: `${rid}-cool`, name: unit.name, partId: unit.id, groupId: gid, rackIds: [rid], quantity: per * set.racks, position: coolingSlot() });
      }
      const liquidShare = rackCooling === 'immersion' ? 1 : rackCooling === 'cold-plate' ? 0.8 : 0;
      const handledByRackUnit = unit ? 1 : 0;
      liquidW += maxW * set.racks * liquidShare * (1 - handledByRackUnit);
      airW += maxW * set.racks * (rackCooling === 'rear-door' ? 0 : 1 - liquidShare);
    });
    // Room-level units for the group: CDUs for cold-plate rows, CRAHs for the air share.
    const room = (role: 'roomCdu' | 'roomAirHandler', heatW: number) => {
      const partId = CATALOG_ROLES.parts[role];
      const u = rolePart(role, catalog);
      if (!u || !(heatW > 0)) return;
      const n = Math.ceil(heatW / (u.capacityKW * 1000)) + (u.medium === 'air' ? 1 : 0); // N+1 for air handlers
      out.coolingUnits.push({ id: `${gid}-${slug(partId)}`, name: u.name, partId: u.id, groupId: gid, rackIds: [], quantity: n, position: coolingSlot() });
    };
    room('roomCdu', liquidW);
    room('roomAirHandler', airW);
    const units = out.coolingUnits.length - firstCooling;
    const width = coolX + (units > 0 ? UNIT_W + GAP : 0);
    const height = HEADER + Math.max(rackH, units * (UNIT_H + GAP / 2)) + GAP;
    group.size = { width, height };
    x0 += width + GAP * 2;
    unitsH = Math.max(unitsH, height);
    return gid;
  };

  if (fullUnits > 0) addUnit(`${prefix ? `${rp.pool} ` : ''}SU`, fullUnits, [{ racks: racksPerUnit, servers: perRack }]);
  if (rest > 0) {
    const fullRacks = Math.floor(rest / perRack);
    const last = rest - fullRacks * perRack;
    addUnit(`${prefix ? `${rp.pool} ` : ''}SU (partial)`, 1, [
      { racks: fullRacks, servers: perRack },
      { racks: last > 0 ? 1 : 0, servers: last },
    ]);
  }

  // Fabric over the pool.
  const sw = chooseSwitch(rp, params, catalog);
  out.fabrics.push({
    id: `${prefix}fabric`,
    name: `${prefix ? `${rp.pool} ` : ''}compute fabric`,
    groupId: fabricInGroup ? parentId : undefined,
    switchPartId: sw.id,
    tiers: params.tiers ?? 'auto',
    oversubscription: params.oversubscription ?? 1,
    railOptimised: true,
    planes: 1,
    ...(rp.nicGbps !== rp.serverNicGbps ? { nicGbpsPerAccelerator: rp.nicGbps } : {}),
    position: { x: x0, y: origin.y },
  });
  return { width: x0 + FABRIC_W - origin.x, height: unitsH };
}

/**
 * The fabric switch: the one asked for (it must reach the pool), else the
 * default for the link speed and protocol, else the same-protocol switch of
 * largest radix that reaches the pool with three tiers.
 */
function chooseSwitch(rp: ResolvedPool, params: GenerateParams, catalog: Catalog): SwitchSpec {
  const perNode = fabricNodeAccelerators(rp.server);
  const reaches = (sw: SwitchSpec): string | null => {
    try {
      generateFabric({
        accelerators: rp.count,
        perNode,
        nicGbpsPerAccelerator: rp.nicGbps,
        switch: sw,
        oversubscription: params.oversubscription ?? 1,
        tiers: params.tiers,
        allowPartialNode: true,
      });
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  if (params.switch !== undefined) {
    const sw = catalog.requireOfKind(params.switch, 'switch', 'switch');
    const problem = reaches(sw);
    if (problem) throw new InputError('switch', `${sw.id} cannot build this fabric: ${problem.replace(/^[\w.]+: /, '')}`);
    return sw;
  }
  const protocol = defaultProtocolFor(rp.acc);
  const linkGbps = rp.server.computeNics.linkGbps || rp.nicGbps;
  const first = defaultSwitchFor(linkGbps, protocol, catalog);
  if (!reaches(first)) return first;
  const radix = (s: SwitchSpec) => s.ports * Math.max(1, Math.floor(s.portGbps / Math.min(linkGbps, s.portGbps)));
  const others = catalog
    .switches()
    .filter((s) => s.protocol === protocol && s.portGbps >= 100 && s.id !== first.id)
    .sort((x, y) => radix(y) - radix(x) || (x.id < y.id ? -1 : 1));
  for (const s of others) if (!reaches(s)) return s;
  throw new InputError(at(rp.path, 'count'), `no ${protocol} switch in the catalog reaches ${rp.count} accelerators with three tiers; raise the oversubscription or split the cluster`);
}

/** Build a full, validated design from generator parameters. Throws InputError naming the bad field. */
export function generateDesign(params: GenerateParams): Design {
  const catalog = params.catalog ?? DEFAULT_CATALOG;
  if (params.oversubscription !== undefined && !(Number.isFinite(params.oversubscription) && params.oversubscription >= 1)) {
    throw new InputError('oversubscription', 'must be a number >= 1');
  }
  if (params.rackPowerBudgetW !== undefined && !(Number.isFinite(params.rackPowerBudgetW) && params.rackPowerBudgetW > 0)) {
    throw new InputError('rackPowerBudgetW', 'must be > 0');
  }
  const out: Acc = { groups: [], racks: [], servers: [], pdus: [], coolingUnits: [], fabrics: [] };
  const poolParams = params.pools && params.pools.length > 0 ? params.pools : undefined;
  const resolved = poolParams ? poolParams.map((p, i) => resolvePool(p, `pools[${i}]`, catalog)) : [resolvePool(params, '', catalog)];
  const names = new Set<string>();
  for (const rp of resolved) {
    if (names.has(rp.pool)) throw new InputError(`${rp.path}.pool`, `duplicate pool "${rp.pool}"`);
    names.add(rp.pool);
  }
  if (resolved.length === 1) {
    buildPool(out, resolved[0]!, params, catalog, '', undefined, { x: 0, y: 0 }, false);
  } else {
    // One hall per pool, stacked top to bottom.
    let y = 0;
    resolved.forEach((rp, i) => {
      const hallId = `pool${i}`;
      const hall: Group = { id: hallId, name: `${rp.pool} pool`, kind: 'hall', count: 1, position: { x: 0, y } };
      out.groups.push(hall);
      const ext = buildPool(out, rp, params, catalog, `${hallId}-`, hallId, { x: GAP, y: HEADER }, true);
      hall.size = { width: ext.width + 2 * GAP, height: HEADER + ext.height + GAP };
      y += hall.size.height + GAP * 2;
    });
  }
  const total = resolved.reduce((s, r) => s + r.count, 0);
  const first = resolved[0]!;
  const name =
    params.name ??
    (resolved.length === 1 ? `${total.toLocaleString('en-US')} x ${first.acc.name}` : `Mixed cluster: ${resolved.map((r) => `${r.count} x ${r.acc.id}`).join(' + ')}`);
  const doc: DesignInput = {
    schemaVersion: 2,
    id: params.id ?? `gen-${slug(name)}`,
    name,
    description: params.description ?? '',
    site: params.site,
    groups: out.groups,
    racks: out.racks,
    servers: out.servers,
    pdus: out.pdus,
    coolingUnits: out.coolingUnits,
    fabrics: out.fabrics,
    workload: params.workload,
  };
  return parseDesign(JSON.parse(JSON.stringify(doc)));
}
