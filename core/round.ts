/**
 * Rounding of result figures. Results carry 6 decimals (money 2) so that the same
 * document prints the same numbers on every machine. A non-finite value is kept (not
 * rounded to 0 or null) so that the final finiteness check (core/finite.ts) names it.
 */

/** `v` when finite, else 0. */
export const finiteOr0 = (v: number): number => (Number.isFinite(v) ? v : 0);

/** `v` rounded to `digits` decimals. */
export const round = (v: number, digits = 6): number => {
  const f = 10 ** digits;
  return Number.isFinite(v) ? Math.round(v * f) / f : v;
};

/** `round(v)`, null kept. */
export const roundOrNull = (v: number | null, digits = 6): number | null => (v === null ? null : round(v, digits));

/** W to kW, rounded. */
export const kw = (w: number): number => round(w / 1000);
