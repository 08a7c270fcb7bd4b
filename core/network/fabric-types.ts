/**
 * The shapes a fabric is described and sized with: the switch fields the
 * generator reads, its input and its result (see fabric-generate.ts for how
 * every figure is computed).
 */
import type { NetworkAssumptionValues } from './fabric-assumptions';

/** The part of a catalog switch (core/catalog/types.ts SwitchSpec) the generator needs. */
export interface SwitchLike {
  id: string;
  name?: string;
  ports: number;
  portGbps: number;
  /** Max power without optics, W. */
  maxPowerW: number;
  /** Typical power without optics, W. */
  typicalPowerW: number;
  priceUsd: number;
  protocol?: 'infiniband' | 'ethernet';
  /**
   * Optical cage speed, Gb/s (one module per cage). Default: twice the port
   * speed for InfiniBand ports of 400G and up (twin-port OSFP: Quantum-2
   * 2 x 400G, Quantum-X800 2 x 800G per cage), else max(portGbps, 800) when
   * ports are broken out, else portGbps.
   */
  cageGbps?: number;
}

export type LengthClass = 'in-rack' | 'in-row' | 'cross-hall';
/**
 * A link's medium: passive copper (dac) or active electrical (aec, retimed copper) in the
 * rack; active optical cable (aoc, optics built in) or transceivers on multimode fibre in
 * the row; transceivers on single-mode fibre across the hall.
 */
export type Media = 'dac' | 'aec' | 'aoc' | 'multimode' | 'singlemode';
export type LinkTier = 'nodeLeaf' | 'leafSpine' | 'spineCore';

export interface FabricInput {
  accelerators: number;
  /** Accelerators per node (server). */
  perNode: number;
  /** Scale-out bandwidth per accelerator, Gb/s, summed over planes. */
  nicGbpsPerAccelerator: number;
  /** Default switch model for every tier. */
  switch: SwitchLike;
  /** Switch model per tier (overrides `switch`). */
  switches?: { leaf?: SwitchLike; spine?: SwitchLike; core?: SwitchLike };
  /** Downlink:uplink ratio; a number applies to the leaf tier. Default 1 (non-blocking). */
  oversubscription?: number | { leaf?: number; spine?: number };
  /** Force the number of tiers; default: the fewest that reach `accelerators`. */
  tiers?: 2 | 3;
  /** Default true. */
  railOptimised?: boolean;
  /**
   * Independent identical fabrics ("planes"): the node's compute NIC ports are split
   * evenly over them (a twin-port 800G NIC's two 400G ports on two planes). Must
   * divide `nicPorts`. Default 1.
   */
  planes?: number;
  /**
   * Compute NIC ports per node, all of one speed (nicGbpsPerAccelerator x perNode / nicPorts).
   * Default perNode x planes: one port per accelerator per plane.
   */
  nicPorts?: number;
  /**
   * Rail-only: every rail (NIC port index) is its own network with no switch between
   * rails; traffic between rails crosses the node's scale-up domain first
   * (Wang et al., "Rail-only", 2023). Each rail network is sized as a fat tree of the
   * nodes. Default false.
   */
  railOnly?: boolean;
  /** A separate front-end (storage, in-band) network, sized from the nodes' front-end NIC ports. */
  frontEnd?: FrontEndInput;
  /** Allow accelerators not a multiple of perNode (the last node is partly filled). Default false. */
  allowPartialNode?: boolean;
  assumptions?: Partial<NetworkAssumptionValues>;
}

export interface FrontEndInput {
  /** Front-end NIC ports per node (each to a different leaf when 2 or more). */
  portsPerNode: number;
  portGbps: number;
  switch: SwitchLike;
  /** Leaf downlink:uplink ratio. Default 1. */
  oversubscription?: number;
}

export interface FabricWarning {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
}

export interface PortUse {
  used: number;
  total: number;
}

export interface TransceiverLine {
  side: 'node' | 'switch';
  tier: LinkTier;
  /** e.g. "800G 2x400G multimode" */
  type: string;
  moduleGbps: number;
  linksPerModule: number;
  media: 'multimode' | 'singlemode';
  count: number;
  powerWEach: number;
  priceUsdEach: number;
}

export interface JobScope {
  scope: 'node' | 'leaf' | 'pod' | 'fabric';
  /** Largest job (in nodes, contiguously placed and aligned) that stays in this scope. */
  maxNodes: number;
  /** Oversubscription the job's scale-out traffic sees. */
  oversubscription: number;
  /** Switch hops between accelerators (same rail for rail-optimised) in different nodes. */
  switchHops: number;
}

export interface FabricResult {
  tiers: 1 | 2 | 3;
  railOptimised: boolean;
  /** Rail-only: the counts are of `railNetworks` independent rail networks (structure, radix and tiers of one). */
  railOnly: boolean;
  /** Independent rail networks over all planes (rail-only), else 0. */
  railNetworks: number;
  planes: number;
  /** Compute NIC ports per node, and the ports of each plane. */
  nicPortsPerNode: number;
  portsPerPlane: number;
  accelerators: number;
  nodes: number;
  perNode: number;
  /** Speed of every fabric link, Gb/s. */
  linkGbps: number;
  /** Links per accelerator per plane (rails / perNode; below 1 when accelerators share a NIC port). */
  linksPerAccelerator: number;
  /** Node links per plane (rails). */
  rails: number;
  /** Logical ports per switch at linkGbps (after breakout). */
  radix: { leaf: number; spine: number; core: number };
  switchModels: { leaf: string; spine: string; core: string };
  /** Achieved downlink:uplink ratios of full switches; effective = leaf x spine. */
  oversubscription: { leaf: number; spine: number; effective: number };
  structure: {
    /** Nodes under one leaf (rail-optimised: one group = scalable unit). */
    nodesPerLeaf: number;
    groups: number;
    leavesPerPod: number;
    pods: number;
    nodesPerPod: number;
    /** Spines of a full pod (2 tiers: all spines of a plane). */
    spinesPerPod: number;
    /** Core groups (spine i of every pod connects to every core of group i mod coreGroups) and cores in each. */
    coreGroups: number;
    coresPerGroup: number;
  };
  /**
   * Links between each connected pair, per plane: a full leaf and every spine of its
   * pod; a spine of a full pod and every core of its group (0 where the tier is absent).
   * Every leaf gives every spine of its pod the same whole number of links.
   */
  linksPerPair: { leafSpine: number; spineCore: number };
  /** Switch ports (logical, at linkGbps) left unused, over all planes. */
  unusedPorts: { leaf: number; spine: number; core: number };
  switches: { leaf: number; spine: number; core: number; total: number };
  links: { nodeLeaf: number; leafSpine: number; spineCore: number; total: number };
  portUse: { leaf: PortUse; spine: PortUse; core: PortUse };
  /** Total optical modules (node side + switch side). */
  transceivers: number;
  transceiversBySide: { node: number; switch: number };
  transceiverLines: TransceiverLine[];
  /** Cables (links) by length class. */
  cables: { inRack: number; inRow: number; crossHall: number };
  cablesByTier: Record<LinkTier, { lengthClass: LengthClass; media: Media; count: number }>;
  /** Unidirectional bandwidth across the worst balanced cut, TB/s. */
  bisectionTBps: number;
  /** Switches at typical power + optics, kW. */
  powerKW: number;
  /** Switches at max power + optics, kW. */
  maxPowerKW: number;
  power: { switchesTypicalW: number; switchesMaxW: number; opticsW: number };
  costUsd: number;
  cost: { switchesUsd: number; opticsUsd: number; cablesUsd: number };
  perAccelerator: {
    scaleOutGbps: number;
    scaleOutGBps: number;
    /** Worst-case per-accelerator bandwidth when all traffic leaves the leaf / pod. */
    beyondLeafGbps: number;
    beyondPodGbps: number;
    powerW: number;
    costUsd: number;
    transceivers: number;
  };
  scopes: JobScope[];
  /** The front-end network, when asked for (its own switches, links, optics, power and cost). */
  frontEnd?: FabricResult;
  /** Compute fabric and front-end network together. */
  totals: { switches: number; links: number; transceivers: number; powerKW: number; maxPowerKW: number; costUsd: number };
  warnings: FabricWarning[];
}
