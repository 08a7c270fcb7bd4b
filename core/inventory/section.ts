/**
 * The inventory and compute sections of results: counts by type (sorted by key),
 * drawn plus generated switches, and the compute sums in results' units.
 */
import type { NetworkCounts } from '../network/stage';
import { round } from '../round';
import type { CountLine, Results } from '../results';
import type { Inventory } from './stage';

const sortLines = (m: ReadonlyMap<string, number>): CountLine[] =>
  [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([key, count]) => ({ key, count }));

export function inventorySection(inv: Inventory, net: NetworkCounts, coolingUnits: number): Results['inventory'] {
  const drawn = inv.switchesByTier;
  const gen = net.generatedByTier;
  return {
    accelerators: inv.accelerators,
    acceleratorsByType: sortLines(inv.acceleratorsByType),
    servers: inv.serverCount,
    serversByType: sortLines(inv.serversByType),
    racks: inv.placement.rackInstances,
    switches: {
      total: inv.switchesDrawn + net.switchesGenerated,
      drawn: inv.switchesDrawn,
      generated: net.switchesGenerated,
      byTier: { leaf: drawn.leaf + gen.leaf, spine: drawn.spine + gen.spine, core: drawn.core + gen.core, other: drawn.other },
      byRole: sortLines(inv.switchesByRole),
    },
    nics: inv.nics,
    transceivers: net.transceivers,
    transceiversByType: sortLines(net.transceiversByType),
    cables: net.cables,
    cablesByType: [...net.cableLines.values()].sort((x, y) => (x.media + x.lengthClass + x.linkGbps < y.media + y.lengthClass + y.linkGbps ? -1 : 1)),
    coolingUnits,
    storageSystems: inv.storageSystems,
    pdus: inv.pduCount,
  };
}

/** Peak PFLOPS (dense), HBM TB, scale-up TB/s and scale-out Tb/s summed over accelerators; storage. */
export function computeSection(inv: Inventory): Results['compute'] {
  return {
    peakPflops: { bf16: round(inv.peakTflops.bf16 / 1000), fp16: round(inv.peakTflops.fp16 / 1000), fp8: round(inv.peakTflops.fp8 / 1000) },
    hbmTB: round(inv.hbmGB / 1000),
    scaleUpTBps: round(inv.scaleUpGBps / 1000),
    scaleOutTbps: round(inv.scaleOutGbps / 1000),
    storageCapacityTB: round(inv.storageTB),
    storageReadGBps: round(inv.storageReadGBps),
  };
}
