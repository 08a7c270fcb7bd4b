/** Numbers in the planner's notes and binding-constraint messages (en-US digits, units spelled out). */

export function fmtNum(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Days with two decimals below 1, one below 10, none above. */
export function fmtDays(v: number): string {
  return `${fmtNum(v, v < 1 ? 2 : v < 10 ? 1 : 0)} days`;
}

/** Dollars in B or M with three significant digits (at most two decimals), whole dollars below a million. */
export function fmtUsd(v: number): string {
  const three = (x: number) => fmtNum(x, x < 10 ? 2 : x < 100 ? 1 : 0);
  if (v >= 1e9) return `$${three(v / 1e9)} B`;
  if (v >= 1e6) return `$${three(v / 1e6)} M`;
  return `$${fmtNum(v, 0)}`;
}

/** How far `best` is over `limit`, in whole per cent (at least 1%). */
export function pct(best: number, limit: number): string {
  return `${Math.max(1, Math.round(((best - limit) / limit) * 100))}%`;
}
