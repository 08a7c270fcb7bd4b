/**
 * zod schemas of catalog parts, in two strengths built from one description:
 *
 * - `CatalogPartSchema` (custom): what a user may define in the workbench. Lenient
 *   where a form is: unknown keys are dropped, vendor / source / price default.
 * - `DATA_PART_SCHEMAS` (data): what a record of a built-in data file
 *   (core/catalog/data/*.json) must be. Strict: every object refuses unknown keys,
 *   and vendor, source and price are required (every figure carries its source).
 *
 * Bounds with units: core/model/bounds.ts.
 */
import { z } from 'zod';
import { BOUNDS, bounded, num } from '../model/bounds';
import type { CatalogPart, PartKind } from './types';

type Strength = 'custom' | 'data';

const partId = z
  .string()
  .min(1, 'must not be empty')
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');

/** Fields every part has: a custom part may leave vendor, source and price out; a data record may not. */
const CUSTOM_BASE = {
  id: partId,
  name: z.string().min(1, 'must not be empty').max(200),
  vendor: z.string().max(200).default(''),
  source: z.string().max(2000).default('user-defined'),
  priceUsd: num('priceUsd').default(0),
  custom: z.boolean().optional(),
};
const DATA_BASE = {
  id: partId,
  name: z.string().min(1, 'must not be empty').max(200),
  vendor: z.string().min(1, 'must not be empty').max(200),
  source: z
    .string()
    .max(2000)
    .regex(/\S/, 'must say where the figures come from (datasheet, paper or reference architecture; ESTIMATE where estimated)'),
  priceUsd: num('priceUsd'),
};

/** The part schemas of one strength, by kind. */
function partSchemas<B extends z.ZodRawShape>(strength: Strength, base: B) {
  // A data record refuses unknown keys at every level; a custom part drops them.
  const obj = <S extends z.ZodRawShape>(shape: S): z.ZodObject<S> =>
    (strength === 'data' ? z.strictObject(shape) : z.object(shape)) as unknown as z.ZodObject<S>;
  const nics = () => obj({ count: num('nicCount'), linkGbps: bounded({ ...BOUNDS.linkGbps, min: 0 }) });
  // Mass and size: every built-in record states them (with their source); a custom part may not.
  const physicalShape = obj({
    weightKg: num('weightKg'),
    dimensionsMm: obj({ height: num('dimensionMm'), width: num('dimensionMm'), depth: num('dimensionMm') }).optional(),
    source: z
      .string()
      .max(2000)
      .regex(/\S/, 'must say where mass and size come from (ESTIMATE where estimated)'),
  });
  const physical = strength === 'data' ? { physical: physicalShape } : { physical: physicalShape.optional() };

  return {
    accelerator: obj({
      ...base,
      ...physical,
      kind: z.literal('accelerator'),
      peakTflops: obj({
        bf16: num('tflops'),
        fp16: num('tflops'),
        fp8: num('tflops'),
        fp32: num('tflops').optional(),
        tf32: num('tflops').optional(),
      }),
      memoryGB: num('memoryGB'),
      memoryGiB: num('memoryGiB').optional(),
      memoryTBps: num('memoryTBps'),
      tdpW: num('partPowerW'),
      scaleUp: obj({
        kind: z.enum(['nvlink', 'nvl72', 'hccs', 'mtlink', 'infinity-fabric', 'roce', 'blink', 'metaxlink', 'mlu-link', 'pcie']),
        bandwidthGBps: num('scaleUpGBps'),
        domainSize: num('domainSize'),
      }),
    }),
    server: obj({
      ...base,
      ...physical,
      kind: z.literal('server'),
      acceleratorId: partId,
      acceleratorsPerServer: num('perNode'),
      heightU: num('heightU'),
      maxPowerW: num('partPowerW'),
      typicalPowerW: num('partPowerW'),
      allInPowerW: num('partPowerW').optional(),
      computeNics: obj({ count: num('nicCount'), linkGbps: bounded({ ...BOUNDS.linkGbps, min: 0 }), linksPerModule: num('portsPerModule').optional() }),
      otherNics: nics().optional(),
      cpus: obj({ count: num('nicCount'), model: z.string().max(200) }).optional(),
      psus: obj({ count: num('nicCount'), ratingW: bounded({ ...BOUNDS.partPowerW, min: 0 }) }).optional(),
      cooling: z.enum(['air', 'cold-plate', 'immersion']),
      serversPerRack: num('serversPerRack').optional(),
      isRack: z.boolean().optional(),
      acceleratorsPerFabricNode: num('perNode').optional(),
      scaleUpFabric: obj({
        domainSize: num('domainSize'),
        racks: num('count'),
        switchChips: num('count'),
        switchChipPowerW: bounded({ ...BOUNDS.partPowerW, min: 0 }),
        optics: bounded({ ...BOUNDS.count, min: 0 }),
        opticsPowerW: bounded({ ...BOUNDS.partPowerW, min: 0 }),
        copperCables: bounded({ ...BOUNDS.count, min: 0 }),
        inNameplate: z.boolean(),
        source: z.string().max(2000).regex(/\S/, 'must say where the counts come from'),
      }).optional(),
    }),
    switch: obj({
      ...base,
      ...physical,
      kind: z.literal('switch'),
      ports: num('switchPorts'),
      portGbps: num('linkGbps'),
      capacityTbps: num('capacityTbps'),
      heightU: num('heightU'),
      maxPowerW: num('partPowerW'),
      typicalPowerW: num('partPowerW'),
      protocol: z.enum(['infiniband', 'ethernet']),
      inNetworkReduction: z.boolean().optional(),
      cageGbps: num('linkGbps').optional(),
    }),
    transceiver: obj({
      ...base,
      ...physical,
      kind: z.literal('transceiver'),
      speedGbps: num('linkGbps'),
      portsPerModule: num('portsPerModule'),
      reachM: num('reachM'),
      powerW: num('smallPowerW'),
      media: z.enum(['multimode', 'singlemode']),
    }),
    cable: obj({
      ...base,
      ...physical,
      kind: z.literal('cable'),
      media: z.enum(['dac', 'aoc', 'fibre', 'acc']),
      fibreMode: z.enum(['multimode', 'singlemode']).optional(),
      speedGbps: num('linkGbps'),
      maxLengthM: num('reachM'),
      powerW: num('smallPowerW'),
    }),
    nic: obj({
      ...base,
      ...physical,
      kind: z.literal('nic'),
      ports: num('portsPerModule'),
      portGbps: num('linkGbps'),
      powerW: num('smallPowerW'),
    }),
    cooling: obj({
      ...base,
      ...physical,
      kind: z.literal('cooling'),
      coolingKind: z.enum(['crah', 'crac', 'in-row', 'rear-door', 'cdu', 'immersion-tank']),
      capacityKW: num('coolingCapacityKW'),
      cop: num('cop'),
      medium: z.enum(['air', 'liquid']),
    }),
    storage: obj({
      ...base,
      ...physical,
      kind: z.literal('storage'),
      capacityTB: num('storageTB'),
      readGBps: num('storageGBps'),
      writeGBps: num('storageGBps'),
      powerW: bounded({ ...BOUNDS.partPowerW, min: 0 }),
      heightU: num('heightU'),
    }),
    power: obj({
      ...base,
      ...physical,
      kind: z.literal('power'),
      powerKind: z.enum(['ups', 'pdu']),
      capacityKW: num('powerGearKW'),
      efficiency: num('gearEfficiency'),
    }),
  };
}

const CUSTOM = partSchemas('custom', CUSTOM_BASE);

/** Validates a user-defined catalog part (the host checks custom parts with it). */
export const CatalogPartSchema = z.discriminatedUnion('kind', [
  CUSTOM.accelerator,
  CUSTOM.server,
  CUSTOM.switch,
  CUSTOM.transceiver,
  CUSTOM.cable,
  CUSTOM.nic,
  CUSTOM.cooling,
  CUSTOM.storage,
  CUSTOM.power,
]);
// Compile-time check that the schema produces catalog parts.
const _schemaMatchesTypes: (p: z.infer<typeof CatalogPartSchema>) => CatalogPart = (p) => p;
void _schemaMatchesTypes;

const DATA = partSchemas('data', DATA_BASE);
/** Strict schemas of a built-in data file's records, by part kind. */
export const DATA_PART_SCHEMAS: { readonly [K in PartKind]: z.ZodType } = DATA;
// Compile-time check that a valid data record is a catalog part of its kind.
const _dataMatchesTypes: (p: z.infer<(typeof DATA)['accelerator']>) => CatalogPart = (p) => p;
void _dataMatchesTypes;

/** A zod issue path as a field path: `computeNics.count`, `entries[3]`. */
export function issuePath(prefix: string, segments: readonly PropertyKey[]): string {
  let p = prefix;
  for (const seg of segments) p += typeof seg === 'number' ? `[${seg}]` : p ? `.${String(seg)}` : String(seg);
  return p;
}
