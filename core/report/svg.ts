/**
 * Inline SVG figures for reports: bar charts, a stacked bar, a fabric
 * topology diagram and rack elevations. Pure string builders: no DOM, no
 * fonts or images loaded from anywhere. Values are formatted by the caller
 * (through formatNumber) and passed in as text, so charts show report digits.
 */

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Rough text width in px: CJK glyphs are about 1em wide, Latin about 0.56em. */
export function textWidth(s: string, fontPx: number): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x2e80 ? fontPx : c === 32 ? fontPx * 0.3 : fontPx * 0.56;
  }
  return w;
}

/** Cut text to fit a width, ending with an ellipsis when cut. */
export function fitText(s: string, maxPx: number, fontPx: number): string {
  if (textWidth(s, fontPx) <= maxPx) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(out + ch + '…', fontPx) > maxPx) break;
    out += ch;
  }
  return out + '…';
}

export const PALETTE = ['#2f6db5', '#e07b28', '#3a9a5b', '#c23b3b', '#7b5ea7', '#1b9aaa', '#b8860b', '#6b7a8f', '#d45d9a'];

const FONT = 'font-family="Noto Sans CJK SC, Noto Sans, DejaVu Sans, Arial, sans-serif"';

/**
 * Figures are made for inline use in HTML, where the SVG namespace is implied,
 * so they carry no xmlns (and the HTML report contains no URL at all).
 * `standaloneSvg` adds it for use as an image file or data URI.
 */
function svgOpen(width: number, height: number, label: string): string {
  return (
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeXml(label)}" ${FONT} font-size="11">`
  );
}

export function standaloneSvg(svg: string): string {
  return svg.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ');
}

export interface Bar {
  label: string;
  value: number;
  /** The value as the report prints it. */
  text: string;
  color?: string;
}

/** Horizontal bar chart: one labelled bar per row, value text at its end. */
export function barChartSvg(bars: Bar[], opts: { label: string; width?: number }): string {
  const width = opts.width ?? 640;
  const rowH = 22;
  const labelW = Math.min(230, Math.max(90, ...bars.map((b) => textWidth(b.label, 11) + 12)));
  const valueW = Math.max(60, ...bars.map((b) => textWidth(b.text, 11) + 10));
  const plotW = width - labelW - valueW - 8;
  const max = Math.max(0, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const height = bars.length * rowH + 10;
  let s = svgOpen(width, height, opts.label);
  bars.forEach((b, i) => {
    const y = 5 + i * rowH;
    const v = Number.isFinite(b.value) && b.value > 0 ? b.value : 0;
    const w = max > 0 ? (v / max) * plotW : 0;
    const color = b.color ?? PALETTE[i % PALETTE.length];
    s += `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" fill="#222">${escapeXml(fitText(b.label, labelW - 12, 11))}</text>`;
    s += `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}" rx="2"/>`;
    s += `<text x="${(labelW + w + 5).toFixed(1)}" y="${y + 15}" fill="#222">${escapeXml(b.text)}</text>`;
  });
  s += `<line x1="${labelW}" y1="4" x2="${labelW}" y2="${height - 4}" stroke="#888" stroke-width="1"/>`;
  return s + '</svg>';
}

/** One horizontal bar split into segments, with a legend below (step-time breakdown). */
export function stackedBarSvg(segments: Bar[], opts: { label: string; totalText: string; width?: number }): string {
  const width = opts.width ?? 640;
  const barH = 34;
  const total = segments.reduce((a, b) => a + (Number.isFinite(b.value) && b.value > 0 ? b.value : 0), 0);
  const legendCols = 2;
  const legendRows = Math.ceil(segments.length / legendCols);
  const height = 28 + barH + 14 + legendRows * 18 + 6;
  let s = svgOpen(width, height, opts.label);
  s += `<text x="0" y="14" font-weight="bold" fill="#222">${escapeXml(opts.totalText)}</text>`;
  let x = 0;
  segments.forEach((seg, i) => {
    const v = Number.isFinite(seg.value) && seg.value > 0 ? seg.value : 0;
    const w = total > 0 ? (v / total) * width : 0;
    const color = seg.color ?? PALETTE[i % PALETTE.length];
    if (w > 0) s += `<rect x="${x.toFixed(1)}" y="22" width="${w.toFixed(1)}" height="${barH}" fill="${color}"/>`;
    x += w;
  });
  const colW = width / legendCols;
  segments.forEach((seg, i) => {
    const lx = (i % legendCols) * colW;
    const ly = 22 + barH + 14 + Math.floor(i / legendCols) * 18;
    const color = seg.color ?? PALETTE[i % PALETTE.length];
    s += `<rect x="${lx}" y="${ly}" width="10" height="10" fill="${color}"/>`;
    s += `<text x="${lx + 15}" y="${ly + 9}" fill="#222">${escapeXml(fitText(`${seg.label}: ${seg.text}`, colW - 20, 11))}</text>`;
  });
  return s + '</svg>';
}

export interface TopologyTier {
  /** Tier name as shown (Core, Spine, Leaf, Servers, Accelerators). */
  label: string;
  count: number;
  /** Count as the report prints it. */
  countText: string;
  /** Part name (switch or server model). */
  detail?: string;
}

/**
 * A schematic of the fabric: one row of boxes per tier, top (core) to bottom
 * (servers), each labelled with its count; up to `maxBoxes` boxes are drawn
 * per row with an ellipsis standing for the rest.
 */
export function topologySvg(tiers: TopologyTier[], opts: { label: string; width?: number; maxBoxes?: number }): string {
  const width = opts.width ?? 640;
  const maxBoxes = opts.maxBoxes ?? 8;
  const labelW = 190;
  const rowH = 70;
  const boxH = 22;
  const height = tiers.length * rowH + 10;
  const plotX = labelW;
  const plotW = width - labelW - 10;
  let s = svgOpen(width, height, opts.label);
  // Centre x of each drawn box per tier; NaN marks the ellipsis slot.
  const centres: number[][] = tiers.map((tier) => {
    const many = tier.count > maxBoxes;
    const shown = Math.max(1, Math.min(maxBoxes, tier.count));
    const slots = many ? shown + 1 : shown;
    const slotW = plotW / slots;
    return Array.from({ length: slots }, (_, i) => (many && i === slots - 2 ? Number.NaN : plotX + slotW * (i + 0.5)));
  });
  // Links between adjacent tiers (drawn first, under the boxes).
  for (let r = 0; r + 1 < tiers.length; r++) {
    const up = centres[r] ?? [];
    const down = centres[r + 1] ?? [];
    const y1 = 5 + r * rowH + 30 + boxH;
    const y2 = 5 + (r + 1) * rowH + 30;
    for (const a of up) {
      if (!Number.isFinite(a)) continue;
      for (const b of down) {
        if (!Number.isFinite(b)) continue;
        s += `<line x1="${a.toFixed(1)}" y1="${y1}" x2="${b.toFixed(1)}" y2="${y2}" stroke="#9aa7b8" stroke-width="0.6"/>`;
      }
    }
  }
  tiers.forEach((tier, r) => {
    const y = 5 + r * rowH;
    const color = PALETTE[r % PALETTE.length];
    s += `<text x="0" y="${y + 38}" font-weight="bold" fill="#222">${escapeXml(fitText(`${tier.label} × ${tier.countText}`, labelW - 10, 12))}</text>`;
    if (tier.detail) {
      s += `<text x="0" y="${y + 54}" fill="#555" font-size="10">${escapeXml(fitText(tier.detail, labelW - 10, 10))}</text>`;
    }
    const row = centres[r] ?? [];
    const slotW = plotW / row.length;
    const boxW = Math.min(56, slotW - 8);
    row.forEach((cx, i) => {
      if (!Number.isFinite(cx)) {
        const ex = plotX + slotW * (i + 0.5);
        s += `<text x="${ex.toFixed(1)}" y="${y + 46}" text-anchor="middle" font-size="16" fill="#555">…</text>`;
        return;
      }
      s += `<rect x="${(cx - boxW / 2).toFixed(1)}" y="${y + 30}" width="${boxW.toFixed(1)}" height="${boxH}" rx="3" fill="${color}" stroke="#fff"/>`;
    });
  });
  return s + '</svg>';
}

export interface RackDevice {
  /** Lowest U (1-based). */
  slotU: number;
  heightU: number;
  label: string;
  category: 'server' | 'switch' | 'storage' | 'pdu' | 'other';
}

export interface RackView {
  title: string;
  subtitle?: string;
  heightU: number;
  devices: RackDevice[];
}

const DEVICE_COLORS: Record<RackDevice['category'], string> = {
  server: '#2f6db5',
  switch: '#3a9a5b',
  storage: '#e07b28',
  pdu: '#6b7a8f',
  other: '#7b5ea7',
};

/** Front elevations of racks side by side: U numbers, devices in their slots, empty U as lines. */
export function rackElevationSvg(racks: RackView[], opts: { label: string; uPx?: number }): string {
  const uPx = opts.uPx ?? 11;
  const rackW = 200;
  const gap = 34;
  const top = 40;
  const maxU = Math.max(1, ...racks.map((r) => r.heightU));
  const width = Math.max(1, racks.length) * (rackW + gap);
  const height = top + maxU * uPx + 14;
  let s = svgOpen(width, height, opts.label);
  racks.forEach((rack, i) => {
    const x0 = i * (rackW + gap) + 22;
    const bodyW = rackW - 22;
    const y0 = top + (maxU - rack.heightU) * uPx;
    s += `<text x="${x0}" y="${y0 - 22}" font-weight="bold" fill="#222">${escapeXml(fitText(rack.title, rackW, 11))}</text>`;
    if (rack.subtitle) {
      s += `<text x="${x0}" y="${y0 - 8}" fill="#555" font-size="10">${escapeXml(fitText(rack.subtitle, rackW, 10))}</text>`;
    }
    s += `<rect x="${x0}" y="${y0}" width="${bodyW}" height="${rack.heightU * uPx}" fill="#f4f5f7" stroke="#333" stroke-width="1.2"/>`;
    for (let u = 1; u <= rack.heightU; u++) {
      const y = y0 + (rack.heightU - u) * uPx;
      if (u > 1) s += `<line x1="${x0}" y1="${y + uPx}" x2="${x0 + bodyW}" y2="${y + uPx}" stroke="#dde0e4" stroke-width="0.5"/>`;
      if (u === 1 || u % 5 === 0 || u === rack.heightU) {
        s += `<text x="${x0 - 3}" y="${y + uPx - 2}" text-anchor="end" font-size="8" fill="#777">${u}</text>`;
      }
    }
    for (const d of rack.devices) {
      const hi = Math.min(rack.heightU, d.slotU + d.heightU - 1);
      const hU = hi - d.slotU + 1;
      if (hU <= 0) continue;
      const y = y0 + (rack.heightU - hi) * uPx;
      const h = hU * uPx;
      s += `<rect x="${x0 + 1}" y="${y + 0.5}" width="${bodyW - 2}" height="${h - 1}" fill="${DEVICE_COLORS[d.category]}" stroke="#fff" stroke-width="0.5"/>`;
      const fs = Math.min(10, Math.max(7, h - 3));
      s += `<text x="${x0 + 5}" y="${(y + h / 2 + fs / 2 - 1).toFixed(1)}" font-size="${fs}" fill="#fff">${escapeXml(fitText(d.label, bodyW - 10, fs))}</text>`;
    }
  });
  return s + '</svg>';
}
