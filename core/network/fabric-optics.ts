/**
 * Optics and cabling of a fabric: the length class of each link tier (from
 * the number of nodes its span covers), its medium, the transceiver modules on
 * both ends (DAC links need none) and the cables by length class, with their
 * power and price from the network assumptions.
 */
import type { NetworkAssumptionValues } from './fabric-assumptions';
import { EPS } from './fabric-math';
import { sumClasses, type SwitchClass } from './fabric-sizing';
import type { LengthClass, LinkTier, Media, SwitchLike, TransceiverLine } from './fabric-types';

export function lengthClass(spanNodes: number, a: NetworkAssumptionValues): LengthClass {
  if (spanNodes <= a.nodesPerRack) return 'in-rack';
  if (spanNodes <= a.nodesPerRow) return 'in-row';
  return 'cross-hall';
}

/**
 * The medium of a link by its length class and speed: in the rack passive copper
 * while the in-rack length is within DAC reach (less at 800G and up), else an
 * active electrical cable within AEC reach; in the row transceivers on multimode
 * fibre, or active optical cables when asked for and within their reach; across the
 * hall single-mode fibre.
 */
export function mediaOf(c: LengthClass, linkGbps: number, a: NetworkAssumptionValues): Media {
  if (c === 'in-rack') {
    const dacReach = linkGbps >= 800 ? a.dacMaxLengthM800 : a.dacMaxLengthM;
    if (a.inRackCableLengthM <= dacReach) return 'dac';
    if (a.inRackCableLengthM <= a.aecMaxLengthM) return 'aec';
    return 'multimode';
  }
  if (c === 'in-row') {
    if (a.inRowAoc === 1 && a.inRowCableLengthM <= a.aocMaxLengthM) return 'aoc';
    return a.inRowCableLengthM <= a.multimodeMaxLengthM ? 'multimode' : 'singlemode';
  }
  return 'singlemode';
}

/** The catalog cable media of a link medium (aec is active copper, acc; fibre needs modules). */
export function cableMediaOf(m: Media): 'dac' | 'acc' | 'aoc' | 'fibre' {
  return m === 'dac' ? 'dac' : m === 'aec' ? 'acc' : m === 'aoc' ? 'aoc' : 'fibre';
}

/** Whether a medium needs a transceiver module at each end. */
export function needsModules(m: Media): m is 'multimode' | 'singlemode' {
  return m === 'multimode' || m === 'singlemode';
}

export function modulePowerW(gbps: number, media: 'multimode' | 'singlemode', a: NetworkAssumptionValues): number {
  const mm = media === 'multimode';
  switch (gbps) {
    case 100:
      return mm ? a.opticsPowerW100Multimode : a.opticsPowerW100Singlemode;
    case 200:
      return mm ? a.opticsPowerW200Multimode : a.opticsPowerW200Singlemode;
    case 400:
      return mm ? a.opticsPowerW400Multimode : a.opticsPowerW400Singlemode;
    case 800:
      return mm ? a.opticsPowerW800Multimode : a.opticsPowerW800Singlemode;
    case 1600:
      return mm ? a.opticsPowerW1600Multimode : a.opticsPowerW1600Singlemode;
    default:
      return gbps * a.opticsPowerWPerGbps;
  }
}

export function modulePriceUsd(gbps: number, media: 'multimode' | 'singlemode', a: NetworkAssumptionValues): number {
  return gbps * (media === 'multimode' ? a.opticsPriceUsdPerGbpsMultimode : a.opticsPriceUsdPerGbpsSinglemode);
}

export function cablePriceUsd(m: Media, linkGbps: number, a: NetworkAssumptionValues): number {
  switch (m) {
    case 'dac':
      return a.dacPriceUsd;
    case 'aec':
      return a.aecPriceUsd;
    case 'aoc':
      return linkGbps * a.aocPriceUsdPerGbps;
    case 'multimode':
      return a.multimodeFibrePriceUsd;
    default:
      return a.singlemodeFibrePriceUsd;
  }
}

/** Power of one cable, W: active electrical cables their retimers, active optical cables a multimode module at each end. */
export function cablePowerW(m: Media, linkGbps: number, a: NetworkAssumptionValues): number {
  if (m === 'aec') return a.aecPowerW;
  if (m === 'aoc') return 2 * modulePowerW(linkGbps, 'multimode', a);
  return 0;
}

/**
 * Optical cage speed of a switch (see SwitchLike.cageGbps): what the catalog says,
 * else twin-port OSFP on InfiniBand of 400G and up (Quantum-2: 32 cages of
 * 2 x 400G; Quantum-X800: 72 cages of 2 x 800G), else one cage per port at the
 * port's speed. A port broken out keeps its own cage: a 400G port split into
 * 2 x 200G takes one 400G module carrying two 200G links (not a quarter of an
 * 800G module), an 800G port split into 2 x 400G one 800G module.
 */
export function defaultCageGbps(s: SwitchLike): number {
  if (s.cageGbps !== undefined) return s.cageGbps;
  if (s.portGbps >= 400 && s.protocol === 'infiniband') return 2 * s.portGbps;
  return s.portGbps;
}

export function mergeLines(lines: TransceiverLine[]): TransceiverLine[] {
  const out: TransceiverLine[] = [];
  for (const l of lines) {
    const same = out.find((o) => o.side === l.side && o.tier === l.tier && o.type === l.type);
    if (same) same.count += l.count;
    else out.push({ ...l });
  }
  return out;
}


/** Length class of each link tier. */
export interface TierClasses {
  nodeLeaf: LengthClass;
  leafSpine: LengthClass;
  spineCore: LengthClass;
}

/** What the transceiver count needs to know of a sized fabric (per plane). */
export interface OpticsInput {
  tiers: 1 | 2 | 3;
  planes: number;
  linkGbps: number;
  rails: number;
  nodes: number;
  /** Rails of the last (possibly partly filled) node. */
  lastNodeRails: number;
  switches: { leaf: SwitchLike; spine: SwitchLike; core: SwitchLike };
  leafClasses: SwitchClass[];
  spineClasses: SwitchClass[];
  coreClasses: SwitchClass[];
  lengths: TierClasses;
}

/**
 * Transceiver lines (merged by side, tier and type), counted over planes.
 * Node side: per node, ceil(links / nodeLinksPerModule) modules. Switch side:
 * per switch, down and up links go to separate modules of cage / link links.
 */
export function transceiverLines(o: OpticsInput, a: NetworkAssumptionValues): TransceiverLine[] {
  const { linkGbps, planes } = o;
  const lines: TransceiverLine[] = [];
  const addLine = (side: 'node' | 'switch', tier: LinkTier, cls: LengthClass, moduleLinks: number, count: number): void => {
    const media = mediaOf(cls, linkGbps, a);
    if (!needsModules(media) || count <= 0) return;
    const moduleGbps = moduleLinks * linkGbps;
    const type = `${moduleGbps}G ${moduleLinks > 1 ? `${moduleLinks}x${linkGbps}G ` : ''}${media}`;
    lines.push({
      side,
      tier,
      type,
      moduleGbps,
      linksPerModule: moduleLinks,
      media,
      count: count * planes,
      powerWEach: modulePowerW(moduleGbps, media, a),
      priceUsdEach: modulePriceUsd(moduleGbps, media, a),
    });
  };
  const nlpm = a.nodeLinksPerModule;
  const fullNodeModules = Math.ceil(o.rails / nlpm);
  const lastNodeModules = Math.ceil(o.lastNodeRails / nlpm);
  addLine('node', 'nodeLeaf', o.lengths.nodeLeaf, Math.min(nlpm, o.rails), (o.nodes - 1) * fullNodeModules + lastNodeModules);
  const lpmOf = (s: SwitchLike): number => Math.max(1, Math.floor(defaultCageGbps(s) / linkGbps + EPS));
  const lpmL = lpmOf(o.switches.leaf);
  const lpmS = lpmOf(o.switches.spine);
  const lpmC = lpmOf(o.switches.core);
  addLine('switch', 'nodeLeaf', o.lengths.nodeLeaf, lpmL, sumClasses(o.leafClasses, (c) => Math.ceil(c.down / lpmL)));
  if (o.tiers >= 2) {
    addLine('switch', 'leafSpine', o.lengths.leafSpine, lpmL, sumClasses(o.leafClasses, (c) => Math.ceil(c.up / lpmL)));
    addLine('switch', 'leafSpine', o.lengths.leafSpine, lpmS, sumClasses(o.spineClasses, (c) => Math.ceil(c.down / lpmS)));
  }
  if (o.tiers === 3) {
    addLine('switch', 'spineCore', o.lengths.spineCore, lpmS, sumClasses(o.spineClasses, (c) => Math.ceil(c.up / lpmS)));
    addLine('switch', 'spineCore', o.lengths.spineCore, lpmC, sumClasses(o.coreClasses, (c) => Math.ceil(c.down / lpmC)));
  }
  return mergeLines(lines);
}

/** Module counts, power and price of transceiver lines. */
export function opticsTotals(lines: TransceiverLine[]): { nodeModules: number; switchModules: number; opticsW: number; opticsUsd: number } {
  const nodeModules = lines.filter((l) => l.side === 'node').reduce((s, l) => s + l.count, 0);
  const switchModules = lines.filter((l) => l.side === 'switch').reduce((s, l) => s + l.count, 0);
  const opticsW = lines.reduce((s, l) => s + l.count * l.powerWEach, 0);
  const opticsUsd = lines.reduce((s, l) => s + l.count * l.priceUsdEach, 0);
  return { nodeModules, switchModules, opticsW, opticsUsd };
}

/** Cables (one per link) by length class, their price and the power of active ones (AEC, AOC). */
export function cabling(
  links: Record<LinkTier, number>,
  lengths: TierClasses,
  linkGbps: number,
  a: NetworkAssumptionValues,
): { cables: { inRack: number; inRow: number; crossHall: number }; cablesUsd: number; cablesW: number } {
  const cables = { inRack: 0, inRow: 0, crossHall: 0 };
  let cablesUsd = 0;
  let cablesW = 0;
  for (const t of ['nodeLeaf', 'leafSpine', 'spineCore'] as const) {
    const n = links[t];
    const c = lengths[t];
    if (c === 'in-rack') cables.inRack += n;
    else if (c === 'in-row') cables.inRow += n;
    else cables.crossHall += n;
    const m = mediaOf(c, linkGbps, a);
    cablesUsd += n * cablePriceUsd(m, linkGbps, a);
    cablesW += n * cablePowerW(m, linkGbps, a);
  }
  return { cables, cablesUsd, cablesW };
}
