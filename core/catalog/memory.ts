/**
 * Accelerator memory in one unit. Datasheets say "80 GB" for a card whose HBM
 * stacks hold 80 GiB (5 x 16 GiB); the driver then reports a little less than
 * that (nvidia-smi: 81,559 MiB on H100 SXM, 81,920 MiB on A100 80GB). Every
 * memory-capacity comparison in the engine goes through this file: the usable
 * figure of the catalog entry (`memoryGiB`, from the device's own report), or,
 * for a part that does not state it, the marketed figure read as binary
 * gigabytes (`memoryGB` GiB), never as 1e9-byte gigabytes.
 */
import type { AcceleratorSpec } from './types';

/** Bytes in one GiB. */
export const GIB_BYTES = 2 ** 30;

/** Memory one accelerator exposes to programs, GiB. */
export function acceleratorMemoryGiB(acc: Pick<AcceleratorSpec, 'memoryGB' | 'memoryGiB'>): number {
  return acc.memoryGiB ?? acc.memoryGB;
}

/** Memory one accelerator exposes to programs, bytes. */
export function acceleratorMemoryBytes(acc: Pick<AcceleratorSpec, 'memoryGB' | 'memoryGiB'>): number {
  return acceleratorMemoryGiB(acc) * GIB_BYTES;
}
