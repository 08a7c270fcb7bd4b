/** Small numeric helpers shared by the fabric modules. */

/** Tolerance of the fabric's floor/ceil steps against floating-point noise. */
export const EPS = 1e-9;

const BITS_PER_BYTE = 8;
/** Gb/s -> GB/s (decimal units on both sides). */
export function gbpsToGBps(gbps: number): number {
  return gbps / BITS_PER_BYTE;
}

/** Round to `digits` decimals (default 4). */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
