/**
 * Scale-up domains: the accelerators joined by a memory-semantic fabric
 * (NVLink + NVSwitch, NVL72, Ascend HCCS, AMD Infinity Fabric, MTLink, Gaudi
 * RoCE mesh). Bandwidths are per accelerator as marketed (both directions
 * summed, e.g. H100 NVLink4 900 GB/s = 18 links x 25 GB/s x 2 directions);
 * `unidirectionalGBps` is half of that and is what a collective's beta term uses.
 */
import type { ScaleUpKind } from '../catalog/types';
import { InputError } from '../errors';

export type ScaleUpTopology = 'switched' | 'full-mesh';

export interface ScaleUpDomain {
  id: string;
  kind: ScaleUpKind;
  label: string;
  /** Accelerators in one domain. */
  domainSize: number;
  /** Per accelerator, both directions summed (as marketed), GB/s. */
  bandwidthGBps: number;
  /** Per accelerator, one direction, GB/s. */
  unidirectionalGBps: number;
  /** switched: any-to-any at full bandwidth; full-mesh: bandwidth split evenly over direct links to every peer. */
  topology: ScaleUpTopology;
  source: string;
  /** False when REFERENCE.md or the sources flag the figure as unverified. */
  verified: boolean;
}

function domain(d: Omit<ScaleUpDomain, 'unidirectionalGBps'>): ScaleUpDomain {
  return { ...d, unidirectionalGBps: d.bandwidthGBps / 2 };
}

export const SCALE_UP_DOMAINS: readonly ScaleUpDomain[] = [
  domain({ id: 'nvlink3-8', kind: 'nvlink', label: 'HGX A100 8-GPU (NVLink3 + NVSwitch)', domainSize: 8, bandwidthGBps: 600, topology: 'switched', source: 'REFERENCE.md: A100 NVLink3 600 GB/s', verified: true }),
  domain({ id: 'nvlink4-8', kind: 'nvlink', label: 'HGX H100/H200 8-GPU (NVLink4 + NVSwitch)', domainSize: 8, bandwidthGBps: 900, topology: 'switched', source: 'REFERENCE.md: H100 NVLink4 900 GB/s', verified: true }),
  domain({ id: 'nvlink4-h800-8', kind: 'nvlink', label: 'HGX H800 8-GPU (NVLink, export variant)', domainSize: 8, bandwidthGBps: 400, topology: 'switched', source: 'REFERENCE.md: H800 NVLink 400 GB/s', verified: true }),
  domain({ id: 'nvlink5-8', kind: 'nvlink', label: 'HGX B200 8-GPU (NVLink5 + NVSwitch)', domainSize: 8, bandwidthGBps: 1800, topology: 'switched', source: 'REFERENCE.md: B200 NVLink5 1.8 TB/s', verified: true }),
  domain({ id: 'nvl72', kind: 'nvl72', label: 'GB200 NVL72 rack (72 GPUs, NVLink5 switch trays)', domainSize: 72, bandwidthGBps: 1800, topology: 'switched', source: 'REFERENCE.md: GB200 1.8 TB/s, NVL72 domain', verified: true }),
  domain({ id: 'ub-384', kind: 'hccs', label: 'Huawei CloudMatrix 384 (384 Ascend 910C, two-tier UB switch Clos)', domainSize: 384, bandwidthGBps: 784, topology: 'switched', source: 'catalog ascend-910c and cloudmatrix-384: >392 GB/s unidirectional per NPU over a non-blocking two-tier UB Clos (arXiv 2506.12708 as summarised; secondary)', verified: false }),
  domain({ id: 'hccs-8', kind: 'hccs', label: 'Ascend 910B 8-card HCCS full mesh', domainSize: 8, bandwidthGBps: 392, topology: 'full-mesh', source: 'REFERENCE.md: HCCS, 8 cards full mesh; 392 GB/s (7 x 56 GB/s) from vendor material, unverified', verified: false }),
  domain({ id: 'infinity-fabric-8', kind: 'infinity-fabric', label: 'MI300X 8-GPU Infinity Fabric full mesh', domainSize: 8, bandwidthGBps: 896, topology: 'full-mesh', source: 'REFERENCE.md: MI300X 896 GB/s (7 x 128 GB/s)', verified: true }),
  domain({ id: 'mtlink-8', kind: 'mtlink', label: 'MTT S4000 8-card MTLink', domainSize: 8, bandwidthGBps: 240, topology: 'full-mesh', source: 'REFERENCE.md: MTLink 240 GB/s; 8-card mesh topology unverified', verified: false }),
  domain({ id: 'gaudi3-roce-8', kind: 'roce', label: 'Gaudi 3 8-card RoCE mesh (21 of 24 x 200GbE)', domainSize: 8, bandwidthGBps: (21 * 200 * 2) / 8, topology: 'full-mesh', source: 'REFERENCE.md: 24x200GbE; 21 ports (3 per peer) for scale-up per Intel HLS-Gaudi3 docs', verified: true }),
];

/** A scale-up domain by id; InputError listing the known ids otherwise. */
export function scaleUpDomain(id: string, path = 'scaleUp'): ScaleUpDomain {
  const d = SCALE_UP_DOMAINS.find((x) => x.id === id);
  if (!d) throw new InputError(path, `unknown scale-up domain "${id}"; known: ${SCALE_UP_DOMAINS.map((x) => x.id).join(', ')}`);
  return d;
}

const MESH_KINDS: ReadonlySet<ScaleUpKind> = new Set<ScaleUpKind>(['hccs', 'infinity-fabric', 'mtlink', 'roce', 'blink']);

/** Describe the domain of a catalog accelerator (AcceleratorSpec.scaleUp). */
export function scaleUpFromAccelerator(acc: {
  id: string;
  scaleUp: { kind: ScaleUpKind; bandwidthGBps: number; domainSize: number };
}): ScaleUpDomain {
  const { kind, bandwidthGBps, domainSize } = acc.scaleUp;
  if (!Number.isInteger(domainSize) || domainSize < 1) {
    throw new InputError(`${acc.id}.scaleUp.domainSize`, `must be a positive integer (got ${domainSize})`);
  }
  if (!Number.isFinite(bandwidthGBps) || bandwidthGBps < 0) {
    throw new InputError(`${acc.id}.scaleUp.bandwidthGBps`, `must be a number >= 0 (got ${bandwidthGBps})`);
  }
  const known = SCALE_UP_DOMAINS.find((d) => d.kind === kind && d.domainSize === domainSize && d.bandwidthGBps === bandwidthGBps);
  if (known) return known;
  return domain({
    id: `${acc.id}-${kind}-${domainSize}`,
    kind,
    label: `${acc.id} ${kind} x${domainSize}`,
    domainSize,
    bandwidthGBps,
    // A full mesh needs a link to every peer; larger domains are built with switches (CloudMatrix 384's UB Clos).
    topology: MESH_KINDS.has(kind) && domainSize <= 8 ? 'full-mesh' : 'switched',
    source: `catalog entry ${acc.id}`,
    verified: true,
  });
}

/**
 * One-direction bandwidth per accelerator, GB/s, when `groupSize` accelerators
 * of one domain communicate among themselves. A switched domain gives every
 * group the full bandwidth; a full mesh only the links to the group's peers:
 * unidirectional x (g - 1) / (domainSize - 1).
 */
export function groupBandwidthGBps(d: ScaleUpDomain, groupSize: number): number {
  if (!Number.isInteger(groupSize) || groupSize < 1) {
    throw new InputError('groupSize', `must be a positive integer (got ${groupSize})`);
  }
  if (groupSize > d.domainSize) {
    throw new InputError('groupSize', `must be at most the domain size ${d.domainSize} of ${d.id} (got ${groupSize})`);
  }
  if (groupSize === 1) return 0;
  if (d.topology === 'switched' || d.domainSize === 1) return d.unidirectionalGBps;
  return (d.unidirectionalGBps * (groupSize - 1)) / (d.domainSize - 1);
}
