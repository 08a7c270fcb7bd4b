/**
 * Catalog part types. Every part carries `source`: where its figures come from
 * (datasheet, paper, reference architecture), and prices are estimates.
 */
export interface Sourced {
  id: string;
  name: string;
  vendor: string;
  /** Where the figures come from: datasheet, paper or reference architecture. */
  source: string;
  /** Estimated list price in USD (editable; an estimate, not a quote). */
  priceUsd: number;
  /** True for parts defined by the user rather than shipped with the product. */
  custom?: boolean;
  /**
   * Mass and outer size (floor loading, rack and room space). Every built-in part
   * states it; a custom part may leave it out.
   */
  physical?: PhysicalSpec;
}

/** Mass and outer size of one unit of a part. */
export interface PhysicalSpec {
  /**
   * Mass of one unit as installed, kg: fully populated (a server with its
   * accelerators, a rack-scale system as a whole rack), dry (no coolant) unless
   * `source` says otherwise; a cable at the length `source` names.
   */
  weightKg: number;
  /**
   * Outer dimensions, mm. Rack-mounted parts whose only published size is their
   * rack units (`heightU`) may leave them out; a cable's size is its length.
   */
  dimensionsMm?: { height: number; width: number; depth: number };
  /** Where mass and size come from; ESTIMATE or UNVERIFIED where they are. */
  source: string;
}

export type ScaleUpKind = 'nvlink' | 'nvl72' | 'hccs' | 'mtlink' | 'infinity-fabric' | 'roce' | 'blink' | 'metaxlink' | 'mlu-link' | 'pcie';

export interface AcceleratorSpec extends Sourced {
  kind: 'accelerator';
  /** Dense (no sparsity) peak TFLOPS by precision. */
  peakTflops: { bf16: number; fp16: number; fp8: number; fp32?: number; tf32?: number };
  /** Device memory as marketed, in the datasheet's "GB" (shown in inventories and the palette). */
  memoryGB: number;
  /**
   * Memory the device exposes to programs, GiB (2^30 bytes): the total the driver reports
   * (nvidia-smi, rocm-smi, npu-smi, hl-smi). Absent = `memoryGB` read as binary gigabytes.
   * The engine reads it only through `acceleratorMemoryGiB` (core/catalog/memory.ts).
   */
  memoryGiB?: number;
  /** Memory bandwidth, TB/s (1e12 bytes/s). */
  memoryTBps: number;
  /** Thermal design power in watts. */
  tdpW: number;
  /** Scale-up interconnect: kind, per-accelerator unidirectional+bidirectional total as marketed, GB/s. */
  scaleUp: { kind: ScaleUpKind; bandwidthGBps: number; domainSize: number };
}

export interface ServerSpec extends Sourced {
  kind: 'server';
  acceleratorId: string;
  acceleratorsPerServer: number;
  /** Rack units occupied. */
  heightU: number;
  /** Maximum (nameplate) power of the whole server including accelerators, W. */
  maxPowerW: number;
  /** Typical power under training load, W. */
  typicalPowerW: number;
  /**
   * Rack-scale systems: the published all-in draw of the whole rack, W, beside
   * `maxPowerW` (the compute nameplate): scale-up switch trays, power-shelf
   * conversion, in-rack pumps and fans and management switches included. What the
   * grid connection and the facility are sized on; absent = `maxPowerW`.
   */
  allInPowerW?: number;
  /**
   * Compute (scale-out) NICs: count and speed each (Gb/s). `linksPerModule`: NIC links
   * behind one node-side transceiver module (twin-port OSFP cages = 2); absent = the
   * network assumption `nodeLinksPerModule` (1, single-port modules).
   */
  computeNics: { count: number; linkGbps: number; linksPerModule?: number };
  /** Storage/management NICs. */
  otherNics?: { count: number; linkGbps: number };
  cpus?: { count: number; model: string };
  psus?: { count: number; ratingW: number };
  /** Preferred cooling. */
  cooling: 'air' | 'cold-plate' | 'immersion';
  /**
   * Servers of this model one rack holds in the vendor's rack design (8 for the
   * liquid-cooled 4U HGX racks of 100k-GPU builds, above an in-rack CDU): the design
   * generator's default per rack, still capped by rack units and the rack power
   * budget. Absent = as many as rack units and the power budget allow.
   */
  serversPerRack?: number;
  /** Servers that are whole racks (GB200 NVL72) set this. */
  isRack?: boolean;
  /**
   * Scale-up supernodes (rack-scale systems): the domain and what builds it inside the
   * system. The training engine takes the domain size for its TP/EP groups; the network
   * stage adds the switch and optics power when the nameplate leaves it out.
   */
  scaleUpFabric?: ScaleUpFabricSpec;
  /**
   * Accelerators behind one fabric-attached node (a rack-scale system's compute tray,
   * 4 in a GB200 NVL72); absent = `acceleratorsPerServer` (the server is the node).
   */
  acceleratorsPerFabricNode?: number;
}

/** The scale-up network inside a supernode system (one system, not a fabric to size). */
export interface ScaleUpFabricSpec {
  /** Accelerators in one scale-up domain (the whole system unless it holds several). */
  domainSize: number;
  /** Racks the system fills, compute and network racks together. */
  racks: number;
  /** Scale-up switch chips (NVLink Switch ASICs, UB switch chips) and the power of each, W. */
  switchChips: number;
  switchChipPowerW: number;
  /** Optical modules of the scale-up network (0 when it is copper) and the power of each, W. */
  optics: number;
  opticsPowerW: number;
  /** Copper scale-up cables (backplane cartridges, cross-rack cables). */
  copperCables: number;
  /** True when maxPowerW / typicalPowerW already include the scale-up switches and optics. */
  inNameplate: boolean;
  source: string;
}

export interface SwitchSpec extends Sourced {
  kind: 'switch';
  ports: number;
  portGbps: number;
  /** Switching capacity, Tb/s. */
  capacityTbps: number;
  heightU: number;
  /** Max power without optics, W. */
  maxPowerW: number;
  typicalPowerW: number;
  protocol: 'infiniband' | 'ethernet';
  /** In-network reduction (SHARP-like). */
  inNetworkReduction?: boolean;
  /**
   * Optical cage speed, Gb/s (one module per cage), when it is not the fabric
   * generator's default (twin-port OSFP on InfiniBand 400G and up, else the port speed).
   */
  cageGbps?: number;
}

export interface TransceiverSpec extends Sourced {
  kind: 'transceiver';
  speedGbps: number;
  /** Ports served by one module (twin-port OSFP = 2). */
  portsPerModule: number;
  reachM: number;
  powerW: number;
  media: 'multimode' | 'singlemode';
}

export interface CableSpec extends Sourced {
  kind: 'cable';
  /** dac = passive copper, acc = active copper, aoc = active optical, fibre = passive patch cord (needs transceivers). */
  media: 'dac' | 'aoc' | 'fibre' | 'acc';
  /** Fibre patch cords: the fibre they are made of (matches the transceivers' media). */
  fibreMode?: 'multimode' | 'singlemode';
  speedGbps: number;
  maxLengthM: number;
  powerW: number;
}

export interface NicSpec extends Sourced {
  kind: 'nic';
  ports: number;
  portGbps: number;
  powerW: number;
}

export type CoolingKind = 'crah' | 'crac' | 'in-row' | 'rear-door' | 'cdu' | 'immersion-tank';

export interface CoolingUnitSpec extends Sourced {
  kind: 'cooling';
  coolingKind: CoolingKind;
  /** Heat it can remove, kW. */
  capacityKW: number;
  /** Coefficient of performance (heat removed / electrical power) at design point. */
  cop: number;
  /** Serves liquid (cold-plate/immersion) or air heat. */
  medium: 'air' | 'liquid';
}

export interface StorageSpec extends Sourced {
  kind: 'storage';
  capacityTB: number;
  readGBps: number;
  writeGBps: number;
  powerW: number;
  heightU: number;
}

export interface PowerGearSpec extends Sourced {
  kind: 'power';
  powerKind: 'ups' | 'pdu';
  capacityKW: number;
  /** 0..1 */
  efficiency: number;
}

export type CatalogPart =
  | AcceleratorSpec
  | ServerSpec
  | SwitchSpec
  | TransceiverSpec
  | CableSpec
  | NicSpec
  | CoolingUnitSpec
  | StorageSpec
  | PowerGearSpec;

export type PartKind = CatalogPart['kind'];
