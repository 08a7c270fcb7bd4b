/**
 * The one number formatter of every report. Every number a report shows goes
 * through `formatNumber`, so a test can format a Results value the same way
 * and look for it in the HTML, Markdown or PDF text.
 *
 * Deterministic and independent of the host's locale (no Intl): the same
 * Results give the same bytes everywhere. Both report languages (en, zh-CN)
 * use comma thousands separators and a decimal point.
 */

export type NumStyle =
  /** Integer, grouped: 1,024 */
  | 'int'
  /** Fixed decimals, grouped: 1,234.5 / 1.23 / 0.123 */
  | 'd1'
  | 'd2'
  | 'd3'
  /** A fraction shown as a percentage with one decimal: 0.4567 -> 45.7% */
  | 'pct'
  /** US dollars, whole: $1,234,567 */
  | 'usd'
  /** About three significant digits; exponent form for very small or large magnitudes. */
  | 'auto';

/** Text shown for a value that is missing or not finite. */
export const MISSING = '—';

function group(intDigits: string): string {
  let out = '';
  for (let i = 0; i < intDigits.length; i++) {
    const fromEnd = intDigits.length - i;
    out += intDigits[i];
    if (fromEnd > 1 && fromEnd % 3 === 1) out += ',';
  }
  return out;
}

function fixed(value: number, decimals: number): string {
  let s = Math.abs(value).toFixed(decimals);
  const neg = value < 0 && Number(s) !== 0;
  const [intPart = '0', frac] = s.split('.');
  s = group(intPart) + (frac !== undefined ? `.${frac}` : '');
  return neg ? `-${s}` : s;
}

function trimExp(s: string): string {
  // 1.50e-6 -> 1.5e-6, 2.00e+9 -> 2e9
  const [m = '', e = ''] = s.split('e');
  const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
  const exp = e.startsWith('+') ? e.slice(1) : e;
  return `${mant}e${exp}`;
}

/** Format one number in a named style. Non-finite or missing values give MISSING. */
export function formatNumber(value: number | null | undefined, style: NumStyle): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  switch (style) {
    case 'int':
      return fixed(Math.round(value), 0);
    case 'd1':
      return fixed(value, 1);
    case 'd2':
      return fixed(value, 2);
    case 'd3':
      return fixed(value, 3);
    case 'pct':
      return `${fixed(value * 100, 1)}%`;
    case 'usd': {
      const s = fixed(Math.round(value), 0);
      return s.startsWith('-') ? `-$${s.slice(1)}` : `$${s}`;
    }
    case 'auto': {
      const a = Math.abs(value);
      if (a === 0) return '0';
      if (a >= 1e9 || a < 1e-3) return trimExp(value.toExponential(2));
      if (Number.isInteger(value)) return fixed(value, 0);
      if (a >= 100) return fixed(value, 0);
      if (a >= 10) return fixed(value, 1);
      if (a >= 1) return fixed(value, 2);
      // Three significant digits below one, trailing zeros dropped.
      const d = Math.min(6, 2 - Math.floor(Math.log10(a)));
      return fixed(value, d).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
    }
  }
}

/** A number with its style and optional unit, as stored in the report model. */
export interface Num {
  kind: 'num';
  value: number | null;
  style: NumStyle;
  unit?: string;
}

export function num(value: number | null | undefined, style: NumStyle, unit?: string): Num {
  const v = value === undefined || value === null || !Number.isFinite(value) ? null : value;
  return unit === undefined ? { kind: 'num', value: v, style } : { kind: 'num', value: v, style, unit };
}

/** The text of a Num, with its unit after a thin space when it has one. */
export function formatNum(n: Num): string {
  const s = formatNumber(n.value, n.style);
  if (!n.unit || s === MISSING) return s;
  return `${s} ${n.unit}`;
}

/** Bytes as a binary size (message sizes of collective tables): 1 MiB, 8 GiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return MISSING;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(v, 'auto')} ${units[i]}`;
}
