/** The facility section: climate, one-line diagram and electrical stages, design day, months, liquid and air loops, floor. */
import type { Results } from '../evaluate';
import { cityClimate } from '../power/climate-data';
import type { ReportContext } from './context';
import { formatNumber, num } from './format';
import type { MsgKey } from './i18n';
import type { Block, Section } from './model';
import { oneLineLayout, oneLineSvg, type OneLineFormat, type OneLineLabels } from './one-line';

/** The diagram's labels and number formats in the report language. */
function diagramText({ t }: ReportContext): { labels: OneLineLabels; format: OneLineFormat } {
  const kwText = (v: number) => (Math.abs(v) >= 10_000 ? `${formatNumber(v / 1000, 'd1')} MW` : `${formatNumber(v, v >= 100 ? 'int' : 'd1')} kW`);
  return {
    labels: {
      utility: t('facUtility'),
      transformers: t('facTransformers'),
      generators: t('facGenerators'),
      lvSwitchgear: t('facLvSwitchgear'),
      ups: t('facUps'),
      battery: t('facBattery'),
      distribution: t('facDistribution'),
      itRacks: t('facItRacks'),
      coolingPlant: t('facCoolingPlant'),
      load: (p) => `${t('facLoad')} ${p}`,
      efficiency: (p) => `${t('facEff')} ${p}`,
      loss: (k) => `${t('facLoss')} ${k}`,
      title: t('facOneLine'),
    },
    format: { kw: kwText, kva: (v) => `${formatNumber(v, 'int')} kVA`, pct: (v) => formatNumber(v, 'pct'), int: (v) => formatNumber(v, 'int') },
  };
}

function climateBlocks({ t, lang }: ReportContext, f: Results['facility']): Block[] {
  const c = f.climate;
  const city = cityClimate(c.id ?? '');
  const name = lang === 'zh-CN' && city ? city.nameZh : c.name;
  const mode = c.mode === 'city' ? t('facClimateCity') : c.mode === 'custom' ? t('facClimateCustom') : t('facClimateLabel');
  const status = c.mode === 'label' ? '' : ` (${c.dryBulbVerified ? t('facVerified') : t('facEstimated')})`;
  return [{ kind: 'p', text: `${t('facClimate')}: ${name} — ${mode}${status}. ${c.source}` }];
}

function electricalTable({ t, kW }: ReportContext, f: Results['facility']): Block {
  return {
    kind: 'table',
    id: 'facility-electrical',
    columns: [
      { label: t('facStage'), width: '20%' },
      { label: t('facRedundancy') },
      { label: t('facUnits'), align: 'right' },
      { label: t('facUnitKVA'), align: 'right' },
      { label: t('facRequiredKVA'), align: 'right' },
      { label: t('facInstalledKVA'), align: 'right' },
      { label: t('facLoadFraction'), align: 'right' },
      { label: t('facEfficiency'), align: 'right' },
      { label: t('facLossKW'), align: 'right' },
      { label: t('facDesignLossKW'), align: 'right' },
      { label: t('facCost'), align: 'right' },
    ],
    rows: f.electrical.stages.map((s) => [
      t(`stage.${s.stage}` as MsgKey),
      s.redundancy ?? '—',
      s.units > 0 ? num(s.units, 'int') : '—',
      num(s.unitKVA, 'int'),
      num(s.requiredKVA, 'int'),
      num(s.installedKVA, 'int'),
      s.loadFraction > 0 ? num(s.loadFraction, 'pct') : '—',
      num(s.efficiency, 'pct'),
      kW(s.lossKW),
      kW(s.designLossKW),
      s.costUsd > 0 ? num(s.costUsd, 'usd') : '—',
    ]),
  };
}

function monthsTable({ t }: ReportContext, f: Results['facility']): Block {
  return {
    kind: 'table',
    id: 'facility-months',
    caption: t('facMonths'),
    columns: [
      { label: t('facMonth') },
      { label: `${t('facDryBulb')} (°C)`, align: 'right' },
      { label: `${t('facWetBulb')} (°C)`, align: 'right' },
      { label: t('facFreeAir'), align: 'right' },
      { label: t('facFreeLiquid'), align: 'right' },
      { label: t('facMonthPue'), align: 'right' },
      { label: `${t('facMonthEnergy')} (MWh)`, align: 'right' },
    ],
    rows: f.months.map((m) => [
      num(m.month, 'int'),
      num(m.dryBulbC, 'd1'),
      num(m.wetBulbC, 'd1'),
      num(m.freeCooling.air, 'pct'),
      num(m.freeCooling.liquid, 'pct'),
      num(m.pue, 'd3'),
      num(m.energyMWh, 'int'),
    ]),
    footer: [[t('facAnnualPue'), '', '', '', '', num(f.annual.pue, 'd3'), num(f.annual.energyMWh, 'int')]],
  };
}

function loopsAndFloor({ t, kW }: ReportContext, f: Results['facility']): Block[] {
  const l = f.liquid;
  const limit = (v: number | null, basis: string | null) => (v === null ? '—' : `${formatNumber(v, 'd1')} °C ${basis === 'wet-bulb' ? t('facWetBulb') : t('facDryBulb')}`);
  const weight = f.floor.weightSource === 'catalog' ? t('facWeightCatalog') : f.floor.weightSource === 'mixed' ? t('facWeightMixed') : t('facWeightAssumption');
  const blocks: Block[] = [
    {
      kind: 'kv',
      items: [
        { label: `${t('facDesignDay')}: ${t('facDryBulb')} / ${t('facWetBulb')}`, value: f.designDay.dryBulbC === null ? '—' : `${formatNumber(f.designDay.dryBulbC, 'd1')} / ${formatNumber(f.designDay.wetBulbC, 'd1')} °C` },
        { label: t('facPeakPower'), value: kW(f.designDay.facilityPowerKW) },
        { label: t('facAveragePower'), value: kW(f.annual.facilityPowerKW) },
        { label: t('facAnnualPue'), value: num(f.annual.pue, 'd3') },
      ],
    },
    {
      kind: 'kv',
      items: [
        { label: `${t('facLiquid')}: ${t('facLiquidHeat')}`, value: `${formatNumber(l.heatKW, 'd1')} / ${formatNumber(l.designHeatKW, 'd1')} kW` },
        { label: t('facSupplyReturn'), value: `${formatNumber(l.supplyC, 'd1')} / ${formatNumber(l.returnC, 'd1')} °C` },
        { label: t('facFlow'), value: num(l.flowM3PerH, 'd1', 'm³/h') },
        {
          label: t('facCdus'),
          value: `${formatNumber(l.cdu.units, 'int')} × ${l.cdu.name ?? '—'} (${l.cdu.redundancy})${l.cdu.drawnUnits > 0 ? `; ${formatNumber(l.cdu.drawnUnits, 'int')} ${t('facCdusDrawn')}` : ''}`,
        },
        { label: t('facRejection'), value: t(`rej.${l.heatRejection}` as MsgKey) },
        { label: t('facFreeHours'), value: num(l.freeCoolingHours, 'int', 'h') },
        { label: t('facFreeLimit'), value: limit(l.freeCoolingLimitC, l.freeCoolingBasis) },
        { label: `${t('facAir')}: ${t('facRejection')}`, value: t(`rej.${f.air.heatRejection}` as MsgKey) },
        { label: `${t('facAir')}: ${t('facFreeHours')}`, value: num(f.air.freeCoolingHours, 'int', 'h') },
        { label: `${t('facAir')}: ${t('facFreeLimit')}`, value: limit(f.air.freeCoolingLimitC, f.air.freeCoolingBasis) },
      ],
    },
    {
      kind: 'kv',
      items: [
        { label: t('facWhiteSpace'), value: num(f.floor.whiteSpaceM2, 'd1', 'm²') },
        { label: t('facRows'), value: num(f.floor.rows, 'int') },
        { label: t('facFootprint'), value: num(f.floor.footprintM2, 'd1', 'm²') },
        { label: t('facRackWeight'), value: `${formatNumber(f.floor.rackWeightKg, 'int')} kg (${weight})` },
        { label: t('facRackLoading'), value: num(f.floor.rackLoadingKgPerM2, 'int', 'kg/m²') },
        { label: t('facFloorLimit'), value: num(f.floor.limitKgPerM2, 'int', 'kg/m²') },
        { label: t('facAverageLoading'), value: num(f.floor.averageLoadingKgPerM2, 'int', 'kg/m²') },
        { label: t('facDensity'), value: num(f.floor.kWPerM2, 'd2', 'kW/m²') },
        { label: t('facContainment'), value: t(`cont.${f.floor.containment}` as MsgKey) },
      ],
    },
  ];
  if (f.errors.length) blocks.push({ kind: 'p', text: `${t('facErrors')}: ${f.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` });
  return blocks;
}

export function facilitySection(ctx: ReportContext, results: Results): Section {
  const f = results.facility;
  const { labels, format } = diagramText(ctx);
  const layout = oneLineLayout(f, results.power.itMaxKW, f.designDay.coolingKW, labels, format);
  return {
    id: 'facility',
    title: ctx.t('secFacility'),
    pageBreak: true,
    blocks: [
      ...climateBlocks(ctx, f),
      {
        kind: 'figure',
        id: 'one-line',
        caption: ctx.t('facOneLine'),
        alt: layout.boxes.map((b) => b.lines.join(' ')).join(' → '),
        svg: oneLineSvg(layout, ctx.t('facOneLine')),
      },
      electricalTable(ctx, f),
      monthsTable(ctx, f),
      ...loopsAndFloor(ctx, f),
    ],
  };
}
