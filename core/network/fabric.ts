/**
 * Generated fat-tree fabrics: sizing by arithmetic, job views, the `cwb fabric`
 * command and expansion to a drawn topology. This module is the public entry;
 * the work is done in
 * - fabric-generate.ts: generateFabric, the composition of the steps below,
 *   and the rules every count follows;
 * - fabric-input.ts: validation of the input, defaults, assumption overrides;
 * - fabric-sizing.ts: link speed, radix, capacity per tier count, tier choice,
 *   leaf / spine / core switch classes;
 * - fabric-optics.ts: length classes, media, transceivers and cables;
 * - fabric-jobs.ts: job scopes and switch hops;
 * - fabric-assumptions.ts, fabric-types.ts, fabric-cli.ts, fabric-expand.ts.
 */
export { DEFAULT_NETWORK_ASSUMPTIONS, NETWORK_ASSUMPTIONS } from './fabric-assumptions';
export type { NetworkAssumption, NetworkAssumptionValues } from './fabric-assumptions';
export type {
  FabricInput,
  FabricResult,
  FabricWarning,
  JobScope,
  LengthClass,
  LinkTier,
  Media,
  PortUse,
  SwitchLike,
  TransceiverLine,
} from './fabric-types';
export { gbpsToGBps } from './fabric-math';
export { requestedOversubscription } from './fabric-input';
export { splitPorts } from './fabric-sizing';
export { defaultCageGbps } from './fabric-optics';
export { generateFabric } from './fabric-generate';
export { jobView, switchHops, type AcceleratorPlace } from './fabric-jobs';
export { fabricCli } from './fabric-cli';
export { EXPAND_MAX_LINKS, expandFabric } from './fabric-expand';
