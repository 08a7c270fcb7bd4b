/** The warnings section (first, when there are warnings) and the summary section. */
import type { EvalWarning, Results } from '../evaluate';
import type { Design } from '../model';
import { warningText } from '../warning-text';
import { partName, type ReportContext } from './context';
import { formatNumber, num } from './format';
import type { Translate } from './i18n';
import type { Block, Cell, Lang, Section, Severity } from './model';
import type { TrainingView } from './results-view';

function sevLabel(t: Translate, s: Severity): string {
  return s === 'error' ? t('sevError') : s === 'warning' ? t('sevWarning') : t('sevInfo');
}

export function warningsBlock(t: Translate, ws: readonly EvalWarning[], lang: Lang): Block {
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

/** Every warning of the results, or nothing when there are none. */
export function warningsSection({ t, lang }: ReportContext, results: Results): Section | undefined {
  if (results.warnings.length === 0) return undefined;
  return {
    id: 'warnings',
    title: `${t('secWarnings')} (${formatNumber(results.warnings.length, 'int')})`,
    pageBreak: true,
    blocks: [{ kind: 'p', text: t('warningsIntro') }, warningsBlock(t, results.warnings, lang)],
  };
}

type StatItem = Extract<Block, { kind: 'stats' }>['items'][number];

/** The headline figures; with a training estimate also its days, throughput and run totals. */
export function summaryStats({ t, kW }: ReportContext, results: Results, tr: TrainingView | undefined): StatItem[] {
  const p = results.power;
  const stats: StatItem[] = [
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
  return stats;
}

/** Inventory lines: accelerators, servers, switches by role and transceivers by type. */
export function inventoryRows({ t, catalog }: ReportContext, results: Results): Cell[][] {
  const inv = results.inventory;
  return [
    ...inv.acceleratorsByType.map((l): Cell[] => [t('accelerators'), partName(catalog, l.key), num(l.count, 'int')]),
    ...inv.serversByType.map((l): Cell[] => [t('servers'), partName(catalog, l.key), num(l.count, 'int')]),
    ...inv.switches.byRole.map((l): Cell[] => [t('switches'), l.key, num(l.count, 'int')]),
    ...inv.transceiversByType.map((l): Cell[] => [t('transceivers'), partName(catalog, l.key), num(l.count, 'int')]),
  ];
}

export function summarySection(ctx: ReportContext, design: Design, results: Results, tr: TrainingView | undefined): Section {
  const { t } = ctx;
  const invRows = inventoryRows(ctx, results);
  const summaryBlocks: Block[] = [{ kind: 'stats', items: summaryStats(ctx, results, tr) }];
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
  return { id: 'summary', title: t('secSummary'), pageBreak: results.warnings.length === 0, blocks: summaryBlocks };
}
