/** The assumptions section, and the raw data behind the CSV and XLSX exports. */
import type { Results } from '../evaluate';
import type { ReportContext } from './context';
import { num } from './format';
import type { BomRow, Section, Sheet } from './model';
import type { PowerItem } from './sections-power';

/** Every assumption with its key, value, unit and source. */
export function assumptionsSection({ t }: ReportContext, results: Results): Section {
  return {
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
  };
}

/** The BOM lines as plain values (CSV rows and the BOM sheet). */
export function bomRows(results: Results): BomRow[] {
  return results.bom.map((b) => ({
    partId: b.partId,
    name: b.name,
    category: b.category,
    quantity: b.quantity,
    unitPriceUsd: b.unitPriceUsd,
    totalUsd: b.totalUsd,
    source: b.source,
  }));
}

/** The BOM, Power and Racks sheets of the XLSX export. */
export function dataSheets({ t }: ReportContext, results: Results, bom: readonly BomRow[], items: readonly PowerItem[]): Sheet[] {
  const p = results.power;
  return [
    {
      name: 'BOM',
      columns: ['partId', 'name', 'category', 'quantity', 'unitPriceUsd', 'totalUsd', 'source'],
      rows: bom.map((b) => [b.partId, b.name, b.category, b.quantity, b.unitPriceUsd, b.totalUsd, b.source]),
    },
    {
      name: 'Power',
      columns: ['item', 'label', 'kW'],
      rows: [
        ...items.map((x) => [x.key, t(x.key), x.kw] as (string | number | null)[]),
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
}
