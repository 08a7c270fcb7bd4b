/** The bill of materials, power and cooling, and cost sections. */
import type { Results } from '../evaluate';
import { catLabel, type ReportContext } from './context';
import { formatNum, formatNumber, num } from './format';
import type { MsgKey } from './i18n';
import type { Section } from './model';
import { barChartSvg } from './svg';

export function bomSection({ t }: ReportContext, results: Results): Section {
  return {
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
        rows: results.bom.map((b) => [b.partId, b.name, catLabel(t, b.category), num(b.quantity, 'int'), num(b.unitPriceUsd, 'usd'), num(b.totalUsd, 'usd'), b.source]),
      },
    ],
  };
}

/** One line of the power breakdown (chart, table and the Power sheet). */
export interface PowerItem {
  key: MsgKey;
  kw: number;
}

/** Where the facility power goes, in the order the chart shows it. */
export function powerItems(p: Results['power']): PowerItem[] {
  return [
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
}

export function powerSection({ t, kW }: ReportContext, results: Results, items: readonly PowerItem[]): Section {
  const p = results.power;
  const byPath = (Object.entries(p.itByCoolingKW) as [string, number][]).filter(([, v]) => v > 0);
  return {
    id: 'power',
    title: t('secPower'),
    pageBreak: true,
    blocks: [
      {
        kind: 'figure',
        id: 'power-breakdown',
        caption: `${t('powerBreakdown')} (${t('uKW')})`,
        alt: items.map((x) => `${t(x.key)} ${formatNum(kW(x.kw))}`).join(', '),
        svg: barChartSvg(
          items.map((x) => ({ label: t(x.key), value: x.kw, text: formatNum(kW(x.kw)) })),
          { label: t('powerBreakdown') },
        ),
      },
      {
        kind: 'table',
        id: 'power-breakdown',
        columns: [{ label: t('item') }, { label: `${t('powerKW')} (${t('uKW')})`, align: 'right' }],
        rows: items.map((x) => [t(x.key), num(x.kw, 'd1')]),
        footer: [
          [t('itTypical'), num(p.itTypicalKW, 'd1')],
          [t('facAveragePower'), num(p.facilityPowerKW, 'd1')],
          [t('facPeakPower'), num(results.facility.designDay.facilityPowerKW, 'd1')],
        ],
      },
      {
        kind: 'kv',
        items: [
          { label: t('itMax'), value: kW(p.itMaxKW) },
          ...(p.rackSystems ?? []).flatMap((s) => [
            { label: `${s.name}: ${t('rackSystemNameplate')}`, value: kW(s.nameplateKW) },
            { label: `${s.name}: ${t('rackSystemModelled')}`, value: kW(s.modelledKW) },
            ...(s.allInKW === null ? [] : [{ label: `${s.name}: ${t('rackSystemAllIn')}`, value: kW(s.allInKW) }]),
          ]),
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
  };
}

export function costSection({ t }: ReportContext, results: Results): Section {
  const capexCats = (Object.entries(results.cost.capexByCategory) as [string, number][]).filter(([, v]) => v > 0);
  const opex = results.cost.opexByCategory;
  return {
    id: 'cost',
    title: t('secCost'),
    blocks: [
      {
        kind: 'figure',
        id: 'capex',
        caption: t('capexByCategory'),
        alt: capexCats.map(([c, v]) => `${catLabel(t, c)} ${formatNumber(v, 'usd')}`).join(', '),
        svg: barChartSvg(
          capexCats.map(([c, v]) => ({ label: catLabel(t, c), value: v, text: formatNumber(v, 'usd') })),
          { label: t('capexByCategory') },
        ),
      },
      {
        kind: 'table',
        id: 'capex',
        columns: [{ label: t('category') }, { label: t('capex'), align: 'right' }],
        rows: capexCats.map(([c, v]) => [catLabel(t, c), num(v, 'usd')]),
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
  };
}
