/**
 * Scale-up networks inside supernode systems (GB200 NVL72 / NVL36x2, GB300 NVL72,
 * CloudMatrix 384): their switch chips, optics and copper cables counted per system
 * from the catalog (ServerSpec.scaleUpFabric), and their power added to the network
 * load when the system's nameplate leaves it out.
 */
import type { PlacedServer } from '../inventory/stage';
import { round } from '../round';
import type { ScaleUpSystemSummary } from '../results';
import { countTransceivers, type NetworkCounts } from './stage-counts';

/** Count the scale-up networks of the design's supernode systems into `counts`; one summary line per system model. */
export function addScaleUpNetworks(servers: readonly PlacedServer[], counts: NetworkCounts): ScaleUpSystemSummary[] {
  const byModel = new Map<string, ScaleUpSystemSummary>();
  for (const si of servers) {
    const f = si.spec.scaleUpFabric;
    if (!f || !(si.total > 0)) continue;
    const n = si.total;
    const switchesW = f.switchChips * f.switchChipPowerW * n;
    const opticsW = f.optics * f.opticsPowerW * n;
    if (!f.inNameplate) counts.loads.push({ typicalW: switchesW + opticsW, maxW: switchesW + opticsW, switchesW, opticsW });
    if (f.optics > 0) countTransceivers(counts, `scale-up:${si.spec.id}`, f.optics * n);
    const line = byModel.get(si.spec.id) ?? {
      serverPartId: si.spec.id,
      systems: 0,
      domainSize: f.domainSize,
      domains: 0,
      racks: 0,
      switchChips: 0,
      optics: 0,
      copperCables: 0,
      powerKW: 0,
      inNameplate: f.inNameplate,
    };
    line.systems += n;
    line.domains += Math.ceil((si.spec.acceleratorsPerServer * n) / f.domainSize);
    line.racks += f.racks * n;
    line.switchChips += f.switchChips * n;
    line.optics += f.optics * n;
    line.copperCables += f.copperCables * n;
    line.powerKW = round(line.powerKW + (switchesW + opticsW) / 1000, 6);
    byModel.set(si.spec.id, line);
  }
  return [...byModel.values()].sort((x, y) => (x.serverPartId < y.serverPartId ? -1 : 1));
}
