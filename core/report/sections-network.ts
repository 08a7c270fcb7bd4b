/**
 * The network section: a drawn network's tiers by switch role, or each
 * generated fabric's tiers, links and figures; then the collective tables.
 */
import type { FabricSummary, Results } from '../evaluate';
import { partName, type ReportContext } from './context';
import { formatBytes, formatNumber, num } from './format';
import type { MsgKey, Translate } from './i18n';
import type { Block, Section } from './model';
import { collectiveGroups } from './results-view';
import { topologySvg, type TopologyTier } from './svg';

/** Tiers of a generated fabric, top first, for the topology figure. */
export function fabricTiers(t: Translate, f: FabricSummary, switchName: string): TopologyTier[] {
  const tiers: TopologyTier[] = [];
  const add = (key: MsgKey, n: number, detail?: string) => tiers.push({ label: t(key), count: n, countText: formatNumber(n, 'int'), detail });
  if (f.switches.core > 0) add('tierCore', f.switches.core, switchName);
  if (f.switches.spine > 0) add('tierSpine', f.switches.spine, switchName);
  add('tierLeaf', f.switches.leaf, switchName);
  add('tierServers', f.nodes, `${formatNumber(f.accelerators, 'int')} ${t('accelerators')}`);
  return tiers;
}

/** A drawn (cabled) network: its tiers by switch role, as evaluate() counted them. */
export function drawnNetworkBlocks({ t }: ReportContext, results: Results): Block[] {
  const drawnTiers = results.inventory.switches.byTier;
  const tiers: TopologyTier[] = [];
  const add = (key: MsgKey, n: number, detail?: string) => {
    if (n > 0) tiers.push({ label: t(key), count: n, countText: formatNumber(n, 'int'), detail });
  };
  add('tierCore', drawnTiers.core);
  add('tierSpine', drawnTiers.spine);
  add('tierLeaf', drawnTiers.leaf);
  add('tierServers', results.servers, `${formatNumber(results.accelerators, 'int')} ${t('accelerators')}`);
  return [
    {
      kind: 'figure',
      id: 'topology-drawn',
      caption: t('topologyCaption'),
      alt: tiers.map((x) => `${x.label} ${x.countText}`).join(', '),
      svg: topologySvg(tiers, { label: t('secTopology') }),
    },
    {
      kind: 'table',
      id: 'switch-roles',
      columns: [{ label: t('tier') }, { label: t('switches'), align: 'right' }],
      rows: results.inventory.switches.byRole.map((l) => [l.key, num(l.count, 'int')]),
      footer: [[t('total'), num(results.inventory.switches.total, 'int')]],
    },
  ];
}

/** One generated fabric: topology figure, switches per tier, and its figures. */
export function fabricBlocks({ t, catalog, kW }: ReportContext, f: FabricSummary, named: boolean): Block[] {
  const swName = partName(catalog, f.switchPartId);
  const blocks: Block[] = [];
  if (named) blocks.push({ kind: 'p', text: `${t('fabric')}: ${f.name}` });
  blocks.push({
    kind: 'figure',
    id: `topology-${f.fabricId}`,
    caption: `${f.name}: ${t('topologyCaption')}`,
    alt: fabricTiers(t, f, swName)
      .map((x) => `${x.label} ${x.countText}`)
      .join(', '),
    svg: topologySvg(fabricTiers(t, f, swName), { label: `${t('secTopology')} ${f.name}` }),
  });
  blocks.push({
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
  blocks.push({
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
  return blocks;
}

/** One table per group of collective rows (Results.collectives). */
export function collectiveBlocks({ t }: ReportContext, results: Results): Block[] {
  return collectiveGroups(results).map((g) => ({
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
  }));
}

export function networkSection(ctx: ReportContext, results: Results): Section {
  const { t } = ctx;
  const netBlocks: Block[] = [];
  const drawnTiers = results.inventory.switches.byTier;
  if (results.fabrics.length === 0 && drawnTiers.leaf + drawnTiers.spine + drawnTiers.core > 0) {
    netBlocks.push(...drawnNetworkBlocks(ctx, results));
  } else if (results.fabrics.length === 0) {
    netBlocks.push({ kind: 'p', text: t('noFabric') });
  }
  for (const f of results.fabrics) netBlocks.push(...fabricBlocks(ctx, f, results.fabrics.length > 1));
  netBlocks.push(...collectiveBlocks(ctx, results));
  return { id: 'network', title: t('secNetwork'), pageBreak: true, blocks: netBlocks };
}
