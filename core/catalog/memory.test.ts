/**
 * Accelerator memory: every catalog entry's usable memory (GiB) against the
 * figure its device reports, written out here from the public readouts (not
 * from the catalog), and the one conversion the engine uses.
 */
import { describe, expect, it } from 'vitest';
import { ACCELERATORS, DEFAULT_CATALOG } from './index';
import { acceleratorMemoryBytes, acceleratorMemoryGiB, GIB_BYTES } from './memory';

const MiB = 2 ** 20;

/** id -> [bytes the device reports, where the reading comes from]. */
const DEVICE_MEMORY: Record<string, [number, string]> = {
  'a100-sxm4-40gb': [40_960 * MiB, 'nvidia-smi "40960MiB" (A100-SXM4-40GB; modal-labs/modal-client PR #2797)'],
  'a100-sxm4-80gb': [81_920 * MiB, 'nvidia-smi "81920MiB" (A100-SXM4-80GB; modal-labs/modal-client PR #2797)'],
  'h100-sxm5-80gb': [81_559 * MiB, 'nvidia-smi "81559MiB" (H100 80GB HBM3; modal-labs/modal-client PR #2797, NVIDIA/nccl issue #1264)'],
  'h800-sxm5-80gb': [81_559 * MiB, 'nvidia-smi "81559MiB" (H800, public logs)'],
  'h200-sxm-141gb': [143_771 * MiB, 'nvidia-smi "143771MiB" (H200, public logs)'],
  b200: [183_359 * MiB, 'nvidia-smi "183359MiB" (B200, driver 570, public logs)'],
  gb200: [189_471 * MiB, 'nvidia-smi "189471MiB" (GB200, public logs)'],
  mi300x: [205_822_885_888, 'rocm-smi "VRAM Total Memory (B): 205822885888" (MI300X, public logs)'],
  gaudi3: [131_072 * MiB, 'hl-smi "memory.total [MiB]: 131072 MiB" (HL-325L, public output)'],
  'ascend-910b': [65_536 * MiB, 'npu-smi "HBM-Usage(MB) .../65536" (910B1-910B3, MiB)'],
  'mtt-s4000': [49_152 * MiB, 'MUSA driver 49152 MiB ("MTT S4000 48 GiB", public device listings)'],
  br100: [64 * GIB_BYTES, 'no device readout found: nominal 64 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  'h20-96gb': [97_871 * MiB, 'nvidia-smi "97871MiB" (NVIDIA H20, 8-GPU servers, public logs)'],
  // the marketed 288 GB of Blackwell Ultra is decimal: 275,040 MiB = 288.4e9 B; read as 288 GiB it was 7% high
  b300: [275_040 * MiB, 'nvidia-smi "275040MiB" (NVIDIA B300 SXM6 AC, driver 580.105.08, public logs; NVIDIA aiconfigurator b300_sxm.yaml)'],
  gb300: [284_208 * MiB, 'nvidia-smi "284208MiB" (NVIDIA GB300, public logs)'],
  mi325x: [256 * GIB_BYTES, 'no device readout found: nominal 256 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  mi355x: [288 * GIB_BYTES, 'no device readout found: nominal 288 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  'ascend-910c': [128 * GIB_BYTES, 'no device readout found: nominal 128 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  'mtt-s5000': [80 * GIB_BYTES, 'no device readout found: nominal 80 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  'metax-c500': [64 * GIB_BYTES, 'no device readout found: nominal 64 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  'metax-c600': [144 * GIB_BYTES, 'no device readout found: nominal 144 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  mlu590: [80 * GIB_BYTES, 'no device readout found: nominal 80 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  'hygon-k100-ai': [64 * GIB_BYTES, 'no device readout found: nominal 64 GB as binary GiB (flagged UNVERIFIED in the entry)'],
  br104: [32 * GIB_BYTES, 'no device readout found: nominal 32 GB as binary GiB (flagged UNVERIFIED in the entry)'],
};

describe('accelerator memory in GiB, per catalog entry', () => {
  it('every accelerator entry states its usable memory and is listed here with its device figure', () => {
    for (const a of ACCELERATORS) {
      expect(a.memoryGiB, `${a.id}.memoryGiB`).toBeDefined();
      expect(DEVICE_MEMORY[a.id], `${a.id} has a device memory reading in this test`).toBeDefined();
    }
  });

  for (const [id, [bytes, source]] of Object.entries(DEVICE_MEMORY)) {
    it(`${id}: memoryGiB = ${(bytes / GIB_BYTES).toFixed(2)} GiB (${source})`, () => {
      const a = DEFAULT_CATALOG.requireOfKind(id, 'accelerator', id);
      expect(a.memoryGiB! * GIB_BYTES).toBe(bytes);
      expect(acceleratorMemoryBytes(a)).toBe(bytes);
      // the usable figure lies between the marketed "GB" read as 1e9-byte gigabytes and read as binary
      // gigabytes: vendors mean either (H100's 80 GB are 80 GiB less 361 MiB of reserve, B300's 288 GB are
      // 288.4e9 B), and no device exposes more than its HBM stacks or much less than the decimal figure
      expect(acceleratorMemoryGiB(a)).toBeLessThanOrEqual(a.memoryGB);
      expect(acceleratorMemoryBytes(a)).toBeGreaterThan(a.memoryGB * 1e9 * 0.99);
      // the entry's source says where the figure comes from
      expect(a.source).toMatch(/[Uu]sable memory/);
    });
  }

  it('a part without a usable figure reads its marketed "GB" as binary gigabytes, not 1e9 bytes', () => {
    expect(acceleratorMemoryGiB({ memoryGB: 96 })).toBe(96);
    expect(acceleratorMemoryBytes({ memoryGB: 96 })).toBe(96 * 2 ** 30);
    expect(acceleratorMemoryGiB({ memoryGB: 96, memoryGiB: 95.5 })).toBe(95.5);
  });
});
