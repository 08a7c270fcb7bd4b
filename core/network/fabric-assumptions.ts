/**
 * Network assumptions: optics power and price, cable prices, reach of each
 * length class, and the placement figures that decide a link's length class.
 * Every value is a named, documented, user-editable parameter.
 */

export interface NetworkAssumptionValues {
  opticsPowerW100Multimode: number;
  opticsPowerW100Singlemode: number;
  opticsPowerW200Multimode: number;
  opticsPowerW200Singlemode: number;
  opticsPowerW400Multimode: number;
  opticsPowerW400Singlemode: number;
  opticsPowerW800Multimode: number;
  opticsPowerW800Singlemode: number;
  opticsPowerW1600Multimode: number;
  opticsPowerW1600Singlemode: number;
  /** Fallback for other module speeds, W per Gb/s. */
  opticsPowerWPerGbps: number;
  opticsPriceUsdPerGbpsMultimode: number;
  opticsPriceUsdPerGbpsSinglemode: number;
  dacPriceUsd: number;
  multimodeFibrePriceUsd: number;
  singlemodeFibrePriceUsd: number;
  dacMaxLengthM: number;
  multimodeMaxLengthM: number;
  singlemodeMaxLengthM: number;
  nodesPerRack: number;
  nodesPerRow: number;
  maxBreakout: number;
  nodeLinksPerModule: number;
  partialUnitFullUplinks: number;
  leafSplitSearch: number;
  inRackCableLengthM: number;
  dacMaxLengthM800: number;
  aecMaxLengthM: number;
  aecPowerW: number;
  aecPriceUsd: number;
  inRowAoc: number;
  aocMaxLengthM: number;
  inRowCableLengthM: number;
  aocPriceUsdPerGbps: number;
}

export interface NetworkAssumption {
  key: keyof NetworkAssumptionValues;
  label: string;
  value: number;
  unit: string;
  source: string;
}

const OPTICS_SRC = 'REFERENCE.md (Systems and network gear: optics)';

export const NETWORK_ASSUMPTIONS: readonly NetworkAssumption[] = [
  { key: 'opticsPowerW100Multimode', label: '100G SR4 module power', value: 2.5, unit: 'W', source: 'QSFP28 SR4 datasheets, 2-2.5 W' },
  { key: 'opticsPowerW100Singlemode', label: '100G DR/CWDM4 module power', value: 3.5, unit: 'W', source: 'QSFP28 DR1/CWDM4 datasheets, 3-3.5 W' },
  { key: 'opticsPowerW200Multimode', label: '200G SR4 module power', value: 4.5, unit: 'W', source: 'QSFP56 SR4 datasheets, ~4.5 W' },
  { key: 'opticsPowerW200Singlemode', label: '200G FR4/DR4 module power', value: 5.5, unit: 'W', source: 'QSFP56 FR4 datasheets, ~5.5 W' },
  { key: 'opticsPowerW400Multimode', label: '400G SR4 module power (OSFP/QSFP112)', value: 8, unit: 'W', source: `${OPTICS_SRC}: 400G SR4 about 8-9 W (low end)` },
  { key: 'opticsPowerW400Singlemode', label: '400G DR4 module power', value: 9, unit: 'W', source: `${OPTICS_SRC}: 400G about 8-9 W (high end for singlemode)` },
  { key: 'opticsPowerW800Multimode', label: '800G twin-port OSFP SR8 module power', value: 15, unit: 'W', source: `${OPTICS_SRC}: 800G twin-port OSFP 15 W multimode` },
  { key: 'opticsPowerW800Singlemode', label: '800G twin-port OSFP DR8 module power', value: 17, unit: 'W', source: `${OPTICS_SRC}: 800G twin-port OSFP 17 W DR8` },
  { key: 'opticsPowerW1600Multimode', label: '1.6T OSFP module power (multimode)', value: 23, unit: 'W', source: 'Estimate: 1.6T OSFP modules announced at ~23-25 W' },
  { key: 'opticsPowerW1600Singlemode', label: '1.6T OSFP DR8 module power', value: 25, unit: 'W', source: 'Estimate: 1.6T OSFP DR8 announced at ~25 W' },
  { key: 'opticsPowerWPerGbps', label: 'Module power for other speeds', value: 0.02, unit: 'W/(Gb/s)', source: 'Rule of thumb ~20 pJ/bit (800G at ~16 W)' },
  { key: 'opticsPriceUsdPerGbpsMultimode', label: 'Multimode module price', value: 1.5, unit: 'USD/(Gb/s)', source: 'Estimate from 2024-25 street prices (800G SR8 ~1,200 USD); not a quote' },
  { key: 'opticsPriceUsdPerGbpsSinglemode', label: 'Singlemode module price', value: 2, unit: 'USD/(Gb/s)', source: 'Estimate from 2024-25 street prices (800G DR8 ~1,600 USD); not a quote' },
  { key: 'dacPriceUsd', label: 'Passive copper (DAC) cable price', value: 120, unit: 'USD', source: 'Estimate, 400G/800G DAC 1-3 m; not a quote' },
  { key: 'multimodeFibrePriceUsd', label: 'Multimode MPO fibre cable price (in-row)', value: 60, unit: 'USD', source: 'Estimate, OM4 MPO-12 up to 30 m; not a quote' },
  { key: 'singlemodeFibrePriceUsd', label: 'Singlemode fibre cable price (cross-hall)', value: 120, unit: 'USD', source: 'Estimate, OS2 MPO up to 500 m incl. patching; not a quote' },
  { key: 'dacMaxLengthM', label: 'In-rack class: passive copper (DAC) up to', value: 3, unit: 'm', source: '400G/800G passive DAC reach ~2-3 m' },
  { key: 'multimodeMaxLengthM', label: 'In-row class: AOC / multimode fibre up to', value: 50, unit: 'm', source: '400G SR4 / 800G SR8 on OM4 reach 50-100 m' },
  { key: 'singlemodeMaxLengthM', label: 'Cross-hall class: singlemode fibre up to', value: 500, unit: 'm', source: '400G DR4 / 800G DR8 reach 500 m' },
  { key: 'nodesPerRack', label: 'Nodes per rack (copper reach); a design takes it from its racks', value: 4, unit: 'nodes', source: 'DGX SuperPOD: 4 DGX per rack at ~40 kW' },
  { key: 'nodesPerRow', label: 'Nodes per row (multimode reach); a design takes it from its rack groups', value: 32, unit: 'nodes', source: 'DGX SuperPOD: one scalable unit (32 nodes) per row' },
  { key: 'inRackCableLengthM', label: 'In-rack cable length (node to top-of-rack, switch to switch in a rack)', value: 2, unit: 'm', source: 'Estimate: a 42-48U rack is ~2.2 m tall; NVIDIA LinkX DAC lengths 0.5-3 m' },
  { key: 'dacMaxLengthM800', label: 'Passive copper (DAC) reach at 800G and above', value: 2, unit: 'm', source: 'NVIDIA LinkX copper DAC overview: 0.5-2 m straight at 800G (3 m splitters at 400G)' },
  { key: 'aecMaxLengthM', label: 'Active electrical cable (AEC) reach: beyond DAC reach in the rack', value: 7, unit: 'm', source: 'AEC (retimed copper) up to ~7 m (badvb.cn AEC table, secondary)' },
  { key: 'aecPowerW', label: 'AEC power per cable (both ends)', value: 6, unit: 'W', source: 'ESTIMATE: ~1 W per 400G end (badvb.cn, secondary); 800G retimers ~3 W per end (Point2 P1B121, electronicdesign.com)' },
  { key: 'aecPriceUsd', label: 'AEC cable price', value: 350, unit: 'USD', source: 'Estimate, 400G/800G AEC 3-7 m; not a quote' },
  { key: 'inRowAoc', label: 'In-row links as active optical cables (1) instead of transceivers on multimode fibre (0)', value: 0, unit: '1 = on, 0 = off', source: 'DGX SuperPOD: multimode fibre patch cords with transceivers in the SU; AOC is the integrated alternative up to its reach' },
  { key: 'aocMaxLengthM', label: 'Active optical cable (AOC) reach', value: 30, unit: 'm', source: 'NVIDIA cable management FAQ: AOC 3 to ~100 m; 400G AOCs are sold up to 30 m' },
  { key: 'inRowCableLengthM', label: 'In-row cable length (across a row of racks)', value: 20, unit: 'm', source: 'Estimate: 8-16 racks of 0.6 m plus risers' },
  { key: 'aocPriceUsdPerGbps', label: 'AOC price (both ends built in)', value: 2.5, unit: 'USD/(Gb/s)', source: 'Estimate from 2024-25 street prices (400G AOC ~900-1,000 USD); not a quote' },
  { key: 'maxBreakout', label: 'Most logical ports per switch port (breakout)', value: 4, unit: 'ports', source: 'Common breakouts 2x and 4x (e.g. 800G -> 2x400G, 4x200G)' },
  {
    key: 'partialUnitFullUplinks',
    label: 'Partly filled units get the leaf-spine links of a full unit',
    value: 1,
    unit: '1 = on, 0 = off',
    source:
      'NVIDIA DGX SuperPOD H100 RA, Network Fabrics: "the fabric should be designed to support the full SU, including leaf switches and leaf-spine cables" (docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-h100/latest/network-fabrics.html); 0 gives each leaf the fewest uplinks its nodes need, rounded up to equal links per spine',
  },
  {
    key: 'leafSplitSearch',
    label: 'Leaf downlinks tried below the most the ratio allows (share of them), for fewer switches',
    value: 0.25,
    unit: 'fraction',
    source:
      'Engine rule: a leaf whose uplinks divide badly over the spines (at 2:1 a 128-port leaf splits 85/43, and 43 links only spread evenly over 43 spines) may take fewer downlinks, down to this share fewer; the split with the fewest switches wins (ties: the most downlinks). 0 = always the most downlinks',
  },
  { key: 'nodeLinksPerModule', label: 'NIC links per node-side module', value: 1, unit: 'links', source: 'Single-port NIC modules (PCIe NICs); DGX H100/B200 use twin-port OSFP = 2' },
] as const;

export const DEFAULT_NETWORK_ASSUMPTIONS: Readonly<NetworkAssumptionValues> = Object.freeze(
  Object.fromEntries(NETWORK_ASSUMPTIONS.map((a) => [a.key, a.value])) as unknown as NetworkAssumptionValues,
);
