import { describe, expect, it } from 'vitest';
import type { Results } from '../../core/evaluate';
import { COMPARE_ROWS, buildCompareTable, formatCompareValue } from './ComparePanel';

/** Only the fields the comparison reads; the rest of Results is not used. */
function fake(p: {
  accelerators: number;
  bf16: number;
  itKW: number;
  facilityKW: number;
  pue: number | null;
  maxRackKW: number;
  energyMWh: number;
  capexUsd: number;
  opexUsd: number;
  perHour: number | null;
  switches: number;
  transceivers: number;
  training?: {
    trainingDays: number;
    mfu: number;
    reliability: { wallClockDays: number; goodput: number; interruptionsPerDay: number } | null;
  };
}): Results {
  return {
    accelerators: p.accelerators,
    switches: p.switches,
    itPowerKW: p.itKW,
    facilityPowerKW: p.facilityKW,
    pue: p.pue,
    maxRackPowerKW: p.maxRackKW,
    annualEnergyMWh: p.energyMWh,
    capexUsd: p.capexUsd,
    compute: { peakPflops: { bf16: p.bf16, fp16: p.bf16, fp8: 2 * p.bf16 } },
    cost: { opexPerYearUsd: p.opexUsd, costPerAcceleratorHourUsd: p.perHour },
    inventory: { transceivers: p.transceivers },
    training: p.training,
  } as unknown as Results;
}

// Design A: 1,024 H100 (989.5 dense BF16 TFLOPS each -> 1,024 x 0.9895 = 1,013.248 PFLOPS).
const A = fake({
  accelerators: 1024,
  bf16: 1024 * 0.9895,
  itKW: 1_500,
  facilityKW: 1_950, // PUE 1.3
  pue: 1.3,
  maxRackKW: 41.6,
  energyMWh: (1_950 * 8_760) / 1000, // 17,082 MWh
  capexUsd: 45_000_000,
  opexUsd: 3_500_000,
  perHour: 1.9,
  switches: 48,
  transceivers: 2_048,
  training: {
    trainingDays: 30,
    mfu: 0.4,
    reliability: { wallClockDays: 33, goodput: 30 / 33, interruptionsPerDay: 1.2 },
  },
});
// Design B: 2,048 accelerators, liquid cooled (lower PUE), more expensive, faster.
const B = fake({
  accelerators: 2048,
  bf16: 2048 * 0.9895,
  itKW: 2_900,
  facilityKW: 3_335, // PUE 1.15
  pue: 1.15,
  maxRackKW: 120,
  energyMWh: (3_335 * 8_760) / 1000,
  capexUsd: 88_000_000,
  opexUsd: 6_000_000,
  perHour: 1.7,
  switches: 96,
  transceivers: 4_096,
  training: {
    trainingDays: 15.5,
    mfu: 0.38,
    reliability: { wallClockDays: 17.5, goodput: 15.5 / 17.5, interruptionsPerDay: 2.4 },
  },
});
// Design C: no workload (no training rows), no IT load (PUE null).
const C = fake({
  accelerators: 0,
  bf16: 0,
  itKW: 0,
  facilityKW: 0,
  pue: null,
  maxRackKW: 0,
  energyMWh: 0,
  capexUsd: 0,
  opexUsd: 0,
  perHour: null,
  switches: 0,
  transceivers: 0,
});

const row = (rows: ReturnType<typeof buildCompareTable>, id: string) => {
  const r = rows.find((x) => x.def.id === id);
  if (!r) throw new Error(`no row ${id}`);
  return r;
};

describe('buildCompareTable', () => {
  it('lists every metric of the issue, in order', () => {
    expect(COMPARE_ROWS.map((r) => r.id)).toEqual([
      'accelerators',
      'peakBf16',
      'itPower',
      'facilityPower',
      'pue',
      'maxRack',
      'energy',
      'capex',
      'opex',
      'perAccHour',
      'trainingDays',
      'wallClockDays',
      'mfu',
      'goodput',
      'interruptions',
      'switches',
      'transceivers',
    ]);
  });

  it('scales values to display units and picks the best per row', () => {
    const rows = buildCompareTable([A, B]);
    // Peak BF16: 1,013.248 vs 2,026.496 PFLOPS; higher is better -> B.
    expect(row(rows, 'peakBf16').values[0]).toBeCloseTo(1013.248, 6);
    expect(row(rows, 'peakBf16').values[1]).toBeCloseTo(2026.496, 6);
    expect(row(rows, 'peakBf16').best).toEqual([1]);
    // IT power in kW; lower is better -> A.
    expect(row(rows, 'itPower').values).toEqual([1500, 2900]);
    expect(row(rows, 'itPower').best).toEqual([0]);
    // PUE 1.3 vs 1.15 -> B.
    expect(row(rows, 'pue').best).toEqual([1]);
    // CAPEX in M USD: 45 and 88 -> A.
    expect(row(rows, 'capex').values).toEqual([45, 88]);
    expect(row(rows, 'capex').best).toEqual([0]);
    // Cost per accelerator-hour 1.9 vs 1.7 -> B.
    expect(row(rows, 'perAccHour').best).toEqual([1]);
    // Annual energy: 1,950 kW x 8,760 h = 17,082 MWh.
    expect(row(rows, 'energy').values[0]).toBeCloseTo(17_082, 6);
    // Days: lower is better -> B for both.
    expect(row(rows, 'trainingDays').best).toEqual([1]);
    expect(row(rows, 'wallClockDays').values).toEqual([33, 17.5]);
    expect(row(rows, 'wallClockDays').best).toEqual([1]);
    // MFU in %: 40 vs 38 -> A.
    expect(row(rows, 'mfu').values[0]).toBeCloseTo(40, 9);
    expect(row(rows, 'mfu').values[1]).toBeCloseTo(38, 9);
    expect(row(rows, 'mfu').best).toEqual([0]);
    // Goodput: 30/33 = 90.909 % vs 15.5/17.5 = 88.571 % -> A.
    expect(row(rows, 'goodput').values[0]).toBeCloseTo(90.909, 3);
    expect(row(rows, 'goodput').values[1]).toBeCloseTo(88.571, 3);
    expect(row(rows, 'goodput').best).toEqual([0]);
    // Interruptions/day: fewer is better -> A.
    expect(row(rows, 'interruptions').best).toEqual([0]);
    // Accelerators: more is better -> B.
    expect(row(rows, 'accelerators').best).toEqual([1]);
  });

  it('leaves missing values empty and never highlights a single value', () => {
    const rows = buildCompareTable([A, C]);
    // C has no workload: only A has training days -> nothing to compare.
    expect(row(rows, 'trainingDays').values).toEqual([30, null]);
    expect(row(rows, 'trainingDays').best).toEqual([]);
    expect(row(rows, 'pue').values).toEqual([1.3, null]);
    expect(row(rows, 'pue').best).toEqual([]);
    // An empty design does win "lower is better" rows with real zeros.
    expect(row(rows, 'capex').best).toEqual([1]);
  });

  it('shares the highlight between ties and skips rows where all values are equal', () => {
    const rows = buildCompareTable([A, A, B]);
    expect(row(rows, 'capex').best).toEqual([0, 1]);
    const same = buildCompareTable([A, A]);
    expect(same.every((r) => r.best.length === 0)).toBe(true);
  });

  it('treats a failed evaluation as missing values', () => {
    const rows = buildCompareTable([A, null, B]);
    expect(row(rows, 'capex').values).toEqual([45, null, 88]);
    expect(row(rows, 'capex').best).toEqual([0]);
  });
});

describe('formatCompareValue', () => {
  const def = (id: string) => COMPARE_ROWS.find((r) => r.id === id)!;
  it('formats with the locale and unit', () => {
    expect(formatCompareValue('en', def('energy'), 17_082)).toBe('17,082 MWh');
    expect(formatCompareValue('en', def('capex'), 45.123)).toBe('45.12 M USD');
    expect(formatCompareValue('en', def('mfu'), 40)).toBe('40 %');
    // Money and PUE keep their digits: 2 USD/h reads 2.00, PUE 1.2 reads 1.200.
    expect(formatCompareValue('en', def('perAccHour'), 2)).toBe('2.00 USD');
    expect(formatCompareValue('en', def('pue'), 1.2)).toBe('1.200');
    expect(formatCompareValue('en', def('itPower'), 1013.4)).toBe('1,013 kW');
    expect(formatCompareValue('en', def('accelerators'), 10_240)).toBe('10,240');
    expect(formatCompareValue('zh-CN', def('accelerators'), 10_240)).toBe('10,240');
    expect(formatCompareValue('en', def('pue'), null)).toBe('—');
  });
});
