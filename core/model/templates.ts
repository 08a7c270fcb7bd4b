/**
 * Built-in templates: each builds a complete, valid design (parseDesign) that
 * evaluates without errors. Large clusters use replication (a scalable unit
 * drawn once with a count), so they open instantly.
 *
 * The templates are data (core/catalog/data/templates.json): a design document,
 * or the parameters of the design generator, plus optional storage racks. The
 * file's records are checked when this module loads; a design is built (and
 * validated by parseDesign) when a template is opened.
 */
import { z } from 'zod';
import { CatalogDataError, DEFAULT_CATALOG, rolePart } from '../catalog';
import templatesData from '../catalog/data/templates.json';
import { issuePath } from '../catalog/schema';
import { BOUNDS, bounded, num } from './bounds';
import type { Design } from './design';
import { generateDesign, type GenerateParams } from './generate';
import { parseDesign } from './parse';

export interface Template {
  id: string;
  /** i18n key of the name (renderer dictionaries); `name` holds both languages too. */
  nameKey: string;
  name: { en: string; 'zh-CN': string };
  description: { en: string; 'zh-CN': string };
  /** Accelerators in the design (for the template picker). */
  accelerators: number;
  build(): Design;
}

/** Width of a generated fabric's box on the canvas (renderer/canvas/layout.ts FABRIC_W). */
const FABRIC_BOX_W = 236;

/** Appliances per storage rack (8 x ~2.4 kW = ~19 kW, within plain air cooling). */
const STORAGE_PER_RACK = 8;

/** Add storage racks holding `quantity` appliances (stacked from U2) to the right of the top-level groups. */
function withStorageRacks(d: Design, partId: string, quantity: number): Design {
  const part = DEFAULT_CATALOG.getOfKind(partId, 'storage');
  if (!part) return d;
  // Right of everything at the top level (the groups and the generated fabric drawn beside them).
  const rights = [
    ...d.groups.filter((g) => !g.parentId).map((g) => g.position.x + (g.size?.width ?? 520)),
    ...d.fabrics.filter((f) => !f.groupId && f.position).map((f) => f.position!.x + FABRIC_BOX_W),
  ];
  const x = Math.max(0, ...rights) + 80;
  const perRack = Math.min(quantity, STORAGE_PER_RACK);
  const racks = Math.ceil(quantity / perRack);
  const last = quantity - (racks - 1) * perRack;
  // Two rack PDUs (A+B feeds) per rack, as the generator gives compute racks, sized for the appliances.
  const pdu = rolePart('rackPdu', DEFAULT_CATALOG);
  const mk = (id: string, n: number, count: number, i: number) => ({
    rack: { id, name: count > 1 ? 'Storage rack' : `Storage rack ${i + 1}`, position: { x: x + i * 224, y: 0 }, heightU: 48, powerBudgetW: 30_000, cooling: 'air' as const, count },
    storage: { id: `${id}-storage`, name: part.name, partId, rackId: id, slotU: 2, quantity: n },
    pdus: pdu ? [{ id: `${id}-pdu`, partId: pdu.id, rackId: id, quantity: 2 * Math.max(1, Math.ceil((n * part.powerW) / (pdu.capacityKW * 1000))) }] : [],
  });
  const sets = last === perRack ? [mk('storage-rack', perRack, racks, 0)] : [mk('storage-rack', perRack, racks - 1, 0), mk('storage-rack-last', last, 1, 1)];
  return parseDesign({
    ...d,
    racks: [...d.racks, ...sets.map((s) => s.rack)],
    storage: [...d.storage, ...sets.map((s) => s.storage)],
    pdus: [...d.pdus, ...sets.flatMap((s) => s.pdus)],
  });
}

const Text = z.strictObject({ en: z.string().min(1, 'must not be empty'), 'zh-CN': z.string().min(1, 'must not be empty') });
const text = z.string().max(2000);
const idText = z.string().min(1, 'must not be empty').max(100);

// Generator parameters (GenerateParams); `site` and `workload` are checked by parseDesign when the design is built.
const PoolSchema = z.strictObject({
  accelerator: idText,
  count: num('accelerators'),
  perNode: num('perNode').optional(),
  server: idText.optional(),
  scaleOutGbps: bounded(BOUNDS.linkGbps).optional(),
  pool: idText.optional(),
});
const GenerateSchema = z.strictObject({
  ...PoolSchema.shape,
  id: idText.optional(),
  name: text.optional(),
  description: text.optional(),
  pools: z.array(PoolSchema).optional(),
  switch: idText.optional(),
  oversubscription: num('oversubscription').optional(),
  tiers: z.union([z.literal(2), z.literal(3)]).optional(),
  cooling: z.enum(['air', 'rear-door', 'cold-plate', 'immersion']).optional(),
  rackPowerBudgetW: num('rackPowerW').optional(),
  rackHeightU: num('heightU').optional(),
  serversPerRack: num('serversPerRack').optional(),
  serversPerUnit: num('count').optional(),
  site: z.record(z.string(), z.unknown()).optional(),
  workload: z.record(z.string(), z.unknown()).optional(),
  pdus: z.boolean().optional(),
});
const TemplateSchema = z
  .strictObject({
    id: idText,
    nameKey: z.string().regex(/^template\.[A-Za-z0-9]+$/, 'must be an i18n key "template.<name>"'),
    name: Text,
    description: Text,
    accelerators: num('accelerators'),
    notes: text.optional(),
    design: z.record(z.string(), z.unknown()).optional(),
    generate: GenerateSchema.optional(),
    storageRacks: z.strictObject({ partId: idText, quantity: num('count') }).optional(),
  })
  .refine((t) => (t.design === undefined) !== (t.generate === undefined), { message: 'must have either design or generate', path: ['design'] });
const TemplatesFileSchema = z.strictObject({ about: z.string().min(1, 'must say what the file holds'), entries: z.array(z.unknown()) });

type TemplateRecord = z.infer<typeof TemplateSchema>;

function fieldOf(error: z.ZodError): { path: PropertyKey[]; message: string } {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') return { path: [...issue.path, issue.keys[0] ?? ''], message: 'unknown field' };
  return { path: [...(issue?.path ?? [])], message: issue?.message ?? 'invalid' };
}

/** The design a template record describes. */
function buildTemplate(t: TemplateRecord): Design {
  let d = t.design
    ? parseDesign(structuredClone(t.design))
    : generateDesign(structuredClone(t.generate) as GenerateParams);
  if (t.storageRacks) d = withStorageRacks(d, t.storageRacks.partId, t.storageRacks.quantity);
  return d;
}

/** The templates of a templates data file, each record checked (errors name file, template id and field). */
export function loadTemplates(file: string, data: unknown): Template[] {
  const head = TemplatesFileSchema.safeParse(data);
  if (!head.success) {
    const { path, message } = fieldOf(head.error);
    throw new CatalogDataError(file, undefined, undefined, issuePath('', path), message);
  }
  const seen = new Set<string>();
  return head.data.entries.map((record, i) => {
    const id = typeof record === 'object' && record !== null && typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : undefined;
    const r = TemplateSchema.safeParse(record);
    if (!r.success) {
      const { path, message } = fieldOf(r.error);
      throw new CatalogDataError(file, i, id, issuePath('', path), message);
    }
    const t = r.data;
    if (seen.has(t.id)) throw new CatalogDataError(file, i, t.id, 'id', 'duplicate template id');
    seen.add(t.id);
    return { id: t.id, nameKey: t.nameKey, name: t.name, description: t.description, accelerators: t.accelerators, build: () => buildTemplate(t) };
  });
}

export const TEMPLATES: readonly Template[] = loadTemplates('templates.json', templatesData);

/** The template with this id, or undefined. */
export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
