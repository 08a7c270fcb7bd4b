/**
 * The one-line diagram of a design's power chain: utility, MV/LV transformers,
 * the LV switchgear with the standby generators, the UPS with its batteries, the
 * busway and rack PDUs and the IT racks, and the cooling plant fed from the LV
 * switchgear. One layout serves the results panel (drawn as SVG elements) and the
 * reports (as an SVG string). Every figure is read from Results.facility and
 * formatted by the caller.
 */
import type { FacilitySection, FacilityStageLine } from '../results';
import { escapeXml, fitText } from './svg';

export interface OneLineLabels {
  utility: string;
  transformers: string;
  generators: string;
  lvSwitchgear: string;
  ups: string;
  battery: string;
  distribution: string;
  itRacks: string;
  coolingPlant: string;
  /** "load {pct}" */
  load: (pct: string) => string;
  /** "η {pct}" */
  efficiency: (pct: string) => string;
  /** "loss {kw}" */
  loss: (kw: string) => string;
  title: string;
}

export interface OneLineFormat {
  /** kW as the caller prints it, with unit ("1.2 MW"). */
  kw: (v: number) => string;
  /** kVA with unit. */
  kva: (v: number) => string;
  /** A share 0..1 as a percentage text ("32%"). */
  pct: (v: number) => string;
  /** An integer. */
  int: (v: number) => string;
}

export interface OneLineBox {
  id: 'utility' | 'transformer' | 'lv' | 'generator' | 'ups' | 'battery' | 'distribution' | 'it' | 'cooling';
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  /** Standby equipment is drawn dashed. */
  standby?: boolean;
}

export interface OneLineLayout {
  width: number;
  height: number;
  boxes: OneLineBox[];
  /** Connections as polylines of points. */
  wires: Array<{ points: Array<[number, number]>; standby?: boolean }>;
}

const BOX_W = 118;
const BOX_H = 58;
const GAP = 20;
const TOP = 14;

function units(s: FacilityStageLine | undefined, f: OneLineFormat, rating: (v: number) => string): string {
  if (!s || s.units === 0 || s.unitKVA === null) return '—';
  return `${f.int(s.units)} × ${rating(s.unitKVA)}${s.redundancy ? ` (${s.redundancy})` : ''}`;
}

function running(s: FacilityStageLine | undefined, l: OneLineLabels, f: OneLineFormat): string[] {
  if (!s) return [];
  const out: string[] = [];
  if (s.loadFraction > 0) out.push(`${l.load(f.pct(s.loadFraction))} · ${l.efficiency(f.pct(s.efficiency))}`);
  else if (s.efficiency > 0 && s.efficiency < 1) out.push(l.efficiency(f.pct(s.efficiency)));
  if (s.lossKW > 0) out.push(l.loss(f.kw(s.lossKW)));
  return out;
}

/** Boxes and wires of the one-line diagram. */
export function oneLineLayout(fac: FacilitySection, itKW: number, coolingKW: number, l: OneLineLabels, f: OneLineFormat): OneLineLayout {
  const st = (k: FacilityStageLine['stage']) => fac.electrical.stages.find((s) => s.stage === k);
  const tx = st('transformer');
  const gen = st('generator');
  const ups = st('ups');
  const dist = st('distribution');
  const x = (i: number) => 6 + i * (BOX_W + GAP);
  const row2 = TOP + BOX_H + 34;
  const boxes: OneLineBox[] = [
    { id: 'utility', x: x(0), y: TOP, w: BOX_W, h: BOX_H, lines: [l.utility, f.kw(fac.designDay.facilityPowerKW)] },
    { id: 'transformer', x: x(1), y: TOP, w: BOX_W, h: BOX_H, lines: [l.transformers, units(tx, f, f.kva), ...running(tx, l, f)] },
    { id: 'lv', x: x(2), y: TOP, w: BOX_W, h: BOX_H, lines: [l.lvSwitchgear] },
    { id: 'ups', x: x(3), y: TOP, w: BOX_W, h: BOX_H, lines: [l.ups, units(ups, f, f.kva), ...running(ups, l, f)] },
    { id: 'distribution', x: x(4), y: TOP, w: BOX_W, h: BOX_H, lines: [l.distribution, ...running(dist, l, f)] },
    { id: 'it', x: x(5), y: TOP, w: BOX_W, h: BOX_H, lines: [l.itRacks, f.kw(itKW)] },
    {
      id: 'generator',
      x: x(2),
      y: row2,
      w: BOX_W,
      h: BOX_H,
      lines: [l.generators, gen && gen.units > 0 && gen.unitKVA !== null ? `${f.int(gen.units)} × ${f.kva(gen.unitKVA)}${gen.redundancy ? ` (${gen.redundancy})` : ''}` : '—'],
      standby: true,
    },
    { id: 'battery', x: x(3), y: row2, w: BOX_W, h: BOX_H, lines: [l.battery, `${f.int(fac.electrical.upsBatteryMinutes)} min`, `${f.int(Math.round(fac.electrical.batteryKWh))} kWh`], standby: true },
    { id: 'cooling', x: x(1), y: row2, w: BOX_W, h: BOX_H, lines: [l.coolingPlant, f.kw(coolingKW)] },
  ];
  const mid = TOP + BOX_H / 2;
  const wires: OneLineLayout['wires'] = [];
  for (let i = 0; i < 5; i++) wires.push({ points: [[x(i) + BOX_W, mid], [x(i + 1), mid]] });
  // Generators and batteries stand by under the switchgear and the UPS.
  wires.push({ points: [[x(2) + BOX_W / 2, row2], [x(2) + BOX_W / 2, TOP + BOX_H]], standby: true });
  wires.push({ points: [[x(3) + BOX_W / 2, row2], [x(3) + BOX_W / 2, TOP + BOX_H]], standby: true });
  // The cooling plant hangs off the LV switchgear, not the UPS.
  wires.push({ points: [[x(2) + 16, TOP + BOX_H], [x(2) + 16, TOP + BOX_H + 17], [x(1) + BOX_W / 2, TOP + BOX_H + 17], [x(1) + BOX_W / 2, row2]] });
  return { width: x(6) - GAP + 6, height: row2 + BOX_H + 8, boxes, wires };
}

/** The one-line diagram as an SVG string (reports). */
export function oneLineSvg(layout: OneLineLayout, title: string): string {
  let s =
    `<svg viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeXml(title)}" ` +
    `font-family="Noto Sans CJK SC, Noto Sans, DejaVu Sans, Arial, sans-serif" font-size="10">`;
  for (const w of layout.wires) {
    s += `<polyline points="${w.points.map(([a, b]) => `${a},${b}`).join(' ')}" fill="none" stroke="#445" stroke-width="1.5"${w.standby ? ' stroke-dasharray="4 3"' : ''}/>`;
  }
  for (const b of layout.boxes) {
    s += `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4" fill="${b.id === 'it' ? '#e8f0fc' : '#fff'}" stroke="#2f6db5" stroke-width="1.2"${b.standby ? ' stroke-dasharray="4 3"' : ''}/>`;
    b.lines.forEach((line, i) => {
      s += `<text x="${b.x + b.w / 2}" y="${b.y + 14 + i * 13}" text-anchor="middle" fill="#222"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(fitText(line, b.w - 8, 10))}</text>`;
    });
  }
  return s + '</svg>';
}
