/**
 * What the network stage counts, shared by its parts (drawn cables, generated
 * fabrics, the drawn network's shape): cables, transceivers, generated switches,
 * the power the network draws (as an ordered list of loads) and BOM entries.
 */
import type { BomEntry } from '../power/bom';
import type { CableCountLine } from '../results';

/**
 * IT load of one network item, W: typical and nameplate (both air-cooled), and the
 * typical split into switches and optics for the power breakdown.
 */
export interface NetworkLoad {
  typicalW: number;
  maxW: number;
  switchesW: number;
  opticsW: number;
}

/** What a server's scale-out network gives the training engine. */
export interface ServerNetwork {
  /** Scale-out bandwidth per accelerator, Gb/s. */
  nicGbps: number;
  /** Oversubscription a job spanning the whole network sees. */
  oversubscription: number;
  /**
   * A generated fabric's scopes beyond the node, smallest first (leaf, pod, fabric): the accelerators a
   * contiguously placed job can span in each and the oversubscription it sees there. Absent for drawn networks.
   */
  scopes?: Array<{ accelerators: number; oversubscription: number }>;
  inNetworkReduction: boolean;
  /** Switches and links of its network (for failure rates). */
  switches: number;
  links: number;
  /** Accelerators on its network. */
  accelerators: number;
}

export interface NetworkCounts {
  cables: number;
  cableLines: Map<string, CableCountLine>;
  transceivers: number;
  transceiversByType: Map<string, number>;
  switchesGenerated: number;
  generatedByTier: { leaf: number; spine: number; core: number };
  /** In the order counted (the power stage sums them in this order). */
  loads: NetworkLoad[];
  bom: BomEntry[];
}

export function emptyCounts(): NetworkCounts {
  return {
    cables: 0,
    cableLines: new Map(),
    transceivers: 0,
    transceiversByType: new Map(),
    switchesGenerated: 0,
    generatedByTier: { leaf: 0, spine: 0, core: 0 },
    loads: [],
    bom: [],
  };
}

/** Add `count` cables of a media, length class and speed. */
export function countCables(c: NetworkCounts, media: string, lengthClass: CableCountLine['lengthClass'], linkGbps: number, count: number): void {
  const key = `${media}|${lengthClass}|${linkGbps}`;
  const line = c.cableLines.get(key) ?? { media, lengthClass, linkGbps, count: 0 };
  line.count += count;
  c.cableLines.set(key, line);
  c.cables += count;
}

export function countTransceivers(c: NetworkCounts, id: string, count: number): void {
  c.transceivers += count;
  c.transceiversByType.set(id, (c.transceiversByType.get(id) ?? 0) + count);
}
