/**
 * Validation of a fabric's input: every field is checked (in the order the
 * generator has always checked them, so the first error named stays the same)
 * and resolved into the values the sizing steps work on.
 */
import { InputError } from '../errors';
import { DEFAULT_NETWORK_ASSUMPTIONS, type NetworkAssumptionValues } from './fabric-assumptions';
import { checkFabricBounds } from './fabric-bounds';
import type { FabricInput, FrontEndInput, SwitchLike } from './fabric-types';

export function positiveInt(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v) || v <= 0) {
    throw new InputError(path, `must be a positive integer (got ${String(v)})`);
  }
  return v;
}

export function positiveNumber(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new InputError(path, `must be a positive number (got ${String(v)})`);
  }
  return v;
}

export function nonNegative(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new InputError(path, `must be a number >= 0 (got ${String(v)})`);
  }
  return v;
}

export function validateSwitch(path: string, s: SwitchLike | undefined): SwitchLike {
  if (!s || typeof s !== 'object') throw new InputError(path, 'a switch is required');
  positiveInt(`${path}.ports`, s.ports);
  if (s.ports < 2) throw new InputError(`${path}.ports`, `must be at least 2 (got ${s.ports})`);
  positiveNumber(`${path}.portGbps`, s.portGbps);
  nonNegative(`${path}.maxPowerW`, s.maxPowerW);
  nonNegative(`${path}.typicalPowerW`, s.typicalPowerW);
  nonNegative(`${path}.priceUsd`, s.priceUsd);
  if (s.cageGbps !== undefined) positiveNumber(`${path}.cageGbps`, s.cageGbps);
  return s;
}

function ratio(path: string, v: unknown): number {
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 1) {
    throw new InputError(path, `must be a number >= 1 (downlink:uplink), got ${String(v)}`);
  }
  return v;
}

/** The requested downlink:uplink ratios of leaf and spine switches (validated). */
export function requestedOversubscription(input: Pick<FabricInput, 'oversubscription'>): { leaf: number; spine: number } {
  const os = input.oversubscription;
  if (typeof os === 'object' && os !== null) {
    return { leaf: ratio('oversubscription.leaf', os.leaf), spine: ratio('oversubscription.spine', os.spine) };
  }
  return { leaf: ratio('oversubscription', os), spine: 1 };
}

/** A fabric input after validation, with defaults applied. */
export interface ValidFabricInput {
  accelerators: number;
  perNode: number;
  nicGbps: number;
  planes: number;
  /** Compute NIC ports per node (a multiple of planes). */
  nicPorts: number;
  rail: boolean;
  railOnly: boolean;
  frontEnd: FrontEndInput | undefined;
  leafSw: SwitchLike;
  spineSw: SwitchLike;
  coreSw: SwitchLike;
  /** Requested leaf and spine downlink:uplink ratios. */
  rL: number;
  rS: number;
  /** Forced tier count, if any. */
  tiers: 2 | 3 | undefined;
  a: NetworkAssumptionValues;
}

/** The defaults with the input's overrides, each override checked by name. */
export function resolveNetworkAssumptions(overrides: Partial<NetworkAssumptionValues> | undefined): NetworkAssumptionValues {
  const a: NetworkAssumptionValues = { ...DEFAULT_NETWORK_ASSUMPTIONS };
  if (overrides) {
    for (const [k, v] of Object.entries(overrides)) {
      if (!(k in DEFAULT_NETWORK_ASSUMPTIONS)) throw new InputError(`assumptions.${k}`, 'unknown assumption');
      (a as unknown as Record<string, number>)[k] = nonNegative(`assumptions.${k}`, v);
    }
    positiveInt('assumptions.maxBreakout', a.maxBreakout);
    positiveInt('assumptions.nodeLinksPerModule', a.nodeLinksPerModule);
    positiveInt('assumptions.nodesPerRack', a.nodesPerRack);
    positiveInt('assumptions.nodesPerRow', a.nodesPerRow);
    if (a.leafSplitSearch > 1) throw new InputError('assumptions.leafSplitSearch', `must be a share between 0 and 1 (got ${a.leafSplitSearch})`);
    if (a.partialUnitFullUplinks !== 0 && a.partialUnitFullUplinks !== 1) {
      throw new InputError('assumptions.partialUnitFullUplinks', `must be 0 or 1 (got ${a.partialUnitFullUplinks})`);
    }
  }
  return a;
}

/** Check a fabric input; throws InputError naming the first bad field. */
export function validateFabricInput(input: FabricInput): ValidFabricInput {
  if (!input || typeof input !== 'object') throw new InputError('', 'fabric input is required');
  const accelerators = positiveInt('accelerators', input.accelerators);
  const perNode = positiveInt('perNode', input.perNode);
  const nicGbps = positiveNumber('nicGbpsPerAccelerator', input.nicGbpsPerAccelerator);
  const planes = input.planes === undefined ? 1 : positiveInt('planes', input.planes);
  const nicPorts = input.nicPorts === undefined ? perNode * planes : positiveInt('nicPorts', input.nicPorts);
  if (nicPorts % planes !== 0) {
    throw new InputError('planes', `must divide the ${nicPorts} compute NIC ports per node (got ${planes}); at most ${nicPorts} planes, one port each`);
  }
  const rail = input.railOptimised ?? true;
  if (typeof rail !== 'boolean') throw new InputError('railOptimised', 'must be true or false');
  const railOnly = input.railOnly ?? false;
  if (typeof railOnly !== 'boolean') throw new InputError('railOnly', 'must be true or false');
  if (railOnly && accelerators % perNode !== 0) {
    throw new InputError('railOnly', `a rail-only fabric needs whole nodes: ${accelerators} accelerators are not a multiple of perNode (${perNode})`);
  }
  if (accelerators % perNode !== 0 && !input.allowPartialNode) {
    throw new InputError(
      'accelerators',
      `must be a multiple of perNode (${perNode}); got ${accelerators} (set allowPartialNode to accept a partly filled last node)`,
    );
  }
  if (input.tiers !== undefined && input.tiers !== 2 && input.tiers !== 3) {
    throw new InputError('tiers', `must be 2 or 3 (got ${String(input.tiers)})`);
  }
  const base = validateSwitch('switch', input.switch);
  const leafSw = input.switches?.leaf ? validateSwitch('switches.leaf', input.switches.leaf) : base;
  const spineSw = input.switches?.spine ? validateSwitch('switches.spine', input.switches.spine) : base;
  const coreSw = input.switches?.core ? validateSwitch('switches.core', input.switches.core) : base;
  const { leaf: rL, spine: rS } = requestedOversubscription(input);
  checkFabricBounds(input);
  const a = resolveNetworkAssumptions(input.assumptions);
  let frontEnd: FrontEndInput | undefined;
  if (input.frontEnd !== undefined) {
    const fe = input.frontEnd;
    if (!fe || typeof fe !== 'object') throw new InputError('frontEnd', 'must be an object');
    positiveInt('frontEnd.portsPerNode', fe.portsPerNode);
    positiveNumber('frontEnd.portGbps', fe.portGbps);
    validateSwitch('frontEnd.switch', fe.switch);
    ratio('frontEnd.oversubscription', fe.oversubscription);
    frontEnd = fe;
  }
  return { accelerators, perNode, nicGbps, planes, nicPorts, rail, railOnly, frontEnd, leafSw, spineSw, coreSw, rL, rS, tiers: input.tiers, a };
}
