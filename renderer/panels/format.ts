/**
 * Numbers with units that stay short at any size: the unit steps up (kW -> MW -> GW
 * -> TW, PFLOPS -> EFLOPS -> ZFLOPS, days -> years) and beyond the last step the
 * number goes to scientific notation, so a KPI card never overflows. Money follows
 * the locale's habit: M / B / T USD in English, 万 / 亿 / 万亿美元 in Chinese.
 */
import { fmtNumber, translate, type Locale, type MessageKey } from '../i18n';

/** [threshold (in the base unit), divisor, unit]: the first step whose threshold the value reaches is used. */
type Ladder = ReadonlyArray<readonly [number, number, string | MessageKey]>;

/** Above this many of the largest unit, scientific notation. */
const SCIENTIFIC_ABOVE = 1e6;

function scientific(locale: Locale, v: number): string {
  return new Intl.NumberFormat(locale, { notation: 'scientific', maximumFractionDigits: 2 }).format(v);
}

/** Significant digits kept for a scaled value: 3-4 figures, never a long tail. */
function digitsFor(v: number, max: number): number {
  const a = Math.abs(v);
  if (a >= 100) return 0;
  if (a >= 10) return Math.min(max, 1);
  return max;
}

/**
 * `fixed`: a stepped-up value keeps three significant figures (1.00 MW, 80.9 GW) so
 * the step does not hide precision the base unit showed.
 */
function onLadder(
  locale: Locale,
  v: number,
  ladder: Ladder,
  maxDigits: number,
  unitText: (u: string) => string,
  fixed = false,
): [string, string] {
  if (!Number.isFinite(v)) return ['—', ''];
  const a = Math.abs(v);
  let step = ladder[0]!;
  for (const s of ladder) if (a >= s[0]) step = s;
  const scaled = v / step[1];
  const unit = unitText(step[2]);
  if (Math.abs(scaled) >= SCIENTIFIC_ABOVE) return [scientific(locale, scaled), unit];
  const digits = digitsFor(scaled, maxDigits);
  return [fmtNumber(locale, scaled, digits, fixed && step !== ladder[0] ? digits : 0), unit];
}

const POWER_KW: Ladder = [
  [0, 1, 'kW'],
  [1e3, 1e3, 'MW'],
  [1e6, 1e6, 'GW'],
  [1e9, 1e9, 'TW'],
];

/** Power given in kW. */
export function formatPowerKW(locale: Locale, kw: number): [string, string] {
  return onLadder(locale, kw, POWER_KW, 2, (u) => u, true);
}

const FLOPS_PF: Ladder = [
  [0, 1, 'PFLOPS'],
  [1e3, 1e3, 'EFLOPS'],
  [1e6, 1e6, 'ZFLOPS'],
];

/** Compute given in PFLOPS. */
export function formatPflops(locale: Locale, pf: number): [string, string] {
  return onLadder(locale, pf, FLOPS_PF, 2, (u) => u, true);
}

const MONEY_EN: Ladder = [
  [0, 1, 'unit.usd'],
  [1e6, 1e6, 'unit.musd'],
  [1e9, 1e9, 'unit.busd'],
  [1e12, 1e12, 'unit.tusd'],
];
const MONEY_ZH: Ladder = [
  [0, 1, 'unit.usd'],
  [1e4, 1e4, 'unit.wanUsd'],
  [1e8, 1e8, 'unit.yiUsd'],
  [1e12, 1e12, 'unit.wanYiUsd'],
];

/** Money in USD (whole dollars below the first step). */
export function formatUsd(locale: Locale, usd: number): [string, string] {
  const ladder = locale === 'zh-CN' ? MONEY_ZH : MONEY_EN;
  if (Number.isFinite(usd) && Math.abs(usd) < ladder[1]![0])
    return [fmtNumber(locale, usd, 0), translate(locale, 'unit.usd')];
  return onLadder(locale, usd, ladder, 2, (u) => translate(locale, u as MessageKey));
}

/** A duration in seconds: s, min, h, d, then years (365 d). */
export function formatDuration(locale: Locale, s: number): [string, string] {
  if (!Number.isFinite(s)) return ['—', ''];
  const u = (k: MessageKey) => translate(locale, k);
  if (s >= 86400 * 365 * 2) {
    const years = s / (86400 * 365);
    return [
      years >= SCIENTIFIC_ABOVE ? scientific(locale, years) : fmtNumber(locale, years, digitsFor(years, 1)),
      u('unit.years'),
    ];
  }
  if (s >= 86400 * 2) return [fmtNumber(locale, s / 86400, 1), u('unit.days')];
  if (s >= 3600) return [fmtNumber(locale, s / 3600, 1), u('unit.hours')];
  if (s >= 60) return [fmtNumber(locale, s / 60, 1), u('unit.minutes')];
  return [fmtNumber(locale, s, 2), u('unit.seconds')];
}

/** A count: exact with grouping up to 10 million, then compact (12M, 1.2亿). */
export function formatCount(locale: Locale, n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1e7) return fmtNumber(locale, n, 0);
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
