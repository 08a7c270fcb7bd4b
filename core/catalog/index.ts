/**
 * The hardware catalog: built-in parts plus user-defined ones, looked up by id.
 * The built-in parts are data (./data/*.json, see ./README.md), validated at load.
 *
 *   const cat = createCatalog(customParts);
 *   cat.require('dgx-h100', 'servers[0].partId')  // throws InputError listing nearest ids
 */
import { InputError } from '../errors';
import { BUILTIN_PARTS } from './builtin';
import { CATALOG_ROLES, PART_ROLE_KINDS, type PartRole } from './roles';
import { CatalogPartSchema } from './schema';
import type {
  AcceleratorSpec,
  CableSpec,
  CatalogPart,
  CoolingUnitSpec,
  NicSpec,
  PartKind,
  PowerGearSpec,
  ServerSpec,
  StorageSpec,
  SwitchSpec,
  TransceiverSpec,
} from './types';

export type * from './types';
export { CatalogPartSchema } from './schema';
export { acceleratorMemoryGiB, acceleratorMemoryBytes, GIB_BYTES } from './memory';
export { scaleUpDomainSize } from './systems';
export { CATALOG_DATA_FILES } from './builtin';
export { CatalogDataError, loadCatalogData, loadPartFile, type CatalogDataFile } from './load';
export { CATALOG_ROLES, PART_ROLE_KINDS, loadRoles, type CatalogRoles, type PartRole, type SwitchTier } from './roles';

/** Every part shipped with the product (core/catalog/data/*.json). */
export const BUILTIN_CATALOG: CatalogPart[] = [...BUILTIN_PARTS];

const ofKind = <K extends PartKind>(kind: K) => BUILTIN_CATALOG.filter((p): p is Extract<CatalogPart, { kind: K }> => p.kind === kind);
export const ACCELERATORS: AcceleratorSpec[] = ofKind('accelerator');
export const SERVERS: ServerSpec[] = ofKind('server');
export const SWITCHES: SwitchSpec[] = ofKind('switch');
export const NICS: NicSpec[] = ofKind('nic');
export const TRANSCEIVERS: TransceiverSpec[] = ofKind('transceiver');
export const CABLES: CableSpec[] = ofKind('cable');
export const COOLING_UNITS: CoolingUnitSpec[] = ofKind('cooling');
export const STORAGE: StorageSpec[] = ofKind('storage');
export const POWER_GEAR: PowerGearSpec[] = ofKind('power');

/** Parse one custom part; throws InputError with the field path. */
export function parseCatalogPart(input: unknown, path = 'part'): CatalogPart {
  const r = CatalogPartSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    let p = path;
    for (const seg of issue?.path ?? []) p += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
    throw new InputError(p, issue?.message ?? 'invalid part');
  }
  return { ...r.data, custom: true } as CatalogPart;
}

// ---------------------------------------------------------------------------
// Nearest ids (edit distance)
// ---------------------------------------------------------------------------

/** Levenshtein distance (case-insensitive). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  if (!s.length) return t.length;
  if (!t.length) return s.length;
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length] ?? 0;
}

/** The `limit` ids closest to `id` by edit distance (ties broken by id). */
export function nearestIds(id: string, candidates: readonly string[], limit = 3): string[] {
  const q = id.toLowerCase();
  return candidates
    .map((c) => {
      let d = editDistance(q, c);
      // A substring match ("h100" in "h100-sxm5-80gb") ranks as if much closer.
      if (q.length >= 3 && c.toLowerCase().includes(q)) d = Math.min(d, 1);
      return { c, d };
    })
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, limit)
    .map((x) => x.c);
}

// ---------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------

type PartOfKind<K extends PartKind> = Extract<CatalogPart, { kind: K }>;

export interface Catalog {
  /**
   * The part with this id, or undefined. Besides the listed parts it knows the generic
   * server of every accelerator (`generic-<n>x-<accelerator id>`, see `genericServerFor`),
   * which `list()` does not enumerate.
   */
  get(id: string): CatalogPart | undefined;
  /** The part with this id and kind, or undefined when absent or of another kind. */
  getOfKind<K extends PartKind>(id: string, kind: K): PartOfKind<K> | undefined;
  /** The part, or an InputError at `path` naming the nearest ids. */
  require(id: string, path: string): CatalogPart;
  requireOfKind<K extends PartKind>(id: string, kind: K, path: string): PartOfKind<K>;
  has(id: string): boolean;
  list(kind?: PartKind): CatalogPart[];
  /** Nearest ids (optionally of one kind) by edit distance. */
  nearest(id: string, kind?: PartKind, limit?: number): string[];
  accelerators(): AcceleratorSpec[];
  servers(): ServerSpec[];
  switches(): SwitchSpec[];
  nics(): NicSpec[];
  transceivers(): TransceiverSpec[];
  cables(): CableSpec[];
  coolingUnits(): CoolingUnitSpec[];
  storage(): StorageSpec[];
  powerGear(): PowerGearSpec[];
}

/** A catalog of the built-in parts plus `customParts` (a custom part with a built-in id replaces it). */
export function createCatalog(customParts: readonly CatalogPart[] = []): Catalog {
  return createCatalogFrom(BUILTIN_CATALOG, customParts);
}

/**
 * A catalog of other shipped parts than the built-in ones (e.g. catalog data
 * files loaded with `loadCatalogData`) plus `customParts`.
 */
export function createCatalogFrom(parts: readonly CatalogPart[], customParts: readonly CatalogPart[] = []): Catalog {
  const byId = new Map<string, CatalogPart>();
  for (const p of parts) byId.set(p.id, p);
  for (const p of customParts) byId.set(p.id, { ...p, custom: true });
  const all = [...byId.values()];
  const byKind = new Map<PartKind, CatalogPart[]>();
  for (const p of all) {
    const list = byKind.get(p.kind) ?? [];
    list.push(p);
    byKind.set(p.kind, list);
  }
  const list = (kind?: PartKind): CatalogPart[] => (kind ? [...(byKind.get(kind) ?? [])] : [...all]);
  // The generic server `defaultServerFor` synthesises for an accelerator without a
  // server record (`generic-<n>x-<accelerator id>`) is a part of the catalog too, so a
  // design that names it (the generator's and the planner's designs do) evaluates.
  const generic = new Map<string, ServerSpec>();
  const lookup = (id: string): CatalogPart | undefined => {
    const p = byId.get(id);
    if (p) return p;
    const m = /^generic-([1-9][0-9]{0,3})x-(.+)$/.exec(id);
    const acc = m ? byId.get(m[2] ?? '') : undefined;
    if (!m || acc?.kind !== 'accelerator') return undefined;
    let g = generic.get(id);
    if (!g) {
      g = genericServerFor(acc, Number(m[1]));
      if (g.id !== id) return undefined;
      generic.set(id, g);
    }
    return g;
  };
  const nearest = (id: string, kind?: PartKind, limit = 3) =>
    nearestIds(
      id,
      list(kind).map((p) => p.id),
      limit,
    );
  const unknown = (id: string, path: string, kind?: PartKind): InputError => {
    const near = nearest(id, kind);
    const what = kind ?? 'catalog part';
    return new InputError(path, `unknown ${what} id "${id}"${near.length ? `; nearest: ${near.join(', ')}` : ''}`);
  };
  const getOfKind = <K extends PartKind>(id: string, kind: K): PartOfKind<K> | undefined => {
    const p = lookup(id);
    return p && p.kind === kind ? (p as PartOfKind<K>) : undefined;
  };
  return {
    get: lookup,
    getOfKind,
    has: (id) => lookup(id) !== undefined,
    require(id, path) {
      const p = lookup(id);
      if (!p) throw unknown(id, path);
      return p;
    },
    requireOfKind(id, kind, path) {
      const p = lookup(id);
      if (!p) throw unknown(id, path, kind);
      if (p.kind !== kind) {
        throw new InputError(path, `"${id}" is a ${p.kind}, not a ${kind}; nearest ${kind} ids: ${nearest(id, kind).join(', ')}`);
      }
      return p as PartOfKind<typeof kind>;
    },
    list,
    nearest,
    accelerators: () => list('accelerator') as AcceleratorSpec[],
    servers: () => list('server') as ServerSpec[],
    switches: () => list('switch') as SwitchSpec[],
    nics: () => list('nic') as NicSpec[],
    transceivers: () => list('transceiver') as TransceiverSpec[],
    cables: () => list('cable') as CableSpec[],
    coolingUnits: () => list('cooling') as CoolingUnitSpec[],
    storage: () => list('storage') as StorageSpec[],
    powerGear: () => list('power') as PowerGearSpec[],
  };
}

/** The shared built-in catalog (no custom parts). */
export const DEFAULT_CATALOG: Catalog = createCatalog();

/**
 * The catalog's server for an accelerator: the preferred one (roles.json) when present,
 * else any server built on it, else a generic server synthesised from the
 * accelerator (see `genericServerFor`). Undefined for an unknown accelerator.
 */
export function defaultServerFor(acceleratorId: string, catalog: Catalog = DEFAULT_CATALOG): ServerSpec | undefined {
  const acc = catalog.getOfKind(acceleratorId, 'accelerator');
  if (!acc) return undefined;
  const preferred = CATALOG_ROLES.preferredServer[acceleratorId];
  const pref = preferred ? catalog.getOfKind(preferred, 'server') : undefined;
  if (pref && pref.acceleratorId === acceleratorId) return pref;
  const any = catalog.servers().find((s) => s.acceleratorId === acceleratorId);
  return any ?? genericServerFor(acc, 8);
}

/** Ratio of accelerator power to a generic server's max power (rule of thumb from DGX H100: 5.6 kW of 10.2 kW = 0.55; DGX B200: 8 of 14.3 = 0.56). */
export const GENERIC_ACCELERATOR_POWER_SHARE = 0.56;
/** Typical/max power ratio of a generic server under training load (DGX H100: 7.5/10.2 = 0.74). */
export const GENERIC_TYPICAL_TO_MAX = 0.74;

/**
 * A generic server holding `perNode` of an accelerator, sized from its TDP.
 * Id: `generic-<perNode>x-<acceleratorId>`.
 */
export function genericServerFor(acc: AcceleratorSpec, perNode: number): ServerSpec {
  const n = Math.max(1, Math.round(perNode));
  const maxPowerW = Math.round((acc.tdpW * n) / GENERIC_ACCELERATOR_POWER_SHARE);
  return {
    kind: 'server',
    id: `generic-${n}x-${acc.id}`,
    name: `Generic ${n}-accelerator server (${acc.name})`,
    vendor: 'Generic',
    acceleratorId: acc.id,
    acceleratorsPerServer: n,
    heightU: n <= 4 ? 4 : 8,
    maxPowerW,
    typicalPowerW: Math.round(maxPowerW * GENERIC_TYPICAL_TO_MAX),
    computeNics: { count: n, linkGbps: 400 },
    otherNics: { count: 2, linkGbps: 100 },
    cooling: 'air',
    source: `Synthesised from ${acc.id} TDP (${acc.tdpW} W x ${n}) / ${GENERIC_ACCELERATOR_POWER_SHARE} accelerator power share; ESTIMATE.`,
    priceUsd: Math.round(acc.priceUsd * n * 1.35 + 30_000),
  };
}

/**
 * Default fabric switch for a per-port link speed and protocol (InfiniBand for
 * NVIDIA accelerators, Ethernet (RoCE) otherwise): the band of
 * `CATALOG_ROLES.fabricSwitch` the link speed falls in, its first switch present.
 */
export function defaultSwitchFor(linkGbps: number, protocol: 'infiniband' | 'ethernet', catalog: Catalog = DEFAULT_CATALOG): SwitchSpec {
  const bands = CATALOG_ROLES.fabricSwitch[protocol];
  const band = bands.find((b) => b.upToLinkGbps === undefined || linkGbps <= b.upToLinkGbps);
  let s: SwitchSpec | undefined;
  for (const id of band?.ids ?? []) {
    s = catalog.getOfKind(id, 'switch');
    if (s) break;
  }
  return s ?? catalog.switches()[0] ?? (SWITCHES[0] as SwitchSpec);
}

/** The part filling `role` (core/catalog/data/roles.json), or undefined when the catalog lacks it. */
export function rolePart<R extends PartRole>(role: R, catalog: Catalog = DEFAULT_CATALOG): PartOfKind<(typeof PART_ROLE_KINDS)[R]> | undefined {
  return catalog.getOfKind(CATALOG_ROLES.parts[role], PART_ROLE_KINDS[role]);
}

/** Scale-out protocol conventionally used with an accelerator's vendor. */
/**
 * Accelerators behind one fabric-attached node: a rack-scale system attaches per
 * compute tray (its `acceleratorsPerFabricNode`, 4 in a GB200 NVL72), any other
 * server as a whole.
 */
export function fabricNodeAccelerators(server: ServerSpec): number {
  return Math.min(server.acceleratorsPerFabricNode ?? server.acceleratorsPerServer, server.acceleratorsPerServer);
}

export function defaultProtocolFor(acc: AcceleratorSpec): 'infiniband' | 'ethernet' {
  return acc.vendor === 'NVIDIA' ? 'infiniband' : 'ethernet';
}
