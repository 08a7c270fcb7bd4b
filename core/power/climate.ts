/**
 * Site climate month by month: the embedded cities (climate-data.ts) or a design's
 * own figures, monthly mean wet-bulb from dry-bulb and humidity (Stull 2011), the
 * share of a month's hours below a temperature (hours spread normally around the
 * monthly mean, a named assumption), and the design day.
 */
import { cityClimate } from './climate-data';

export const DAYS_PER_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
export const HOURS_PER_MONTH: readonly number[] = DAYS_PER_MONTH.map((d) => d * 24);
export const MONTHS = 12;

export interface ClimateMonth {
  /** 1..12 */
  month: number;
  hours: number;
  dryBulbC: number;
  wetBulbC: number;
  relativeHumidityPct: number | null;
}

export interface SiteClimate {
  /** City id, or 'custom' for a design's own figures. */
  id: string;
  name: string;
  source: string;
  dryBulbVerified: boolean;
  wetBulbVerified: boolean;
  months: ClimateMonth[];
}

/**
 * Wet-bulb temperature (°C) from air temperature (°C) and relative humidity (%) at
 * sea-level pressure: R. Stull, "Wet-Bulb Temperature from Relative Humidity and Air
 * Temperature", J. Appl. Meteor. Climatol. 50 (2011) 2267-2269, eq. 1. Valid for RH
 * 5-99% and -20 to 50 °C; errors -1 to +0.65 K. Results are capped at the dry-bulb.
 */
export function stullWetBulbC(tC: number, rhPct: number): number {
  const rh = Math.min(99, Math.max(5, rhPct));
  const tw =
    tC * Math.atan(0.151977 * Math.sqrt(rh + 8.313659)) +
    Math.atan(tC + rh) -
    Math.atan(rh - 1.676331) +
    0.00391838 * rh ** 1.5 * Math.atan(0.023101 * rh) -
    4.686035;
  return Math.min(tC, tw);
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - p : p;
}

/**
 * Share of a month's hours whose temperature is at or below `thresholdC`, hours
 * spread normally around the monthly mean with standard deviation `spreadK`.
 */
export function shareBelow(meanC: number, thresholdC: number, spreadK: number): number {
  if (!(spreadK > 0)) return meanC <= thresholdC ? 1 : 0;
  return normalCdf((thresholdC - meanC) / spreadK);
}

/** A user-defined site: 12 monthly dry-bulb means and either wet-bulb means or relative humidity. */
export interface CustomClimateInput {
  name: string;
  dryBulbC: readonly number[];
  wetBulbC?: readonly number[];
  relativeHumidityPct?: readonly number[];
  source?: string;
}

function months(dry: readonly number[], wet: readonly number[] | undefined, rh: readonly number[] | undefined): ClimateMonth[] {
  return HOURS_PER_MONTH.map((hours, i) => {
    const t = dry[i] ?? 0;
    const h = rh?.[i];
    const w = wet?.[i] ?? (h !== undefined ? stullWetBulbC(t, h) : t);
    return { month: i + 1, hours, dryBulbC: t, wetBulbC: Math.min(t, w), relativeHumidityPct: h ?? null };
  });
}

/** The climate of an embedded city, or undefined for an unknown id. */
export function cityMonths(id: string): SiteClimate | undefined {
  const c = cityClimate(id);
  if (!c) return undefined;
  return {
    id: c.id,
    name: c.name,
    source: c.source,
    dryBulbVerified: c.dryBulbVerified,
    wetBulbVerified: false,
    months: months(c.dryBulbC, undefined, c.relativeHumidityPct),
  };
}

/** A design's own climate. Wet-bulb as given, else derived from RH (Stull 2011), else the dry-bulb (no humidity known). */
export function customMonths(c: CustomClimateInput): SiteClimate {
  return {
    id: 'custom',
    name: c.name || 'Custom site',
    source: c.source || 'User-defined monthly figures.',
    dryBulbVerified: false,
    wetBulbVerified: false,
    months: months(c.dryBulbC, c.wetBulbC, c.relativeHumidityPct),
  };
}

export interface DesignDay {
  dryBulbC: number;
  wetBulbC: number;
}

/**
 * The design day: the hottest month's mean plus `z` spreads (z = 2.33 is the
 * temperature that 1% of that month's hours exceed under the normal spread).
 */
export function designDay(c: SiteClimate, z: number, dryBulbSpreadK: number, wetBulbSpreadK: number): DesignDay {
  const hottestDry = Math.max(...c.months.map((m) => m.dryBulbC));
  const hottestWet = Math.max(...c.months.map((m) => m.wetBulbC));
  return { dryBulbC: hottestDry + z * dryBulbSpreadK, wetBulbC: hottestWet + z * wetBulbSpreadK };
}

/** Hours-weighted annual mean of a monthly figure. */
export function annualMean(values: readonly number[]): number {
  let s = 0;
  let h = 0;
  HOURS_PER_MONTH.forEach((hours, i) => {
    s += (values[i] ?? 0) * hours;
    h += hours;
  });
  return s / h;
}
