/**
 * The racks section: one front elevation per distinct rack type (equipment
 * placed U by U) and the per-rack power table.
 */
import type { Catalog } from '../catalog';
import type { RackResult, Results } from '../evaluate';
import type { Design } from '../model';
import { chunk, partName, type ReportContext } from './context';
import { formatNum, formatNumber, num } from './format';
import type { MsgKey } from './i18n';
import type { Block, Section } from './model';
import { rackElevationSvg, type RackDevice, type RackView } from './svg';

/** Equipment of one kind in a rack, as the design places it. */
export interface RackItem {
  partId: string;
  label: string;
  slotU: number | undefined;
  quantity: number;
  heightU: number;
  category: RackDevice['category'];
}

/** Servers, switches and storage per rack id. PDUs are zero-U (mounted at the back): not drawn in the front elevation. */
export function rackItems(design: Design, catalog: Catalog): Map<string, RackItem[]> {
  const itemsByRack = new Map<string, RackItem[]>();
  const push = (rackId: string | undefined, it: RackItem) => {
    if (rackId === undefined) return;
    const list = itemsByRack.get(rackId) ?? [];
    list.push(it);
    itemsByRack.set(rackId, list);
  };
  const heightOf = (partId: string): number => {
    const p = catalog.get(partId);
    return p && 'heightU' in p && typeof p.heightU === 'number' ? p.heightU : 1;
  };
  for (const s of design.servers) {
    push(s.rackId, { partId: s.partId, label: s.name ?? partName(catalog, s.partId), slotU: s.slotU, quantity: s.quantity, heightU: heightOf(s.partId), category: 'server' });
  }
  for (const s of design.switches) {
    push(s.rackId, { partId: s.partId, label: s.name ?? partName(catalog, s.partId), slotU: s.slotU, quantity: s.quantity, heightU: heightOf(s.partId), category: 'switch' });
  }
  for (const s of design.storage) {
    push(s.rackId, { partId: s.partId, label: s.name ?? partName(catalog, s.partId), slotU: s.slotU, quantity: s.quantity, heightU: heightOf(s.partId), category: 'storage' });
  }
  return itemsByRack;
}

/**
 * Place items in a rack of `rackHeightU`: items with a slot first (each of
 * `quantity` stacked upwards), then the rest from the lowest free U. At most
 * rackHeightU copies of an item are drawn (each takes at least 1U): a
 * quantity of millions must not loop millions of times.
 */
export function placeDevices(items: readonly RackItem[], rackHeightU: number): RackDevice[] {
  const used = new Set<number>();
  const devices: RackDevice[] = [];
  const placeAt = (slot: number, it: RackItem) => {
    devices.push({ slotU: slot, heightU: it.heightU, label: it.label, category: it.category });
    for (let u = slot; u < slot + it.heightU; u++) used.add(u);
  };
  const drawn = (it: RackItem) => Math.min(it.quantity, rackHeightU);
  for (const it of items.filter((i) => i.slotU !== undefined)) {
    for (let k = 0; k < drawn(it); k++) placeAt(it.slotU! + k * it.heightU, it);
  }
  for (const it of items.filter((i) => i.slotU === undefined)) {
    for (let k = 0; k < drawn(it); k++) {
      let slot = 1;
      const fits = (s: number) => {
        for (let u = s; u < s + it.heightU; u++) if (used.has(u)) return false;
        return true;
      };
      while (slot <= rackHeightU && !fits(slot)) slot++;
      placeAt(slot, it);
    }
  }
  return devices;
}

/** Distinct rack types: racks with the same height and the same equipment in the same slots. */
export function rackTypes(design: Design, results: Results, catalog: Catalog): { view: RackView; racks: RackResult[] }[] {
  const resultById = new Map(results.rackResults.map((r) => [r.rackId, r]));
  const itemsByRack = rackItems(design, catalog);
  const types = new Map<string, { view: RackView; racks: RackResult[]; names: string[] }>();
  for (const rack of design.racks) {
    const items = itemsByRack.get(rack.id) ?? [];
    const sig = JSON.stringify([
      rack.heightU,
      rack.cooling,
      [...items].map((i) => [i.partId, i.label, i.slotU ?? -1, i.quantity]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    ]);
    const result = resultById.get(rack.id);
    const existing = types.get(sig);
    if (existing) {
      if (result) existing.racks.push(result);
      if (!existing.names.includes(rack.name)) existing.names.push(rack.name);
      continue;
    }
    const devices = placeDevices(items, rack.heightU);
    types.set(sig, { view: { title: rack.name, heightU: rack.heightU, devices }, racks: result ? [result] : [], names: [rack.name] });
  }
  return [...types.values()].map(({ view, racks, names }) => ({ view: { ...view, title: names.join(', ') }, racks }));
}

/** Elevations, three rack types per figure. */
export function rackElevationBlocks({ t, catalog, kW }: ReportContext, design: Design, results: Results): Block[] {
  const blocks: Block[] = [];
  const types = rackTypes(design, results, catalog);
  if (types.length === 0) blocks.push({ kind: 'p', text: t('noRacks') });
  const views = types.map(({ view, racks }) => {
    const count = racks.reduce((s, r) => s + r.count, 0);
    const first = racks[0];
    const sub = first
      ? `${formatNumber(first.usedU, 'int')}/${formatNumber(first.heightU, 'int')} ${t('uU')} · ${formatNum(kW(first.itPowerW / 1000))} · ${t(`path.${first.cooling}` as MsgKey)}`
      : `${formatNumber(view.heightU, 'int')} ${t('uU')}`;
    return { ...view, title: `${view.title} × ${formatNumber(count, 'int')}`, subtitle: sub };
  });
  chunk(views, 3).forEach((group, i) => {
    blocks.push({
      kind: 'figure',
      id: `racks-${i + 1}`,
      caption: t('racksCaption'),
      alt: group.map((v) => `${v.title}: ${v.devices.map((d) => `U${d.slotU} ${d.label}`).join(', ')}`).join('; '),
      svg: rackElevationSvg(group, { label: t('secRacks'), uPx: group.some((v) => v.heightU > 48) ? 8 : 10 }),
    });
  });
  return blocks;
}

/** Power, budget, cooling and space of each rack (one line per rack definition). */
export function rackPowerTable({ t }: ReportContext, results: Results): Block {
  return {
    kind: 'table',
    id: 'rack-power',
    caption: t('perRack'),
    columns: [
      { label: t('rack') },
      { label: t('count'), align: 'right' },
      { label: t('cooling') },
      { label: `${t('nameplatePower')} (${t('uKW')})`, align: 'right' },
      { label: `${t('typicalPower')} (${t('uKW')})`, align: 'right' },
      { label: `${t('budgetKW')} (${t('uKW')})`, align: 'right' },
      { label: `${t('coolingCapacity')} (${t('uKW')})`, align: 'right' },
      { label: `${t('usedU')} (${t('uU')})`, align: 'right' },
      { label: t('accelerators'), align: 'right' },
    ],
    rows: results.rackResults.map((r) => [
      r.name,
      num(r.count, 'int'),
      t(`path.${r.cooling}` as MsgKey),
      num(r.itPowerW / 1000, 'd1'),
      num(r.typicalPowerW / 1000, 'd1'),
      num(r.budgetW / 1000, 'd1'),
      r.coolingCapacityW === null ? null : num(r.coolingCapacityW / 1000, 'd1'),
      `${formatNumber(r.usedU, 'int')}/${formatNumber(r.heightU, 'int')}`,
      num(r.accelerators, 'int'),
    ]),
  };
}

export function racksSection(ctx: ReportContext, design: Design, results: Results): Section {
  const blocks = rackElevationBlocks(ctx, design, results);
  if (results.rackResults.length > 0) blocks.push(rackPowerTable(ctx, results));
  return { id: 'racks', title: ctx.t('secRacks'), pageBreak: true, blocks };
}
