/**
 * Accelerators exactly as REFERENCE.md lists them, for calibration and tests:
 * independent of the catalog (which the tests check against, not with).
 * FP8 is 0 for A100, which has no FP8 tensor cores.
 */
import type { AcceleratorSpec } from '../catalog/types';

export const REFERENCE_A100_80GB: AcceleratorSpec = {
  kind: 'accelerator',
  id: 'a100-sxm4-80gb',
  name: 'A100 80GB',
  vendor: 'NVIDIA',
  source: 'REFERENCE.md: 312 TFLOPS BF16, 80 GB, 2.039 TB/s, 400 W, NVLink3 600 GB/s',
  priceUsd: 0,
  peakTflops: { bf16: 312, fp16: 312, fp8: 0 },
  memoryGB: 80,
  // nvidia-smi: 81,920 MiB (A100-SXM4-80GB)
  memoryGiB: 80,
  memoryTBps: 2.039,
  tdpW: 400,
  scaleUp: { kind: 'nvlink', bandwidthGBps: 600, domainSize: 8 },
};

export const REFERENCE_H100_SXM: AcceleratorSpec = {
  ...REFERENCE_A100_80GB,
  id: 'h100-sxm5-80gb',
  name: 'H100 80GB',
  source: 'REFERENCE.md: 989 TFLOPS BF16, 80 GB, 3.35 TB/s, 700 W, NVLink4 900 GB/s',
  peakTflops: { bf16: 989, fp16: 989, fp8: 1979 },
  // nvidia-smi: 81,559 MiB (H100 80GB HBM3)
  memoryGiB: 81559 / 1024,
  memoryTBps: 3.35,
  tdpW: 700,
  scaleUp: { kind: 'nvlink', bandwidthGBps: 900, domainSize: 8 },
};

/**
 * H800 SXM5: the H100's compute and memory with NVLink cut to 400 GB/s (both directions). DeepSeek-V3
 * technical report (arXiv:2412.19437, section 3.2.2): 8 per node on NVLink/NVSwitch, InfiniBand 50 GB/s
 * (400 Gb/s) per GPU; NVLink reaches 160 GB/s per GPU (= 0.8 x 200 GB/s one way).
 */
export const REFERENCE_H800_SXM: AcceleratorSpec = {
  ...REFERENCE_H100_SXM,
  id: 'h800-sxm5-80gb',
  name: 'H800 80GB',
  source: 'H100 SXM compute and HBM (989 TFLOPS BF16, 1,979 FP8, 3.35 TB/s) with NVLink 400 GB/s; DeepSeek-V3 report section 3.2.2',
  scaleUp: { kind: 'nvlink', bandwidthGBps: 400, domainSize: 8 },
};
