/**
 * Drawn cables: each cable line stands for quantity x the larger multiplier of its
 * two ends. Its length class comes from its length (or same rack / not); its part
 * is the slowest catalog cable of its media that carries its speed, and a fibre
 * needs a single-port transceiver at each end (singlemode beyond the row).
 */
import type { Catalog } from '../catalog';
import type { CableSpec, TransceiverSpec } from '../catalog/types';
import type { Cable } from '../model/design';
import type { EntityPlaces } from '../inventory/placement';
import { bomEntry } from '../power/bom';
import type { CableCountLine } from '../results';
import { countCables, countTransceivers, type NetworkCounts } from './stage-counts';

/** In-rack up to 3 m, in-row up to 50 m, cross-hall beyond; without a length, by whether both ends share a rack. */
export function lengthClassOf(lengthM: number | undefined, sameRack: boolean): CableCountLine['lengthClass'] {
  if (lengthM === undefined) return sameRack ? 'in-rack' : 'in-row';
  if (lengthM <= 3) return 'in-rack';
  if (lengthM <= 50) return 'in-row';
  return 'cross-hall';
}

/** The slowest cable of a media that carries `gbps` (else the fastest of that media). */
export function pickCable(cables: readonly CableSpec[], media: string, gbps: number): CableSpec | undefined {
  const fits = cables.filter((c) => c.media === media && c.speedGbps >= gbps).sort((x, y) => x.speedGbps - y.speedGbps || (x.id < y.id ? -1 : 1));
  return fits[0] ?? cables.filter((c) => c.media === media).sort((x, y) => y.speedGbps - x.speedGbps)[0];
}

/** The slowest, then least power-hungry, single-port module of the fibre mode that carries `gbps`. */
export function pickTransceiver(transceivers: readonly TransceiverSpec[], gbps: number, singlemode: boolean): TransceiverSpec | undefined {
  const media = singlemode ? 'singlemode' : 'multimode';
  const fits = transceivers
    .filter((t) => t.media === media && t.portsPerModule === 1 && t.speedGbps >= gbps)
    .sort((x, y) => x.speedGbps - y.speedGbps || x.powerW - y.powerW || (x.id < y.id ? -1 : 1));
  return fits[0];
}

/** Count the drawn cables into `counts`; returns the ids of the entities they connect. */
export function addDrawnCables(cables: readonly Cable[], places: EntityPlaces, catalog: Catalog, counts: NetworkCounts): Set<string> {
  const cabled = new Set<string>();
  const cableParts = catalog.cables();
  const tcvrParts = catalog.transceivers();
  for (const c of cables) {
    const f = places.get(c.from.entityId);
    const t = places.get(c.to.entityId);
    const n = c.quantity * Math.max(f?.mult ?? 1, t?.mult ?? 1);
    cabled.add(c.from.entityId);
    cabled.add(c.to.entityId);
    const lc = lengthClassOf(c.lengthM, f?.rackId !== undefined && f.rackId === t?.rackId);
    countCables(counts, c.media, lc, c.linkGbps, n);
    const part = pickCable(cableParts, c.media, c.linkGbps);
    if (part) {
      counts.bom.push(bomEntry(part, 'optics-cables', n));
      counts.loads.push({ typicalW: part.powerW * n, maxW: part.powerW * n, switchesW: 0, opticsW: part.powerW * n });
    }
    if (c.media === 'fibre') {
      const tc = pickTransceiver(tcvrParts, c.linkGbps, lc === 'cross-hall');
      if (tc) {
        countTransceivers(counts, tc.id, 2 * n);
        counts.bom.push(bomEntry(tc, 'optics-cables', 2 * n));
        counts.loads.push({ typicalW: tc.powerW * 2 * n, maxW: tc.powerW * 2 * n, switchesW: 0, opticsW: tc.powerW * 2 * n });
      }
    }
  }
  return cabled;
}
