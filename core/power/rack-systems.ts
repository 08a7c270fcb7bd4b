/**
 * Rack-scale systems (GB200 NVL72, CloudMatrix 384, ...): the compute nameplate the
 * racks are budgeted on, the same plus the scale-up switches and optics the nameplate
 * leaves out (as the engine counts the IT load), and the all-in figure published for the
 * system (catalog allInPowerW) when there is one, side by side per system.
 */
import type { PlacedServer } from '../inventory/stage';
import type { RackSystemPower } from '../results';
import { kw } from '../round';

/** One line per rack-scale system model in the design, by part id. */
export function rackSystemPower(servers: readonly PlacedServer[]): RackSystemPower[] {
  const byModel = new Map<string, RackSystemPower>();
  for (const s of servers) {
    const spec = s.spec;
    if (!(spec.isRack || spec.scaleUpFabric) || !(s.total > 0)) continue;
    const f = spec.scaleUpFabric;
    const outsideW = f && !f.inNameplate ? f.switchChips * f.switchChipPowerW + f.optics * f.opticsPowerW : 0;
    const line = byModel.get(spec.id) ?? {
      partId: spec.id,
      name: spec.name,
      systems: 0,
      racksPerSystem: f?.racks ?? 1,
      nameplateKW: kw(spec.maxPowerW),
      scaleUpOutsideKW: kw(outsideW),
      modelledKW: kw(spec.maxPowerW + outsideW),
      allInKW: spec.allInPowerW === undefined ? null : kw(spec.allInPowerW),
    };
    line.systems += s.total;
    byModel.set(spec.id, line);
  }
  return [...byModel.values()].sort((x, y) => (x.partId < y.partId ? -1 : 1));
}
