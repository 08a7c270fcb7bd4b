/**
 * CLI scenario files (CLI.md "Scenario file"): validation and expansion into a
 * full design with the same generator that builds the templates.
 */
import { z } from 'zod';
import { DEFAULT_CATALOG, type Catalog } from '../catalog';
import { checkAssumptionOverrides } from '../assumptions';
import { InputError } from '../errors';
import { num } from './bounds';
import { AssumptionOverridesSchema, ClimateSchema, CustomClimateSchema, FacilitySchema, ModelSchema, SiteSchema, ReliabilitySettingsSchema, TrainingSchema, type Design, type Workload } from './design';
import { generateDesign, type GenerateParams } from './generate';
import { checkJsonDepth, zodToInputError } from './parse';

const partId = z.string().min(1, 'must not be empty').max(100);

export const ScenarioPoolSchema = z.object({
  accelerator: partId,
  count: num('accelerators'),
  perNode: num('perNode').optional(),
  scaleOutGbps: num('linkGbps').optional(),
  server: partId.optional(),
  /** Pool name; default the accelerator id. */
  name: z.string().min(1).max(100).optional(),
});
export type ScenarioPool = z.infer<typeof ScenarioPoolSchema>;

export const ScenarioClusterSchema = z
  .object({
    accelerator: partId.optional(),
    count: num('accelerators').optional(),
    perNode: num('perNode').optional(),
    scaleOutGbps: num('linkGbps').optional(),
    server: partId.optional(),
    switch: partId.optional(),
    oversubscription: num('oversubscription').optional(),
    tiers: z.union([z.literal(2), z.literal(3)]).optional(),
    cooling: z.enum(['air', 'rear-door', 'cold-plate', 'immersion']).optional(),
    rackPowerBudgetW: num('rackPowerW').optional(),
    serversPerRack: num('serversPerRack').optional(),
    pools: z.array(ScenarioPoolSchema).min(1, 'must list at least one pool').max(16).optional(),
    crossPoolGbps: num('linkGbps').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.pools) return;
    if (c.accelerator === undefined) ctx.addIssue({ code: 'custom', path: ['accelerator'], message: 'is required (or give pools)' });
    if (c.count === undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: 'is required (or give pools)' });
  });

export const ScenarioSiteSchema = z.object({
  name: z.string().max(200).optional(),
  climate: ClimateSchema.optional(),
  city: SiteSchema.shape.city,
  customClimate: CustomClimateSchema.optional(),
  facility: FacilitySchema.optional(),
  electricityUsdPerKWh: num('electricityUsdPerKWh').optional(),
  gridKgCO2PerKWh: num('gridKgCO2PerKWh').optional(),
  waterUsdPerM3: num('waterUsdPerM3').optional(),
  depreciationYears: num('depreciationYears').optional(),
});

export const ScenarioSchema = z.object({
  name: z.string().max(200).optional(),
  model: ModelSchema.optional(),
  training: TrainingSchema.optional(),
  reliability: ReliabilitySettingsSchema.optional(),
  cluster: ScenarioClusterSchema,
  site: ScenarioSiteSchema.optional(),
  /** Overrides of engine assumptions by key. */
  assumptions: AssumptionOverridesSchema.optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

/**
 * Validate a CLI scenario. Throws InputError naming the field path
 * (`cluster.count: must be >= 1`); unknown catalog ids list the nearest ids.
 */
export function scenarioFromJson(input: unknown, catalog: Catalog = DEFAULT_CATALOG): Scenario {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InputError('(root)', 'a scenario must be a JSON object');
  checkJsonDepth(input);
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) throw zodToInputError(r.error);
  const s = r.data;
  if (s.model && !s.training) throw new InputError('training', 'is required when model is given');
  if (s.training && !s.model) throw new InputError('model', 'is required when training is given');
  const c = s.cluster;
  if (c.pools) {
    c.pools.forEach((p, i) => {
      catalog.requireOfKind(p.accelerator, 'accelerator', `cluster.pools[${i}].accelerator`);
      if (p.server !== undefined) catalog.requireOfKind(p.server, 'server', `cluster.pools[${i}].server`);
    });
  } else if (c.accelerator !== undefined) {
    catalog.requireOfKind(c.accelerator, 'accelerator', 'cluster.accelerator');
  }
  if (c.server !== undefined && !c.pools) catalog.requireOfKind(c.server, 'server', 'cluster.server');
  if (c.switch !== undefined) catalog.requireOfKind(c.switch, 'switch', 'cluster.switch');
  // On the command line a mistyped or impossible assumption is an error, not a silent default.
  const [problem] = checkAssumptionOverrides(s.assumptions ?? {});
  if (problem) throw new InputError(`assumptions.${problem.key}`, problem.message.replace(/; the default .*$/, ''));
  return s;
}

/** The workload of a scenario (model + training), or undefined. */
export function scenarioWorkload(s: Scenario): Workload | undefined {
  if (!s.model || !s.training) return undefined;
  return {
    model: s.model,
    training: s.training,
    reliability: s.reliability ?? { strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 },
    ...(s.cluster.crossPoolGbps !== undefined ? { crossPoolGbps: s.cluster.crossPoolGbps } : {}),
  };
}

/** Generator parameters of a validated scenario. */
export function scenarioToParams(s: Scenario, catalog: Catalog = DEFAULT_CATALOG): GenerateParams {
  const c = s.cluster;
  const site = s.site ? Object.fromEntries(Object.entries(s.site).filter(([, v]) => v !== undefined)) : undefined;
  return {
    name: s.name,
    accelerator: c.accelerator ?? c.pools?.[0]?.accelerator ?? '',
    count: c.count ?? c.pools?.[0]?.count ?? 0,
    perNode: c.pools ? undefined : c.perNode,
    server: c.pools ? undefined : c.server,
    scaleOutGbps: c.pools ? undefined : c.scaleOutGbps,
    pools: c.pools?.map((p) => ({ accelerator: p.accelerator, count: p.count, perNode: p.perNode, scaleOutGbps: p.scaleOutGbps, server: p.server, pool: p.name })),
    switch: c.switch,
    oversubscription: c.oversubscription,
    tiers: c.tiers,
    cooling: c.cooling,
    rackPowerBudgetW: c.rackPowerBudgetW,
    serversPerRack: c.serversPerRack,
    site,
    workload: scenarioWorkload(s),
    catalog,
  };
}

/**
 * Expand a scenario (raw JSON or already validated) into a full design.
 * Errors name the scenario field (`cluster.count: must be a multiple of 8 ...`).
 */
export function scenarioToDesign(input: unknown, catalog: Catalog = DEFAULT_CATALOG): Design {
  const s = scenarioFromJson(input, catalog);
  let d: Design;
  try {
    d = generateDesign(scenarioToParams(s, catalog));
  } catch (e) {
    if (e instanceof InputError) {
      const raw = e.path && e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
      const path = e.path === '' || e.path === '(root)' ? 'cluster' : e.path === 'switch' || !e.path.startsWith('cluster') ? `cluster.${e.path}` : e.path;
      throw new InputError(path, raw);
    }
    throw e;
  }
  if (s.assumptions && Object.keys(s.assumptions).length > 0) d = { ...d, assumptions: { ...d.assumptions, ...s.assumptions } };
  return d;
}
