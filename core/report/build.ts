/**
 * Design + Results -> report model.
 *
 * Every number in the report is read from evaluate()'s Results (or is a count
 * the design itself states, such as a rack's height in U): nothing is
 * recomputed here. The design and catalog supply only names and geometry
 * (what sits in which U of a rack) for the rack elevations.
 */
import { warningText } from '../warning-text';
import { createCatalog, type Catalog } from '../catalog';
import type { Design } from '../model';
import type { EvalWarning, FabricSummary, RackResult, Results } from '../evaluate';
import { formatBytes, formatNum, formatNumber, num, type Num } from './format';
import { MESSAGES, translator, type MsgKey, type Translate } from './i18n';
import type { Block, BomRow, Cell, Lang, ReportModel, Section, Severity, Sheet } from './model';
import { barChartSvg, rackElevationSvg, stackedBarSvg, topologySvg, type RackDevice, type RackView, type TopologyTier } from './svg';

export interface BuildOptions {
  lang: Lang;
  /** Report date, YYYY-MM-DD (the caller decides, so output is deterministic). */
  date: string;
  /** Application version for the cover. */
  appVersion: string;
  /** Catalog for part names and heights (default: the built-in catalog). */
  catalog?: Catalog;
}

// ---------------------------------------------------------------------------
// The training part of Results, read defensively by the names of the CLI
// contract (CLI.md `estimate`): absent or non-numeric fields show as missing.

export interface TrainingView {
  stepTimeS?: number;
  tokensPerSecond?: number;
  mfu?: number;
  hfu?: number;
  modelTflopsPerAccelerator?: number;
  hardwareTflopsPerAccelerator?: number;
  trainingDays?: number;
  memoryPerAcceleratorGiB?: number;
  fitsInMemory?: boolean;
  steps?: number;
  parameters?: number;
  parallelism: Record<string, number | string>;
  breakdown: Record<string, number>;
  memory: Record<string, number>;
  reliability: Record<string, number>;
  /** Where wall-clock hours go (reliability timeBreakdownHours). */
  reliabilityHours?: Record<string, number>;
  stages: { pool: string; acceleratorId?: string; layers?: number; tp?: number; stageTimeS?: number; memoryGiB?: number }[];
  aggregateUtilization?: number;
  uniformSplitTokensPerSecond?: number;
}

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
function numbers(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRec(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

export function trainingView(results: Results): TrainingView | undefined {
  const t: unknown = results.training;
  if (!isRec(t)) return undefined;
  const par: Record<string, number | string> = {};
  if (isRec(t.parallelism)) {
    for (const [k, x] of Object.entries(t.parallelism)) {
      if ((typeof x === 'number' && Number.isFinite(x)) || typeof x === 'string') par[k] = x;
    }
  }
  const stages = Array.isArray(t.stages)
    ? t.stages.filter(isRec).map((s) => ({
        pool: String(s.pool ?? ''),
        acceleratorId: typeof s.acceleratorId === 'string' ? s.acceleratorId : undefined,
        layers: numOf(s.layers),
        tp: numOf(s.tp),
        stageTimeS: numOf(s.stageTimeS),
        memoryGiB: numOf(s.memoryGiB),
      }))
    : [];
  return {
    stepTimeS: numOf(t.stepTimeS),
    tokensPerSecond: numOf(t.tokensPerSecond),
    mfu: numOf(t.mfu),
    hfu: numOf(t.hfu),
    modelTflopsPerAccelerator: numOf(t.modelTflopsPerAccelerator),
    hardwareTflopsPerAccelerator: numOf(t.hardwareTflopsPerAccelerator),
    trainingDays: numOf(t.trainingDays),
    memoryPerAcceleratorGiB: numOf(t.memoryPerAcceleratorGiB),
    fitsInMemory: typeof t.fitsInMemory === 'boolean' ? t.fitsInMemory : undefined,
    steps: numOf(t.steps),
    parameters: numOf(t.parameters),
    parallelism: par,
    breakdown: numbers(t.breakdown),
    memory: numbers(t.memory),
    reliability: numbers(t.reliability),
    reliabilityHours: isRec(t.reliability) && isRec(t.reliability.timeBreakdownHours) ? numbers(t.reliability.timeBreakdownHours) : undefined,
    stages,
    aggregateUtilization: numOf(t.aggregateUtilization),
    uniformSplitTokensPerSecond: numOf(t.uniformSplitTokensPerSecond),
  };
}

/** Step-time components in the order the chart stacks them (CLI.md `breakdown`). */
export const BREAKDOWN_KEYS = ['computeS', 'tpCommS', 'cpCommS', 'epCommS', 'ppCommS', 'pipelineBubbleS', 'dpCommExposedS', 'optimizerS'] as const;

// ---------------------------------------------------------------------------
// Collective tables: evaluate() may attach them (`collectives`: groups of
// rows from core/network/collectives.ts collectiveTable). Read defensively.

interface CollectiveRowView {
  op: string;
  bytes: number;
  timeS: number;
  algorithm: string;
  algbwGBps: number;
  busbwGBps: number;
}
interface CollectiveGroupView {
  name: string;
  rows: CollectiveRowView[];
}

export function collectiveGroups(results: Results): CollectiveGroupView[] {
  const raw: unknown = (results as unknown as Record<string, unknown>).collectives;
  const toRows = (v: unknown): CollectiveRowView[] =>
    Array.isArray(v)
      ? v.filter(isRec).flatMap((r) => {
          const bytes = numOf(r.bytes);
          const timeS = numOf(r.timeS);
          const algbw = numOf(r.algbwGBps);
          const busbw = numOf(r.busbwGBps);
          if (bytes === undefined || timeS === undefined || algbw === undefined || busbw === undefined) return [];
          return [{ op: String(r.op ?? ''), bytes, timeS, algorithm: String(r.algorithm ?? ''), algbwGBps: algbw, busbwGBps: busbw }];
        })
      : [];
  if (Array.isArray(raw)) {
    // Either rows directly, or groups {name|group, rows|table}.
    if (raw.every((x) => isRec(x) && ('rows' in x || 'table' in x))) {
      return raw.filter(isRec).map((g) => ({ name: String(g.name ?? g.group ?? g.label ?? ''), rows: toRows(g.rows ?? g.table) }));
    }
    const rows = toRows(raw);
    return rows.length > 0 ? [{ name: '', rows }] : [];
  }
  if (isRec(raw)) {
    return Object.entries(raw).map(([name, v]) => ({ name, rows: toRows(isRec(v) ? (v.rows ?? v.table) : v) }));
  }
  return [];
}

// ---------------------------------------------------------------------------

function sevLabel(t: Translate, s: Severity): string {
  return s === 'error' ? t('sevError') : s === 'warning' ? t('sevWarning') : t('sevInfo');
}

function warningsBlock(t: Translate, ws: readonly EvalWarning[], lang: Lang): Block {
  return {
    kind: 'warnings',
    items: ws.map((w) => ({
      severity: w.severity,
      severityLabel: sevLabel(t, w.severity),
      code: w.code,
      message: warningText(w, lang),
      entities: w.entityIds.join(', '),
    })),
  };
}

function partName(catalog: Catalog, id: string): string {
  return catalog.get(id)?.name ?? id;
}

function fabricTiers(t: Translate, f: FabricSummary, switchName: string): TopologyTier[] {
  const tiers: TopologyTier[] = [];
  const add = (key: MsgKey, n: number, detail?: string) => tiers.push({ label: t(key), count: n, countText: formatNumber(n, 'int'), detail });
  if (f.switches.core > 0) add('tierCore', f.switches.core, switchName);
  if (f.switches.spine > 0) add('tierSpine', f.switches.spine, switchName);
  add('tierLeaf', f.switches.leaf, switchName);
  add('tierServers', f.nodes, `${formatNumber(f.accelerators, 'int')} ${t('accelerators')}`);
  return tiers;
}

/** Distinct rack types: racks with the same height and the same equipment in the same slots. */
export function rackTypes(design: Design, results: Results, catalog: Catalog): { view: RackView; racks: RackResult[] }[] {
  const resultById = new Map(results.rackResults.map((r) => [r.rackId, r]));
  interface Item {
    partId: string;
    label: string;
    slotU: number | undefined;
    quantity: number;
    heightU: number;
    category: RackDevice['category'];
  }
  const itemsByRack = new Map<string, Item[]>();
  const push = (rackId: string | undefined, it: Item) => {
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
  // PDUs are zero-U (mounted at the back): not drawn in the front elevation.

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
    // Place: items with a slot first (each of `quantity` stacked upwards), then the rest from the lowest free U.
    const used = new Set<number>();
    const devices: RackDevice[] = [];
    const placeAt = (slot: number, it: Item) => {
      devices.push({ slotU: slot, heightU: it.heightU, label: it.label, category: it.category });
      for (let u = slot; u < slot + it.heightU; u++) used.add(u);
    };
    // At most heightU copies of an item can be drawn in a rack (each takes at least 1U): a
    // quantity of millions must not loop millions of times.
    const drawn = (it: Item) => Math.min(it.quantity, rack.heightU);
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
        while (slot <= rack.heightU && !fits(slot)) slot++;
        placeAt(slot, it);
      }
    }
    types.set(sig, { view: { title: rack.name, heightU: rack.heightU, devices }, racks: result ? [result] : [], names: [rack.name] });
  }
  return [...types.values()].map(({ view, racks, names }) => ({ view: { ...view, title: names.join(', ') }, racks }));
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Build the report model of one design from its Results. */
export function buildReport(design: Design, results: Results, opts: BuildOptions): ReportModel {
  const t = translator(opts.lang);
  const catalog = opts.catalog ?? createCatalog();
  const kW = (v: number | null | undefined, style: 'd1' | 'd2' = 'd1'): Num => num(v, style, t('uKW'));
  const tr = trainingView(results);
  const sections: Section[] = [];
  const p = results.power;

  // ---- Warnings (first, when present) ----
  if (results.warnings.length > 0) {
    sections.push({
      id: 'warnings',
      title: `${t('secWarnings')} (${formatNumber(results.warnings.length, 'int')})`,
      pageBreak: true,
      blocks: [{ kind: 'p', text: t('warningsIntro') }, warningsBlock(t, results.warnings, opts.lang)],
    });
  }

  // ---- Summary ----
  const stats: Extract<Block, { kind: 'stats' }>['items'] = [
    { id: 'accelerators', label: t('accelerators'), value: num(results.accelerators, 'int') },
    { id: 'servers', label: t('servers'), value: num(results.servers, 'int') },
    { id: 'racks', label: t('racks'), value: num(results.racks, 'int') },
    { id: 'switches', label: t('switches'), value: num(results.switches, 'int') },
    { id: 'peakPflops', label: t('peakPflops'), value: num(results.compute.peakPflops.bf16, 'd1', t('uPflops')), note: 'BF16' },
    { id: 'itPower', label: t('itPower'), value: kW(results.itPowerKW) },
    { id: 'facilityPower', label: t('facilityPower'), value: kW(results.facilityPowerKW) },
    { id: 'pue', label: t('pue'), value: num(results.pue, 'd2') },
    { id: 'wue', label: t('wue'), value: num(p.wueLPerKWh, 'd2', t('uLPerKWh')) },
    { id: 'maxRackPower', label: t('maxRackPower'), value: kW(results.maxRackPowerKW) },
    { id: 'annualEnergy', label: t('annualEnergy'), value: num(results.annualEnergyMWh, 'int', t('uMWh')) },
    { id: 'capex', label: t('capex'), value: num(results.capexUsd, 'usd') },
    { id: 'opexYear', label: t('opexYear'), value: num(results.cost.opexPerYearUsd, 'usd') },
  ];
  if (tr) {
    stats.push(
      { id: 'trainingDays', label: t('trainingDays'), value: num(tr.trainingDays, 'd1', t('uDays')) },
      { id: 'wallClockDays', label: t('wallClockDays'), value: num(tr.reliability.wallClockDays, 'd1', t('uDays')) },
      { id: 'tokensPerSecond', label: t('tokensPerSecond'), value: num(tr.tokensPerSecond, 'int') },
      { id: 'mfu', label: t('mfu'), value: num(tr.mfu, 'pct') },
    );
    if (results.runEnergyMWh !== undefined) stats.push({ id: 'runEnergy', label: t('runEnergy'), value: num(results.runEnergyMWh, 'int', t('uMWh')) });
    if (results.runCostUsd !== undefined) stats.push({ id: 'runCost', label: t('runCost'), value: num(results.runCostUsd, 'usd') });
    if (results.runCO2Tonnes !== undefined) stats.push({ id: 'runCO2', label: t('runCO2'), value: num(results.runCO2Tonnes, 'int', t('uTonnes')) });
  }
  const inv = results.inventory;
  const invRows: Cell[][] = [
    ...inv.acceleratorsByType.map((l): Cell[] => [t('accelerators'), partName(catalog, l.key), num(l.count, 'int')]),
    ...inv.serversByType.map((l): Cell[] => [t('servers'), partName(catalog, l.key), num(l.count, 'int')]),
    ...inv.switches.byRole.map((l): Cell[] => [t('switches'), l.key, num(l.count, 'int')]),
    ...inv.transceiversByType.map((l): Cell[] => [t('transceivers'), partName(catalog, l.key), num(l.count, 'int')]),
  ];
  const summaryBlocks: Block[] = [{ kind: 'stats', items: stats }];
  if (!tr) summaryBlocks.push({ kind: 'p', text: design.workload ? t('noTrainingResult') : t('noWorkload') });
  summaryBlocks.push({
    kind: 'kv',
    items: [
      { label: t('hbm'), value: num(results.compute.hbmTB, 'd1', t('uTB')) },
      { label: t('scaleUpBw'), value: num(results.compute.scaleUpTBps, 'd1', t('uTBps')) },
      { label: t('scaleOutBw'), value: num(results.compute.scaleOutTbps, 'd1', t('uTbps')) },
      { label: t('costPerAccHour'), value: num(results.cost.costPerAcceleratorHourUsd, 'd2', t('uUsdPerHour')) },
    ],
  });
  if (invRows.length > 0) {
    summaryBlocks.push({
      kind: 'table',
      id: 'inventory',
      caption: t('inventory'),
      columns: [{ label: t('category') }, { label: t('name') }, { label: t('count'), align: 'right' }],
      rows: invRows,
    });
  }
  sections.push({ id: 'summary', title: t('secSummary'), pageBreak: results.warnings.length === 0, blocks: summaryBlocks });

  // ---- Network ----
  const netBlocks: Block[] = [];
  const drawnTiers = results.inventory.switches.byTier;
  if (results.fabrics.length === 0 && drawnTiers.leaf + drawnTiers.spine + drawnTiers.core > 0) {
    // A drawn (cabled) network: its tiers by switch role, as evaluate() counted them.
    const tiers: TopologyTier[] = [];
    const add = (key: MsgKey, n: number, detail?: string) => {
      if (n > 0) tiers.push({ label: t(key), count: n, countText: formatNumber(n, 'int'), detail });
    };
    add('tierCore', drawnTiers.core);
    add('tierSpine', drawnTiers.spine);
    add('tierLeaf', drawnTiers.leaf);
    add('tierServers', results.servers, `${formatNumber(results.accelerators, 'int')} ${t('accelerators')}`);
    netBlocks.push({
      kind: 'figure',
      id: 'topology-drawn',
      caption: t('topologyCaption'),
      alt: tiers.map((x) => `${x.label} ${x.countText}`).join(', '),
      svg: topologySvg(tiers, { label: t('secTopology') }),
    });
    netBlocks.push({
      kind: 'table',
      id: 'switch-roles',
      columns: [{ label: t('tier') }, { label: t('switches'), align: 'right' }],
      rows: results.inventory.switches.byRole.map((l) => [l.key, num(l.count, 'int')]),
      footer: [[t('total'), num(results.inventory.switches.total, 'int')]],
    });
  } else if (results.fabrics.length === 0) {
    netBlocks.push({ kind: 'p', text: t('noFabric') });
  }
  for (const f of results.fabrics) {
    const swName = partName(catalog, f.switchPartId);
    if (results.fabrics.length > 1) netBlocks.push({ kind: 'p', text: `${t('fabric')}: ${f.name}` });
    netBlocks.push({
      kind: 'figure',
      id: `topology-${f.fabricId}`,
      caption: `${f.name}: ${t('topologyCaption')}`,
      alt: fabricTiers(t, f, swName)
        .map((x) => `${x.label} ${x.countText}`)
        .join(', '),
      svg: topologySvg(fabricTiers(t, f, swName), { label: `${t('secTopology')} ${f.name}` }),
    });
    netBlocks.push({
      kind: 'table',
      id: `tiers-${f.fabricId}`,
      caption: `${f.name} (${swName})`,
      columns: [{ label: t('tier') }, { label: t('switches'), align: 'right' }, { label: t('part') }],
      rows: [
        ...(f.switches.core > 0 ? [[t('tierCore'), num(f.switches.core, 'int'), swName]] : []),
        ...(f.switches.spine > 0 ? [[t('tierSpine'), num(f.switches.spine, 'int'), swName]] : []),
        [t('tierLeaf'), num(f.switches.leaf, 'int'), swName],
      ],
      footer: [[t('total'), num(f.switches.total, 'int'), '']],
    });
    netBlocks.push({
      kind: 'kv',
      items: [
        { label: t('tiers'), value: num(f.tiers, 'int') },
        { label: t('nodes'), value: num(f.nodes, 'int') },
        { label: t('accelerators'), value: num(f.accelerators, 'int') },
        { label: t('oversubscription'), value: `${formatNumber(f.oversubscription, 'd2')} : 1` },
        { label: t('linksNodeLeaf'), value: num(f.links.nodeLeaf, 'int') },
        { label: t('linksLeafSpine'), value: num(f.links.leafSpine, 'int') },
        ...(f.links.spineCore > 0 ? [{ label: t('linksSpineCore'), value: num(f.links.spineCore, 'int') }] : []),
        { label: t('transceivers'), value: num(f.transceivers, 'int') },
        { label: t('bisection'), value: num(f.bisectionTBps, 'd1', t('uTBps')) },
        { label: t('fabricPower'), value: kW(f.powerKW) },
        ...(f.instances > 1 ? [{ label: t('instances'), value: num(f.instances, 'int') }] : []),
      ],
    });
  }
  for (const g of collectiveGroups(results)) {
    netBlocks.push({
      kind: 'table',
      id: `collectives${g.name ? `-${g.name}` : ''}`,
      caption: `${t('collectives')}${g.name ? `: ${g.name}` : ''}`,
      columns: [
        { label: t('operation') },
        { label: t('messageSize'), align: 'right' },
        { label: t('time'), align: 'right' },
        { label: t('algorithm') },
        { label: `${t('algbw')} (${t('uGBps')})`, align: 'right' },
        { label: `${t('busbw')} (${t('uGBps')})`, align: 'right' },
      ],
      rows: g.rows.map((r) => [r.op, formatBytes(r.bytes), num(r.timeS * 1000, 'auto', t('uMs')), r.algorithm, num(r.algbwGBps, 'd1'), num(r.busbwGBps, 'd1')]),
    });
  }
  sections.push({ id: 'network', title: t('secNetwork'), pageBreak: true, blocks: netBlocks });

  // ---- Racks ----
  const rackBlocks: Block[] = [];
  const types = rackTypes(design, results, catalog);
  if (types.length === 0) rackBlocks.push({ kind: 'p', text: t('noRacks') });
  const views = types.map(({ view, racks }) => {
    const count = racks.reduce((s, r) => s + r.count, 0);
    const first = racks[0];
    const sub = first
      ? `${formatNumber(first.usedU, 'int')}/${formatNumber(first.heightU, 'int')} ${t('uU')} · ${formatNum(kW(first.itPowerW / 1000))} · ${t(`path.${first.cooling}` as MsgKey)}`
      : `${formatNumber(view.heightU, 'int')} ${t('uU')}`;
    return { ...view, title: `${view.title} × ${formatNumber(count, 'int')}`, subtitle: sub };
  });
  chunk(views, 3).forEach((group, i) => {
    rackBlocks.push({
      kind: 'figure',
      id: `racks-${i + 1}`,
      caption: t('racksCaption'),
      alt: group.map((v) => `${v.title}: ${v.devices.map((d) => `U${d.slotU} ${d.label}`).join(', ')}`).join('; '),
      svg: rackElevationSvg(group, { label: t('secRacks'), uPx: group.some((v) => v.heightU > 48) ? 8 : 10 }),
    });
  });
  if (results.rackResults.length > 0) {
    rackBlocks.push({
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
    });
  }
  sections.push({ id: 'racks', title: t('secRacks'), pageBreak: true, blocks: rackBlocks });

  // ---- BOM ----
  const catLabel = (c: string) => (`cat.${c}` in MESSAGES.en ? t(`cat.${c}` as MsgKey) : c);
  sections.push({
    id: 'bom',
    title: t('secBom'),
    pageBreak: true,
    blocks: [
      { kind: 'p', text: t('bomNote') },
      {
        kind: 'table',
        id: 'bom',
        columns: [
          { label: t('partNumber'), width: '13%', code: true },
          { label: t('name'), width: '18%' },
          { label: t('category'), width: '11%' },
          { label: t('quantity'), align: 'right', width: '8%' },
          { label: t('unitPrice'), align: 'right', width: '9%' },
          { label: t('total'), align: 'right', width: '11%' },
          { label: t('source'), width: '30%' },
        ],
        rows: results.bom.map((b) => [b.partId, b.name, catLabel(b.category), num(b.quantity, 'int'), num(b.unitPriceUsd, 'usd'), num(b.totalUsd, 'usd'), b.source]),
      },
    ],
  });

  // ---- Power and cooling ----
  const powerItems: { key: MsgKey; kw: number }[] = [
    { key: 'pAccelerators', kw: p.breakdownKW.accelerators },
    { key: 'pServerOverhead', kw: p.breakdownKW.serverOverhead },
    { key: 'pSwitches', kw: p.breakdownKW.switches },
    { key: 'pOptics', kw: p.breakdownKW.optics },
    { key: 'pStorage', kw: p.breakdownKW.storage },
    { key: 'pManagement', kw: p.breakdownKW.management },
    { key: 'pCooling', kw: p.coolingKW },
    { key: 'pPowerChainLoss', kw: p.powerChainLossKW },
    { key: 'pMisc', kw: p.miscKW },
  ];
  const byPath = (Object.entries(p.itByCoolingKW) as [string, number][]).filter(([, v]) => v > 0);
  sections.push({
    id: 'power',
    title: t('secPower'),
    pageBreak: true,
    blocks: [
      {
        kind: 'figure',
        id: 'power-breakdown',
        caption: `${t('powerBreakdown')} (${t('uKW')})`,
        alt: powerItems.map((x) => `${t(x.key)} ${formatNum(kW(x.kw))}`).join(', '),
        svg: barChartSvg(
          powerItems.map((x) => ({ label: t(x.key), value: x.kw, text: formatNum(kW(x.kw)) })),
          { label: t('powerBreakdown') },
        ),
      },
      {
        kind: 'table',
        id: 'power-breakdown',
        columns: [{ label: t('item') }, { label: `${t('powerKW')} (${t('uKW')})`, align: 'right' }],
        rows: powerItems.map((x) => [t(x.key), num(x.kw, 'd1')]),
        footer: [
          [t('itTypical'), num(p.itTypicalKW, 'd1')],
          [t('facilityPower'), num(p.facilityPowerKW, 'd1')],
        ],
      },
      {
        kind: 'kv',
        items: [
          { label: t('itMax'), value: kW(p.itMaxKW) },
          { label: t('pue'), value: num(p.pue, 'd2') },
          { label: t('partialPueCooling'), value: num(p.partialPue.cooling, 'd3') },
          { label: t('partialPuePowerChain'), value: num(p.partialPue.powerChain, 'd3') },
          ...(p.partialPue.liquid !== null ? [{ label: t('partialPueLiquid'), value: num(p.partialPue.liquid, 'd3') }] : []),
          { label: t('wue'), value: num(p.wueLPerKWh, 'd2', t('uLPerKWh')) },
          { label: t('cue'), value: num(p.cueKgCO2PerKWh, 'd2', t('uKgPerKWh')) },
          { label: t('heatToLiquid'), value: kW(p.heatToLiquidKW) },
          { label: t('heatToAir'), value: kW(p.heatToAirKW) },
          ...(p.fanSavingKW > 0 ? [{ label: t('fanSaving'), value: kW(p.fanSavingKW) }] : []),
          ...byPath.map(([path, v]) => ({ label: `${t('itByCooling')}: ${t(`path.${path}` as MsgKey)}`, value: kW(v) })),
          { label: t('annualItEnergy'), value: num(p.annualItEnergyMWh, 'int', t('uMWh')) },
          { label: t('annualEnergy'), value: num(p.annualEnergyMWh, 'int', t('uMWh')) },
          { label: t('annualCO2'), value: num(p.annualCO2Tonnes, 'int', t('uTonnes')) },
          { label: t('annualWater'), value: num(results.cost.annualWaterM3, 'int', t('uM3')) },
        ],
      },
    ],
  });

  // ---- Cost ----
  const capexCats = (Object.entries(results.cost.capexByCategory) as [string, number][]).filter(([, v]) => v > 0);
  const opex = results.cost.opexByCategory;
  sections.push({
    id: 'cost',
    title: t('secCost'),
    blocks: [
      {
        kind: 'figure',
        id: 'capex',
        caption: t('capexByCategory'),
        alt: capexCats.map(([c, v]) => `${catLabel(c)} ${formatNumber(v, 'usd')}`).join(', '),
        svg: barChartSvg(
          capexCats.map(([c, v]) => ({ label: catLabel(c), value: v, text: formatNumber(v, 'usd') })),
          { label: t('capexByCategory') },
        ),
      },
      {
        kind: 'table',
        id: 'capex',
        columns: [{ label: t('category') }, { label: t('capex'), align: 'right' }],
        rows: capexCats.map(([c, v]) => [catLabel(c), num(v, 'usd')]),
        footer: [[t('total'), num(results.capexUsd, 'usd')]],
      },
      {
        kind: 'table',
        id: 'opex',
        columns: [{ label: t('opex') }, { label: t('opexYear'), align: 'right' }],
        rows: [
          [t('electricity'), num(opex.electricityUsd, 'usd')],
          [t('water'), num(opex.waterUsd, 'usd')],
          [t('maintenance'), num(opex.maintenanceUsd, 'usd')],
        ],
        footer: [[t('total'), num(results.cost.opexPerYearUsd, 'usd')]],
      },
    ],
  });

  // ---- Training, reliability, stages ----
  if (tr) {
    const par = tr.parallelism;
    const parText = ['tp', 'pp', 'dp', 'cp', 'ep', 'virtualStages']
      .filter((k) => par[k] !== undefined)
      .map((k) => `${k.toUpperCase() === 'VIRTUALSTAGES' ? 'VP' : k.toUpperCase()} ${typeof par[k] === 'number' ? formatNumber(par[k], 'int') : String(par[k])}`)
      .join(' · ');
    const bd = BREAKDOWN_KEYS.filter((k) => tr.breakdown[k] !== undefined).map((k) => ({ key: k, s: tr.breakdown[k]! }));
    const secs = (v: number | undefined): Num => num(v, v !== undefined && Math.abs(v) < 0.01 && v !== 0 ? 'auto' : 'd2', t('uS'));
    const wl = design.workload;
    const trainingBlocks: Block[] = [
      {
        kind: 'kv',
        items: [
          ...(wl ? [{ label: t('model'), value: wl.model.name ?? wl.model.preset ?? `${wl.model.layers} × ${wl.model.hidden}` }] : []),
          ...(tr.parameters !== undefined ? [{ label: t('parameters'), value: num(tr.parameters / 1e9, 'd1', 'B') }] : []),
          { label: t('parallelism'), value: parText },
          ...(par.microBatch !== undefined ? [{ label: t('microBatch'), value: typeof par.microBatch === 'number' ? num(par.microBatch, 'int') : String(par.microBatch) }] : []),
          ...(par.recompute !== undefined ? [{ label: t('recompute'), value: String(par.recompute) }] : []),
          { label: t('stepTime'), value: secs(tr.stepTimeS) },
          { label: t('tokensPerSecond'), value: num(tr.tokensPerSecond, 'int') },
          { label: t('mfu'), value: num(tr.mfu, 'pct') },
          { label: t('hfu'), value: num(tr.hfu, 'pct') },
          { label: t('modelTflops'), value: num(tr.modelTflopsPerAccelerator, 'd1', t('uTflops')) },
          { label: t('hardwareTflops'), value: num(tr.hardwareTflopsPerAccelerator, 'd1', t('uTflops')) },
          { label: t('memoryPerAccelerator'), value: num(tr.memoryPerAcceleratorGiB, 'd1', t('uGiB')) },
          ...(tr.fitsInMemory !== undefined ? [{ label: t('fitsInMemory'), value: tr.fitsInMemory ? t('yes') : t('no') }] : []),
          ...(tr.steps !== undefined ? [{ label: t('steps'), value: num(tr.steps, 'int') }] : []),
          { label: t('trainingDays'), value: num(tr.trainingDays, 'd1', t('uDays')) },
        ],
      },
    ];
    if (bd.length > 0) {
      trainingBlocks.push({
        kind: 'figure',
        id: 'step-time',
        caption: t('stepBreakdown'),
        alt: bd.map((x) => `${t(x.key)} ${formatNum(secs(x.s))}`).join(', '),
        svg: stackedBarSvg(
          bd.map((x) => ({ label: t(x.key), value: x.s, text: formatNum(secs(x.s)) })),
          { label: t('stepBreakdown'), totalText: `${t('stepTime')}: ${formatNum(secs(tr.stepTimeS))}` },
        ),
      });
      trainingBlocks.push({
        kind: 'table',
        id: 'step-breakdown',
        columns: [{ label: t('item') }, { label: `${t('time')} (${t('uS')})`, align: 'right' }],
        rows: bd.map((x) => [t(x.key), secs(x.s)]),
        footer: [[t('stepTime'), secs(tr.stepTimeS)]],
      });
    }
    const memKeys: [string, MsgKey][] = [
      ['weightsGiB', 'memoryWeights'],
      ['gradientsGiB', 'memoryGradients'],
      ['optimizerGiB', 'memoryOptimizer'],
      ['activationsGiB', 'memoryActivations'],
      ['buffersGiB', 'memoryBuffers'],
    ];
    const mem = memKeys.filter(([k]) => tr.memory[k] !== undefined);
    if (mem.length > 0) {
      trainingBlocks.push({
        kind: 'table',
        id: 'memory',
        caption: t('memoryPerAccelerator'),
        columns: [{ label: t('item') }, { label: t('uGiB'), align: 'right' }],
        rows: mem.map(([k, label]) => [t(label), num(tr.memory[k], 'd1')]),
        footer: [
          ...(tr.memory.totalGiB !== undefined ? [[t('total'), num(tr.memory.totalGiB, 'd1')]] : []),
          ...(tr.memory.capacityGiB !== undefined ? [[t('capacity'), num(tr.memory.capacityGiB, 'd1')]] : []),
        ],
      });
    }
    sections.push({ id: 'training', title: t('secTraining'), pageBreak: true, blocks: trainingBlocks });

    const rel = tr.reliability;
    const relTimeBlocks: Block[] = [];
    if (tr.reliabilityHours) {
      const hrs: [string, MsgKey][] = [
        ['useful', 'hoursUseful'],
        ['checkpoint', 'hoursCheckpoint'],
        ['rework', 'hoursRework'],
        ['recovery', 'hoursRecovery'],
      ];
      const items = hrs.filter(([k]) => tr.reliabilityHours?.[k] !== undefined).map(([k, label]) => ({ label: t(label), h: tr.reliabilityHours![k]! }));
      relTimeBlocks.push({
        kind: 'figure',
        id: 'wall-clock',
        caption: t('wallClockBreakdown'),
        alt: items.map((x) => `${x.label} ${formatNumber(x.h, 'int')} ${t('uHours')}`).join(', '),
        svg: stackedBarSvg(
          items.map((x) => ({ label: x.label, value: x.h, text: `${formatNumber(x.h, 'int')} ${t('uHours')}` })),
          { label: t('wallClockBreakdown'), totalText: `${t('wallClockDays')}: ${formatNum(num(rel.wallClockDays, 'd1', t('uDays')))}` },
        ),
      });
    }
    sections.push({
      id: 'reliability',
      title: t('secReliability'),
      blocks: [
        {
          kind: 'kv',
          items: [
            { label: t('interruptionsPerDay'), value: num(rel.interruptionsPerDay, 'd2', t('uPerDay')) },
            { label: t('mtbfHours'), value: num(rel.mtbfHours, 'd1', t('uHours')) },
            { label: t('checkpointInterval'), value: num(rel.checkpointIntervalMin, 'd1', t('uMin')) },
            { label: t('goodput'), value: num(rel.goodput, 'pct') },
            { label: t('trainingDays'), value: num(tr.trainingDays, 'd1', t('uDays')) },
            { label: t('wallClockDays'), value: num(rel.wallClockDays, 'd1', t('uDays')) },
            ...(rel.expectedInterruptions !== undefined ? [{ label: t('expectedInterruptions'), value: num(rel.expectedInterruptions, 'd1') }] : []),
            ...(rel.checkpointSizeGB !== undefined ? [{ label: t('checkpointSize'), value: num(rel.checkpointSizeGB, 'int', 'GB') }] : []),
            ...(rel.checkpointWriteS !== undefined ? [{ label: t('checkpointWrite'), value: secs(rel.checkpointWriteS) }] : []),
            ...(rel.recoveryS !== undefined ? [{ label: t('recoveryTime'), value: num(rel.recoveryS / 60, 'd1', t('uMin')) }] : []),
          ],
        },
        ...relTimeBlocks,
      ],
    });

    if (tr.stages.length > 0) {
      sections.push({
        id: 'stages',
        title: t('secStages'),
        blocks: [
          {
            kind: 'table',
            id: 'stages',
            columns: [
              { label: '#', align: 'right' },
              { label: t('pool') },
              { label: t('part') },
              { label: t('layers'), align: 'right' },
              { label: 'TP', align: 'right' },
              { label: `${t('stageTime')} (${t('uS')})`, align: 'right' },
              { label: `${t('memoryPerAccelerator')} (${t('uGiB')})`, align: 'right' },
            ],
            rows: tr.stages.map((s, i) => [
              num(i + 1, 'int'),
              s.pool,
              s.acceleratorId ? partName(catalog, s.acceleratorId) : null,
              num(s.layers, 'int'),
              num(s.tp, 'int'),
              secs(s.stageTimeS),
              num(s.memoryGiB, 'd1'),
            ]),
          },
          {
            kind: 'kv',
            items: [
              { label: t('aggregateUtilization'), value: num(tr.aggregateUtilization, 'pct') },
              { label: t('uniformSplitTokensPerSecond'), value: num(tr.uniformSplitTokensPerSecond, 'int') },
              { label: t('tokensPerSecond'), value: num(tr.tokensPerSecond, 'int') },
            ],
          },
        ],
      });
    }
  }
  if (results.pools.length > 1) {
    const poolTable: Block = {
      kind: 'table',
      id: 'pools',
      caption: t('pools'),
      columns: [{ label: t('pool') }, { label: t('part') }, { label: t('accelerators'), align: 'right' }, { label: t('servers'), align: 'right' }, { label: `${t('peakPflopsByPool')} (${t('uPflops')})`, align: 'right' }],
      rows: results.pools.map((pl) => [pl.pool, partName(catalog, pl.acceleratorId), num(pl.accelerators, 'int'), num(pl.servers, 'int'), num(pl.peakPflopsBf16, 'd1')]),
    };
    const stagesSec = sections.find((s) => s.id === 'stages');
    if (stagesSec) stagesSec.blocks.unshift(poolTable);
    else sections.push({ id: 'stages', title: t('secStages'), blocks: [poolTable] });
  }

  // ---- Assumptions ----
  sections.push({
    id: 'assumptions',
    title: t('secAssumptions'),
    pageBreak: true,
    blocks: [
      { kind: 'p', text: t('assumptionsIntro') },
      {
        kind: 'table',
        id: 'assumptions',
        columns: [
          { label: t('name'), width: '24%' },
          { label: t('key'), width: '20%', code: true },
          { label: t('value'), align: 'right', width: '8%' },
          { label: t('unit'), width: '12%' },
          { label: t('source'), width: '36%' },
        ],
        rows: results.assumptions.map((a) => [a.label, a.key, num(a.value, 'auto'), a.unit, a.source]),
      },
    ],
  });

  // ---- Raw data for CSV / XLSX ----
  const bom: BomRow[] = results.bom.map((b) => ({
    partId: b.partId,
    name: b.name,
    category: b.category,
    quantity: b.quantity,
    unitPriceUsd: b.unitPriceUsd,
    totalUsd: b.totalUsd,
    source: b.source,
  }));
  const sheets: Sheet[] = [
    {
      name: 'BOM',
      columns: ['partId', 'name', 'category', 'quantity', 'unitPriceUsd', 'totalUsd', 'source'],
      rows: bom.map((b) => [b.partId, b.name, b.category, b.quantity, b.unitPriceUsd, b.totalUsd, b.source]),
    },
    {
      name: 'Power',
      columns: ['item', 'label', 'kW'],
      rows: [
        ...powerItems.map((x) => [x.key, t(x.key), x.kw] as (string | number | null)[]),
        ['itTypicalKW', t('itTypical'), p.itTypicalKW],
        ['itMaxKW', t('itMax'), p.itMaxKW],
        ['facilityPowerKW', t('facilityPower'), p.facilityPowerKW],
        ['pue', t('pue'), p.pue],
        ['wueLPerKWh', t('wue'), p.wueLPerKWh],
        ['cueKgCO2PerKWh', t('cue'), p.cueKgCO2PerKWh],
        ['annualEnergyMWh', t('annualEnergy'), p.annualEnergyMWh],
      ],
    },
    {
      name: 'Racks',
      columns: ['rackId', 'name', 'count', 'cooling', 'itPowerW', 'typicalPowerW', 'heatKW', 'budgetW', 'coolingCapacityW', 'usedU', 'heightU', 'servers', 'accelerators'],
      rows: results.rackResults.map((r) => [r.rackId, r.name, r.count, r.cooling, r.itPowerW, r.typicalPowerW, r.heatKW, r.budgetW, r.coolingCapacityW, r.usedU, r.heightU, r.servers, r.accelerators]),
    },
  ];

  return {
    lang: opts.lang,
    title: design.name,
    cover: {
      designName: design.name,
      description: design.description,
      date: opts.date,
      appVersion: opts.appVersion,
      schemaVersion: design.schemaVersion,
      labels: { report: t('reportTitle'), date: t('date'), version: t('appVersion'), schema: t('schemaVersion') },
    },
    sections,
    bom,
    sheets,
  };
}
